package dev.ferry.dicom.web;

import dev.ferry.api.Tags;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The matching and return keys of a QIDO-RS search (PS3.18 section 8.3.4): {@code {attributeID}=value}
 * pairs and {@code includefield}s, attributes named by tag. Paging ({@code limit}, {@code offset}) is
 * the client's business, not the query's. Immutable and thread-safe.
 *
 * <p>Values are sent as given, so the matching rules of PS3.4 C.2.2.2 apply at the server: a
 * {@code *} or {@code ?} is a wildcard, {@code 20240101-20240131} a range. A caller that needs exact
 * matches filters what comes back.
 */
public final class QidoQuery {
    /** No matching keys and no extra fields: everything, with the level's default attributes. */
    public static final QidoQuery ALL = builder().build();

    private final List<Map.Entry<Integer, String>> matches;
    private final Set<Integer> includeFields;

    private QidoQuery(Builder b) {
        this.matches = List.copyOf(b.matches);
        this.includeFields = Set.copyOf(b.includeFields);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The matching keys, in the order given. */
    public List<Map.Entry<Integer, String>> matches() {
        return matches;
    }

    /** The extra attributes asked for. */
    public Set<Integer> includeFields() {
        return includeFields;
    }

    /** The query string without {@code limit} and {@code offset}, percent-encoded; empty if none. */
    String queryString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Integer, String> m : matches) {
            sb.append(sb.length() == 0 ? "" : "&").append(hex(m.getKey())).append('=')
                    .append(PercentEncoding.encode(m.getValue()));
        }
        for (int tag : includeFields.stream().sorted().toList()) {
            sb.append(sb.length() == 0 ? "" : "&").append("includefield=").append(hex(tag));
        }
        return sb.toString();
    }

    private static String hex(int tag) {
        return String.format("%08X", tag);
    }

    /** Prints the tags only: values are patient data. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("QidoQuery[match");
        for (Map.Entry<Integer, String> m : matches) {
            sb.append(' ').append(Tags.format(m.getKey()));
        }
        return sb.append(", include ").append(includeFields.size()).append(" fields]").toString();
    }

    /** Builds a {@link QidoQuery}; not thread-safe. */
    public static final class Builder {
        private final List<Map.Entry<Integer, String>> matches = new ArrayList<>();
        private final Set<Integer> includeFields = new LinkedHashSet<>();

        private Builder() {}

        /** Matches {@code tag} against {@code value} (PS3.18 8.3.4.1); an empty value is ignored. */
        public Builder match(int tag, String value) {
            Objects.requireNonNull(value, "value");
            if (!value.isEmpty()) {
                matches.add(Map.entry(tag, value));
            }
            return this;
        }

        /** Asks for {@code tag} in each result besides the level's defaults (PS3.18 8.3.4.3). */
        public Builder includeField(int... tags) {
            for (int t : tags) {
                includeFields.add(t);
            }
            return this;
        }

        public QidoQuery build() {
            return new QidoQuery(this);
        }
    }
}
