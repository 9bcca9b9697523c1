package dev.ferry.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Accession;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.core.Lane;
import dev.ferry.core.state.DiscoveredStudy;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collision check over an embedded H2 inventory: both sides raised, once, and the states untouched. */
class AccessionCollisionCheckTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final String M = "m1";

    @TempDir
    Path tmp;
    private StateStore store;

    @BeforeEach
    void open() {
        store = JdbcStateStore.openEmbedded(tmp.resolve("state"));
        store.ensureMigration(M, T0);
        store.upsertDiscovered(M, List.of(
                study("1.2.3.1", "P1", "A100"),
                study("1.2.3.2", "P2", "A100"),   // A100 on a second patient
                study("1.2.3.3", "P3", "A300"),
                study("1.2.3.4", "P4", "")), T0);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static DiscoveredStudy study(String uid, String patient, String accession) {
        StudyDescriptor d = new StudyDescriptor(uid, PatientIdentity.of(patient, "HOSP"), null,
                Accession.of(accession), null, null, Set.of("CT"), 1, 1, 10);
        return new DiscoveredStudy(d, "all", Lane.BACKGROUND, "");
    }

    /** A detector that remembers the first study of each accession, as migration-hl7's does. */
    private static AccessionCollisionCheck.Detector detector(List<String> seenOrder) {
        Map<String, String[]> first = new HashMap<>();
        return (uid, patient, accession) -> {
            seenOrder.add(uid);
            if (accession.isEmpty()) {
                return List.of();
            }
            String[] f = first.putIfAbsent(accession, new String[] {uid, patient.id()});
            if (f != null && !f[1].equals(patient.id())) {
                return List.of(new AccessionCollisionCheck.Collision(uid, f[0],
                        "accession collision ONE_ACCESSION_TWO_PATIENTS with study " + f[0]));
            }
            return List.of();
        };
    }

    @Test
    void raisesOnBothStudiesOnceAndLeavesStatesAlone() {
        Clock clock = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
        AccessionCollisionCheck check = new AccessionCollisionCheck(store, M, clock);
        List<String> order = new ArrayList<>();

        AccessionCollisionCheck.Result first = check.run(detector(order));

        assertThat(order).containsExactly("1.2.3.1", "1.2.3.2", "1.2.3.3", "1.2.3.4");
        assertThat(first.studies()).isEqualTo(4);
        assertThat(first.collisions()).hasSize(1);
        assertThat(first.raised()).isEqualTo(2);
        List<ExceptionRecord> open = store.exceptions(M, Set.of(ExceptionRecord.Status.OPEN));
        assertThat(open).extracting(ExceptionRecord::studyInstanceUid).containsExactlyInAnyOrder("1.2.3.1", "1.2.3.2");
        assertThat(open).allSatisfy(e -> assertThat(e.reason()).isEqualTo(ReasonCode.ACCESSION_COLLISION));
        assertThat(open).extracting(ExceptionRecord::detail).containsExactlyInAnyOrder(
                "accession collision ONE_ACCESSION_TWO_PATIENTS with study 1.2.3.1",
                "accession collision ONE_ACCESSION_TWO_PATIENTS with study 1.2.3.2");
        // no patient value or accession in any detail
        assertThat(open).extracting(ExceptionRecord::detail).noneMatch(d -> d.contains("P1") || d.contains("A100"));
        assertThat(store.study(M, "1.2.3.1").orElseThrow().state()).isEqualTo(StudyState.PENDING);

        AccessionCollisionCheck.Result second = check.run(detector(new ArrayList<>()));
        assertThat(second.collisions()).hasSize(1);
        assertThat(second.raised()).isZero();
        assertThat(second.alreadyRaised()).isEqualTo(2);
        assertThat(store.exceptions(M, Set.of())).hasSize(2);
    }

    @Test
    void aCollisionWithAStudyOutsideTheMigrationIsRaisedOnOneSide() {
        AccessionCollisionCheck check = new AccessionCollisionCheck(store, M, Clock.fixed(T0, ZoneOffset.UTC));
        AccessionCollisionCheck.Result r = check.run((uid, patient, accession) -> uid.equals("1.2.3.3")
                ? List.of(new AccessionCollisionCheck.Collision(uid, "9.9.9",
                        "accession collision ORDER_NAMES_ANOTHER_PATIENT with study 9.9.9 and order orders.csv:2"))
                : List.of());
        assertThat(r.raised()).isEqualTo(1);
        assertThat(store.exceptions(M, Set.of())).singleElement()
                .satisfies(e -> assertThat(e.studyInstanceUid()).isEqualTo("1.2.3.3"));
    }
}
