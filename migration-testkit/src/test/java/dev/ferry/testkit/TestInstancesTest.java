package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.Tag;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestInstancesTest {

    @Test
    void uidsAreDeterministicDistinctAndValid() {
        assertThat(TestInstances.uid(1, "study")).isEqualTo(TestInstances.uid(1, "study"));
        Set<String> uids = new HashSet<>();
        for (int k = 0; k < 1000; k++) {
            String uid = TestInstances.uid(k, "instance");
            assertThat(uid).matches("2\\.25\\.(0|[1-9][0-9]*)").hasSizeLessThanOrEqualTo(64);
            uids.add(uid);
        }
        assertThat(uids).hasSize(1000);
        assertThat(TestInstances.uid(1, "a")).isNotEqualTo(TestInstances.uid(2, "a"));
    }

    @Test
    void instanceHasARealisticHeader() {
        SyntheticInstance i = TestInstances.instance(42).build();
        Dataset h = i.header();
        assertThat(h.getString(Tag.SOPClassUID)).isEqualTo(TestInstances.CT_IMAGE_STORAGE);
        assertThat(h.getString(Tag.SOPInstanceUID)).isEqualTo(i.sopInstanceUid());
        assertThat(h.getString(Tag.StudyInstanceUID)).isEqualTo(i.studyInstanceUid());
        assertThat(h.getString(Tag.SeriesInstanceUID)).isEqualTo(i.seriesInstanceUid());
        assertThat(h.getString(Tag.PatientID)).isEqualTo("MRN000042");
        assertThat(h.getString(Tag.IssuerOfPatientID)).isEqualTo("HOSP_A");
        assertThat(h.getString(Tag.PatientName)).startsWith("SYNTHETIC^PATIENT^");
        assertThat(h.getString(Tag.PatientBirthDate)).isEqualTo("19700101");
        assertThat(h.getString(Tag.PatientSex)).isEqualTo("F");
        assertThat(h.getString(Tag.AccessionNumber)).isEqualTo("ACC0000042");
        assertThat(h.getString(Tag.StudyDate)).isEqualTo("20240115");
        assertThat(h.getString(Tag.StudyTime)).isEqualTo("101500");
        assertThat(h.getString(Tag.Modality)).isEqualTo("CT");
        assertThat(h.getInt(Tag.SeriesNumber, -1)).isEqualTo(1);
        assertThat(h.getInt(Tag.InstanceNumber, -1)).isEqualTo(1);
        assertThat(h.getInt(Tag.Rows, -1)).isEqualTo(64);
        assertThat(h.getInt(Tag.Columns, -1)).isEqualTo(64);
        assertThat(h.getInt(Tag.BitsAllocated, -1)).isEqualTo(16);
        assertThat(h.contains(Tag.CTDIvol)).isTrue();
        assertThat(h.contains(Tag.PixelData)).as("pixel data lives in the remainder").isFalse();
        assertThat(i.transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.1");
    }

    @Test
    void headerIsAFreshCopyEachTime() {
        SyntheticInstance i = TestInstances.instance(1).build();
        i.header().remove(Tag.PatientID);
        assertThat(i.header().contains(Tag.PatientID)).isTrue();
    }

    @Test
    void remainderIsTheEncodedPixelDataElement() {
        SyntheticInstance i = TestInstances.instance(7).pixels(4, 8, 1).build();
        byte[] r = i.remainderBytes();
        assertThat(r).hasSize(12 + 64);
        assertThat(i.remainderLength()).isEqualTo(76);
        ByteBuffer b = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getShort() & 0xFFFF).isEqualTo(0x7FE0);
        assertThat(b.getShort() & 0xFFFF).isEqualTo(0x0010);
        assertThat(new String(r, 4, 2, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("OW");
        assertThat(b.getShort(6)).isZero();
        assertThat(b.getInt(8)).isEqualTo(64);
        assertThat(i.remainderBytes()).as("the same seed gives the same bytes").isEqualTo(r);
        assertThat(TestInstances.instance(8).pixels(4, 8, 1).build().remainderBytes()).isNotEqualTo(r);
    }

    @Test
    void pixelDataLengthPicksAMatchingGeometry() {
        SyntheticInstance small = TestInstances.instance(1).pixelDataLength(2000).build();
        assertThat(small.pixelDataLength()).isEqualTo(2000);
        assertThat(small.header().getInt(Tag.Columns, -1)).isEqualTo(1000);
        SyntheticInstance big = TestInstances.instance(1).pixelDataLength(3L * 512 * 512 * 2).build();
        assertThat(big.header().getInt(Tag.NumberOfFrames, -1)).isEqualTo(3);
        assertThatThrownBy(() -> TestInstances.instance(1).pixelDataLength(1_000_001)).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void newInstanceIsFreshAndComplete() throws IOException {
        SyntheticInstance i = TestInstances.instance(3).build();
        try (DicomInstance a = i.newInstance(); DicomInstance b = i.newInstance()) {
            assertThat(a.header()).isNotSameAs(b.header()).isEqualTo(b.header());
            assertThat(a.remainderLength()).isEqualTo(i.remainderLength());
            assertThat(a.remainder().readAllBytes()).isEqualTo(b.remainder().readAllBytes());
            assertThat(a.descriptor().sopInstanceUid()).isEqualTo(i.sopInstanceUid());
        }
    }

    @Test
    void srHasNoPixelDataAndAnEmptyRemainder() {
        SyntheticInstance sr = TestInstances.instance(5).modality("SR").build();
        assertThat(sr.sopClassUid()).isEqualTo(TestInstances.BASIC_TEXT_SR_STORAGE);
        assertThat(sr.hasPixelData()).isFalse();
        assertThat(sr.remainderLength()).isZero();
        assertThat(sr.remainderBytes()).isEmpty();
        assertThat(sr.pixelDataSha256()).isNull();
        assertThat(sr.header().contains(Tag.Rows)).isFalse();
    }

    @Test
    void nullValuesLeaveElementsOut() {
        Dataset h = TestInstances.instance(9).patient(null, null).studyDate(null).accessionNumber(null).build().header();
        assertThat(h.contains(Tag.PatientID)).isFalse();
        assertThat(h.contains(Tag.IssuerOfPatientID)).isFalse();
        assertThat(h.contains(Tag.StudyDate)).isFalse();
        assertThat(h.contains(Tag.AccessionNumber)).isFalse();
    }

    @Test
    void studyHasItsSeriesAndExpectedDescriptor() {
        SyntheticStudy s = TestInstances.study(11)
                .patient("MRN-11", "HOSP_B")
                .studyDate(LocalDate.of(2023, 5, 6))
                .studyTime(LocalTime.of(7, 8, 9))
                .series("CT", 3)
                .series("SR", 1)
                .build();
        assertThat(s.instances()).hasSize(4);
        assertThat(s.sopInstanceUids()).hasSize(4);
        assertThat(s.series()).extracting(SeriesDescriptor::modality).containsExactly("CT", "SR");
        assertThat(s.series()).extracting(SeriesDescriptor::instanceCount).containsExactly(3, 1);
        StudyDescriptor d = s.descriptor();
        assertThat(d.patient()).isEqualTo(PatientIdentity.of("MRN-11", "HOSP_B"));
        assertThat(d.studyDate()).isEqualTo(LocalDate.of(2023, 5, 6));
        assertThat(d.studyTime()).isEqualTo(LocalTime.of(7, 8, 9));
        assertThat(d.modalities()).containsExactlyInAnyOrder("CT", "SR");
        assertThat(d.seriesCount()).isEqualTo(2);
        assertThat(d.instanceCount()).isEqualTo(4);
        for (SyntheticInstance i : s.instances()) {
            Dataset h = i.header();
            assertThat(h.getString(Tag.StudyInstanceUID)).isEqualTo(s.studyInstanceUid());
            assertThat(h.getString(Tag.StudyDate)).isEqualTo("20230506");
            assertThat(h.getString(Tag.StudyTime)).isEqualTo("070809");
            assertThat(h.getString(Tag.PatientID)).isEqualTo("MRN-11");
        }
        List<byte[]> remainders = s.instances().stream().map(SyntheticInstance::remainderBytes).toList();
        assertThat(Arrays.equals(remainders.get(0), remainders.get(1))).as("instances have their own pixels").isFalse();
    }

    @Test
    void malformedStudyDateIsWrittenButExpectedAsUnknown() {
        SyntheticStudy s = TestInstances.study(12).malformedStudyDate("20241345").build();
        assertThat(s.descriptor().studyDate()).isNull();
        assertThat(s.instances().get(0).header().getString(Tag.StudyDate)).isEqualTo("20241345");
    }
}
