package dev.ferry.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StoreResult;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.archive.dimse.DimseDestination;
import dev.ferry.dicom.charset.SpecificCharacterSet;
import dev.ferry.testkit.SyntheticInstance;
import dev.ferry.testkit.TestInstances;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each strictness rule refuses what breaks it, with its status and an Error Comment naming the
 * attribute and not its value, and nothing else: a conformant instance passes every rule, and an
 * instance that breaks one rule is accepted by a destination without that rule.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictDestinationRulesTest {
    private static final String SECRET = "SECRETVALUE";
    private static final AtomicLong SEEDS = new AtomicLong(7700);

    @TempDir
    static Path dir;
    private StrictDestination strict;
    private DimseDestination toStrict;

    @BeforeAll
    void start() throws IOException {
        strict = StrictDestination.builder().aeTitle("NEWPACS").folder(dir.resolve("strict")).build().start();
        toStrict = DimseDestination.builder(strict.ae()).callingAeTitle("FERRY").maxAssociations(1).build();
    }

    @AfterAll
    void stop() {
        toStrict.close();
        strict.close();
    }

    @Test
    void aConformantInstancePassesEveryRule() throws IOException {
        SyntheticInstance i = TestInstances.instance(SEEDS.incrementAndGet()).pixels(4, 4, 2).build();
        assertThat(send(i, h -> { }).status()).isEqualTo(StoreResult.Status.STORED);
        assertThat(strict.accepted()).contains(i.sopInstanceUid());
    }

    @Test
    void missingType1AttributeIsRefused() throws IOException {
        assertRefused(StrictRule.MISSING_TYPE1, Tag.Modality, 0xA900, h -> h.remove(Tag.Modality));
        assertRefused(StrictRule.MISSING_TYPE1, Tag.SeriesInstanceUID, 0xA900,
                h -> h.setEmpty(Tag.SeriesInstanceUID, VR.UI));
    }

    @Test
    void missingPatientIdIsRefused() throws IOException {
        assertRefused(StrictRule.MISSING_PATIENT_ID, Tag.PatientID, 0xA900, h -> h.remove(Tag.PatientID));
    }

    @Test
    void invalidUidsAreRefused() throws IOException {
        assertRefused(StrictRule.INVALID_UID, Tag.FrameOfReferenceUID, 0xA900,
                h -> h.setString(Tag.FrameOfReferenceUID, VR.UI, "1.2.03.4"));
        assertRefused(StrictRule.INVALID_UID, Tag.FrameOfReferenceUID, 0xA900,
                h -> h.setString(Tag.FrameOfReferenceUID, VR.UI, "1.2." + "3".repeat(70)));
        assertRefused(StrictRule.INVALID_UID, Tag.FrameOfReferenceUID, 0xA900,
                h -> h.setString(Tag.FrameOfReferenceUID, VR.UI, "1.2.abc"));
    }

    @Test
    void valuesLongerThanTheirVrAllowsAreRefused() throws IOException {
        assertRefused(StrictRule.VALUE_TOO_LONG, Tag.AccessionNumber, 0xA900,
                h -> h.setString(Tag.AccessionNumber, VR.SH, SECRET + "-12345678"));
        assertRefused(StrictRule.VALUE_TOO_LONG, Tag.PatientID, 0xA900,
                h -> h.setString(Tag.PatientID, VR.LO, SECRET + "X".repeat(60)));
        assertRefused(StrictRule.VALUE_TOO_LONG, Tag.PatientName, 0xA900,
                h -> h.setString(Tag.PatientName, VR.PN, SECRET + "^" + "Y".repeat(60)));
        assertRefused(StrictRule.VALUE_TOO_LONG, Tag.Modality, 0xA900,
                h -> h.setString(Tag.Modality, VR.CS, "CT_BUT_MUCH_TOO_LONG"));
    }

    @Test
    void invalidDatesAndTimesAreRefused() throws IOException {
        assertRefused(StrictRule.INVALID_DATE_TIME, Tag.StudyDate, 0xA900,
                h -> h.setString(Tag.StudyDate, VR.DA, "20241345"));
        assertRefused(StrictRule.INVALID_DATE_TIME, Tag.StudyTime, 0xA900,
                h -> h.setString(Tag.StudyTime, VR.TM, "25:61:00"));
        assertRefused(StrictRule.INVALID_DATE_TIME, Tag.AcquisitionDateTime, 0xA900,
                h -> h.setString(Tag.AcquisitionDateTime, VR.DT, "2024011"));
    }

    @Test
    void nonAsciiTextWithoutACharacterSetThatCoversItIsRefused() throws IOException {
        assertRefused(StrictRule.UNDECLARED_CHARACTERS, Tag.PatientName, 0xC000, h -> {
            h.remove(Tag.SpecificCharacterSet);
            h.setBytes(Tag.PatientName, VR.PN, "M\u00fcller^Hans".getBytes(StandardCharsets.ISO_8859_1));
        });
        assertRefused(StrictRule.UNDECLARED_CHARACTERS, Tag.InstitutionName, 0xC000, h -> {
            h.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
            h.setTextCodec(SpecificCharacterSet.of("ISO_IR 192"));
            h.setBytes(Tag.InstitutionName, VR.LO, new byte[] {'A', (byte) 0xFF, (byte) 0xFE, 'B'});
        });
    }

    @Test
    void declaredNonAsciiTextIsAccepted() throws IOException {
        SyntheticInstance i = TestInstances.instance(SEEDS.incrementAndGet()).build();
        StoreResult r = send(i, h -> {
            h.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
            h.setTextCodec(SpecificCharacterSet.of("ISO_IR 100"));
            h.setString(Tag.PatientName, VR.PN, "M\u00fcller^Hans");
        });
        assertThat(r.status()).isEqualTo(StoreResult.Status.STORED);
    }

    @Test
    void anUnknownCharacterSetIsRefused() throws IOException {
        assertRefused(StrictRule.UNKNOWN_CHARACTER_SET, Tag.SpecificCharacterSet, 0xC000,
                h -> h.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 999"));
    }

    @Test
    void nativePixelDataOfTheWrongLengthIsRefused() throws IOException {
        assertRefused(StrictRule.PIXEL_DATA_LENGTH, Tag.PixelData, 0xA900,
                h -> h.setInts(Tag.NumberOfFrames, VR.IS, 3));
        assertRefused(StrictRule.PIXEL_DATA_LENGTH, Tag.PixelData, 0xA900, h -> h.setInts(Tag.Rows, VR.US, 5));
    }

    @Test
    void aDestinationWithoutARuleAcceptsWhatOnlyThatRuleRefuses(@TempDir Path other) throws IOException {
        EnumSet<StrictRule> allButLength = EnumSet.complementOf(EnumSet.of(StrictRule.VALUE_TOO_LONG));
        try (StrictDestination lenient = StrictDestination.builder().aeTitle("LENIENT").folder(other)
                .rules(allButLength).build().start();
             DimseDestination to = DimseDestination.builder(lenient.ae()).callingAeTitle("FERRY").build()) {
            SyntheticInstance i = TestInstances.instance(SEEDS.incrementAndGet()).build();
            StoreResult r = send(to, i, h -> h.setString(Tag.AccessionNumber, VR.SH, "ACCESSION-TOO-LONG-1"));
            assertThat(r.status()).isEqualTo(StoreResult.Status.STORED);
            assertThat(lenient.refusals()).isEmpty();
            assertThat(lenient.accepted()).containsExactly(i.sopInstanceUid());
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void assertRefused(StrictRule rule, int tag, int status, Consumer<Dataset> breakIt) throws IOException {
        SyntheticInstance i = TestInstances.instance(SEEDS.incrementAndGet()).pixels(4, 4, 2).build();
        int before = strict.refusals().size();
        assertThatThrownBy(() -> send(i, breakIt)).as("storing an instance that breaks %s", rule)
                .isInstanceOfSatisfying(PermanentMigrationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ReasonCode.REFUSED);
                    assertThat(e.getMessage()).contains(String.format("%04XH", status))
                            .contains(dev.ferry.api.Tags.format(tag)).doesNotContain(SECRET);
                });
        assertThat(strict.refusals()).hasSize(before + 1);
        Refusal r = strict.refusals().get(before);
        assertThat(r.sopInstanceUid()).isEqualTo(i.sopInstanceUid());
        assertThat(r.rule()).isEqualTo(rule);
        assertThat(r.tag()).isEqualTo(tag);
        assertThat(r.errorComment()).hasSizeLessThanOrEqualTo(64).doesNotContain(SECRET);
        assertThat(strict.accepted()).doesNotContain(i.sopInstanceUid());
    }

    private StoreResult send(SyntheticInstance i, Consumer<Dataset> change) throws IOException {
        return send(toStrict, i, change);
    }

    private static StoreResult send(DimseDestination to, SyntheticInstance i, Consumer<Dataset> change)
            throws IOException {
        Dataset h = i.header().copy();
        change.accept(h);
        try (DicomInstance instance = new DicomInstance(i.descriptor(), h, i.transferSyntaxUid(), i.openRemainder(),
                i.remainderLength())) {
            return to.store(instance);
        }
    }
}
