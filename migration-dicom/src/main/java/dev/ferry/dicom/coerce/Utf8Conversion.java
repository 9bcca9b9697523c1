package dev.ferry.dicom.coerce;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.TagChange;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import dev.ferry.dicom.charset.SpecificCharacterSet;

/**
 * Re-encodes a header's text in UTF-8 (ISO_IR 192): every value of a VR that the Specific Character
 * Set governs (PN, LO, SH, ST, LT, UT, UC; PS3.5 section 6.1.2.3), in items too, is decoded with its
 * data set's old character set and kept as text, then the character sets are switched. The other
 * VRs are in the default repertoire whatever the character set and keep their bytes.
 */
final class Utf8Conversion {
    static final String ISO_IR_192 = "ISO_IR 192";
    private static final SpecificCharacterSet UTF8 = SpecificCharacterSet.of(ISO_IR_192);

    private Utf8Conversion() {}

    static void apply(Run run) {
        Dataset h = run.header;
        String current = h.getString(Tag.SpecificCharacterSet);
        if (ISO_IR_192.equals(current == null ? null : current.strip()) && !itemsDeclareOther(h)) {
            return;
        }
        decodeAll(h);
        h.setTextCodec(UTF8);
        run.setString(Tag.SpecificCharacterSet, VR.CS, ISO_IR_192);
        switchItems(run, h, null);
    }

    private static boolean itemsDeclareOther(Dataset d) {
        for (int i = 0; i < d.size(); i++) {
            Dataset.Sequence seq = d.sequenceAt(i);
            if (seq != null) {
                for (Dataset item : seq) {
                    String cs = item.getString(Tag.SpecificCharacterSet);
                    if (keepsOwn(item, d.tagAt(i))) {
                        continue;
                    }
                    if ((cs != null && !ISO_IR_192.equals(cs.strip())) || itemsDeclareOther(item)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Turns every governed text value into a string, decoded with the data set's current codec. */
    private static void decodeAll(Dataset d) {
        for (int i = 0; i < d.size(); i++) {
            Dataset.Sequence seq = d.sequenceAt(i);
            if (seq != null) {
                for (Dataset item : seq) {
                    if (!keepsOwn(item, d.tagAt(i))) {
                        decodeAll(item);
                    }
                }
                continue;
            }
            VR vr = d.vrAt(i);
            if (governed(vr) && d.fragmentsAt(i) == null) {
                int tag = d.tagAt(i);
                d.setString(tag, vr, d.getString(tag));
            }
        }
    }

    /** Items that declare a character set of their own now declare UTF-8; the others inherit it. */
    private static void switchItems(Run run, Dataset d, TagPath at) {
        for (int i = 0; i < d.size(); i++) {
            Dataset.Sequence seq = d.sequenceAt(i);
            if (seq == null) {
                continue;
            }
            int seqTag = d.tagAt(i);
            for (int k = 0; k < seq.size(); k++) {
                Dataset item = seq.get(k);
                if (keepsOwn(item, seqTag)) {
                    continue;
                }
                String cs = item.getString(Tag.SpecificCharacterSet);
                if (cs != null) {
                    item.setTextCodec(UTF8);
                    if (!ISO_IR_192.equals(cs)) {
                        item.setString(Tag.SpecificCharacterSet, VR.CS, ISO_IR_192);
                        run.nestedChange(new TagChange(nestedPath(at, seqTag, k, Tag.SpecificCharacterSet), VR.CS,
                                cs, ISO_IR_192, run.rule.name()));
                    }
                } else {
                    item.setTextCodec(null);
                }
                switchItems(run, item, nestedPath(at, seqTag, k, -1));
            }
        }
    }

    /** The path of {@code tag} in item {@code k} of sequence {@code seqTag} under {@code at}; a step path if tag is -1. */
    private static TagPath nestedPath(TagPath at, int seqTag, int k, int tag) {
        java.util.List<TagPath.Step> steps = new java.util.ArrayList<>(at == null ? java.util.List.of() : at.steps());
        steps.add(new TagPath.Step(seqTag, k));
        return new TagPath(steps, tag < 0 ? 0 : tag);
    }

    /**
     * An item of the Original Attributes Sequence's Modified Attributes Sequence that declares its own
     * character set holds originals in that set, on purpose: it is left as it is.
     */
    private static boolean keepsOwn(Dataset item, int sequenceTag) {
        return sequenceTag == Tag.ModifiedAttributesSequence && item.contains(Tag.SpecificCharacterSet);
    }

    static boolean governed(VR vr) {
        return vr == VR.PN || vr == VR.LO || vr == VR.SH || vr == VR.ST || vr == VR.LT || vr == VR.UT || vr == VR.UC;
    }
}
