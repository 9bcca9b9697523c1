package dev.ferry.hl7.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ChainVerification;
import dev.ferry.api.CustodyChain;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyQuery;
import dev.ferry.api.CustodyRecord;
import dev.ferry.api.ItemRef;
import dev.ferry.spi.CustodyLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityDetailComponent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

class CustodyAuditEventsTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123Z");
    static final String LOG = "urn:ferry:custody:m-1";

    private final CustodyAuditEvents events = CustodyAuditEvents.builder(LOG).sourceId("ferry@site-a").site("HOSP_A")
            .build();

    static List<CustodyRecord> sample() {
        ItemRef inst = ItemRef.instance("1.2.3", "1.2.3.4", "1.2.3.4.5");
        List<CustodyEvent> es = List.of(
                CustodyEvent.of(T0, CustodyEvent.Type.RETRIEVED, "ferry:node-1", inst,
                        Map.of("source", "LEGACY", "sha256.remainder", "ab12", "transferSyntax", "1.2.840.10008.1.2.1")),
                CustodyEvent.of(T0.plusMillis(5), CustodyEvent.Type.COERCED, "ferry:node-1", inst,
                        Map.of("change.001", "(0010,0020) REPLACED: OLD-1 -> NEW-1 (identity)")),
                CustodyEvent.of(T0.plusMillis(9), CustodyEvent.Type.STORED, "ferry:node-1", inst,
                        Map.of("destination", "NEWPACS", "status", "STORED_WITH_WARNING", "bytes", "100",
                                "sha256.remainder", "ab12", "detail", "")),
                CustodyEvent.of(T0.plusSeconds(1), CustodyEvent.Type.VERIFIED, "ferry:node-1", ItemRef.study("1.2.3"),
                        Map.of("verifier", "count", "verdict", "FAILED", "findings", "1")),
                CustodyEvent.of(T0.plusSeconds(2), CustodyEvent.Type.EXCEPTION_RAISED, "ferry:node-1",
                        ItemRef.study("1.2.3"), Map.of("reason", "VERIFICATION_FAILED", "detail", "verifier count failed")),
                CustodyEvent.of(T0.plusSeconds(3), CustodyEvent.Type.OPERATOR_ACTION, "Dr. Jane Operator",
                        ItemRef.NONE, Map.of("action", "SKIP", "reason", "test study")));
        List<CustodyRecord> records = new ArrayList<>();
        CustodyRecord previous = null;
        for (CustodyEvent e : es) {
            previous = CustodyRecord.next(previous, e);
            records.add(previous);
        }
        return records;
    }

    @Test
    void mapsEachRecordOntoTheDicomAuditVocabulary() {
        List<CustodyRecord> rs = sample();
        AuditEvent retrieved = events.toAuditEvent(rs.get(0));
        assertThat(retrieved.getType().getSystem()).isEqualTo(CustodyAuditEvents.DCM);
        assertThat(retrieved.getType().getCode()).isEqualTo("110104");
        assertThat(retrieved.getSubtypeFirstRep().getCode()).isEqualTo("RETRIEVED");
        assertThat(retrieved.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
        assertThat(retrieved.getAgent()).extracting(a -> a.getType().getCodingFirstRep().getCode(), a -> a.getName(),
                a -> a.getRequestor()).containsExactly(org.assertj.core.groups.Tuple.tuple("110152", "ferry:node-1", true),
                org.assertj.core.groups.Tuple.tuple("110153", "LEGACY", false));
        assertThat(retrieved.getEntity()).extracting(e -> e.getWhat().getIdentifier().getValue())
                .containsExactly("urn:oid:1.2.3", "urn:oid:1.2.3.4.5", "1");
        assertThat(retrieved.getEntityFirstRep().getWhat().getIdentifier().getSystem()).isEqualTo("urn:dicom:uid");
        assertThat(retrieved.getSource().getObserver().getDisplay()).isEqualTo("ferry@site-a");
        assertThat(retrieved.getSource().getSite()).isEqualTo("HOSP_A");

        AuditEvent stored = events.toAuditEvent(rs.get(2));
        assertThat(stored.getAction()).isEqualTo(AuditEvent.AuditEventAction.C);
        assertThat(stored.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
        assertThat(stored.getAgent().get(1).getName()).isEqualTo("NEWPACS");
        assertThat(events.toAuditEvent(rs.get(1)).getAction()).isEqualTo(AuditEvent.AuditEventAction.U);
        AuditEvent verified = events.toAuditEvent(rs.get(3));
        assertThat(verified.getType().getCode()).isEqualTo("110103");
        assertThat(verified.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._8);
        assertThat(verified.getOutcomeDesc()).contains("count", "FAILED");
        assertThat(events.toAuditEvent(rs.get(4)).getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._8);
        AuditEvent operator = events.toAuditEvent(rs.get(5));
        assertThat(operator.getAgentFirstRep().getName()).isEqualTo("Dr. Jane Operator");
        assertThat(operator.getAgentFirstRep().hasType()).isFalse();
        assertThat(operator.getEntity()).hasSize(1); // the custody record only: no study
    }

    @Test
    void writesABundleThatHapiParsesBackAndThatStaysCheckableAgainstTheChain() throws IOException {
        List<CustodyRecord> rs = sample();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = events.writeBundle(new ListLog(rs), CustodyQuery.ALL, out);
        assertThat(n).isEqualTo(rs.size());

        Bundle b = FhirContexts.r4().newJsonParser().parseResource(Bundle.class,
                new ByteArrayInputStream(out.toByteArray()));
        assertThat(b.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        assertThat(b.getEntry()).hasSize(rs.size()).allSatisfy(e -> {
            assertThat(e.getFullUrl()).startsWith("urn:uuid:");
            assertThat(e.getResource()).isInstanceOf(AuditEvent.class);
        });
        // Rebuild every record from its AuditEvent alone and check the chain.
        List<CustodyRecord> rebuilt = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : b.getEntry()) {
            rebuilt.add(rebuild((AuditEvent) e.getResource()));
        }
        assertThat(rebuilt).isEqualTo(rs);
        ChainVerification v = CustodyChain.verify(rebuilt.iterator());
        assertThat(v).isEqualTo(new ChainVerification.Intact(rs.size(), rs.get(rs.size() - 1).hash()));

        // The same records give the same bytes.
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        events.writeBundle(new ListLog(rs), CustodyQuery.ALL, again);
        assertThat(again.toByteArray()).isEqualTo(out.toByteArray());
    }

    @Test
    void anEmptyLogIsAnEmptyBundle() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(events.writeBundle(new ListLog(List.of()), CustodyQuery.ALL, out)).isZero();
        Bundle b = FhirContexts.r4().newJsonParser().parseResource(Bundle.class, out.toString(StandardCharsets.UTF_8));
        assertThat(b.getEntry()).isEmpty();
    }

    @Test
    void streamsTenThousandRecordsWithoutHoldingThem() throws IOException {
        long total = 10_000;
        CountingOutput out = new CountingOutput();
        long n = events.writeBundle(new GeneratedLog(total), CustodyQuery.ALL, out);
        assertThat(n).isEqualTo(total);
        assertThat(out.entries).isEqualTo(total);
        assertThat(out.first).startsWith("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
        assertThat(out.lastBytes()).isEqualTo("\n]}\n");
        assertThat(out.bytes).isGreaterThan(total * 500);
    }

    @Test
    void namesThePatientWhenTheLookupKnowsOne() {
        CustodyAuditEvents withPatients = CustodyAuditEvents.builder(LOG).patients(uid -> uid.equals("1.2.3")
                ? Optional.of(new org.hl7.fhir.r4.model.Identifier().setSystem("urn:oid:1.2.999").setValue("MRN-1"))
                : Optional.empty()).build();
        AuditEvent a = withPatients.toAuditEvent(sample().get(0));
        assertThat(a.getEntity()).hasSize(4);
        AuditEventEntityComponent patient = a.getEntity().get(2);
        assertThat(patient.getRole().getCode()).isEqualTo("1");
        assertThat(patient.getType().getCode()).isEqualTo("1");
        assertThat(patient.getWhat().getIdentifier().getValue()).isEqualTo("MRN-1");
        assertThat(rebuild(a)).isEqualTo(sample().get(0));
        assertThat(events.toAuditEvent(sample().get(0)).getEntity()).hasSize(3);
    }

    @Test
    void builderNamesTheWrongField() {
        assertThatThrownBy(() -> CustodyAuditEvents.builder(" ").build()).hasMessageContaining("custodyLogUri");
        assertThatThrownBy(() -> CustodyAuditEvents.builder(LOG).sourceId("").build()).hasMessageContaining("sourceId");
        assertThatThrownBy(() -> CustodyAuditEvents.builder(LOG).site(" ").build()).hasMessageContaining("site");
        assertThat(FhirContexts.r4()).isSameAs(FhirContexts.r4());
    }

    /** The record an AuditEvent holds, from its chain entity, subtype and recorded time alone. */
    static CustodyRecord rebuild(AuditEvent a) {
        AuditEventEntityComponent chain = a.getEntity().get(a.getEntity().size() - 1);
        Map<String, String> d = new TreeMap<>();
        Map<String, String> fields = new TreeMap<>();
        for (AuditEventEntityDetailComponent x : chain.getDetail()) {
            String value = x.hasValue() ? ((StringType) x.getValue()).getValue() : "";
            if (x.getType().startsWith(CustodyAuditEvents.DETAIL_PREFIX)) {
                d.put(x.getType().substring(CustodyAuditEvents.DETAIL_PREFIX.length()), value);
            } else {
                fields.put(x.getType(), value);
            }
        }
        Date recorded = a.getRecorded();
        CustodyEvent e = CustodyEvent.of(recorded.toInstant(), CustodyEvent.Type.valueOf(a.getSubtypeFirstRep().getCode()),
                fields.get("actor"), new ItemRef(fields.get("studyInstanceUid"), fields.get("seriesInstanceUid"),
                        fields.get("sopInstanceUid")), d);
        return new CustodyRecord(Long.parseLong(fields.get("sequence")), e, fields.get("previousHash"),
                fields.get("hash"));
    }

    /** A log over a list. */
    static final class ListLog implements CustodyLog {
        private final List<CustodyRecord> records;

        ListLog(List<CustodyRecord> records) {
            this.records = records;
        }

        @Override
        public CustodyRecord append(CustodyEvent event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void read(CustodyQuery query, Consumer<? super CustodyRecord> sink) {
            records.stream().filter(query::matches).forEach(sink);
        }

        @Override
        public Optional<CustodyRecord> head() {
            return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
        }

        @Override
        public ChainVerification verifyChain() {
            return CustodyChain.verify(records.iterator());
        }

        @Override
        public void close() {}
    }

    /** A log that makes its records as they are read, so none is held. */
    static final class GeneratedLog extends ListLogBase {
        private final long count;

        GeneratedLog(long count) {
            this.count = count;
        }

        @Override
        public void read(CustodyQuery query, Consumer<? super CustodyRecord> sink) {
            CustodyRecord previous = null;
            for (long i = 1; i <= count; i++) {
                previous = CustodyRecord.next(previous, CustodyEvent.of(T0.plusMillis(i),
                        i % 2 == 0 ? CustodyEvent.Type.STORED : CustodyEvent.Type.RETRIEVED, "ferry:node-1",
                        ItemRef.instance("1.2.3." + (i / 100), "1.2.3.4", "1.2.3.4." + i),
                        Map.of("sha256.remainder", Long.toHexString(i), "destination", "NEWPACS", "source", "OLD")));
                sink.accept(previous);
            }
        }
    }

    abstract static class ListLogBase implements CustodyLog {
        @Override
        public CustodyRecord append(CustodyEvent event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<CustodyRecord> head() {
            return Optional.empty();
        }

        @Override
        public ChainVerification verifyChain() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }

    /** Counts bytes and entries, keeping only the first bytes and the last few. */
    static final class CountingOutput extends OutputStream {
        long bytes;
        long entries;
        String first = "";
        private final StringBuilder head = new StringBuilder();
        private final byte[] tail = new byte[4];
        private final byte[] needle = "\"fullUrl\"".getBytes(StandardCharsets.US_ASCII);
        private int matched;

        @Override
        public void write(int b) {
            if (head.length() < 80) {
                head.append((char) b);
                first = head.toString();
            }
            System.arraycopy(tail, 1, tail, 0, tail.length - 1);
            tail[tail.length - 1] = (byte) b;
            matched = b == needle[matched] ? matched + 1 : (b == needle[0] ? 1 : 0);
            if (matched == needle.length) {
                entries++;
                matched = 0;
            }
            bytes++;
        }

        String lastBytes() {
            return new String(tail, StandardCharsets.US_ASCII);
        }
    }
}
