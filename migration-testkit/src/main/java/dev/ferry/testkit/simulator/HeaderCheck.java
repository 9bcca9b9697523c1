package dev.ferry.testkit.simulator;

import dev.ferry.api.Dataset;
import dev.ferry.api.InvalidValueException;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.charset.SpecificCharacterSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@link StrictRule}s, applied to one received header: the first rule broken, in the order the
 * enum lists them, with the attribute that broke it and an Error Comment (at most 64 characters, the
 * attribute's tag and keyword and the problem; never its value). Immutable and thread-safe.
 */
final class HeaderCheck {
    /** Which rule, which attribute, and what the refusal says. */
    record Violation(StrictRule rule, int tag, String comment) {}

    private static final int[] TYPE1 = {Tag.SOPClassUID, Tag.SOPInstanceUID, Tag.StudyInstanceUID,
            Tag.SeriesInstanceUID, Tag.Modality};
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final Set<VR> CHARSET_VRS = EnumSet.of(VR.SH, VR.LO, VR.ST, VR.LT, VR.PN, VR.UC, VR.UT);

    private final Set<StrictRule> rules;

    HeaderCheck(Set<StrictRule> rules) {
        this.rules = rules.isEmpty() ? EnumSet.noneOf(StrictRule.class) : EnumSet.copyOf(rules);
    }

    /**
     * The first rule {@code header} breaks, or {@code null} if it keeps them all.
     *
     * @param ts the data set's transfer syntax
     * @param pixelData the element header the remainder starts with, or {@code null} if none
     */
    Violation check(Dataset header, TransferSyntax ts, PixelDataHeader pixelData) {
        if (rules.contains(StrictRule.MISSING_TYPE1)) {
            for (int tag : TYPE1) {
                if (header.getString(tag, "").isBlank()) {
                    return violation(StrictRule.MISSING_TYPE1, tag, "missing or empty");
                }
            }
        }
        if (rules.contains(StrictRule.MISSING_PATIENT_ID) && header.getString(Tag.PatientID, "").isBlank()) {
            return violation(StrictRule.MISSING_PATIENT_ID, Tag.PatientID, "missing or empty");
        }
        Violation v = walk(header);
        if (v != null) {
            return v;
        }
        if (rules.contains(StrictRule.PIXEL_DATA_LENGTH) && pixelData != null && pixelData.isPixelData()
                && pixelData.valueLength() >= 0 && !ts.isEncapsulated()) {
            return pixelDataLength(header, pixelData.valueLength());
        }
        return null;
    }

    private Violation walk(Dataset ds) {
        if (ds.contains(Tag.SpecificCharacterSet) && rules.contains(StrictRule.UNKNOWN_CHARACTER_SET)
                && !SpecificCharacterSet.of(ds.getString(Tag.SpecificCharacterSet, "")).isRecognized()) {
            return violation(StrictRule.UNKNOWN_CHARACTER_SET, Tag.SpecificCharacterSet, "names no character set");
        }
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            VR vr = ds.vrAt(i);
            Dataset.Sequence sq = ds.sequenceAt(i);
            if (sq != null) {
                for (Dataset item : sq) {
                    Violation v = walk(item);
                    if (v != null) {
                        return v;
                    }
                }
                continue;
            }
            if (!vr.isText() || ds.fragmentsAt(i) != null) {
                continue;
            }
            Violation v = text(ds, i, tag, vr);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private Violation text(Dataset ds, int index, int tag, VR vr) {
        byte[] raw = ds.encodedValueAt(index);
        boolean nonAscii = false;
        for (byte b : raw) {
            if (b < 0) {
                nonAscii = true;
                break;
            }
        }
        String value = ds.getString(tag, "");
        if (nonAscii && rules.contains(StrictRule.UNDECLARED_CHARACTERS)) {
            boolean declared = CHARSET_VRS.contains(vr) && !ds.textCodec().specificCharacterSet().isEmpty();
            if (!declared) {
                return violation(StrictRule.UNDECLARED_CHARACTERS, tag, "bytes above 7FH without a character set");
            }
            if (value.indexOf('\uFFFD') >= 0) {
                return violation(StrictRule.UNDECLARED_CHARACTERS, tag, "bytes its character set does not hold");
            }
        }
        List<String> values = vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR ? List.of(value)
                : List.of(value.split("\\\\", -1));
        for (String v : values) {
            String s = vr == VR.PN || vr == VR.LT || vr == VR.ST || vr == VR.UT ? v : v.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (vr == VR.UI && rules.contains(StrictRule.INVALID_UID)) {
                String uid = s.replace("\0", "");
                if (uid.length() > 64) {
                    return violation(StrictRule.INVALID_UID, tag, "longer than 64");
                }
                if (!UID.matcher(uid).matches()) {
                    return violation(StrictRule.INVALID_UID, tag, "not a valid UID");
                }
            }
            if (rules.contains(StrictRule.VALUE_TOO_LONG)) {
                int max = maxLength(vr);
                if (vr == VR.PN) {
                    for (String group : s.split("=", -1)) {
                        if (group.length() > 64) {
                            return violation(StrictRule.VALUE_TOO_LONG, tag, "a name group longer than 64");
                        }
                    }
                } else if (max > 0 && s.length() > max) {
                    return violation(StrictRule.VALUE_TOO_LONG, tag, "longer than " + vr + " allows (" + max + ")");
                }
            }
            if (rules.contains(StrictRule.INVALID_DATE_TIME) && (vr == VR.DA || vr == VR.TM || vr == VR.DT)
                    && !validDateTime(s, vr)) {
                return violation(StrictRule.INVALID_DATE_TIME, tag, "not a valid " + vr);
            }
        }
        return null;
    }

    private static int maxLength(VR vr) {
        return switch (vr) {
            case SH, CS, AE, DS -> 16;
            case LO -> 64;
            case IS -> 12;
            case AS -> 4;
            case ST -> 1024;
            case LT -> 10240;
            default -> 0;
        };
    }

    private static boolean validDateTime(String s, VR vr) {
        if (s.contains(":") || (vr == VR.DA && s.contains("."))) {
            return false; // ACR-NEMA forms are not valid in a stored value
        }
        return Matching.normalize(s, vr, false) != null;
    }

    private Violation pixelDataLength(Dataset h, long length) {
        long rows = number(h, Tag.Rows);
        long columns = number(h, Tag.Columns);
        long bits = number(h, Tag.BitsAllocated);
        long samples = h.contains(Tag.SamplesPerPixel) ? number(h, Tag.SamplesPerPixel) : 1;
        long frames = h.contains(Tag.NumberOfFrames) ? number(h, Tag.NumberOfFrames) : 1;
        for (int[] t : new int[][] {{Tag.Rows, (int) rows}, {Tag.Columns, (int) columns},
                {Tag.BitsAllocated, (int) bits}, {Tag.SamplesPerPixel, (int) samples},
                {Tag.NumberOfFrames, (int) frames}}) {
            if (t[1] <= 0) {
                return violation(StrictRule.PIXEL_DATA_LENGTH, t[0], "missing or not a positive number");
            }
        }
        long bitsTotal = rows * columns * samples * frames * bits;
        long bytes = (bitsTotal + 7) / 8;
        if (length != bytes && length != bytes + (bytes & 1)) {
            return violation(StrictRule.PIXEL_DATA_LENGTH, Tag.PixelData, "length disagrees with the image size");
        }
        return null;
    }

    private static long number(Dataset h, int tag) {
        try {
            long[] v = h.getLongs(tag);
            return v.length == 0 ? -1 : v[0];
        } catch (InvalidValueException | IllegalArgumentException e) {
            return -1;
        }
    }

    private static Violation violation(StrictRule rule, int tag, String problem) {
        String keyword = Tags.keyword(tag);
        String comment = Tags.format(tag) + (keyword == null ? "" : " " + keyword) + ": " + problem;
        return new Violation(rule, tag, comment.length() > 64 ? comment.substring(0, 64) : comment);
    }
}
