package dev.ferry.dicom.coerce;

import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Rule} does to a header, in order. Every action works on top-level elements (a
 * private element through its creator); text actions ({@link Replace}, {@link MapValues},
 * {@link Trim}, {@link UpperCase}) leave an absent element, and an element whose VR is not text,
 * alone. An element a rule creates takes its VR from PS3.6 (a private one from {@code vr}).
 *
 * <p>Specific Character Set (0008,0005) is changed only by {@link ConvertToUtf8}, which re-encodes
 * every text value with it; nothing at or after Pixel Data can be a target (that is the remainder's).
 *
 * <p>Immutable and thread-safe; each record checks its arguments and names the field at fault.
 */
public sealed interface Action {

    /** Sets the element's whole value (backslash-separated if multi-valued), creating it if absent. */
    record Set(TagRef tag, VR vr, String value) implements Action {
        public Set {
            writable(tag, "set.tag");
            Objects.requireNonNull(value, "set.value");
            vr = textVr(tag, vr, "set");
        }
    }

    /**
     * Copies a value to another element (replacing it), converting between text and binary numbers
     * when the VRs differ (a private DS dose value into an FD attribute, say). A source held as UN
     * (implicit VR, unknown private element) is read as {@code sourceVr} if given. Nothing happens if
     * the source is absent.
     *
     * @param vr the target's VR; {@code null} for PS3.6's, or the source's for a private target
     * @param sourceVr how to read a source held as UN; {@code null} to copy UN bytes as they are
     */
    record Copy(TagRef from, TagRef to, VR vr, VR sourceVr) implements Action {
        public Copy {
            Objects.requireNonNull(from, "copy.from");
            writable(to, "copy.to");
        }
    }

    /** As {@link Copy}, then removes the source. */
    record Move(TagRef from, TagRef to, VR vr, VR sourceVr) implements Action {
        public Move {
            writable(from, "move.from");
            writable(to, "move.to");
        }
    }

    /** Removes the element (a sequence with its items). */
    record Remove(TagRef tag) implements Action {
        public Remove {
            writable(tag, "remove");
        }
    }

    /** Replaces every match of a regular expression in the value; {@code $1} refers to groups. */
    record Replace(TagRef tag, String regex, String replacement) implements Action {
        public Replace {
            writable(tag, "replace.tag");
            Condition.checkRegex(regex, "replace.pattern");
            Objects.requireNonNull(replacement, "replace.with");
        }
    }

    /**
     * Replaces the whole value by the table's value for it; a value the table lacks is left alone.
     *
     * @param table from → to, compared exactly (after trailing padding is removed)
     * @param source where the table came from (a CSV file name), for reports
     */
    record MapValues(TagRef tag, Map<String, String> table, String source) implements Action {
        public MapValues {
            writable(tag, "map.tag");
            table = Map.copyOf(table);
            source = source == null ? "" : source;
        }

        @Override
        public String toString() {
            return "MapValues[" + tag + ", " + table.size() + " entries from " + source + "]";
        }
    }

    /** Strips leading and trailing spaces of each value. */
    record Trim(TagRef tag) implements Action {
        public Trim {
            writable(tag, "trim");
        }
    }

    /** Upper-cases the value (Locale.ROOT). */
    record UpperCase(TagRef tag) implements Action {
        public UpperCase {
            writable(tag, "upperCase");
        }
    }

    /**
     * Rewrites malformed DA, TM and DT values into the standard form: {@code 2001.01.02},
     * {@code 2001-01-02}, {@code 01/02/2001} (read in {@code order}), {@code 20010102} with padding
     * or spaces, times with colons ({@code 10:20:30}). A value it cannot read is left as it is and
     * reported through {@link RuleListener#unfixable}. Changes are recorded with the reason
     * {@code CORRECT}.
     *
     * @param tags the elements to fix; empty for every top-level DA, TM and DT element
     * @param order how to read a date written with slashes ({@code 01/02/2001})
     */
    record FixDates(List<TagRef> tags, DateOrder order) implements Action {
        public FixDates {
            tags = List.copyOf(tags);
            for (TagRef t : tags) {
                writable(t, "fixDates.tags");
            }
            order = order == null ? DateOrder.DMY : order;
        }
    }

    /**
     * Re-encodes every text value (in items too) in UTF-8 and sets Specific Character Set
     * (0008,0005) to {@code ISO_IR 192}, in items that declare their own too. The text does not change,
     * so the reported change is Specific Character Set's alone.
     */
    record ConvertToUtf8() implements Action {}

    /** Refuses the instance: the coercer returns {@link dev.ferry.api.CoercionOutcome.Rejected}. */
    record Reject(String reason) implements Action {
        public Reject {
            Objects.requireNonNull(reason, "reject");
            if (reason.isBlank()) {
                throw new IllegalArgumentException("reject needs a reason");
            }
        }
    }

    /** How a date written with slashes (or dashes after the day) is read. */
    enum DateOrder {
        /** 01/02/2001 is the 1st of February. */
        DMY,
        /** 01/02/2001 is the 2nd of January. */
        MDY
    }

    private static void writable(TagRef ref, String field) {
        Objects.requireNonNull(ref, field);
        if (ref instanceof TagRef.Standard s) {
            int tag = s.tag();
            if (tag == Tag.OriginalAttributesSequence) {
                throw new IllegalArgumentException(field + ": the Original Attributes Sequence (0400,0561) is kept by"
                        + " the coercer itself");
            }
            if (tag == Tag.SpecificCharacterSet) {
                throw new IllegalArgumentException(field + ": Specific Character Set (0008,0005) is changed only by"
                        + " convertToUtf8, which re-encodes the text with it");
            }
            if (Tags.compare(tag, Tag.FloatPixelData) >= 0) {
                throw new IllegalArgumentException(field + ": " + Tags.format(tag) + " is at or after Pixel Data,"
                        + " which a coercer does not touch");
            }
            if (Tags.group(tag) == 0x0002 || Tags.element(tag) == 0 || Tags.group(tag) == 0xFFFE) {
                throw new IllegalArgumentException(field + ": " + Tags.format(tag) + " is not a data set element a rule"
                        + " can change (File Meta, group length or item tag)");
            }
        } else if (ref instanceof TagRef.Private p && p.tag().group() >= Tags.group(Tag.FloatPixelData)) {
            throw new IllegalArgumentException(field + ": private group " + String.format("%04X", p.tag().group())
                    + " is after Pixel Data, which a coercer does not touch");
        }
    }

    private static VR textVr(TagRef ref, VR vr, String field) {
        if (vr == null && ref instanceof TagRef.Private) {
            throw new IllegalArgumentException(field + " of the private element " + ref + " needs its vr");
        }
        if (vr != null && vr.kind() == VR.Kind.SEQUENCE) {
            throw new IllegalArgumentException(field + ".vr " + vr + " cannot be set from text");
        }
        return vr;
    }
}
