package dev.ferry.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Accession;
import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.testkit.SyntheticInstance;
import dev.ferry.testkit.SyntheticStudy;
import dev.ferry.testkit.TestInstances;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryArchiveTest {
    private final InMemoryArchive archive = new InMemoryArchive("test");

    @Test
    void storingIdenticalContentAgainIsAlreadyPresent() throws IOException {
        SyntheticInstance i = TestInstances.instance(1).build();
        assertThat(store(i).status()).isEqualTo(StoreResult.Status.STORED);
        assertThat(store(i).status()).isEqualTo(StoreResult.Status.ALREADY_PRESENT);
        assertThat(archive.size()).isEqualTo(1);
    }

    @Test
    void storingChangedContentUnderTheSameUidReplacesIt() throws IOException {
        SyntheticInstance i = TestInstances.instance(1).build();
        store(i);
        try (DicomInstance changed = i.newInstance()) {
            changed.header().setString(Tag.PatientID, VR.LO, "MRN-NEW");
            assertThat(archive.store(changed).status()).isEqualTo(StoreResult.Status.STORED);
        }
        assertThat(archive.size()).isEqualTo(1);
        assertThat(retrieveHeaders(i.studyInstanceUid()).get(0).getString(Tag.PatientID)).isEqualTo("MRN-NEW");
    }

    @Test
    void anInstanceMovedToAnotherStudyLeavesTheOldOne() throws IOException {
        SyntheticInstance i = TestInstances.instance(1).build();
        store(i);
        try (DicomInstance moved = i.newInstance()) {
            moved.header().setString(Tag.StudyInstanceUID, VR.UI, TestInstances.uid("other study"));
            archive.store(moved);
        }
        assertThat(archive.describe(i.studyInstanceUid())).isEmpty();
        assertThat(archive.describe(TestInstances.uid("other study"))).isPresent();
        assertThat(archive.size()).isEqualTo(1);
    }

    @Test
    void storeKeepsACopyOfTheHeader() throws IOException {
        SyntheticInstance i = TestInstances.instance(2).build();
        try (DicomInstance instance = i.newInstance()) {
            archive.store(instance);
            instance.header().setString(Tag.PatientID, VR.LO, "CHANGED-AFTER-STORE");
        }
        assertThat(retrieveHeaders(i.studyInstanceUid()).get(0).getString(Tag.PatientID)).isEqualTo("MRN000002");
    }

    @Test
    void retrieveHandsOutCopiesAndFreshRemainders() throws IOException {
        SyntheticInstance i = TestInstances.instance(3).build();
        store(i);
        archive.retrieve(RetrieveRequest.study(i.studyInstanceUid()), d -> {
            d.header().remove(Tag.PatientID);
            d.remainder().readNBytes(10);
        });
        List<byte[]> remainders = new ArrayList<>();
        archive.retrieve(RetrieveRequest.study(i.studyInstanceUid()), d -> {
            assertThat(d.header().contains(Tag.PatientID)).isTrue();
            remainders.add(d.remainder().readAllBytes());
        });
        assertThat(remainders).singleElement().isEqualTo(i.remainderBytes());
    }

    @Test
    void namedInstancesNotHeldAreReportedMissing() throws IOException {
        SyntheticStudy s = TestInstances.study(4).series("CT", 2).build();
        for (DicomInstance d : s.newInstances()) {
            try (d) {
                archive.put(d);
            }
        }
        String absent = TestInstances.uid("absent");
        RetrieveResult r = archive.retrieve(RetrieveRequest.instances(s.studyInstanceUid(),
                Set.of(s.instances().get(0).sopInstanceUid(), absent)), d -> { });
        assertThat(r.delivered()).isEqualTo(1);
        assertThat(r.expected()).isEqualTo(2);
        assertThat(r.failures()).extracting(Finding::reason).containsExactly(ReasonCode.MISSING_INSTANCE);
        assertThat(r.failures().get(0).item().sopInstanceUid()).isEqualTo(absent);
        assertThat(r.isComplete()).isFalse();
    }

    @Test
    void describeDerivesTheStudyFromTheHeaders() throws IOException {
        SyntheticStudy s = TestInstances.study(5).patient("MRN-5", "HOSP_C").studyDate(LocalDate.of(2021, 3, 4))
                .series("MR", 2).series("SR", 1)
                .eachInstance(b -> b.header(h -> h.newSequence(Tag.IssuerOfAccessionNumberSequence).addItem()
                        .setString(Tag.LocalNamespaceEntityID, VR.UT, "RIS_A")))
                .build();
        for (DicomInstance d : s.newInstances()) {
            try (d) {
                archive.put(d);
            }
        }
        StudyManifest m = archive.describe(s.studyInstanceUid()).orElseThrow();
        StudyDescriptor d = m.study();
        assertThat(d.patient()).isEqualTo(PatientIdentity.of("MRN-5", "HOSP_C"));
        assertThat(d.accession()).isEqualTo(new Accession("ACC0000005", "RIS_A"));
        assertThat(d.studyDate()).isEqualTo(LocalDate.of(2021, 3, 4));
        assertThat(d.modalities()).containsExactlyInAnyOrder("MR", "SR");
        assertThat(d.seriesCount()).isEqualTo(2);
        assertThat(d.instanceCount()).isEqualTo(3);
        assertThat(m.series().get(0).seriesNumber()).isEqualTo(1);
        assertThat(m.series().get(0).instanceCount()).isEqualTo(2);
        for (InstanceDescriptor i : m.instances()) {
            assertThat(i.sizeBytes()).isGreaterThan(s.instance(i.sopInstanceUid()).remainderLength());
        }
        assertThat(d.sizeBytes()).isEqualTo(m.sizeBytes());
    }

    @Test
    void headerSizeIsItsExplicitVrLittleEndianLength() {
        Dataset h = new Dataset();
        h.setString(Tag.PatientID, VR.LO, "ABC");
        h.setString(Tag.PatientName, VR.PN, "AB");
        h.newSequence(Tag.RequestAttributesSequence).addItem().setString(Tag.RequestedProcedureID, VR.SH, "X");
        h.setBytes(0x00091010, VR.OB, new byte[5]);
        assertThat(EncodedSize.of(h)).isEqualTo((8 + 4) + (8 + 2) + (12 + 8 + (8 + 2)) + (12 + 6));
    }

    @Test
    void queryAppliesTheStudyQuery() throws IOException {
        store(TestInstances.instance(6).studyDate("20200101").build());
        store(TestInstances.instance(7).studyDate("20210101").build());
        List<String> listed = new ArrayList<>();
        archive.query(StudyQuery.builder().dates(LocalDate.of(2020, 6, 1), null).build(),
                d -> listed.add(d.studyInstanceUid()));
        assertThat(listed).containsExactly(TestInstances.uid(7, "study"));
    }

    @Test
    void removeForgetsTheInstance() throws IOException {
        SyntheticInstance i = TestInstances.instance(8).build();
        store(i);
        assertThat(archive.contains(i.sopInstanceUid())).isTrue();
        assertThat(archive.remove(i.sopInstanceUid())).isTrue();
        assertThat(archive.remove(i.sopInstanceUid())).isFalse();
        assertThat(archive.size()).isZero();
        assertThat(archive.describe(i.studyInstanceUid())).isEmpty();
    }

    @Test
    void instancesWithoutUidsAreRefused() {
        SyntheticInstance i = TestInstances.instance(9).build();
        assertThatThrownBy(() -> {
            try (DicomInstance d = i.newInstance()) {
                d.header().remove(Tag.SOPInstanceUID);
                archive.store(d);
            }
        }).isInstanceOf(dev.ferry.api.InvalidValueException.class).hasMessageContaining("(0008,0018)");
    }

    @Test
    void toStringNamesOnlyTheArchive() throws IOException {
        store(TestInstances.instance(10).build());
        assertThat(archive.toString()).isEqualTo("InMemoryArchive[test, 1 instances]");
        assertThat(archive.name()).isEqualTo("test");
    }

    private StoreResult store(SyntheticInstance i) throws IOException {
        try (DicomInstance d = i.newInstance()) {
            return archive.store(d);
        }
    }

    private List<Dataset> retrieveHeaders(String study) throws IOException {
        List<Dataset> out = new ArrayList<>();
        archive.retrieve(RetrieveRequest.study(study), d -> out.add(d.header()));
        return out;
    }
}
