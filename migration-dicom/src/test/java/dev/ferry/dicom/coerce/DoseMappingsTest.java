package dev.ferry.dicom.coerce;

import static dev.ferry.dicom.coerce.CoercionTestSupport.CLOCK;
import static dev.ferry.dicom.coerce.CoercionTestSupport.context;
import static dev.ferry.dicom.coerce.CoercionTestSupport.ctHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.CoercionOutcome;
import dev.ferry.api.Dataset;
import dev.ferry.api.PrivateTag;
import dev.ferry.api.Tag;
import dev.ferry.api.TagChange;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DoseMappingsTest {

    static List<DoseMapping> everyEntry() {
        List<DoseMapping> all = new java.util.ArrayList<>(DoseMappings.builtIn());
        all.addAll(TestkitDoseMappings.entries());
        return all;
    }

    /** A CT header whose vendor block (reserved at {@code block}) holds 12.5 in the entry's private element. */
    private static Dataset withPrivate(DoseMapping m, int block) {
        Dataset h = ctHeader();
        h.setString((m.group() << 16) | block, VR.LO, m.creator());
        int tag = new PrivateTag(m.creator(), m.group(), m.offset()).inBlock(block);
        if (m.privateVr().isText()) {
            h.setString(tag, m.privateVr(), "12.5");
        } else {
            h.setDoubles(tag, m.privateVr(), 12.5);
        }
        return h;
    }

    @ParameterizedTest
    @MethodSource("everyEntry")
    void everyEntryCitesItsSourceAndMapsItsPrivateValueToTheStandardAttribute(DoseMapping m) {
        assertThat(m.source()).isNotBlank();
        Dataset h = withPrivate(m, 0x12); // whatever block the file reserved
        CoercionOutcome o = DoseMappings.coercer(List.of(m), CLOCK).coerce(h, context(h, "legacy"));

        assertThat(o).isInstanceOf(CoercionOutcome.Applied.class);
        assertThat(h.getDouble(m.standard(), Double.NaN)).isEqualTo(12.5);
        assertThat(((CoercionOutcome.Applied) o).changes()).contains(
                new TagChange(TagPath.of(m.standard()), h.vr(m.standard()), null, "12.5", m.ruleName()));
        // The private value stays where it was.
        assertThat(h.getDouble(new PrivateTag(m.creator(), m.group(), m.offset()).inBlock(0x12), Double.NaN))
                .isEqualTo(12.5);
    }

    @Test
    void aPresentStandardAttributeIsNeverOverwrittenButAnEmptyOneIsFilled() {
        DoseMapping orion = TestkitDoseMappings.entries().get(1);
        Dataset h = withPrivate(orion, 0x10);
        h.setDoubles(Tag.CTDIvol, VR.FD, 7.25);
        CoercionOutcome o = DoseMappings.coercer(List.of(orion), CLOCK).coerce(h, context(h, "legacy"));
        assertThat(((CoercionOutcome.Applied) o).changes()).isEmpty();
        assertThat(h.getDouble(Tag.CTDIvol, 0)).isEqualTo(7.25);
        assertThat(h.contains(Tag.OriginalAttributesSequence)).isFalse();

        Dataset empty = withPrivate(orion, 0x10);
        empty.setEmpty(Tag.CTDIvol, VR.FD);
        DoseMappings.coercer(List.of(orion), CLOCK).coerce(empty, context(empty, "legacy"));
        assertThat(empty.getDouble(Tag.CTDIvol, 0)).isEqualTo(12.5);
    }

    @Test
    void nothingHappensWithoutThePrivateValueOrWithAnotherCreatorsElementAtTheSameTag() {
        DoseMapping orion = TestkitDoseMappings.entries().get(1);
        Dataset none = ctHeader();
        assertThat(((CoercionOutcome.Applied) DoseMappings.coercer(List.of(orion), CLOCK)
                .coerce(none, context(none, "legacy"))).changes()).isEmpty();

        Dataset other = ctHeader();
        other.setString(0x00190010, VR.LO, "SOMEONE ELSE");
        other.setString(0x00191010, VR.DS, "99");
        DoseMappings.coercer(List.of(orion), CLOCK).coerce(other, context(other, "legacy"));
        assertThat(other.contains(Tag.CTDIvol)).isFalse();
    }

    @Test
    void theOriginalAttributesSequenceRecordsTheAddedAttributeAsAbsentWithReasonCoerce() {
        DoseMapping acme = TestkitDoseMappings.entries().get(0);
        Dataset h = withPrivate(acme, 0x10);
        DoseMappings.coercer(List.of(acme), CLOCK).coerce(h, context(h, "dimse:LEGACY@pacs:104"));

        Dataset.Sequence oas = h.getSequence(Tag.OriginalAttributesSequence);
        assertThat(oas).hasSize(1);
        Dataset item = oas.get(0);
        assertThat(item.getString(Tag.ReasonForTheAttributeModification)).isEqualTo("COERCE");
        assertThat(item.getString(Tag.ModifyingSystem)).isEqualTo("FERRY");
        assertThat(item.getString(Tag.SourceOfPreviousValues)).isEqualTo("dimse:LEGACY@pacs:104");
        assertThat(item.getString(Tag.AttributeModificationDateTime)).isEqualTo("20260304050607.123456+0000");
        Dataset modified = item.getSequence(Tag.ModifiedAttributesSequence).get(0);
        assertThat(modified.contains(Tag.CTDIvol)).isTrue();
        assertThat(modified.valueAsText(Tag.CTDIvol)).isEmpty();
    }

    @Test
    void aValueHeldAsUnIsReadWithTheEntrysVrAfterAnImplicitVrRoundTrip() throws IOException {
        DoseMapping orion = TestkitDoseMappings.entries().get(1);
        Dataset h = withPrivate(orion, 0x10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TransferSyntax ts = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        DicomWriter.writeFile(out, null, DicomWriter.fileMeta(h, ts, "TEST"), h, new ByteArrayInputStream(new byte[0]),
                ts, null);
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(out.toByteArray()), "test")) {
            Dataset back = o.header();
            DoseMappings.coercer(List.of(orion), CLOCK).coerce(back, context(back, "legacy"));
            assertThat(back.getDouble(Tag.CTDIvol, 0)).isEqualTo(12.5);
            assertThat(back.vr(Tag.CTDIvol)).isEqualTo(VR.FD);
        }
    }

    @Test
    void retentionChecksCoverOnlyEntriesWhoseBlockIsKnown() {
        List<DoseMappings.RetentionCheck> checks = DoseMappings.retentionChecks(everyEntry());
        assertThat(checks).containsExactly(
                new DoseMappings.RetentionCheck(TagPath.of(Tag.CTDIvol), TagPath.of(0x00091010)),
                new DoseMappings.RetentionCheck(TagPath.of(Tag.CTDIvol), TagPath.of(0x00191010)),
                new DoseMappings.RetentionCheck(TagPath.of(Tag.CTDIvol), TagPath.of(0x00431010)));
        assertThat(DoseMappings.unchecked(everyEntry())).containsExactlyElementsOf(DoseMappings.builtIn());
    }

    @Test
    void anEntryMustCiteItsSourceAndNameAPrivateElementAndAStandardAttribute() {
        assertThatThrownBy(() -> new DoseMapping("ACME", 0x0009, 0x10, VR.DS, Tag.CTDIvol, -1, " "))
                .hasMessageContaining("cite its public source");
        assertThatThrownBy(() -> new DoseMapping("ACME", 0x0008, 0x10, VR.DS, Tag.CTDIvol, -1, "doc"))
                .hasMessageContaining("not a private group");
        assertThatThrownBy(() -> new DoseMapping("ACME", 0x0009, 0x10, VR.DS, 0x00091010, -1, "doc"))
                .hasMessageContaining("not a standard");
        assertThatThrownBy(() -> new DoseMapping("ACME", 0x0009, 0x10, VR.UN, Tag.CTDIvol, -1, "doc"))
                .hasMessageContaining("privateVr");
    }
}
