package dev.ferry.dicom.coerce;

import dev.ferry.api.CoercionContext;
import dev.ferry.api.Dataset;
import dev.ferry.api.InvalidValueException;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Conditions compiled once into checks. Immutable and thread-safe. */
final class Checks {
    private Checks() {}

    /** One compiled condition. */
    interface Check {
        boolean test(Dataset header, CoercionContext context);
    }

    static Check compile(Condition c) {
        if (c instanceof Condition.All a) {
            Check[] parts = compileAll(a.conditions());
            return (h, ctx) -> {
                for (Check p : parts) {
                    if (!p.test(h, ctx)) {
                        return false;
                    }
                }
                return true;
            };
        } else if (c instanceof Condition.Any a) {
            Check[] parts = compileAll(a.conditions());
            return (h, ctx) -> {
                for (Check p : parts) {
                    if (p.test(h, ctx)) {
                        return true;
                    }
                }
                return false;
            };
        } else if (c instanceof Condition.Not n) {
            Check inner = compile(n.condition());
            return (h, ctx) -> !inner.test(h, ctx);
        } else if (c instanceof Condition.Modality m) {
            Set<String> set = m.modalities();
            return (h, ctx) -> {
                String v = h.getString(Tag.Modality);
                return v != null && set.contains(v.strip().toUpperCase(Locale.ROOT));
            };
        } else if (c instanceof Condition.Manufacturer m) {
            return equipment(Tag.Manufacturer, m.regex());
        } else if (c instanceof Condition.Model m) {
            return equipment(Tag.ManufacturerModelName, m.regex());
        } else if (c instanceof Condition.StationName m) {
            return equipment(Tag.StationName, m.regex());
        } else if (c instanceof Condition.SourceAeTitle s) {
            Set<String> titles = s.aeTitles();
            return (h, ctx) -> titles.contains(ctx.sourceName()) || titles.contains(aeTitleOf(ctx.sourceName()));
        } else if (c instanceof Condition.HasPrivateCreator p) {
            String creator = p.creator();
            int group = p.group();
            return (h, ctx) -> hasCreator(h, creator, group);
        } else if (c instanceof Condition.Present p) {
            TagRef ref = p.tag();
            return (h, ctx) -> {
                int tag = ref.resolve(h);
                return tag >= 0 && h.contains(tag);
            };
        } else if (c instanceof Condition.Matches m) {
            TagRef ref = m.tag();
            Pattern pattern = Pattern.compile(m.regex());
            return (h, ctx) -> {
                int tag = ref.resolve(h);
                if (tag < 0 || !h.contains(tag) || h.getSequence(tag) != null) {
                    return false;
                }
                String v = h.getString(tag);
                return v != null && pattern.matcher(v).matches();
            };
        } else if (c instanceof Condition.StudyDateBetween r) {
            LocalDate from = r.from();
            LocalDate to = r.to();
            return (h, ctx) -> {
                LocalDate d = studyDate(h, ctx);
                return d != null && (from == null || !d.isBefore(from)) && (to == null || !d.isAfter(to));
            };
        }
        throw new IllegalArgumentException("unknown condition " + c.getClass().getName());
    }

    private static Check[] compileAll(List<Condition> conditions) {
        Check[] out = new Check[conditions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = compile(conditions.get(i));
        }
        return out;
    }

    private static Check equipment(int tag, String regex) {
        Pattern p = Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return (h, ctx) -> {
            String v = h.getString(tag);
            return v != null && p.matcher(v.strip()).matches();
        };
    }

    /** The AE title of a {@code dimse:AET@host:port} source name, else the name itself. */
    static String aeTitleOf(String sourceName) {
        String s = sourceName.startsWith("dimse:") ? sourceName.substring("dimse:".length()) : sourceName;
        int at = s.indexOf('@');
        return at < 0 ? s : s.substring(0, at);
    }

    private static boolean hasCreator(Dataset h, String creator, int group) {
        int from = group == 0 ? 0 : h.indexOf((group << 16) | 0x10);
        if (from < 0) {
            from = -(from + 1);
        }
        for (int i = from; i < h.size(); i++) {
            int tag = h.tagAt(i);
            if (group != 0 && Tags.group(tag) != group) {
                break;
            }
            if (Tags.isPrivateCreator(tag) && h.sequenceAt(i) == null && h.fragmentsAt(i) == null) {
                String v = h.getString(tag);
                if (v != null && v.strip().equals(creator)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static LocalDate studyDate(Dataset h, CoercionContext ctx) {
        try {
            LocalDate d = h.getDate(Tag.StudyDate);
            if (d != null) {
                return d;
            }
        } catch (InvalidValueException e) {
            // an unreadable header date: the source's date decides
        }
        return ctx.study().studyDate();
    }
}
