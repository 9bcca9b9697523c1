package dev.ferry.dicom.charset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One value of a PN (Person Name) element, PS3.5 section 6.2.1: up to three component groups
 * (alphabetic, ideographic, phonetic) separated by '=', each of up to five components (family,
 * given, middle, prefix, suffix) separated by '^'. It works on decoded text; the character set
 * and its escape sequences are {@link SpecificCharacterSet}'s business.
 *
 * <p>A parsed name keeps the delimiters it was given, trailing empty ones included, so
 * {@link #format()} gives back the value it was parsed from; {@link #normalized()} drops them.
 * Lengths (64 characters a group) are not checked here.
 *
 * <p>Immutable and thread-safe. It is patient data: {@link #toString()} prints the number of
 * components in each group, never a name.
 */
public final class PersonName {

    /** The component groups, in the order of the value. */
    public enum Group { ALPHABETIC, IDEOGRAPHIC, PHONETIC }

    /** The components of a group, in the order of the value. */
    public enum Component { FAMILY, GIVEN, MIDDLE, PREFIX, SUFFIX }

    private static final int GROUPS = Group.values().length;
    private static final int COMPONENTS = Component.values().length;
    private static final PersonName EMPTY = new PersonName(new String[0][]);

    /** groups[g][c]; each group has 1 to 5 components, and there are 0 to 3 groups. */
    private final String[][] groups;

    private PersonName(String[][] groups) {
        this.groups = groups;
    }

    /**
     * Parses one PN value (without its padding).
     *
     * @throws IllegalArgumentException if it holds several values, more than three groups or a
     *     group of more than five components; the message gives counts, never the value
     */
    public static PersonName parse(String value) {
        Objects.requireNonNull(value, "value");
        if (value.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("a PN value holds several values; use parseAll");
        }
        if (value.isEmpty()) {
            return EMPTY;
        }
        String[] parts = value.split("=", -1);
        if (parts.length > GROUPS) {
            throw new IllegalArgumentException("a PN value has " + parts.length + " component groups; at most "
                    + GROUPS + " are allowed");
        }
        String[][] groups = new String[parts.length][];
        for (int g = 0; g < parts.length; g++) {
            groups[g] = parts[g].split("\\^", -1);
            if (groups[g].length > COMPONENTS) {
                throw new IllegalArgumentException("a PN component group has " + groups[g].length
                        + " components; at most " + COMPONENTS + " are allowed");
            }
        }
        return new PersonName(groups);
    }

    /** Parses every value of a PN element (backslash-separated); an empty element has none. */
    public static List<PersonName> parseAll(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            return List.of();
        }
        List<PersonName> names = new ArrayList<>();
        for (String v : value.split("\\\\", -1)) {
            names.add(parse(v));
        }
        return List.copyOf(names);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The component, or an empty string if the value does not have it. */
    public String get(Group group, Component component) {
        int g = group.ordinal();
        int c = component.ordinal();
        return g < groups.length && c < groups[g].length ? groups[g][c] : "";
    }

    /** The group as it appears in the value (components joined by '^'), or empty. */
    public String group(Group group) {
        int g = group.ordinal();
        return g < groups.length ? String.join("^", groups[g]) : "";
    }

    /** True if some component of the group is not empty. */
    public boolean has(Group group) {
        int g = group.ordinal();
        if (g >= groups.length) {
            return false;
        }
        for (String c : groups[g]) {
            if (!c.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The number of component groups the value has, empty ones included. */
    public int groupCount() {
        return groups.length;
    }

    /** The number of components the group has, empty ones included; 0 if the value lacks the group. */
    public int componentCount(Group group) {
        int g = group.ordinal();
        return g < groups.length ? groups[g].length : 0;
    }

    /** True if no component has text. */
    public boolean isEmpty() {
        for (Group g : Group.values()) {
            if (has(g)) {
                return false;
            }
        }
        return true;
    }

    /** The PN value: groups joined by '=', components by '^'. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < groups.length; g++) {
            if (g > 0) {
                sb.append('=');
            }
            sb.append(String.join("^", groups[g]));
        }
        return sb.toString();
    }

    /** The same name without trailing empty components and groups, which PS3.5 lets a writer omit. */
    public PersonName normalized() {
        String[][] out = new String[groups.length][];
        int lastGroup = -1;
        for (int g = 0; g < groups.length; g++) {
            int n = groups[g].length;
            while (n > 0 && groups[g][n - 1].isEmpty()) {
                n--;
            }
            out[g] = Arrays.copyOf(groups[g], Math.max(n, 1));
            if (n > 0) {
                lastGroup = g;
            }
        }
        return new PersonName(Arrays.copyOf(out, lastGroup + 1));
    }

    /**
     * Equal when the components and the delimiters are the same; compare {@link #normalized()}
     * forms to ignore trailing delimiters.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof PersonName p && Arrays.deepEquals(groups, p.groups);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(groups);
    }

    /** The component count of each group, e.g. {@code PersonName[components 2=2=2]}; never a name. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PersonName[");
        if (groups.length == 0) {
            return sb.append("empty]").toString();
        }
        sb.append("components ");
        for (int g = 0; g < groups.length; g++) {
            sb.append(g == 0 ? "" : "=").append(groups[g].length);
        }
        return sb.append(']').toString();
    }

    /** Builds a name component by component; {@link #build()} omits trailing empty ones. Not thread-safe. */
    public static final class Builder {
        private final String[][] groups = new String[GROUPS][COMPONENTS];

        private Builder() {
            for (String[] g : groups) {
                Arrays.fill(g, "");
            }
        }

        /**
         * Sets a component.
         *
         * @throws IllegalArgumentException if the text holds a PN delimiter ('^', '=', '\') or a
         *     control character; the message names the component, never the text
         */
        public Builder set(Group group, Component component, String text) {
            Objects.requireNonNull(text, "text");
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '^' || c == '=' || c == '\\' || c < 0x20 || c == 0x7F) {
                    throw new IllegalArgumentException("the " + group + " " + component
                            + " component has a delimiter or control character");
                }
            }
            groups[group.ordinal()][component.ordinal()] = text;
            return this;
        }

        public PersonName build() {
            String[][] copy = new String[GROUPS][];
            for (int g = 0; g < GROUPS; g++) {
                copy[g] = groups[g].clone();
            }
            return new PersonName(copy).normalized();
        }
    }
}
