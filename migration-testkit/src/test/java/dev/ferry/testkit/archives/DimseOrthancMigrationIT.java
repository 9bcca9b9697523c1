package dev.ferry.testkit.archives;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.dicom.archive.dimse.DimseDestination;
import dev.ferry.dicom.archive.dimse.DimseSource;
import dev.ferry.testkit.SyntheticStudy;
import dev.ferry.testkit.TestInstances;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Orthanc to Orthanc over DIMSE, the way a consultancy meets a legacy PACS: an inventory of 240
 * studies from an archive that caps C-FIND at 100 matches (Orthanc's LimitFindResults; Ferry is not
 * told), then studies moved by C-MOVE and by C-GET into a second Orthanc by C-STORE, read back, and
 * counted on both sides.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DimseOrthancMigrationIT {
    private static final int STUDIES = 240;
    private OrthancPeer legacy;
    private OrthancPeer target;
    private final List<SyntheticStudy> studies = new ArrayList<>();

    @BeforeAll
    void seed() throws IOException {
        legacy = OrthancPeer.start(Map.of("LimitFindResults", 100));
        target = OrthancPeer.start(Map.of("DicomThreadsCount", 16));
        LocalDate first = LocalDate.of(2019, 5, 1);
        for (int i = 0; i < STUDIES; i++) {
            SyntheticStudy s = TestInstances.study(70_000 + i)
                    .patient("MRN-" + (i % 90), "HOSP_A")
                    .studyDate(first.plusDays(i % 30))
                    .studyTime(LocalTime.of(i % 24, (i * 7) % 60))
                    .series(List.of("CT", "MR", "CR").get(i % 3), 1 + i % 2)
                    .build();
            studies.add(s);
            List<DicomInstance> instances = s.newInstances();
            try {
                legacy.upload(instances);
            } finally {
                for (DicomInstance d : instances) {
                    d.close();
                }
            }
        }
    }

    @AfterAll
    void stop() {
        if (legacy != null) {
            legacy.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void theLegacyArchiveReallyCapsItsResults() throws IOException {
        dev.ferry.dicom.net.AssociationRequest.Builder rq = dev.ferry.dicom.net.AssociationRequest.builder(
                legacy.orthanc.aeTitle(), "PROBE");
        rq.addContext(dev.ferry.dicom.UID.StudyRootQueryRetrieveInformationModelFind, dev.ferry.dicom.UID.ExplicitVRLittleEndian);
        try (dev.ferry.dicom.net.Association as = dev.ferry.dicom.net.Association.connect(legacy.dicom(), rq.build(),
                dev.ferry.dicom.net.AssociationOptions.defaults())) {
            dev.ferry.dicom.net.QueryRetrieveScu.FindResult r = dev.ferry.dicom.net.QueryRetrieveScu.find(as,
                    dev.ferry.dicom.UID.StudyRootQueryRetrieveInformationModelFind,
                    dev.ferry.dicom.net.QueryRetrieveScu.keys("STUDY", Map.of()),
                    dev.ferry.dicom.net.dimse.Priority.MEDIUM, m -> true);
            assertThat(r.matches()).as("matches of an unbounded C-FIND").isEqualTo(100);
            as.release();
        }
    }

    @Test
    void aCappedInventoryIsCompleteAndStudiesMoveByMoveAndGet() throws IOException {
        try (DimseSource byMove = DimseSource.builder(legacy.dicom()).callingAeTitle(OrthancPeer.FERRY_AET)
                     .moveTo(legacy.moveDestination).maxAssociations(2).build();
             DimseSource byGet = DimseSource.builder(legacy.dicom()).maxAssociations(2).build();
             DimseDestination dest = DimseDestination.builder(target.dicom()).maxAssociations(2).build()) {
            List<String> listed = Collections.synchronizedList(new ArrayList<>());
            byMove.query(StudyQuery.builder().dates(LocalDate.of(2019, 1, 1), LocalDate.of(2019, 12, 31)).build(),
                    d -> listed.add(d.studyInstanceUid()));
            Set<String> all = new HashSet<>();
            studies.forEach(s -> all.add(s.studyInstanceUid()));
            assertThat(listed).as("studies listed from an archive capping C-FIND at 100").hasSize(STUDIES)
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);

            List<String> ct = Collections.synchronizedList(new ArrayList<>());
            byGet.query(StudyQuery.builder().dates(LocalDate.of(2019, 5, 1), LocalDate.of(2019, 5, 31)).modality("CT")
                    .build(), d -> ct.add(d.studyInstanceUid()));
            assertThat(ct).hasSize(STUDIES / 3).doesNotHaveDuplicates();

            for (int i = 0; i < 12; i++) {
                SyntheticStudy s = studies.get(i * 17);
                DimseSource from = i % 2 == 0 ? byMove : byGet;
                RetrieveResult r = from.retrieve(RetrieveRequest.study(s.studyInstanceUid()), instance -> {
                    StoreResult stored = dest.store(instance);
                    assertThat(stored.status()).isEqualTo(StoreResult.Status.STORED);
                });
                assertThat(r.isComplete()).as("retrieval of %s", s.studyInstanceUid()).isTrue();
                assertThat(r.delivered()).isEqualTo(s.instances().size());
                StudyManifest there = dest.describe(s.studyInstanceUid()).orElseThrow();
                StudyManifest here = from.describe(s.studyInstanceUid()).orElseThrow();
                assertThat(there.instances()).extracting(InstanceDescriptor::sopInstanceUid)
                        .containsExactlyInAnyOrderElementsOf(s.sopInstanceUids())
                        .hasSameSizeAs(here.instances());
                assertThat(there.series()).hasSameSizeAs(here.series());
                List<String> readBack = new ArrayList<>();
                RetrieveResult back = dest.retrieve(RetrieveRequest.study(s.studyInstanceUid()),
                        instance -> readBack.add(instance.descriptor().sopInstanceUid()));
                assertThat(back.isComplete()).isTrue();
                assertThat(readBack).containsExactlyInAnyOrderElementsOf(s.sopInstanceUids());
            }
        }
    }
}
