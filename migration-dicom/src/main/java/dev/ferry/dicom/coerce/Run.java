package dev.ferry.dicom.coerce;

import dev.ferry.api.CoercionContext;
import dev.ferry.api.Dataset;
import dev.ferry.api.PrivateTag;
import dev.ferry.api.Tag;
import dev.ferry.api.TagChange;
import dev.ferry.api.TagPath;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.charset.SpecificCharacterSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One coercion of one header: every write goes through here, so that the first time an element is
 * touched its original is kept, and at the end the changes are reported as the difference between
 * original and final (several rules writing one element make one change) and the originals are
 * recorded in the Original Attributes Sequence (PS3.3 section C.12.1.1.9).
 *
 * <p>Not thread-safe: one per {@link RuleCoercer#coerce} call.
 */
final class Run {
    private static final int LO_MAX = 64;

    final Dataset header;
    final CoercionContext context;
    final RuleListener listener;
    private final RuleCoercer coercer;

    /** The rule and reason of the action running now. */
    Rule rule;
    Rule.Reason reason;

    private int[] tags = new int[8];
    private Original[] originals = new Original[8];
    private String[] lastRule = new String[8];
    private Rule.Reason[] reasons = new Rule.Reason[8];
    private int n;
    /** Changes inside items (Specific Character Set of an item converted to UTF-8). */
    private List<TagChange> nested;

    Run(Dataset header, CoercionContext context, RuleListener listener, RuleCoercer coercer) {
        this.header = header;
        this.context = context;
        this.listener = listener;
        this.coercer = coercer;
    }

    /** The original of an element: absent, or its VR, its value as a change report renders it, and the value itself. */
    private record Original(boolean present, VR vr, String text, Object value) {}

    // ---------------------------------------------------------------------------------------------
    // Writes.

    /** Keeps the element's original the first time it is touched, and records who touched it last. */
    void touch(int tag) {
        for (int i = 0; i < n; i++) {
            if (tags[i] == tag) {
                lastRule[i] = rule.name();
                return;
            }
        }
        if (n == tags.length) {
            int cap = n * 2;
            tags = Arrays.copyOf(tags, cap);
            originals = Arrays.copyOf(originals, cap);
            lastRule = Arrays.copyOf(lastRule, cap);
            reasons = Arrays.copyOf(reasons, cap);
        }
        tags[n] = tag;
        originals[n] = snapshot(tag, tag != Tag.OriginalAttributesSequence);
        lastRule[n] = rule == null ? coercer.name() : rule.name();
        reasons[n] = reason == null ? Rule.Reason.COERCE : reason;
        n++;
    }

    boolean touched(int tag) {
        for (int i = 0; i < n; i++) {
            if (tags[i] == tag) {
                return true;
            }
        }
        return false;
    }

    private Original snapshot(int tag, boolean keepValue) {
        int i = header.indexOf(tag);
        if (i < 0) {
            return new Original(false, null, null, null);
        }
        VR vr = header.vrAt(i);
        String text = header.valueAsText(tag);
        if (!keepValue) {
            return new Original(true, vr, text, null);
        }
        Object value;
        Dataset.Sequence seq = header.sequenceAt(i);
        if (seq != null) {
            List<Dataset> items = new ArrayList<>(seq.size());
            for (Dataset item : seq) {
                items.add(item.copy());
            }
            value = items;
        } else if (header.fragmentsAt(i) != null) {
            value = null; // encapsulated data nested at the top level does not occur; recorded empty
        } else if (vr.isText()) {
            value = header.getString(tag);
        } else {
            value = header.encodedValueAt(i); // the data set's own array: never changed in place, only replaced
        }
        return new Original(true, vr, text, value);
    }

    /** Sets a text value; false (and nothing touched) if the element already holds this text. */
    boolean setString(int tag, VR vr, String value) {
        return setString(tag, vr, value, false);
    }

    /**
     * Sets a text value; with {@code evenIfSameText}, also when only the encoding differs (padding
     * a fixed-length value must not have), a rewrite that no change report can show.
     */
    boolean setString(int tag, VR vr, String value, boolean evenIfSameText) {
        int i = header.indexOf(tag);
        VR vrBefore = null;
        String before = null;
        if (i >= 0 && header.sequenceAt(i) == null && header.fragmentsAt(i) == null) {
            vrBefore = header.vrAt(i);
            before = header.getString(tag);
            if (!evenIfSameText && vrBefore == vr && before.equals(stripTrailing(value))) {
                return false;
            }
        }
        if (Utf8Conversion.governed(vr) && !isAscii(value)) {
            header.textCodec().encode(value, vr); // refuses, naming the VR, a character the set cannot hold
        }
        touch(tag);
        header.setString(tag, vr, value);
        if (vrBefore != vr || before == null || !before.equals(stripTrailing(value))) {
            listener.changed(rule, tag);
        }
        return true;
    }

    void setDoubles(int tag, VR vr, double[] values) {
        Raw before = raw(tag);
        touch(tag);
        header.setDoubles(tag, vr, values);
        noteIfChanged(tag, before);
    }

    void setLongs(int tag, VR vr, long[] values) {
        Raw before = raw(tag);
        touch(tag);
        header.setLongs(tag, vr, values);
        noteIfChanged(tag, before);
    }

    void setBytes(int tag, VR vr, byte[] value) {
        Raw before = raw(tag);
        touch(tag);
        header.setBytes(tag, vr, value);
        noteIfChanged(tag, before);
    }

    /** Replaces the element with a sequence holding copies of {@code items}. */
    void setSequence(int tag, List<Dataset> items) {
        touch(tag);
        Dataset.Sequence seq = header.newSequence(tag);
        for (Dataset item : items) {
            seq.add(item.copy());
        }
        listener.changed(rule, tag);
    }

    boolean remove(int tag) {
        if (!header.contains(tag)) {
            return false;
        }
        touch(tag);
        header.remove(tag);
        listener.changed(rule, tag);
        return true;
    }

    /** An element as it is encoded ({@link Raw}), or {@code null} if absent: compared without rendering it as text. */
    private Raw raw(int tag) {
        int i = header.indexOf(tag);
        if (i < 0) {
            return null;
        }
        if (header.sequenceAt(i) != null || header.fragmentsAt(i) != null) {
            return new Raw(header.vrAt(i), null, header.valueAsText(tag));
        }
        return new Raw(header.vrAt(i), header.encodedValueAt(i), null);
    }

    /** An element's VR and encoded value (the data set's own array, never changed in place), or a sequence's text. */
    private record Raw(VR vr, byte[] bytes, String text) {}

    private void noteIfChanged(int tag, Raw before) {
        int i = header.indexOf(tag);
        boolean same = before != null && i >= 0 && before.vr() == header.vrAt(i)
                && (before.bytes() != null
                        ? header.sequenceAt(i) == null && header.fragmentsAt(i) == null
                                && Arrays.equals(before.bytes(), header.encodedValueAt(i))
                        : before.text().equals(header.valueAsText(tag)));
        if (!same) {
            listener.changed(rule, tag);
        }
    }

    /** The tag a write to {@code ref} goes to, reserving (and touching) a private block if needed. */
    int writableTag(TagRef ref) {
        if (ref instanceof TagRef.Standard s) {
            return s.tag();
        }
        PrivateTag p = ((TagRef.Private) ref).tag();
        int tag = header.resolve(p);
        if (tag >= 0) {
            return tag;
        }
        int base = p.group() << 16;
        for (int e = 0x10; e <= 0xFF; e++) {
            if (!header.contains(base | e)) {
                touch(base | e);
                return header.reserve(p);
            }
        }
        return -1; // all 240 blocks taken: the caller leaves the element alone
    }

    /** A change inside an item, made where no rule can touch it later (the character set of an item). */
    void nestedChange(TagChange change) {
        if (nested == null) {
            nested = new ArrayList<>(2);
        }
        nested.add(change);
    }

    // ---------------------------------------------------------------------------------------------
    // The end: report and keep the originals.

    /** The changes made, the Original Attributes Sequence item(s) added for them included. */
    List<TagChange> finish() {
        List<TagChange> out = new ArrayList<>(n + 1);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Tags.compare(tags[a], tags[b]));
        List<Integer> coerce = new ArrayList<>();
        List<Integer> correct = new ArrayList<>();
        for (int i : order) {
            TagChange c = change(i);
            if (c != null) {
                out.add(c);
                (reasons[i] == Rule.Reason.CORRECT ? correct : coerce).add(i);
            }
        }
        if (nested != null) {
            for (TagChange c : nested) {
                if (!touched(c.path().steps().get(0).sequenceTag())) {
                    out.add(c);
                }
            }
        }
        if (out.isEmpty()) {
            return out;
        }
        rule = null;
        touch(Tag.OriginalAttributesSequence);
        Dataset.Sequence oas = header.getSequence(Tag.OriginalAttributesSequence);
        if (oas == null) {
            oas = header.newSequence(Tag.OriginalAttributesSequence);
        }
        if (!coerce.isEmpty()) {
            addItem(oas, coerce, Rule.Reason.COERCE);
        }
        if (!correct.isEmpty()) {
            addItem(oas, correct, Rule.Reason.CORRECT);
        }
        if (coerce.isEmpty() && correct.isEmpty()) {
            addItem(oas, List.of(), Rule.Reason.COERCE); // only item character sets changed
        }
        out.add(change(n - 1));
        return out;
    }

    private TagChange change(int i) {
        int tag = tags[i];
        Original o = originals[i];
        int at = header.indexOf(tag);
        if (at < 0) {
            return o.present() ? new TagChange(TagPath.of(tag), o.vr(), o.text(), null, lastRule[i]) : null;
        }
        VR vr = header.vrAt(at);
        String text = header.valueAsText(tag);
        if (!o.present()) {
            return new TagChange(TagPath.of(tag), vr, null, text, lastRule[i]);
        }
        if (vr == o.vr() && text.equals(o.text())) {
            return null;
        }
        return new TagChange(TagPath.of(tag), vr, o.text(), text, lastRule[i]);
    }

    /** One item of the Original Attributes Sequence: the originals of {@code changed}, when, who, why. */
    private void addItem(Dataset.Sequence oas, List<Integer> changed, Rule.Reason why) {
        Dataset item = oas.addItem();
        Dataset modified = item.newSequence(Tag.ModifiedAttributesSequence).addItem();
        for (int i : changed) {
            int tag = tags[i];
            Original o = originals[i];
            if (!o.present()) {
                // Absent before: recorded empty, so that the item says the element was added.
                VR vr = header.vr(tag);
                modified.setEmpty(tag, vr == null ? VR.UN : vr);
            } else if (o.value() instanceof String s) {
                modified.setString(tag, o.vr(), s);
            } else if (o.value() instanceof byte[] b) {
                modified.setBytes(tag, o.vr(), b);
            } else if (o.value() instanceof List<?> items) {
                Dataset.Sequence seq = modified.newSequence(tag);
                for (Object d : items) {
                    seq.add((Dataset) d);
                }
            } else {
                modified.setEmpty(tag, o.vr());
            }
            int creator = Tags.creatorOf(tag);
            if (creator >= 0 && !modified.contains(creator)) {
                String name = header.getString(creator);
                if (name != null) {
                    modified.setString(creator, VR.LO, name);
                }
            }
            if (tag == Tag.SpecificCharacterSet) {
                // The originals are text of the old character set: this item declares it, as PS3.5 7.5.3 allows.
                modified.setTextCodec(SpecificCharacterSet.of(o.present() && o.value() instanceof String s ? s : ""));
            }
        }
        item.setString(Tag.AttributeModificationDateTime, VR.DT, coercer.timestamp());
        item.setString(Tag.ModifyingSystem, VR.LO, coercer.modifyingSystem());
        item.setString(Tag.SourceOfPreviousValues, VR.LO, truncate(context.sourceName()));
        item.setString(Tag.ReasonForTheAttributeModification, VR.CS, why.name());
    }

    private static String truncate(String s) {
        return s.length() <= LO_MAX ? s : s.substring(0, LO_MAX);
    }

    private static boolean isAscii(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        return s.substring(0, end);
    }
}
