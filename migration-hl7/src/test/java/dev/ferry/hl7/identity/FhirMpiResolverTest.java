package dev.ferry.hl7.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.TransientMigrationException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FhirMpiResolverTest {
    static final String SYS_A = "urn:oid:1.2.3.4.100";
    static final String SYS_ENT = "urn:oid:1.2.3.4.999";
    static InProcessFhirMpi mpi;
    static FhirMpiResolver resolver;

    @BeforeAll
    static void start() throws Exception {
        mpi = new InProcessFhirMpi();
        populate(mpi);
        resolver = FhirMpiResolver.builder(mpi.base()).system("HOSP_A", SYS_A).system("ENT", SYS_ENT)
                .timeout(Duration.ofSeconds(5)).maxLinks(8).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (resolver != null) {
            resolver.close();
        }
        if (mpi != null) {
            mpi.close();
        }
    }

    /** The MPI's patients: shared with the conformance kit's test in the testkit (same shapes). */
    static void populate(InProcessFhirMpi m) {
        Patient p1 = m.add("P1", SYS_A, "A-1");
        p1.setActive(true);
        p1.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Doe").addGiven("Jane").addGiven("Q");
        p1.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1970-01-31"));
        p1.setGender(Enumerations.AdministrativeGender.FEMALE);

        replacedBy(m.add("P2", SYS_A, "A-2").setActive(false), "P3");
        replacedBy(m.add("P3", SYS_A, "A-3").setActive(false), "P4");
        Patient p4 = m.add("P4", SYS_A, "A-4");
        p4.addIdentifier().setSystem(SYS_ENT).setValue("E-4");
        p4.addName().setFamily("Roe").addGiven("Richard");
        p4.setGender(Enumerations.AdministrativeGender.MALE);

        m.add("P5", SYS_A, "A-5").setActive(true);
        m.add("P6", SYS_A, "A-5").setActive(true);

        replacedBy(m.add("P7", SYS_A, "A-7"), "P9");
        replacedBy(m.add("P8", SYS_A, "A-7"), "P9");
        m.add("P9", SYS_A, "A-9");

        replacedBy(m.add("P10", SYS_A, "A-10"), "P11");
        replacedBy(m.add("P11", SYS_A, "A-11"), "P10");

        replacedBy(m.add("P12", SYS_A, "A-12"), "GONE");

        m.add("P13", SYS_A, "A-13").setActive(false);

        replacedBy(m.add("P14", SYS_A, "A-14"), "P15");
        m.add("P15", "urn:other", "X-15");

        for (int i = 20; i < 31; i++) {
            replacedBy(m.add("P" + i, SYS_A, "A-" + i), "P" + (i + 1));
        }
        m.add("P31", SYS_A, "A-31");

        Patient p41 = m.add("P41", SYS_A, "A-41");
        p41.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("http://elsewhere.example/fhir/Patient/P1"));
        Patient p42 = m.add("P42", SYS_A, "A-42");
        p42.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference(m.base() + "/Patient/P1"));
        replacedBy(m.add("P43", SYS_A, "A-43"), "P44").getLinkFirstRep().getOther().setReference("Observation/P1");

        Patient p40 = m.add("P40", SYS_A, "A-40");
        p40.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/P1"));
        p40.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/P4"));
        p40.addLink().setType(Patient.LinkType.SEEALSO).setOther(new Reference("Patient/P9"));
    }

    static Patient replacedBy(Patient p, String other) {
        p.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/" + other));
        return p;
    }

    static ResolvedIdentity resolved(IdentityDecision d) {
        assertThat(d).isInstanceOf(IdentityDecision.Resolved.class);
        return ((IdentityDecision.Resolved) d).identity();
    }

    static IdentityDecision.Refused refused(IdentityDecision d, ReasonCode reason) {
        assertThat(d).isInstanceOf(IdentityDecision.Refused.class);
        IdentityDecision.Refused r = (IdentityDecision.Refused) d;
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.detail()).doesNotContain("A-").doesNotContain("P1");
        return r;
    }

    @Test
    void oneActiveMatchResolvesWithItsDemographics() {
        ResolvedIdentity id = resolved(resolver.resolve(Contexts.of("A-1", "HOSP_A")));
        assertThat(id.patient()).isEqualTo(PatientIdentity.of("A-1", "HOSP_A"));
        assertThat(id.demographics()).isEqualTo(new Demographics("Doe^Jane^Q", "19700131", "F"));
        assertThat(id.accession()).isEqualTo(Contexts.of("A-1", "HOSP_A").study().accession());
    }

    @Test
    void followsReplacedByChains() {
        ResolvedIdentity id = resolved(resolver.resolve(Contexts.of("A-2", "HOSP_A")));
        assertThat(id.patient()).isEqualTo(PatientIdentity.of("A-4", "HOSP_A"));
        assertThat(id.demographics()).isEqualTo(new Demographics("Roe^Richard", "", "M"));
        assertThat(id.evidence()).anySatisfy(e -> assertThat(e).contains("Patient/P2 replaced by Patient/P3"))
                .anySatisfy(e -> assertThat(e).contains("Patient/P3 replaced by Patient/P4"));
        // Asked by the enterprise identifier, it answers in the enterprise namespace.
        assertThat(resolved(resolver.resolve(Contexts.of("E-4", "ENT"))).patient())
                .isEqualTo(PatientIdentity.of("E-4", "ENT"));
    }

    @Test
    void twoMatchesThatMergeIntoOneSurvivorResolve() {
        assertThat(resolved(resolver.resolve(Contexts.of("A-7", "HOSP_A"))).patient())
                .isEqualTo(PatientIdentity.of("A-9", "HOSP_A"));
    }

    @Test
    void severalActiveMatchesAreAConflict() {
        assertThat(refused(resolver.resolve(Contexts.of("A-5", "HOSP_A")), ReasonCode.IDENTITY_CONFLICT).detail())
                .contains("2 different active Patients");
        refused(resolver.resolve(Contexts.of("A-40", "HOSP_A")), ReasonCode.IDENTITY_CONFLICT);
    }

    @Test
    void cyclesAreConflictsAndBrokenOrLongChainsUnresolved() {
        assertThat(refused(resolver.resolve(Contexts.of("A-10", "HOSP_A")), ReasonCode.IDENTITY_CONFLICT).detail())
                .contains("cycle");
        assertThat(refused(resolver.resolve(Contexts.of("A-12", "HOSP_A")), ReasonCode.IDENTITY_UNRESOLVED).detail())
                .contains("does not have");
        assertThat(refused(resolver.resolve(Contexts.of("A-20", "HOSP_A")), ReasonCode.IDENTITY_UNRESOLVED).detail())
                .contains("longer than 8");
        assertThat(resolved(resolver.resolve(Contexts.of("A-24", "HOSP_A"))).patient().id()).isEqualTo("A-31");
        assertThat(refused(resolver.resolve(Contexts.of("A-14", "HOSP_A")), ReasonCode.IDENTITY_UNRESOLVED).detail())
                .contains("no identifier in a configured system");
        assertThat(refused(resolver.resolve(Contexts.of("A-41", "HOSP_A")), ReasonCode.IDENTITY_UNRESOLVED).detail())
                .contains("another server");
        assertThat(refused(resolver.resolve(Contexts.of("A-43", "HOSP_A")), ReasonCode.IDENTITY_UNRESOLVED).detail())
                .contains("does not point to a Patient");
        assertThat(resolved(resolver.resolve(Contexts.of("A-42", "HOSP_A"))).patient().id()).isEqualTo("A-1");
    }

    @Test
    void abstainsWhenTheMpiHasNothingToSay() {
        assertThat(resolver.resolve(Contexts.of("A-404", "HOSP_A"))).isInstanceOf(IdentityDecision.Abstain.class);
        assertThat(resolver.resolve(Contexts.of("A-1", "HOSP_Z"))).isInstanceOf(IdentityDecision.Abstain.class);
        assertThat(resolver.resolve(Contexts.of("A-13", "HOSP_A"))).isInstanceOf(IdentityDecision.Abstain.class);
        assertThat(resolver.resolve(Contexts.of(null, null))).isInstanceOf(IdentityDecision.Abstain.class);
    }

    @Test
    void tooManyMatchesAreAConflict() {
        try (FhirMpiResolver one = FhirMpiResolver.builder(mpi.base()).system("HOSP_A", SYS_A).maxMatches(1).build()) {
            refused(one.resolve(Contexts.of("A-5", "HOSP_A")), ReasonCode.IDENTITY_CONFLICT);
            assertThat(resolved(one.resolve(Contexts.of("A-1", "HOSP_A"))).patient().id()).isEqualTo("A-1");
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsTransientTimeout() throws Exception {
        // Bound with a backlog but never accepting: the connection is made, the request is never answered.
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
             FhirMpiResolver r = FhirMpiResolver.builder("http://127.0.0.1:" + silent.getLocalPort() + "/fhir")
                     .system("HOSP_A", SYS_A).timeout(Duration.ofMillis(300)).build()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> r.resolve(Contexts.of("A-1", "HOSP_A")))
                    .isInstanceOf(TransientMigrationException.class)
                    .satisfies(e -> {
                        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
                        assertThat(((TransientMigrationException) e).reason()).isEqualTo(ReasonCode.TIMEOUT);
                        assertNoIdentifier(e);
                    });
        }
    }

    @Test
    void aClosedPortIsTransientNetwork() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (FhirMpiResolver r = FhirMpiResolver.builder("http://127.0.0.1:" + port + "/fhir")
                .system("HOSP_A", SYS_A).timeout(Duration.ofMillis(500)).build()) {
            assertThatThrownBy(() -> r.resolve(Contexts.of("A-1", "HOSP_A")))
                    .isInstanceOf(TransientMigrationException.class)
                    .satisfies(e -> assertNoIdentifier(e));
        }
    }

    @Test
    void httpErrorsAreTransient() {
        try (FhirMpiResolver r = FhirMpiResolver.builder(mpi.busyBase()).system("HOSP_A", SYS_A).build()) {
            assertThatThrownBy(() -> r.resolve(Contexts.of("A-1", "HOSP_A")))
                    .isInstanceOf(TransientMigrationException.class)
                    .hasMessageContaining("HTTP 503")
                    .satisfies(e -> {
                        assertThat(((TransientMigrationException) e).reason()).isEqualTo(ReasonCode.PEER_BUSY);
                        assertNoIdentifier(e);
                    });
        }
    }

    @Test
    void builderValidates() {
        assertThatThrownBy(() -> FhirMpiResolver.builder("ftp://x").system("A", "urn:a").build())
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> FhirMpiResolver.builder("http://127.0.0.1:1/fhir").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("mapping");
        assertThatThrownBy(() -> FhirMpiResolver.builder("http://127.0.0.1:1/fhir").maxLinks(-1))
                .isInstanceOf(ConfigurationException.class);
    }

    /** No identifier in the message, nor anywhere down the (redacted) cause chain. */
    static void assertNoIdentifier(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("A-1").doesNotContain("identifier=");
        }
    }

}
