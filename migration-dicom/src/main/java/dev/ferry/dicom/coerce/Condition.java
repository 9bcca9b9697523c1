package dev.ferry.dicom.coerce;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * When a {@link Rule} applies to a header. Regular expressions must match the whole value
 * ({@link java.util.regex.Matcher#matches()}); those on equipment (manufacturer, model, station)
 * ignore case. Conditions combine with {@link All}, {@link Any} and {@link Not}.
 *
 * <p>The model is data: patterns are kept as text here and compiled once by {@link RuleCoercer}.
 * Each record checks its arguments and names the field at fault. Immutable and thread-safe.
 */
public sealed interface Condition {

    /** Always true: a rule with no {@code when}. */
    Condition ALWAYS = new All(List.of());

    /** Every condition holds (true when empty). */
    record All(List<Condition> conditions) implements Condition {
        public All {
            conditions = List.copyOf(conditions);
        }
    }

    /** At least one condition holds (false when empty). */
    record Any(List<Condition> conditions) implements Condition {
        public Any {
            conditions = List.copyOf(conditions);
        }
    }

    /** The condition does not hold. */
    record Not(Condition condition) implements Condition {
        public Not {
            Objects.requireNonNull(condition, "not");
        }
    }

    /** Modality (0008,0060) is one of these (compared in upper case). */
    record Modality(Set<String> modalities) implements Condition {
        public Modality {
            modalities = upper(modalities, "modality");
        }
    }

    /** Manufacturer (0008,0070) matches the regular expression, ignoring case. */
    record Manufacturer(String regex) implements Condition {
        public Manufacturer {
            checkRegex(regex, "manufacturer");
        }
    }

    /** Manufacturer's Model Name (0008,1090) matches the regular expression, ignoring case. */
    record Model(String regex) implements Condition {
        public Model {
            checkRegex(regex, "model");
        }
    }

    /** Station Name (0008,1010) matches the regular expression, ignoring case. */
    record StationName(String regex) implements Condition {
        public StationName {
            checkRegex(regex, "station");
        }
    }

    /**
     * The source archive is one of these: each is compared with the AE title of a
     * {@code dimse:AET@host:port} source name and with the whole source name
     * ({@link dev.ferry.api.CoercionContext#sourceName()}).
     */
    record SourceAeTitle(Set<String> aeTitles) implements Condition {
        public SourceAeTitle {
            Objects.requireNonNull(aeTitles, "sourceAeTitle");
            if (aeTitles.isEmpty()) {
                throw new IllegalArgumentException("sourceAeTitle must name at least one AE title");
            }
            aeTitles = Set.copyOf(aeTitles);
        }
    }

    /** The header reserves a block for this Private Creator, in {@code group} or, if 0, in any group. */
    record HasPrivateCreator(String creator, int group) implements Condition {
        public HasPrivateCreator {
            Objects.requireNonNull(creator, "privateCreator");
            creator = creator.strip();
            if (creator.isEmpty()) {
                throw new IllegalArgumentException("privateCreator must not be empty");
            }
            if (group != 0 && ((group & 1) == 0 || group <= 7 || group > 0xFFFE)) {
                throw new IllegalArgumentException(String.format("privateCreator group %04X is not a private group", group));
            }
        }
    }

    /** The element is present (with any value, empty included). */
    record Present(TagRef tag) implements Condition {
        public Present {
            Objects.requireNonNull(tag, "present");
        }
    }

    /** The element's whole value (as {@link dev.ferry.api.Dataset#getString(int)} gives it) matches; false if absent. */
    record Matches(TagRef tag, String regex) implements Condition {
        public Matches {
            Objects.requireNonNull(tag, "matches.tag");
            checkRegex(regex, "matches.pattern");
        }
    }

    /**
     * Study Date (0008,0020) lies in the range, both ends inclusive, either open ({@code null}); the
     * source's study date is used when the header has none or an unreadable one, and a study with no
     * date at all never matches.
     */
    record StudyDateBetween(LocalDate from, LocalDate to) implements Condition {
        public StudyDateBetween {
            if (from != null && to != null && from.isAfter(to)) {
                throw new IllegalArgumentException("studyDate range starts after it ends");
            }
        }
    }

    private static Set<String> upper(Set<String> values, String field) {
        Objects.requireNonNull(values, field);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(field + " must name at least one value");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(field + " has an empty value");
            }
            out.add(v.strip().toUpperCase(Locale.ROOT));
        }
        return Set.copyOf(out);
    }

    /** Checks a regular expression, naming the field; {@link RuleCoercer} compiles it again, once. */
    static void checkRegex(String regex, String field) {
        Objects.requireNonNull(regex, field);
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(field + " is not a valid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex(), e);
        }
    }
}
