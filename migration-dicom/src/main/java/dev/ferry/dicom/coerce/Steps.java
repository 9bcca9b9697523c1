package dev.ferry.dicom.coerce;

import dev.ferry.api.Dataset;
import dev.ferry.api.InvalidValueException;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.ElementDictionary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Actions compiled once (patterns compiled, VRs looked up) into steps a {@link Run} applies. Immutable. */
final class Steps {
    private static final ElementDictionary DICTIONARY = ElementDictionary.standard();
    /** A scratch tag for reading UN bytes as another VR. */
    private static final int SCRATCH = 0x00090010;

    private Steps() {}

    /** One compiled action. */
    interface Step {
        void apply(Run run);
    }

    /** A rejection: the coercer stops and returns it. */
    record Reject(String reason) implements Step {
        @Override
        public void apply(Run run) {
            throw new AssertionError("a rejection is handled by the coercer");
        }
    }

    static Step compile(Action action) {
        if (action instanceof Action.Set a) {
            return set(a);
        } else if (action instanceof Action.Copy a) {
            return copy(a.from(), a.to(), a.vr(), a.sourceVr(), false);
        } else if (action instanceof Action.Move a) {
            return copy(a.from(), a.to(), a.vr(), a.sourceVr(), true);
        } else if (action instanceof Action.Remove a) {
            TagRef ref = a.tag();
            return run -> {
                int tag = ref.resolve(run.header);
                if (tag >= 0) {
                    run.remove(tag);
                }
            };
        } else if (action instanceof Action.Replace a) {
            Pattern p = Pattern.compile(a.regex());
            String with = a.replacement();
            return text(a.tag(), v -> p.matcher(v).replaceAll(with));
        } else if (action instanceof Action.MapValues a) {
            Map<String, String> table = a.table();
            return text(a.tag(), v -> table.getOrDefault(v, v));
        } else if (action instanceof Action.Trim a) {
            return text(a.tag(), Steps::trimEach);
        } else if (action instanceof Action.UpperCase a) {
            return text(a.tag(), v -> v.toUpperCase(Locale.ROOT));
        } else if (action instanceof Action.FixDates a) {
            return fixDates(a);
        } else if (action instanceof Action.ConvertToUtf8) {
            return Utf8Conversion::apply;
        } else if (action instanceof Action.Reject a) {
            return new Reject(a.reason());
        }
        throw new IllegalArgumentException("unknown action " + action.getClass().getName());
    }

    private static Step set(Action.Set a) {
        TagRef ref = a.tag();
        VR vr = a.vr() != null ? a.vr() : dictionaryVr(ref, "set");
        if (!vr.isText()) {
            throw new IllegalArgumentException("set: " + ref + " has the VR " + vr + ", which is not text; copy a"
                    + " value into it instead");
        }
        String value = a.value();
        return run -> {
            int tag = run.writableTag(ref);
            if (tag >= 0) {
                run.setString(tag, vr, value);
            }
        };
    }

    /** A text function applied to the whole value of a text element; absent or non-text elements are left. */
    private static Step text(TagRef ref, java.util.function.UnaryOperator<String> f) {
        return run -> {
            int tag = ref.resolve(run.header);
            if (tag < 0) {
                return;
            }
            VR vr = run.header.vr(tag);
            if (vr == null || !vr.isText()) {
                return;
            }
            String v = run.header.getString(tag);
            String out = f.apply(v);
            if (!out.equals(v)) {
                run.setString(tag, vr, out);
            }
        };
    }

    private static String trimEach(String v) {
        if (v.indexOf('\\') < 0) {
            return v.strip();
        }
        String[] parts = v.split("\\\\", -1);
        for (int k = 0; k < parts.length; k++) {
            parts[k] = parts[k].strip();
        }
        return String.join("\\", parts);
    }

    private static Step fixDates(Action.FixDates a) {
        List<TagRef> refs = a.tags();
        Action.DateOrder order = a.order();
        return run -> {
            Dataset h = run.header;
            if (refs.isEmpty()) {
                List<Integer> tags = new ArrayList<>();
                for (int i = 0; i < h.size(); i++) {
                    VR vr = h.vrAt(i);
                    if (vr == VR.DA || vr == VR.TM || vr == VR.DT) {
                        tags.add(h.tagAt(i));
                    }
                }
                for (int tag : tags) {
                    fixDate(run, tag, order);
                }
            } else {
                for (TagRef ref : refs) {
                    int tag = ref.resolve(h);
                    if (tag >= 0 && h.contains(tag)) {
                        fixDate(run, tag, order);
                    }
                }
            }
        };
    }

    private static void fixDate(Run run, int tag, Action.DateOrder order) {
        Dataset h = run.header;
        int i = h.indexOf(tag);
        VR vr = h.vrAt(i);
        if (vr != VR.DA && vr != VR.TM && vr != VR.DT) {
            return;
        }
        String v = h.getString(tag);
        String fixed = DateFixer.fix(v, vr, order);
        if (fixed == null) {
            run.listener.unfixable(run.rule, tag);
            return;
        }
        boolean padded = h.encodedValueAt(i).length > fixed.length() + (fixed.length() % 2);
        if (!fixed.equals(v) || padded) {
            run.setString(tag, vr, fixed, true);
        }
    }

    private static Step copy(TagRef from, TagRef to, VR targetVr, VR sourceVr, boolean move) {
        VR fixedTarget = targetVr != null ? targetVr : to instanceof TagRef.Standard ? dictionaryVr(to, "copy") : null;
        return run -> {
            Dataset h = run.header;
            int src = from.resolve(h);
            if (src < 0 || !h.contains(src)) {
                return;
            }
            int dst = run.writableTag(to); // may reserve a private block: indexes move, so look up the source after
            if (dst < 0 || dst == src) {
                return;
            }
            int i = h.indexOf(src);
            VR sv = h.vrAt(i);
            Dataset.Sequence seq = h.sequenceAt(i);
            VR tv = fixedTarget != null ? fixedTarget : (sv == VR.UN && sourceVr != null ? sourceVr : sv);
            try {
                if (seq != null) {
                    if (tv != VR.SQ) {
                        run.listener.unfixable(run.rule, src);
                        return;
                    }
                    run.setSequence(dst, List.copyOf(seq));
                } else {
                    Dataset source = h;
                    int sourceTag = src;
                    if (sv == VR.UN && sourceVr != null && sourceVr != VR.UN) {
                        source = new Dataset(1);
                        byte[] raw = h.encodedValueAt(i);
                        source.setBytes(SCRATCH, sourceVr, sourceVr.isText() ? raw : raw.clone());
                        sourceTag = SCRATCH;
                        sv = sourceVr;
                    }
                    if (!convert(run, source, sourceTag, sv, dst, tv)) {
                        run.listener.unfixable(run.rule, src);
                        return;
                    }
                }
            } catch (InvalidValueException | IllegalArgumentException e) {
                run.listener.unfixable(run.rule, src);
                return;
            }
            if (move) {
                run.remove(src);
            }
        };
    }

    /** Writes the source's value to {@code dst} as {@code tv}; false if it cannot be converted. */
    private static boolean convert(Run run, Dataset source, int src, VR sv, int dst, VR tv) {
        boolean numericTarget = tv.kind() == VR.Kind.BINARY_NUMBER && tv != VR.AT;
        boolean numericSource = (sv.kind() == VR.Kind.BINARY_NUMBER && sv != VR.AT) || sv == VR.DS || sv == VR.IS;
        if (tv.isText()) {
            if (sv.isText()) {
                run.setString(dst, tv, source.getString(src));
            } else if (numericSource && (tv == VR.DS || tv == VR.IS)) {
                if (tv == VR.DS) {
                    run.setDoubles(dst, tv, source.getDoubles(src));
                } else {
                    run.setLongs(dst, tv, source.getLongs(src));
                }
            } else {
                return false;
            }
            return true;
        }
        if (numericTarget && numericSource) {
            if (tv == VR.FL || tv == VR.FD) {
                run.setDoubles(dst, tv, source.getDoubles(src));
            } else {
                double[] d = source.getDoubles(src);
                long[] l = new long[d.length];
                for (int k = 0; k < d.length; k++) {
                    if (d[k] != Math.rint(d[k])) {
                        return false;
                    }
                    l[k] = (long) d[k];
                }
                run.setLongs(dst, tv, l);
            }
            return true;
        }
        if (!sv.isText() && tv.kind() != VR.Kind.SEQUENCE && (tv == sv || tv == VR.UN || sv == VR.UN)) {
            run.setBytes(dst, tv, source.encodedValueAt(source.indexOf(src)).clone());
            return true;
        }
        return false;
    }

    private static VR dictionaryVr(TagRef ref, String field) {
        int tag = ((TagRef.Standard) ref).tag();
        VR vr = DICTIONARY.vrOf(tag);
        if (vr == VR.UN) {
            throw new IllegalArgumentException(field + ": " + Tags.format(tag) + " is not in the PS3.6 dictionary; give its vr");
        }
        return vr;
    }
}
