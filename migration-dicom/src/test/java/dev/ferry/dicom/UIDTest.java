package dev.ferry.dicom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UIDTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            // UID | keyword | type | retired | name: values from PS3.6 Table A-1
            "1.2.840.10008.1.1|Verification|SOP Class|false|Verification SOP Class",
            "1.2.840.10008.1.2|ImplicitVRLittleEndian|Transfer Syntax|false|Implicit VR Little Endian",
            "1.2.840.10008.1.2.2|ExplicitVRBigEndian|Transfer Syntax|true|Explicit VR Big Endian",
            "1.2.840.10008.5.1.4.1.1.2|CTImageStorage|SOP Class|false|CT Image Storage",
            "1.2.840.10008.5.1.4.1.1.4|MRImageStorage|SOP Class|false|MR Image Storage",
            "1.2.840.10008.5.1.4.1.1.7|SecondaryCaptureImageStorage|SOP Class|false|Secondary Capture Image Storage",
            "1.2.840.10008.5.1.4.1.1.6|UltrasoundImageStorageRetired|SOP Class|true|Ultrasound Image Storage",
            "1.2.840.10008.5.1.4.1.2.2.1|StudyRootQueryRetrieveInformationModelFind|SOP Class|false|"
                    + "Study Root Query/Retrieve Information Model - FIND",
            "1.2.840.10008.5.1.4.1.2.2.2|StudyRootQueryRetrieveInformationModelMove|SOP Class|false|"
                    + "Study Root Query/Retrieve Information Model - MOVE",
            "1.2.840.10008.5.1.4.1.2.1.3|PatientRootQueryRetrieveInformationModelGet|SOP Class|false|"
                    + "Patient Root Query/Retrieve Information Model - GET",
            "1.2.840.10008.1.20.1|StorageCommitmentPushModel|SOP Class|false|Storage Commitment Push Model SOP Class",
            "1.2.840.10008.1.20.1.1|StorageCommitmentPushModelInstance|Well-known SOP Instance|false|"
                    + "Storage Commitment Push Model SOP Instance",
            "1.2.840.10008.5.1.1.9|BasicGrayscalePrintManagementMeta|Meta SOP Class|false|"
                    + "Basic Grayscale Print Management Meta SOP Class",
            "1.2.840.10008.3.1.1.1|DICOMApplicationContext|Application Context Name|false|DICOM Application Context Name",
            "1.2.840.10008.2.16.4|DCM|Coding Scheme|false|DICOM Controlled Terminology",
            "1.2.840.10008.1.5.1|HotIronPalette|Well-known SOP Instance|false|Hot Iron Color Palette SOP Instance",
            "1.2.840.10008.15.1.1|UTC|Synchronization Frame of Reference|false|Universal Coordinated Time",
    })
    void registryRows(String uid, String keyword, String type, boolean retired, String name) {
        assertThat(UID.nameOf(uid)).isEqualTo(name);
        assertThat(UID.keywordOf(uid)).isEqualTo(keyword);
        assertThat(UID.typeOf(uid)).isEqualTo(type);
        assertThat(UID.isRetired(uid)).isEqualTo(retired);
        assertThat(UID.isRegistered(uid)).isTrue();
        assertThat(UID.forKeyword(keyword)).isEqualTo(uid);
    }

    @Test
    void constantsHoldTheRegisteredUids() {
        assertThat(UID.CTImageStorage).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
        assertThat(UID.ExplicitVRLittleEndian).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(UID.EncapsulatedUncompressedExplicitVRLittleEndian).isEqualTo("1.2.840.10008.1.2.1.98");
        assertThat(UID.DeflatedExplicitVRLittleEndian).isEqualTo("1.2.840.10008.1.2.1.99");
        assertThat(UID.JPEGBaseline8Bit).isEqualTo("1.2.840.10008.1.2.4.50");
        assertThat(UID.RLELossless).isEqualTo("1.2.840.10008.1.2.5");
        assertThat(UID.ModalityWorklistInformationModelFind).isEqualTo("1.2.840.10008.5.1.4.31");
    }

    @Test
    void unregisteredAndNullUidsAreUnknown() {
        String privateUid = "1.2.276.0.7230010.3.1.0.1";
        assertThat(UID.nameOf(privateUid)).isNull();
        assertThat(UID.keywordOf(privateUid)).isNull();
        assertThat(UID.typeOf(privateUid)).isNull();
        assertThat(UID.isRetired(privateUid)).isFalse();
        assertThat(UID.isRegistered(privateUid)).isFalse();
        assertThat(UID.nameOf(null)).isNull();
        assertThat(UID.isRegistered(null)).isFalse();
        assertThat(UID.nameOf("1.2.840.10008.1.2\0")).as("callers strip padding").isNull();
    }

    @Test
    void unknownKeywordIsRejectedWithItsName() {
        assertThatThrownBy(() -> UID.forKeyword("CTStorage"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CTStorage");
        assertThatThrownBy(() -> UID.forKeyword(null)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The generated constants and the generated table come from one run; they must agree. */
    @Test
    void everyConstantIsInTheTableUnderItsKeyword() throws IllegalAccessException {
        Set<String> constants = new HashSet<>();
        for (Field f : UID.class.getFields()) {
            if (f.getType() == String.class && Modifier.isStatic(f.getModifiers())) {
                String uid = (String) f.get(null);
                assertThat(UID.keywordOf(uid)).as(f.getName()).isEqualTo(f.getName());
                assertThat(UID.forKeyword(f.getName())).isEqualTo(uid);
                assertThat(uid).matches("1\\.2\\.840\\.10008(\\.(0|[1-9][0-9]*))+");
                constants.add(uid);
            }
        }
        assertThat(constants).hasSameSizeAs(UidRegistry.rows()).hasSizeGreaterThan(440);
    }
}
