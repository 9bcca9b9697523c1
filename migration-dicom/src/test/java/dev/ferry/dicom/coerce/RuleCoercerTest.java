package dev.ferry.dicom.coerce;

import static dev.ferry.dicom.coerce.CoercionTestSupport.context;
import static dev.ferry.dicom.coerce.CoercionTestSupport.coercer;
import static dev.ferry.dicom.coerce.CoercionTestSupport.ctHeader;
import static dev.ferry.dicom.coerce.CoercionTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.CoercionContext;
import dev.ferry.api.CoercionOutcome;
import dev.ferry.api.Dataset;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.PrivateTag;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.Tag;
import dev.ferry.api.TagChange;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Conditions, actions, the change report and the Original Attributes Sequence of {@link RuleCoercer}. */
class RuleCoercerTest {
    private static final TagRef INSTITUTION = TagRef.of(Tag.InstitutionName);
    private static final Action UPPER = new Action.UpperCase(INSTITUTION);

    private static List<TagChange> changes(CoercionOutcome o) {
        assertThat(o).isInstanceOf(CoercionOutcome.Applied.class);
        return ((CoercionOutcome.Applied) o).changes();
    }

    private static boolean fires(Condition when, Dataset h, String source) {
        RuleCoercer c = coercer(rule("r", when, UPPER));
        Dataset copy = h.copy();
        return !changes(c.coerce(copy, context(copy, source))).isEmpty();
    }

    @Test
    void conditionsOnEquipmentSourceCreatorValueAndDate() {
        assertThat(fires(new Condition.Modality(Set.of("ct")), ctHeader(), "x")).isTrue();
        assertThat(fires(new Condition.Modality(Set.of("MR")), ctHeader(), "x")).isFalse();
        assertThat(fires(new Condition.Manufacturer("ge medical.*"), ctHeader(), "x")).isTrue();
        assertThat(fires(new Condition.Manufacturer("SIEMENS"), ctHeader(), "x")).isFalse();
        assertThat(fires(new Condition.Model("LightSpeed\\d+"), ctHeader(), "x")).isTrue();
        assertThat(fires(new Condition.StationName("MR.*"), ctHeader(), "x")).isFalse();
        assertThat(fires(new Condition.SourceAeTitle(Set.of("LEGACY")), ctHeader(), "dimse:LEGACY@10.0.0.5:104")).isTrue();
        assertThat(fires(new Condition.SourceAeTitle(Set.of("LEGACY")), ctHeader(), "dimse:OTHER@10.0.0.5:104")).isFalse();
        assertThat(fires(new Condition.SourceAeTitle(Set.of("folder-a")), ctHeader(), "folder-a")).isTrue();

        Dataset p = ctHeader();
        p.setString(p.reserve(new PrivateTag("ACME 1.0", 0x0009, 0x10)), VR.DS, "12.5");
        assertThat(fires(new Condition.HasPrivateCreator("ACME 1.0", 0), p, "x")).isTrue();
        assertThat(fires(new Condition.HasPrivateCreator("ACME 1.0", 0x0009), p, "x")).isTrue();
        assertThat(fires(new Condition.HasPrivateCreator("ACME 1.0", 0x0011), p, "x")).isFalse();
        assertThat(fires(new Condition.HasPrivateCreator("OTHER", 0), p, "x")).isFalse();
        assertThat(fires(new Condition.Present(TagRef.parse("(0009,xx10)@ACME 1.0")), p, "x")).isTrue();
        assertThat(fires(new Condition.Present(TagRef.of(Tag.CTDIvol)), p, "x")).isFalse();

        assertThat(fires(new Condition.Matches(TagRef.of(Tag.StationName), "CT0\\d"), ctHeader(), "x")).isTrue();
        assertThat(fires(new Condition.Matches(TagRef.of(Tag.StationName), "CT"), ctHeader(), "x")).isFalse();
        assertThat(fires(new Condition.Matches(TagRef.of(Tag.AccessionNumber), ".*"), ctHeader(), "x")).isFalse();

        assertThat(fires(new Condition.StudyDateBetween(LocalDate.of(2015, 1, 1), LocalDate.of(2015, 12, 31)),
                ctHeader(), "x")).isTrue();
        assertThat(fires(new Condition.StudyDateBetween(null, LocalDate.of(2015, 6, 6)), ctHeader(), "x")).isFalse();
        assertThat(fires(new Condition.StudyDateBetween(LocalDate.of(2015, 6, 7), null), ctHeader(), "x")).isTrue();
    }

    @Test
    void conditionsCombine() {
        Condition ct = new Condition.Modality(Set.of("CT"));
        Condition mr = new Condition.Modality(Set.of("MR"));
        assertThat(fires(new Condition.All(List.of(ct, mr)), ctHeader(), "x")).isFalse();
        assertThat(fires(new Condition.Any(List.of(ct, mr)), ctHeader(), "x")).isTrue();
        assertThat(fires(new Condition.Not(mr), ctHeader(), "x")).isTrue();
        assertThat(fires(new Condition.Any(List.of()), ctHeader(), "x")).isFalse();
        assertThat(fires(Condition.ALWAYS, ctHeader(), "x")).isTrue();
    }

    @Test
    void textActionsAndTheirReport() {
        Dataset h = ctHeader();
        RuleCoercer c = coercer(
                rule("tidy", Condition.ALWAYS, new Action.Trim(INSTITUTION), UPPER,
                        new Action.Replace(TagRef.of(Tag.StationName), "^CT0?", "CT-"),
                        new Action.MapValues(TagRef.of(Tag.ManufacturerModelName), Map.of("LightSpeed16", "LS16"), "t.csv")),
                rule("set", Condition.ALWAYS, new Action.Set(TagRef.of(Tag.InstitutionalDepartmentName), null, "RADIOLOGY")));
        List<TagChange> changes = changes(c.coerce(h, context(h, "src")));

        assertThat(h.getString(Tag.InstitutionName)).isEqualTo("ST ELSEWHERE");
        assertThat(h.getString(Tag.StationName)).isEqualTo("CT-1");
        assertThat(h.getString(Tag.ManufacturerModelName)).isEqualTo("LS16");
        assertThat(h.getString(Tag.InstitutionalDepartmentName)).isEqualTo("RADIOLOGY");
        // Trim and upper-case of one element are one change, from the original to the final value.
        assertThat(changes).contains(
                new TagChange(TagPath.of(Tag.InstitutionName), VR.LO, "  St Elsewhere", "ST ELSEWHERE", "tidy"),
                new TagChange(TagPath.of(Tag.StationName), VR.SH, "CT01", "CT-1", "tidy"),
                new TagChange(TagPath.of(Tag.ManufacturerModelName), VR.LO, "LightSpeed16", "LS16", "tidy"),
                new TagChange(TagPath.of(Tag.InstitutionalDepartmentName), VR.LO, null, "RADIOLOGY", "set"),
                new TagChange(TagPath.of(Tag.OriginalAttributesSequence), VR.SQ, null, "[1 item]", "test-rules"));
        assertThat(changes).hasSize(5);
    }

    @Test
    void copyMoveAndRemoveIncludingPrivateElementsAndVrConversion() {
        Dataset h = ctHeader();
        int dose = h.reserve(new PrivateTag("ORION_RAD_PRIVATE", 0x0019, 0x10));
        h.setString(dose, VR.DS, "12.5");
        int implicit = h.reserve(new PrivateTag("ZEPHYR DOSE INFO 1", 0x0043, 0x11));
        h.setBytes(implicit, VR.UN, "880.25".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        RuleCoercer c = coercer(rule("dose", Condition.ALWAYS,
                new Action.Copy(TagRef.parse("(0019,xx10)@ORION_RAD_PRIVATE"), TagRef.of(Tag.CTDIvol), null, null),
                new Action.Move(TagRef.parse("(0043,xx11)@ZEPHYR DOSE INFO 1"),
                        TagRef.parse("(0009,xx01)@FERRY DOSE"), VR.FD, VR.DS),
                new Action.Copy(TagRef.of(Tag.StationName), TagRef.of(Tag.PerformedStationName), null, null),
                new Action.Remove(TagRef.of(Tag.PatientName)),
                new Action.Remove(TagRef.of(Tag.AccessionNumber))));
        List<TagChange> changes = changes(c.coerce(h, context(h, "src")));

        assertThat(h.vr(Tag.CTDIvol)).isEqualTo(VR.FD);
        assertThat(h.getDouble(Tag.CTDIvol, 0)).isEqualTo(12.5);
        assertThat(h.contains(implicit)).isFalse();
        int moved = h.resolve(new PrivateTag("FERRY DOSE", 0x0009, 0x01));
        assertThat(h.vr(moved)).isEqualTo(VR.FD);
        assertThat(h.getDouble(moved, 0)).isEqualTo(880.25);
        assertThat(h.getString(Tag.PerformedStationName)).isEqualTo("CT01");
        assertThat(h.contains(Tag.PatientName)).isFalse();
        assertThat(changes).extracting(TagChange::path).contains(TagPath.of(Tag.CTDIvol), TagPath.of(implicit),
                TagPath.of(moved), TagPath.of(moved & 0xFFFF0000 | (moved >>> 8 & 0xFF)), TagPath.of(Tag.PatientName));
        assertThat(changes).filteredOn(ch -> ch.path().equals(TagPath.of(Tag.PatientName)))
                .containsExactly(new TagChange(TagPath.of(Tag.PatientName), VR.PN, "DOE^JANE", null, "dose"));
    }

    @Test
    void originalAttributesSequenceKeepsTheOriginalsWithWhenWhoWhereAndWhy() {
        Dataset h = ctHeader();
        h.setString(Tag.AcquisitionDate, VR.DA, "2015.06.07");
        RuleCoercer c = coercer(
                rule("upper", Condition.ALWAYS, UPPER, new Action.Set(TagRef.of(Tag.InstitutionalDepartmentName), null, "X")),
                rule("dates", Condition.ALWAYS, new Action.FixDates(List.of(), null)));
        c.coerce(h, context(h, "dimse:LEGACY@10.0.0.5:104"));

        Dataset.Sequence oas = h.getSequence(Tag.OriginalAttributesSequence);
        assertThat(oas).hasSize(2);
        Dataset coerce = oas.get(0);
        assertThat(coerce.getString(Tag.ReasonForTheAttributeModification)).isEqualTo("COERCE");
        assertThat(coerce.getString(Tag.ModifyingSystem)).isEqualTo("FERRY");
        assertThat(coerce.getString(Tag.SourceOfPreviousValues)).isEqualTo("dimse:LEGACY@10.0.0.5:104");
        assertThat(coerce.getString(Tag.AttributeModificationDateTime)).isEqualTo("20260304050607.123456+0000");
        Dataset modified = coerce.getSequence(Tag.ModifiedAttributesSequence).get(0);
        assertThat(modified.getString(Tag.InstitutionName)).isEqualTo("  St Elsewhere");
        assertThat(modified.contains(Tag.InstitutionalDepartmentName)).isTrue();
        assertThat(modified.getString(Tag.InstitutionalDepartmentName)).isEmpty();
        assertThat(modified.contains(Tag.AcquisitionDate)).isFalse();
        Dataset correct = oas.get(1);
        assertThat(correct.getString(Tag.ReasonForTheAttributeModification)).isEqualTo("CORRECT");
        assertThat(correct.getSequence(Tag.ModifiedAttributesSequence).get(0).getString(Tag.AcquisitionDate))
                .isEqualTo("2015.06.07");
        assertThat(h.getString(Tag.AcquisitionDate)).isEqualTo("20150607");
    }

    @Test
    void sameInputGivesTheSameHeaderAndCoercingAgainChangesNothing() throws Exception {
        RuleCoercer c = coercer(rule("upper", Condition.ALWAYS, new Action.Trim(INSTITUTION), UPPER,
                new Action.FixDates(List.of(), null), new Action.ConvertToUtf8()));
        Dataset a = ctHeader();
        Dataset b = ctHeader();
        CoercionOutcome first = c.coerce(a, context(a, "s"));
        CoercionOutcome second = c.coerce(b, context(b, "s"));
        assertThat(second).isEqualTo(first);
        assertThat(DicomWriter.encode(b, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))
                .isEqualTo(DicomWriter.encode(a, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

        assertThat(c.coerce(a, context(a, "s"))).isEqualTo(CoercionOutcome.UNCHANGED);
        assertThat(a.getSequence(Tag.OriginalAttributesSequence)).hasSize(1);
    }

    @Test
    void aSecondRunAddsASecondItem() {
        Dataset h = ctHeader();
        coercer(rule("upper", Condition.ALWAYS, UPPER)).coerce(h, context(h, "s"));
        List<TagChange> changes = changes(coercer(rule("set", Condition.ALWAYS,
                new Action.Set(INSTITUTION, null, "OTHER"))).coerce(h, context(h, "s")));
        assertThat(h.getSequence(Tag.OriginalAttributesSequence)).hasSize(2);
        assertThat(changes).contains(new TagChange(TagPath.of(Tag.OriginalAttributesSequence), VR.SQ, "[1 item]",
                "[2 items]", "test-rules"));
    }

    @Test
    void rejectStopsWithTheRuleAndItsReasonButNoValue() {
        Dataset h = ctHeader();
        RuleCoercer c = coercer(rule("no-test-patients",
                new Condition.Matches(TagRef.of(Tag.PatientID), "MRN.*"), new Action.Reject("test patient")));
        CoercionOutcome o = c.coerce(h, context(h, "s"));
        assertThat(o).isInstanceOf(CoercionOutcome.Rejected.class);
        CoercionOutcome.Rejected r = (CoercionOutcome.Rejected) o;
        assertThat(r.reason()).isEqualTo(ReasonCode.COERCION_REJECTED);
        assertThat(r.detail()).contains("no-test-patients", "test patient").doesNotContain("MRN12345");
    }

    @Test
    void datesAndTimesAreFixedOrLeftAndReported() {
        Dataset h = ctHeader();
        h.setString(Tag.StudyDate, VR.DA, "01/02/2001");
        h.setString(Tag.SeriesDate, VR.DA, "2001-01-02");
        h.setBytes(Tag.AcquisitionDate, VR.DA, "20010102  ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        h.setString(Tag.ContentDate, VR.DA, "not a date");
        h.setString(Tag.StudyTime, VR.TM, "10:20:30");
        h.setString(Tag.SeriesTime, VR.TM, "7:05");
        h.setString(Tag.AcquisitionDateTime, VR.DT, "2001-01-02 10:20:30");
        List<Integer> unfixable = new ArrayList<>();
        RuleCoercer c = coercer(rule("dates", Condition.ALWAYS, new Action.FixDates(List.of(), Action.DateOrder.MDY)));
        c.coerce(h, context(h, "s"), new RuleListener() {
            @Override
            public void unfixable(Rule rule, int tag) {
                unfixable.add(tag);
            }
        });
        assertThat(h.getString(Tag.StudyDate)).isEqualTo("20010102");
        assertThat(h.getString(Tag.SeriesDate)).isEqualTo("20010102");
        assertThat(h.getBytes(Tag.AcquisitionDate)).hasSize(8);
        assertThat(h.getString(Tag.ContentDate)).isEqualTo("not a date");
        assertThat(h.getString(Tag.StudyTime)).isEqualTo("102030");
        assertThat(h.getString(Tag.SeriesTime)).isEqualTo("0705");
        assertThat(h.getString(Tag.AcquisitionDateTime)).isEqualTo("20010102102030");
        assertThat(unfixable).containsExactly(Tag.ContentDate);

        assertThat(DateFixer.date("01/02/2001", Action.DateOrder.DMY)).isEqualTo("20010201");
        assertThat(DateFixer.date("31.12.1999", Action.DateOrder.DMY)).isEqualTo("19991231");
        assertThat(DateFixer.date("2001.02.30", Action.DateOrder.DMY)).isNull();
        assertThat(DateFixer.time("25:00")).isNull();
    }

    @Test
    void convertsLatin1ToUtf8AndKeepsTheOldCharacterSetInTheOriginals() throws Exception {
        Dataset h = CoercionTestSupport.read("chrGerm.dcm");
        String name = h.getString(Tag.PatientName);
        assertThat(name).contains("ü");
        RuleCoercer c = coercer(rule("utf8", Condition.ALWAYS, new Action.ConvertToUtf8()));
        List<TagChange> changes = changes(c.coerce(h, lenientContext(h)));
        assertThat(changes).extracting(ch -> ch.path().tag())
                .containsExactlyInAnyOrder(Tag.SpecificCharacterSet, Tag.OriginalAttributesSequence);

        Dataset back = roundTrip(h);
        assertThat(back.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(back.getString(Tag.PatientName)).isEqualTo(name);
        assertThat(new String(back.getBytes(Tag.PatientName), java.nio.charset.StandardCharsets.UTF_8)).startsWith(name);
        Dataset modified = back.getSequence(Tag.OriginalAttributesSequence).get(0)
                .getSequence(Tag.ModifiedAttributesSequence).get(0);
        assertThat(modified.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 100");
    }

    @Test
    void convertsIso2022JapaneseToUtf8() throws Exception {
        Dataset h = CoercionTestSupport.read("chrH32.dcm");
        String name = h.getString(Tag.PatientName);
        coercer(rule("utf8", Condition.ALWAYS, new Action.ConvertToUtf8())).coerce(h, lenientContext(h));
        Dataset back = roundTrip(h);
        assertThat(back.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(back.getString(Tag.PatientName)).isEqualTo(name).contains("ﾔﾏﾀﾞ", "山田");
    }

    @Test
    void convertsItemsThatDeclareTheirOwnCharacterSet() throws Exception {
        Dataset h = CoercionTestSupport.read("chrSQEncoding1.dcm");
        Dataset before = h.copy();
        List<TagChange> changes = changes(coercer(rule("utf8", Condition.ALWAYS, new Action.ConvertToUtf8()))
                .coerce(h, lenientContext(h)));
        Dataset back = roundTrip(h);
        back.remove(Tag.OriginalAttributesSequence);
        assertThat(text(back)).isEqualTo(text(before));

        Dataset own = CoercionTestSupport.read("chrSQEncoding.dcm");
        Dataset ownBefore = own.copy();
        changes = changes(coercer(rule("utf8", Condition.ALWAYS, new Action.ConvertToUtf8()))
                .coerce(own, lenientContext(own)));
        Dataset ownBack = roundTrip(own);
        ownBack.remove(Tag.OriginalAttributesSequence);
        assertThat(text(ownBack)).isEqualTo(text(ownBefore));
        assertThat(changes).anySatisfy(ch -> {
            assertThat(ch.path().isTopLevel()).isFalse();
            assertThat(ch.path().tag()).isEqualTo(Tag.SpecificCharacterSet);
            assertThat(ch.after()).isEqualTo("ISO_IR 192");
        });
    }

    @Test
    void valuesTheCharacterSetCannotHoldAreRefused() {
        Dataset h = ctHeader();
        CoercionOutcome o = coercer(rule("set", Condition.ALWAYS, new Action.Set(INSTITUTION, null, "病院")))
                .coerce(h, context(h, "s"));
        assertThat(o).isInstanceOf(CoercionOutcome.Rejected.class);
        assertThat(((CoercionOutcome.Rejected) o).reason()).isEqualTo(ReasonCode.INVALID_VALUE);
    }

    /** Every governed text value, with the path it is at, as decoded. */
    private static List<String> text(Dataset d) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            int tag = d.tagAt(i);
            Dataset.Sequence s = d.sequenceAt(i);
            if (s != null) {
                for (Dataset item : s) {
                    for (String t : text(item)) {
                        out.add(tag + ">" + t);
                    }
                }
            } else if (Utf8Conversion.governed(d.vrAt(i))) {
                out.add(tag + "=" + d.getString(tag));
            }
        }
        return out;
    }

    private static Dataset roundTrip(Dataset h) throws Exception {
        byte[] bytes = DicomWriter.encode(h, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(bytes),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "round trip")) {
            return o.header();
        }
    }

    private static CoercionContext lenientContext(Dataset h) {
        InstanceDescriptor i = new InstanceDescriptor("1.2.3", "1.2.3.4", h.getString(Tag.SOPInstanceUID, "1.2.3.4.5"),
                h.getString(Tag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7"), StudyDescriptor.UNKNOWN);
        return new CoercionContext("corpus", StudyDescriptor.ofUid("1.2.3"), i, null);
    }
}
