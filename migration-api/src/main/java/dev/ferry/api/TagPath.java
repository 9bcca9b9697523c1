package dev.ferry.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where an element is in a header: a tag at the top level, or inside items of sequences, e.g.
 * {@code (0040,0275)[0].(0040,0009)}.
 *
 * @param steps the sequences and item indexes leading to the element, outermost first; empty at top level
 * @param tag the element's tag
 */
public record TagPath(List<Step> steps, int tag) {
    /** One level of nesting: item {@code item} (0-based) of sequence {@code sequenceTag}. */
    public record Step(int sequenceTag, int item) {
        public Step {
            if (item < 0) {
                throw new IllegalArgumentException("item index must be >= 0");
            }
        }
    }

    public TagPath {
        steps = List.copyOf(steps);
    }

    public static TagPath of(int tag) {
        return new TagPath(List.of(), tag);
    }

    /**
     * Reads the form {@link #toString()} writes, e.g. {@code (0040,0275)[0].(0040,0009)}; a tag may
     * also be a PS3.6 keyword or eight hex digits, as {@link Tags#parse(String)} reads them.
     *
     * @throws IllegalArgumentException naming the text when it is not a path
     */
    public static TagPath parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Step> steps = new ArrayList<>();
        String rest = text.strip();
        while (true) {
            int open = rest.indexOf('[');
            if (open < 0) {
                break;
            }
            int close = rest.indexOf(']', open);
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != '.') {
                throw new IllegalArgumentException("not a tag path: '" + text + "'");
            }
            int item;
            try {
                item = Integer.parseInt(rest.substring(open + 1, close));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a tag path (item index): '" + text + "'");
            }
            if (item < 0) {
                throw new IllegalArgumentException("not a tag path (item index): '" + text + "'");
            }
            steps.add(new Step(Tags.parse(rest.substring(0, open)), item));
            rest = rest.substring(close + 2);
        }
        return new TagPath(steps, Tags.parse(rest));
    }

    /** The path of {@code tag} inside item {@code item} of this path's element (a sequence). */
    public TagPath child(int item, int tag) {
        List<Step> s = new ArrayList<>(steps);
        s.add(new Step(this.tag, item));
        return new TagPath(s, tag);
    }

    public boolean isTopLevel() {
        return steps.isEmpty();
    }

    /**
     * The data set that holds this path's element, or {@code null} if a sequence or item on the way
     * is missing.
     */
    public Dataset container(Dataset root) {
        Dataset d = Objects.requireNonNull(root, "root");
        for (Step step : steps) {
            Dataset.Sequence seq = d.getSequence(step.sequenceTag());
            if (seq == null || step.item() >= seq.size()) {
                return null;
            }
            d = seq.get(step.item());
        }
        return d;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Step s : steps) {
            sb.append(Tags.format(s.sequenceTag())).append('[').append(s.item()).append("].");
        }
        return sb.append(Tags.format(tag)).toString();
    }
}
