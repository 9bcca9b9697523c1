package dev.ferry.hl7.adt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Demographics;
import dev.ferry.api.PatientIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergeGraphTest {
    private static final PatientIdentity A = PatientIdentity.of("A", "H");
    private static final PatientIdentity B = PatientIdentity.of("B", "H");
    private static final PatientIdentity C = PatientIdentity.of("C", "H");
    private static final PatientIdentity D = PatientIdentity.of("D", "H");

    private static int line;

    private static Instant t(int day) {
        return Instant.parse("2024-01-01T00:00:00Z").plusSeconds(day * 86_400L);
    }

    private static AdtEvent merge(String id, int day, PatientIdentity prior, PatientIdentity survivor) {
        return event(id, day, "A40", List.of(new AdtPatient(List.of(survivor), List.of(prior),
                new Demographics("DOE^" + survivor.id(), "19700101", "F"), null)));
    }

    private static AdtEvent change(String id, int day, PatientIdentity prior, PatientIdentity survivor) {
        return event(id, day, "A47", List.of(new AdtPatient(List.of(survivor), List.of(prior), null, null)));
    }

    private static AdtEvent unlink(String id, int day, PatientIdentity a, PatientIdentity b) {
        return event(id, day, "A37", List.of(new AdtPatient(List.of(a), List.of(), null, null),
                new AdtPatient(List.of(b), List.of(), null, null)));
    }

    private static AdtEvent event(String id, int day, String trigger, List<AdtPatient> patients) {
        return new AdtEvent(new Origin("t.hl7", ++line), id, trigger, "", "2.5.1", t(day), EventKind.ofTrigger(trigger),
                patients, List.of());
    }

    @Test
    void aChainResolvesToItsEndWithEveryStep() {
        MergeGraph g = MergeGraph.of(List.of(merge("m1", 1, A, B), merge("m2", 2, B, C)));
        Resolution r = g.survivor(A);
        assertThat(r.status()).isEqualTo(Resolution.Status.MERGED);
        assertThat(r.survivor()).isEqualTo(C);
        assertThat(r.chain()).extracting(s -> s.event().controlId()).containsExactly("m1", "m2");
        assertThat(r.chain()).extracting(MergeStep::from).containsExactly(A, B);
        assertThat(g.survivor(B).survivor()).isEqualTo(C);
        assertThat(g.survivor(C).status()).isEqualTo(Resolution.Status.ACTIVE);
        assertThat(g.survivor(D).status()).isEqualTo(Resolution.Status.UNKNOWN);
        assertThat(g.conflicts()).isEmpty();
        assertThat(g.resolutions()).extracting(Resolution::identity).containsExactly(A, B, C);
    }

    @Test
    void aChainBuiltBackwardsResolvesTheSame() {
        MergeGraph g = MergeGraph.of(List.of(merge("m2", 2, B, C), merge("m1", 1, A, B)));
        assertThat(g.survivor(A).survivor()).isEqualTo(C);
        assertThat(g.survivor(A).chain()).extracting(s -> s.event().controlId()).containsExactly("m1", "m2");
    }

    @Test
    void anIdentifierChangeIsALinkOfTheChain() {
        MergeGraph g = MergeGraph.of(List.of(change("c1", 1, A, B), merge("m1", 2, B, C)));
        assertThat(g.survivor(A).survivor()).isEqualTo(C);
        assertThat(g.survivor(A).chain()).extracting(MergeStep::kind).containsExactly(EventKind.CHANGE_ID, EventKind.MERGE);
    }

    @Test
    void anUnlinkUndoesTheMerge() {
        MergeGraph g = MergeGraph.of(List.of(merge("m1", 1, A, B), unlink("u1", 2, B, A)));
        assertThat(g.survivor(A).status()).isEqualTo(Resolution.Status.ACTIVE);
        assertThat(g.survivor(A).survivor()).isEqualTo(A);
    }

    @Test
    void eventTimeNotFileOrderDecides() {
        // In file order the A→C merge comes first, then A→B, then the unlink of A and B: read in that
        // order A would conflict. In time order A→B was undone before A→C.
        List<AdtEvent> events = List.of(merge("m3", 3, A, C), merge("m1", 1, A, B), unlink("u2", 2, A, B));
        MergeGraph g = MergeGraph.of(events);
        assertThat(g.conflicts()).isEmpty();
        assertThat(g.survivor(A).survivor()).isEqualTo(C);
        assertThat(g.survivor(A).chain()).extracting(s -> s.event().controlId()).containsExactly("m3");
    }

    @Test
    void aMergeAfterItsUnlinkStands() {
        MergeGraph g = MergeGraph.of(List.of(merge("m1", 1, A, B), unlink("u1", 2, A, B), merge("m2", 3, A, B)));
        assertThat(g.survivor(A).survivor()).isEqualTo(B);
        assertThat(g.survivor(A).chain()).extracting(s -> s.event().controlId()).containsExactly("m2");
    }

    @Test
    void equalTimesKeepTheOrderTheEventsCameIn() {
        MergeGraph g = MergeGraph.of(List.of(merge("m1", 1, A, B), unlink("u1", 1, A, B)));
        assertThat(g.survivor(A).status()).isEqualTo(Resolution.Status.ACTIVE);
        MergeGraph h = MergeGraph.of(List.of(unlink("u1", 1, A, B), merge("m1", 1, A, B)));
        assertThat(h.survivor(A).survivor()).isEqualTo(B);
    }

    @Test
    void aCycleIsAConflictForEveryIdentifierInIt() {
        MergeGraph g = MergeGraph.of(List.of(merge("m1", 1, A, B), merge("m2", 2, B, A), merge("m3", 3, D, A)));
        assertThat(g.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(MergeConflict.Kind.CYCLE);
            assertThat(c.identifiers()).containsExactly(A, B);
            assertThat(c.steps()).extracting(s -> s.event().controlId()).containsExactlyInAnyOrder("m1", "m2");
        });
        assertThat(List.of(A, B, D)).allSatisfy(id -> {
            Resolution r = g.survivor(id);
            assertThat(r.status()).isEqualTo(Resolution.Status.CONFLICT);
            assertThat(r.survivingIdentity()).isEmpty();
        });
    }

    @Test
    void oneIdentifierMergedIntoTwoSurvivorsIsAConflict() {
        MergeGraph g = MergeGraph.of(List.of(merge("m1", 1, A, B), merge("m2", 2, A, C)));
        assertThat(g.survivor(A).status()).isEqualTo(Resolution.Status.CONFLICT);
        assertThat(g.survivor(B).status()).isEqualTo(Resolution.Status.ACTIVE);
        assertThat(g.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(MergeConflict.Kind.CONFLICTING_MERGE);
            assertThat(c.identifiers()).containsExactly(A, B, C);
            assertThat(c.steps()).extracting(s -> s.event().controlId()).containsExactly("m1", "m2");
            assertThat(c.describe()).contains("ADT^A40 MSH-10=m1", "ADT^A40 MSH-10=m2").doesNotContain("DOE");
            assertThat(c.toException(dev.ferry.api.ItemRef.NONE).reason()).isEqualTo(dev.ferry.api.ReasonCode.IDENTITY_CONFLICT);
            assertThat(c.toException(dev.ferry.api.ItemRef.NONE).getMessage()).contains("CONFLICTING_MERGE", "MSH-10=m2");
        });
    }

    @Test
    void twoMergesThatAgreeAreNoConflict() {
        // A into B, B into C, then A into C directly: every path ends at C.
        MergeGraph g = MergeGraph.of(List.of(merge("m1", 1, A, B), merge("m2", 2, B, C), merge("m3", 3, A, C)));
        assertThat(g.conflicts()).isEmpty();
        assertThat(g.survivor(A).survivor()).isEqualTo(C);
    }

    @Test
    void theSameMergeSentTwiceCountsOnce() {
        MergeGraph g = MergeGraph.of(List.of(merge("m1", 1, A, B), merge("m1-resent", 1, A, B)));
        assertThat(g.conflicts()).isEmpty();
        assertThat(g.survivor(A).chain()).extracting(s -> s.event().controlId()).containsExactly("m1");
    }

    @Test
    void aPriorMatchesTheSurvivorOfItsOwnIssuer() {
        PatientIdentity otherIssuer = PatientIdentity.of("S9", "OTHER");
        PatientIdentity sameIssuer = PatientIdentity.of("S1", "H");
        AdtEvent e = event("m1", 1, "A40", List.of(new AdtPatient(List.of(otherIssuer, sameIssuer), List.of(A), null, null)));
        MergeGraph g = MergeGraph.of(List.of(e));
        assertThat(g.survivor(A).survivor()).isEqualTo(sameIssuer);
    }

    @Test
    void anAccountMergeWithinOnePatientMovesNoIdentifier() {
        AdtEvent a41 = event("m1", 1, "A41", List.of(new AdtPatient(List.of(A), List.of(A), null, null)));
        MergeGraph g = MergeGraph.of(List.of(a41));
        assertThat(g.survivor(A).status()).isEqualTo(Resolution.Status.ACTIVE);
        assertThat(g.conflicts()).isEmpty();
    }

    @Test
    void demographicsAreTheLatestGiven() {
        MergeGraph g = MergeGraph.of(List.of(merge("m1", 1, A, B)));
        assertThat(g.demographics(B)).contains(new Demographics("DOE^B", "19700101", "F"));
        assertThat(g.demographics(A)).isEmpty();
    }

    @Test
    void aVeryLongChainIsBoundedNotAStackOverflow() {
        List<AdtEvent> events = new ArrayList<>();
        for (int i = 0; i < MergeGraph.MAX_CHAIN + 10; i++) {
            events.add(merge("m" + i, 1, PatientIdentity.of("P" + i, "H"), PatientIdentity.of("P" + (i + 1), "H")));
        }
        MergeGraph g = MergeGraph.of(events);
        assertThat(g.conflicts()).extracting(MergeConflict::kind).contains(MergeConflict.Kind.CHAIN_TOO_LONG);
        // the identifiers on a chain that long are refused rather than followed
        assertThat(g.survivor(PatientIdentity.of("P0", "H")).status()).isEqualTo(Resolution.Status.CONFLICT);
    }

    @Test
    void theSameEventsGiveTheSameGraph() {
        List<AdtEvent> events = List.of(merge("m1", 1, A, B), merge("m2", 2, A, C), merge("m3", 1, D, C));
        assertThat(MergeGraph.of(events).resolutions()).isEqualTo(MergeGraph.of(events).resolutions());
        assertThat(MergeGraph.of(events).conflicts()).isEqualTo(MergeGraph.of(events).conflicts());
    }

    @Test
    void noPatientDataInToString() {
        MergeGraph g = MergeGraph.of(List.of(merge("m1", 1, A, B), merge("m2", 2, A, C)));
        String text = g + " " + g.resolutions() + " " + g.conflicts();
        assertThat(text).doesNotContain("id=A,", "id=B,", "DOE");
    }
}
