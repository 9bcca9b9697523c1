package dev.ferry.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.VR;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PS3.4 C.2.2.2 matching, one rule at a time. */
class MatchingTest {
    @Test
    void universalMatchingMatchesEverythingEvenNothing() {
        assertThat(Matching.matches("", VR.LO, List.of())).isTrue();
        assertThat(Matching.matches("*", VR.PN, List.of())).isTrue();
        assertThat(Matching.matches("X", VR.LO, List.of())).isFalse();
    }

    @Test
    void singleValueIsExactButForNames() {
        assertThat(Matching.matches("MRN1", VR.LO, List.of("MRN1"))).isTrue();
        assertThat(Matching.matches("mrn1", VR.LO, List.of("MRN1"))).isFalse();
        assertThat(Matching.matches("doe^john", VR.PN, List.of("DOE^JOHN^^^"))).isTrue();
    }

    @Test
    void wildcards() {
        assertThat(Matching.matches("DO*", VR.PN, List.of("DOE^JOHN"))).isTrue();
        assertThat(Matching.matches("D?E*", VR.PN, List.of("DOE^JOHN"))).isTrue();
        assertThat(Matching.matches("A*", VR.LO, List.of("B"))).isFalse();
        assertThat(Matching.matches("1.2.*", VR.UI, List.of("1.2.3"))).as("no wildcards in UIDs").isFalse();
        assertThat(Matching.matches("a.b*", VR.LO, List.of("a.bc"))).isTrue();
        assertThat(Matching.matches("a.b*", VR.LO, List.of("axbc"))).as("a dot is a dot").isFalse();
    }

    @Test
    void uidListsAndMultipleValues() {
        assertThat(Matching.matches("1.2\\1.3", VR.UI, List.of("1.3"))).isTrue();
        assertThat(Matching.matches("1.2\\1.3", VR.UI, List.of("1.4"))).isFalse();
        assertThat(Matching.matches("CT\\MR", VR.CS, List.of("US", "MR"))).isTrue();
        assertThat(Matching.matches("SR", VR.CS, List.of("CT", "SR"))).isTrue();
    }

    @Test
    void dateRanges() {
        assertThat(Matching.matches("20240101-20240131", VR.DA, List.of("20240131"))).isTrue();
        assertThat(Matching.matches("20240101-20240131", VR.DA, List.of("20240201"))).isFalse();
        assertThat(Matching.matches("-20231231", VR.DA, List.of("19991231"))).isTrue();
        assertThat(Matching.matches("20240201-", VR.DA, List.of("20240201"))).isTrue();
        assertThat(Matching.matches("20240101-20241231", VR.DA, List.of("20241345")))
                .as("an invalid stored date is in no range").isFalse();
        assertThat(Matching.matches("20240115", VR.DA, List.of("20240115"))).isTrue();
    }

    @Test
    void timeAndDateTimeRanges() {
        assertThat(Matching.matches("080000-085959", VR.TM, List.of("083015.5"))).isTrue();
        assertThat(Matching.matches("080000-085959", VR.TM, List.of("085959.9"))).isTrue();
        assertThat(Matching.matches("08-08", VR.TM, List.of("0845"))).isTrue();
        assertThat(Matching.matches("0900-", VR.TM, List.of("085959"))).isFalse();
        assertThat(Matching.matches("08:00-09:00", VR.TM, List.of("08:30:00"))).isTrue();
        assertThat(Matching.matches("20240101-202401", VR.DT, List.of("20240131235959"))).isTrue();
        assertThat(Matching.matches("20240101120000-", VR.DT, List.of("20240101115959+0100"))).isFalse();
    }
}
