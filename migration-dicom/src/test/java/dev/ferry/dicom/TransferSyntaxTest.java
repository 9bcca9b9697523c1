package dev.ferry.dicom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransferSyntaxTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // UID, explicit VR, big endian, deflated, encapsulated, retired (PS3.5 Annex A, PS3.6 Table A-1)
            "1.2.840.10008.1.2,        false, false, false, false, false",
            "1.2.840.10008.1.2.1,      true,  false, false, false, false",
            "1.2.840.10008.1.2.1.98,   true,  false, false, true,  false",
            "1.2.840.10008.1.2.1.99,   true,  false, true,  false, false",
            "1.2.840.10008.1.2.2,      true,  true,  false, false, true",
            "1.2.840.10008.1.20,       false, false, false, false, true",
            "1.2.840.10008.1.2.4.50,   true,  false, false, true,  false",
            "1.2.840.10008.1.2.4.51,   true,  false, false, true,  false",
            "1.2.840.10008.1.2.4.52,   true,  false, false, true,  true",
            "1.2.840.10008.1.2.4.57,   true,  false, false, true,  false",
            "1.2.840.10008.1.2.4.70,   true,  false, false, true,  false",
            "1.2.840.10008.1.2.4.80,   true,  false, false, true,  false",
            "1.2.840.10008.1.2.4.81,   true,  false, false, true,  false",
            "1.2.840.10008.1.2.4.90,   true,  false, false, true,  false",
            "1.2.840.10008.1.2.4.91,   true,  false, false, true,  false",
            "1.2.840.10008.1.2.4.92,   true,  false, false, true,  false",
            "1.2.840.10008.1.2.4.93,   true,  false, false, true,  false",
            "1.2.840.10008.1.2.4.94,   true,  false, false, false, false",
            "1.2.840.10008.1.2.4.95,   true,  false, true,  false, false",
            "1.2.840.10008.1.2.4.100,  true,  false, false, true,  false",
            "1.2.840.10008.1.2.4.102,  true,  false, false, true,  false",
            "1.2.840.10008.1.2.4.107,  true,  false, false, true,  false",
            "1.2.840.10008.1.2.4.108,  true,  false, false, true,  false",
            "1.2.840.10008.1.2.5,      true,  false, false, true,  false",
            "1.2.840.10008.1.2.7.1,    true,  false, false, false, false",
            "1.2.840.10008.1.2.7.3,    true,  false, false, false, false",
    })
    void factsOfRegisteredTransferSyntaxes(String uid, boolean explicitVr, boolean bigEndian, boolean deflated,
                                           boolean encapsulated, boolean retired) {
        TransferSyntax ts = TransferSyntax.of(uid);
        assertThat(ts.isKnown()).isTrue();
        assertThat(ts.uid()).isEqualTo(uid);
        assertThat(ts.isExplicitVr()).as("explicit VR").isEqualTo(explicitVr);
        assertThat(ts.isBigEndian()).as("big endian").isEqualTo(bigEndian);
        assertThat(ts.isDeflated()).as("deflated").isEqualTo(deflated);
        assertThat(ts.isEncapsulated()).as("encapsulated").isEqualTo(encapsulated);
        assertThat(ts.isRetired()).as("retired").isEqualTo(retired);
        assertThat(ts.name()).isEqualTo(UID.nameOf(uid));
        assertThat(ts.keyword()).isEqualTo(UID.keywordOf(uid));
    }

    @Test
    void constantsAreTheRegistryInstances() {
        assertThat(TransferSyntax.of("1.2.840.10008.1.2")).isSameAs(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(TransferSyntax.of(UID.JPEGBaseline8Bit)).isSameAs(TransferSyntax.JPEG_BASELINE);
        assertThat(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.name()).isEqualTo("Explicit VR Little Endian");
        assertThat(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.keyword()).isEqualTo("ExplicitVRLittleEndian");
        assertThat(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                .hasToString("Explicit VR Little Endian (1.2.840.10008.1.2.1)");
        assertThat(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.isDeflated()).isTrue();
        assertThat(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.isBigEndian()).isTrue();
        assertThat(TransferSyntax.ENCAPSULATED_UNCOMPRESSED_EXPLICIT_VR_LITTLE_ENDIAN.isEncapsulated()).isTrue();
        assertThat(TransferSyntax.HEVC_M10P51.uid()).isEqualTo("1.2.840.10008.1.2.4.108");
        assertThat(TransferSyntax.MPEG4_HP42_STEREO.uid()).isEqualTo("1.2.840.10008.1.2.4.106");
    }

    @Test
    void everyConstantIsKnownAndInAll() throws IllegalAccessException {
        for (Field f : TransferSyntax.class.getFields()) {
            if (f.getType() == TransferSyntax.class && Modifier.isStatic(f.getModifiers())
                    && !f.getName().equals("GE_PRIVATE_IMPLICIT_VR_BIG_ENDIAN")) {
                TransferSyntax ts = (TransferSyntax) f.get(null);
                assertThat(ts).as(f.getName()).isNotNull();
                assertThat(ts.isKnown()).isTrue();
                assertThat(TransferSyntax.all()).contains(ts);
            }
        }
    }

    @Test
    void allHoldsEveryTransferSyntaxOfTheUidRegistry() {
        Set<String> registered = UidRegistry.rows().stream().filter(r -> r.type().equals("Transfer Syntax"))
                .map(UidRegistry.Row::uid).collect(Collectors.toSet());
        assertThat(TransferSyntax.all()).extracting(TransferSyntax::uid).containsExactlyInAnyOrderElementsOf(registered);
        assertThat(TransferSyntax.all()).hasSizeGreaterThanOrEqualTo(47);
    }

    @Test
    void onlyTheListedTransferSyntaxesAreNative() {
        Set<String> nativeOnes = TransferSyntax.all().stream().filter(ts -> !ts.isEncapsulated())
                .map(TransferSyntax::keyword).collect(Collectors.toSet());
        assertThat(nativeOnes).containsExactlyInAnyOrder(
                "ImplicitVRLittleEndian", "Papyrus3ImplicitVRLittleEndian", "ExplicitVRLittleEndian",
                "ExplicitVRBigEndian", "DeflatedExplicitVRLittleEndian", "JPIPReferenced", "JPIPReferencedDeflate",
                "SMPTEST211020UncompressedProgressiveActiveVideo", "SMPTEST211020UncompressedInterlacedActiveVideo",
                "SMPTEST211030PCMDigitalAudio", "RFC2557MIMEEncapsulation", "XMLEncoding");
        assertThat(TransferSyntax.all()).filteredOn(ts -> !ts.isExplicitVr())
                .extracting(TransferSyntax::keyword)
                .containsExactlyInAnyOrder("ImplicitVRLittleEndian", "Papyrus3ImplicitVRLittleEndian");
    }

    @Test
    void gesPrivateImplicitBigEndianIsImplicitLittleEndianWithBigEndianPixels() {
        TransferSyntax ts = TransferSyntax.of("1.2.840.113619.5.2");
        assertThat(ts).isSameAs(TransferSyntax.GE_PRIVATE_IMPLICIT_VR_BIG_ENDIAN);
        assertThat(ts.isExplicitVr()).isFalse();
        assertThat(ts.isBigEndian()).as("the data set").isFalse();
        assertThat(ts.isPixelDataBigEndian()).isTrue();
        assertThat(ts.isEncapsulated()).isFalse();
        assertThat(ts.isDeflated()).isFalse();
        assertThat(ts.isKnown()).as("not in PS3.6").isFalse();
        assertThat(ts.keyword()).isEqualTo("GEPrivateImplicitVRBigEndian");
        assertThat(ts).hasToString("GE Private Implicit VR Big Endian (1.2.840.113619.5.2)");
        assertThat(TransferSyntax.all()).doesNotContain(ts);
    }

    @Test
    void pixelByteOrderFollowsTheDataSetForStandardSyntaxes() {
        assertThat(TransferSyntax.all()).allSatisfy(ts ->
                assertThat(ts.isPixelDataBigEndian()).as(ts.keyword()).isEqualTo(ts.isBigEndian()));
    }

    @Test
    void unknownTransferSyntaxIsReadAsEncapsulatedExplicitLittleEndian() {
        String privateTs = "1.2.840.113619.99.1";
        TransferSyntax ts = TransferSyntax.of(privateTs);
        assertThat(ts.isKnown()).isFalse();
        assertThat(ts.isExplicitVr()).isTrue();
        assertThat(ts.isBigEndian()).isFalse();
        assertThat(ts.isDeflated()).isFalse();
        assertThat(ts.isEncapsulated()).isTrue();
        assertThat(ts.isRetired()).isFalse();
        assertThat(ts.keyword()).isNull();
        assertThat(ts.name()).isEqualTo(privateTs);
        assertThat(ts).isEqualTo(TransferSyntax.of(privateTs)).hasToString("unknown transfer syntax " + privateTs);
        assertThat(TransferSyntax.all()).doesNotContain(ts);
    }

    @Test
    void newerEditionsTransferSyntaxesAreEncapsulated() {
        // HTJ2K Lossless (PS3.5 A.4.x since 2023) and JPEG XL (since 2024) post-date the registry edition.
        for (String uid : new String[] {"1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.112"}) {
            TransferSyntax ts = TransferSyntax.of(uid);
            assertThat(ts.isEncapsulated()).isTrue();
            assertThat(ts.isExplicitVr()).isTrue();
            assertThat(ts.isBigEndian()).isFalse();
        }
    }

    @Test
    void paddingIsIgnored() {
        assertThat(TransferSyntax.of("1.2.840.10008.1.2\0")).isSameAs(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(TransferSyntax.of("1.2.840.10008.1.2.1 ")).isSameAs(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThatThrownBy(() -> TransferSyntax.of("\0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransferSyntax.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
