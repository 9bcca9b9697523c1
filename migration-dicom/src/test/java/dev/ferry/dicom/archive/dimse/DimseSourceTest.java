package dev.ferry.dicom.archive.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.DateRange;
import dev.ferry.api.Finding;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.dicom.net.QueryRetrieveScp.RetrieveItem;
import dev.ferry.dicom.net.RemoteAe;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DIMSE source against a misbehaving legacy PACS ({@link FakePacs}): capped C-FIND results,
 * C-MOVE and C-GET that leave instances out or send one twice, a study that changes while it is
 * retrieved, a move destination the archive does not know.
 */
class DimseSourceTest {
    private static final LocalDate D0 = LocalDate.of(2021, 3, 1);

    @TempDir
    Path dir;
    private FakePacs pacs;
    private final Map<String, RemoteAe> directory = new ConcurrentHashMap<>();
    private final List<DimseSource> sources = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        pacs = new FakePacs(dir).start(directory);
    }

    @AfterEach
    void stop() {
        sources.forEach(DimseSource::close);
        pacs.close();
    }

    private DimseSource source(boolean move, int cap) throws IOException {
        DimseSource.Builder b = DimseSource.builder(pacs.ae()).resultCap(cap).maxAssociations(2);
        if (move) {
            b.moveTo(new RemoteAe("FERRY", "127.0.0.1", 0));
        }
        DimseSource s = b.build();
        if (move) {
            directory.put("FERRY", new RemoteAe("FERRY", "127.0.0.1", s.moveDestinationPort()));
        }
        sources.add(s);
        return s;
    }

    private static List<String> list(DimseSource s, StudyQuery q) throws IOException {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        s.query(q, d -> out.add(d.studyInstanceUid()));
        return out;
    }

    // ------------------------------------------------------------------------------------- inventory

    @Test
    void aConfiguredCapIsSweptByDateThenHourThenModality() throws IOException {
        Set<String> all = new HashSet<>();
        for (int d = 0; d < 20; d++) {
            all.add(pacs.addStudy("P" + d, D0.plusDays(d), "0915" + (10 + d), "CT", 1));
        }
        // A busy day: 9 studies in one hour, more than the cap, of three modalities.
        for (int i = 0; i < 9; i++) {
            all.add(pacs.addStudy("Q" + i, D0.plusDays(3), "1030" + (10 + i), List.of("CT", "MR", "US").get(i % 3), 1));
        }
        pacs.cap = 4;
        DimseSource s = source(false, 4);
        List<String> listed = list(s, StudyQuery.builder().dates(D0.minusDays(5), D0.plusDays(40)).build());
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void aSilentRoundCapIsDetectedByProbingAndLearned() throws IOException {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 130; i++) {
            all.add(pacs.addStudy("P" + i, D0.plusDays(i % 40), String.format("%02d0000", i % 24), "CT", 1));
        }
        pacs.cap = 50;
        DimseSource s = source(false, 0);
        List<String> listed = list(s, StudyQuery.builder().dates(D0, D0.plusDays(60)).build());
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void anUncappedArchiveIsQueriedOnce() throws IOException {
        for (int i = 0; i < 7; i++) {
            pacs.addStudy("P" + i, D0.plusDays(i), "080000", "CT", 1);
        }
        DimseSource s = source(false, 0);
        assertThat(list(s, StudyQuery.ALL)).hasSize(7);
        assertThat(pacs.finds.get()).isEqualTo(1);
    }

    @Test
    void anUncappedArchiveHoldingARoundNumberOfStudiesIsProbedNotFailed() throws IOException {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            all.add(pacs.addStudy("P" + i, i == 7 ? null : D0.plusDays(i % 30), "080000", "CT", 1));
        }
        DimseSource s = source(false, 0);
        assertThat(list(s, StudyQuery.ALL)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void aSilentRoundCapOnAnUnboundedQueryIsProvenAndThrows() throws IOException {
        for (int i = 0; i < 130; i++) {
            pacs.addStudy("P" + i, D0.plusDays(i % 40), String.format("%02d0000", i % 24), "CT", 1);
        }
        pacs.cap = 50;
        DimseSource s = source(false, 0);
        assertThatThrownBy(() -> list(s, StudyQuery.ALL)).isInstanceOf(PermanentMigrationException.class)
                .hasMessageContaining("cannot be proven complete").hasMessageContaining("Study Date");
    }

    @Test
    void aCappedUnboundedQueryThrowsRatherThanReturnAPartialList() throws IOException {
        for (int i = 0; i < 6; i++) {
            pacs.addStudy("P" + i, D0.plusDays(i), "080000", "CT", 1);
        }
        pacs.cap = 3;
        DimseSource s = source(false, 3);
        assertThatThrownBy(() -> list(s, StudyQuery.ALL)).isInstanceOf(PermanentMigrationException.class)
                .hasMessageContaining("cannot be proven complete").hasMessageContaining("Study Date");
    }

    @Test
    void studiesWithoutATimeOnACappedDayMakeTheSweepThrow() throws IOException {
        for (int i = 0; i < 5; i++) {
            pacs.addStudy("P" + i, D0, i == 2 ? null : "0800" + (10 + i), "CT", 1);
        }
        pacs.cap = 3;
        DimseSource s = source(false, 3);
        assertThatThrownBy(() -> list(s, StudyQuery.builder().dates(DateRange.on(D0)).build()))
                .isInstanceOf(PermanentMigrationException.class).hasMessageContaining("Study Time");
    }

    @Test
    void theArchivesLooserMatchingIsFilteredByTheQuery() throws IOException {
        String good = pacs.addStudy("P1", D0, "080000", "CT", 1);
        String malformed = "2.25.999";
        pacs.add(malformed, malformed + ".1", malformed + ".1.1", "P2", null, "080000", "CT", (byte) 1);
        // the archive compares strings: 20210345 falls inside the range, though it is no date
        pacs.study(malformed).get(0).header().setString(Tag.StudyDate, dev.ferry.api.VR.DA, "20210345");
        DimseSource s = source(false, 0);
        assertThat(list(s, StudyQuery.builder().dates(D0, D0.plusDays(60)).build())).containsExactly(good);
        assertThat(list(s, StudyQuery.ALL)).containsExactlyInAnyOrder(good, malformed);
    }

    // ------------------------------------------------------------------------------------- retrieve

    @ParameterizedTest(name = "by C-MOVE: {0}")
    @ValueSource(booleans = {true, false})
    void aRetrievalThatSucceedsWithFewerInstancesNamesTheMissingOne(boolean move) throws IOException {
        String study = pacs.addStudy("P1", D0, "080000", "CT", 4);
        String dropped = pacs.study(study).get(2).get(Tag.SOPInstanceUID);
        pacs.retrieveFault = items -> items.stream().filter(i -> !i.sopInstanceUid().equals(dropped)).toList();
        List<String> got = new ArrayList<>();
        RetrieveResult r = source(move, 0).retrieve(RetrieveRequest.study(study),
                i -> got.add(i.descriptor().sopInstanceUid()));
        assertThat(got).hasSize(3).doesNotContain(dropped);
        assertThat(r.delivered()).isEqualTo(3);
        assertThat(r.expected()).isEqualTo(4);
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(ReasonCode.MISSING_INSTANCE);
            assertThat(f.item().sopInstanceUid()).isEqualTo(dropped);
            assertThat(f.detail()).contains("not received").contains("completed 3");
        });
        assertThat(r.isComplete()).isFalse();
    }

    @ParameterizedTest(name = "by C-MOVE: {0}")
    @ValueSource(booleans = {true, false})
    void twoObjectsWithOneUidAndDifferentContentAreAConflict(boolean move) throws IOException {
        String study = pacs.addStudy("P1", D0, "080000", "CT", 2);
        FakePacs.Stored first = pacs.study(study).get(0);
        String sop = first.get(Tag.SOPInstanceUID);
        // the same SOP Instance UID, other pixel values
        FakePacs.Stored changed = pacs.add(study, first.get(Tag.SeriesInstanceUID), sop, "P1", D0, "080000", "CT",
                (byte) 42);
        pacs.remove(sop);
        pacs.retrieveFault = items -> {
            List<RetrieveItem> out = new ArrayList<>(items);
            out.add(new RetrieveItem(first.get(Tag.SOPClassUID), sop, changed.file()));
            return out;
        };
        // back to the original for the listing
        pacs.add(study, first.get(Tag.SeriesInstanceUID), sop, "P1", D0, "080000", "CT", (byte) 1);
        RetrieveResult r = source(move, 0).retrieve(RetrieveRequest.study(study), i -> i.remainder().readAllBytes());
        assertThat(r.failures()).extracting(Finding::reason).containsExactly(ReasonCode.DUPLICATE_CONFLICT);
        assertThat(r.failures().get(0).item().sopInstanceUid()).isEqualTo(sop);
    }

    @Test
    void anIdenticalDuplicateIsDeliveredOnceWithoutAFinding() throws IOException {
        String study = pacs.addStudy("P1", D0, "080000", "CT", 2);
        pacs.retrieveFault = items -> {
            List<RetrieveItem> out = new ArrayList<>(items);
            out.add(items.get(0));
            return out;
        };
        List<String> got = new ArrayList<>();
        RetrieveResult r = source(true, 0).retrieve(RetrieveRequest.study(study),
                i -> got.add(i.descriptor().sopInstanceUid()));
        assertThat(got).hasSize(2).doesNotHaveDuplicates();
        assertThat(r.isComplete()).isTrue();
    }

    @Test
    void aStudyThatChangesDuringRetrievalIsReportedAsChanged() throws IOException {
        String study = pacs.addStudy("P1", D0, "080000", "CT", 3);
        String removed = pacs.study(study).get(1).get(Tag.SOPInstanceUID);
        String series = pacs.study(study).get(0).get(Tag.SeriesInstanceUID);
        pacs.onRetrieve = () -> {
            pacs.remove(removed);
            try {
                pacs.add(study, series, series + ".9", "P1", D0, "080000", "CT", (byte) 9);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            pacs.onRetrieve = () -> { };
        };
        RetrieveResult r = source(true, 0).retrieve(RetrieveRequest.study(study), i -> { });
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(ReasonCode.STUDY_CHANGED);
            assertThat(f.item().studyInstanceUid()).isEqualTo(study);
            assertThat(f.detail()).contains("1 instances added and 1 removed");
        });
        assertThat(ReasonCode.STUDY_CHANGED.retryableByDefault()).isTrue();
    }

    @Test
    void aRetrievalRightAfterADescriptionDoesNotDescribeAgain() throws IOException {
        String study = pacs.addStudy("P1", D0, "080000", "CT", 3);
        DimseSource s = source(true, 0);
        s.describe(study).orElseThrow();
        int afterDescribe = pacs.finds.get();
        List<String> got = new ArrayList<>();
        RetrieveResult r = s.retrieve(RetrieveRequest.study(study), i -> got.add(i.descriptor().sopInstanceUid()));
        assertThat(r.isComplete()).isTrue();
        assertThat(got).hasSize(3);
        assertThat(pacs.finds.get()).as("C-FINDs of the retrieval").isEqualTo(afterDescribe);
        // The description is used once: the next retrieval describes the study again.
        s.retrieve(RetrieveRequest.study(study), i -> { });
        assertThat(pacs.finds.get()).isGreaterThan(afterDescribe);
    }

    @Test
    void aStudyThatChangedBetweenItsDescriptionAndItsRetrievalIsStillCaught() throws IOException {
        String study = pacs.addStudy("P1", D0, "080000", "CT", 3);
        String series = pacs.study(study).get(0).get(Tag.SeriesInstanceUID);
        DimseSource s = source(true, 0);
        s.describe(study).orElseThrow();
        pacs.add(study, series, series + ".9", "P1", D0, "080000", "CT", (byte) 9);
        List<String> got = new ArrayList<>();
        RetrieveResult r = s.retrieve(RetrieveRequest.study(study), i -> got.add(i.descriptor().sopInstanceUid()));
        assertThat(got).hasSize(4);
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.reason())
                .isEqualTo(ReasonCode.STUDY_CHANGED));
    }

    @Test
    void aSubsetIsRetrievedAndUnheldInstancesAreNamed() throws IOException {
        String study = pacs.addStudy("P1", D0, "080000", "CT", 5);
        String a = pacs.study(study).get(1).get(Tag.SOPInstanceUID);
        String b = pacs.study(study).get(3).get(Tag.SOPInstanceUID);
        List<String> got = new ArrayList<>();
        RetrieveResult r = source(true, 0).retrieve(RetrieveRequest.instances(study, Set.of(a, b, "2.25.404")),
                i -> got.add(i.descriptor().sopInstanceUid()));
        assertThat(got).containsExactlyInAnyOrder(a, b);
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(ReasonCode.MISSING_INSTANCE);
            assertThat(f.item().sopInstanceUid()).isEqualTo("2.25.404");
        });
    }

    @Test
    void aMoveDestinationTheArchiveDoesNotKnowIsAConfigurationError() throws IOException {
        String study = pacs.addStudy("P1", D0, "080000", "CT", 1);
        DimseSource s = source(true, 0);
        directory.clear();
        assertThatThrownBy(() -> s.retrieve(RetrieveRequest.study(study), i -> { }))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("A801");
    }

    @Test
    void describeCountsWhatTheArchiveHolds() throws IOException {
        String study = pacs.addStudy("P1", D0, "080000", "CT", 3);
        DimseSource s = source(false, 0);
        assertThat(s.describe(study)).hasValueSatisfying(m -> {
            assertThat(m.instances()).hasSize(3);
            assertThat(m.series()).singleElement().satisfies(x -> assertThat(x.modality()).isEqualTo("CT"));
            assertThat(m.study().modalities()).containsExactly("CT");
        });
        assertThat(s.describe("2.25.404")).isEmpty();
        StudyDescriptor d = s.describe(study).orElseThrow().study();
        assertThat(d.instanceCount()).isEqualTo(3);
    }
}
