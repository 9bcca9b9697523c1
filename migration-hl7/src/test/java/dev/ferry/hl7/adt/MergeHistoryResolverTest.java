package dev.ferry.hl7.adt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Accession;
import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StudyDescriptor;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MergeHistoryResolverTest {
    private static MergeGraph graph() {
        try (AdtReader reader = AdtReader.create()) {
            return MergeGraph.of(reader.read(List.of(AdtReaderTest.corpus("dcm4che-adt-a40-patient-merge.hl7"),
                    AdtReaderTest.corpus("hapi-adt-a34-v231.hl7"))).events());
        }
    }

    private static IdentityContext study(String id, String issuer) {
        return new IdentityContext("legacy", new StudyDescriptor("1.2.3", PatientIdentity.of(id, issuer),
                Demographics.UNKNOWN, Accession.of("ACC1"), null, null, Set.of(), -1, -1, -1));
    }

    @Test
    void aRetiredIdentifierResolvesToItsSurvivorWithTheEventsAsEvidence() {
        IdentityDecision d = new MergeHistoryResolver(graph()).resolve(study("OLD_PID_1", "ADT1"));
        assertThat(d).isInstanceOfSatisfying(IdentityDecision.Resolved.class, r -> {
            assertThat(r.identity().patient()).isEqualTo(PatientIdentity.of("NEW_PID_1", "ADT1"));
            assertThat(r.identity().demographics()).isEqualTo(new Demographics("New_Smith^Lucy^Mark", "20141014", "F"));
            assertThat(r.identity().accession()).isEqualTo(Accession.of("ACC1"));
            assertThat(r.identity().evidence()).singleElement().asString()
                    .contains("ADT^A40", "MSH-10=1002122", "2022-03-24T19:31:52Z").doesNotContain("PID_1");
        });
    }

    @Test
    void aCurrentOrUnknownIdentifierIsLeftToTheNextResolver() {
        MergeHistoryResolver resolver = new MergeHistoryResolver(graph());
        assertThat(resolver.resolve(study("NEW_PID_1", "ADT1"))).isInstanceOf(IdentityDecision.Abstain.class);
        assertThat(resolver.resolve(study("NOBODY", "ADT1"))).isInstanceOf(IdentityDecision.Abstain.class);
        // the same ID under another issuer is another patient
        assertThat(resolver.resolve(study("OLD_PID_1", "OTHER"))).isInstanceOf(IdentityDecision.Abstain.class);
    }

    @Test
    void aConflictIsRefusedNamingTheEventsOnly() {
        String a40 = "MSH|^~\\&|A|B|C|D|%s||ADT^A40|%s|P|2.5.1\rPID|||%s^^^H\rMRG|X1^^^H\r";
        try (AdtReader reader = AdtReader.create()) {
            var events = new java.util.ArrayList<AdtEvent>();
            for (String[] m : new String[][] {{"20240101", "c1", "S1"}, {"20240102", "c2", "S2"}}) {
                events.addAll(reader.read(new java.io.ByteArrayInputStream(String.format(a40, (Object[]) m)
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII)), "x.hl7").events());
            }
            IdentityDecision d = new MergeHistoryResolver(MergeGraph.of(events)).resolve(study("X1", "H"));
            assertThat(d).isInstanceOfSatisfying(IdentityDecision.Refused.class, r -> {
                assertThat(r.reason()).isEqualTo(ReasonCode.IDENTITY_CONFLICT);
                assertThat(r.detail()).contains("CONFLICTING_MERGE", "MSH-10=c1", "MSH-10=c2").doesNotContain("X1", "S1", "S2");
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
