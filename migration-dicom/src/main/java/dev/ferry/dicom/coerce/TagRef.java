package dev.ferry.dicom.coerce;

import dev.ferry.api.Dataset;
import dev.ferry.api.PrivateTag;
import dev.ferry.api.Tags;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The element a rule reads or writes: a standard top-level tag, or a private element named by its
 * creator whatever block a file reserved (PS3.5 section 7.8.1).
 *
 * <p>Text form ({@link #parse(String)}, {@link #toString()}): a PS3.6 keyword ({@code PatientID}),
 * a tag ({@code (0010,0020)}, {@code 0010,0020}, {@code 00100020}), or a private element as
 * {@code (gggg,xxee)@CREATOR}, e.g. {@code (0019,xx10)@ORION_RAD_PRIVATE}.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface TagRef {

    /** A standard (or explicitly numbered) element at the top level of the header. */
    record Standard(int tag) implements TagRef {
        public Standard {
            if (Tags.isPrivate(tag) && Tags.element(tag) >= 0x1000) {
                throw new IllegalArgumentException(Tags.format(tag) + " is a private data element: name it by its"
                        + " creator, as (gggg,xxee)@CREATOR");
            }
        }

        @Override
        public int resolve(Dataset header) {
            return tag;
        }

        @Override
        public String toString() {
            String k = Tags.keyword(tag);
            return k != null ? k : Tags.format(tag);
        }
    }

    /** A private data element by creator, group and offset in the creator's block. */
    record Private(PrivateTag tag) implements TagRef {
        public Private {
            Objects.requireNonNull(tag, "tag");
        }

        @Override
        public int resolve(Dataset header) {
            return header.resolve(tag);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "(%04X,xx%02X)@%s", tag.group(), tag.offset(), tag.creator());
        }
    }

    /** The tag this element has in {@code header}, or -1 if a private element's creator reserved no block there. */
    int resolve(Dataset header);

    static TagRef of(int tag) {
        return new Standard(tag);
    }

    static TagRef ofPrivate(String creator, int group, int offset) {
        return new Private(new PrivateTag(creator, group, offset));
    }

    /**
     * Parses the text form.
     *
     * @throws IllegalArgumentException naming the text when it is not a keyword, tag or private element
     */
    static TagRef parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = Forms.PRIVATE.matcher(text.strip());
        if (m.matches()) {
            int group = Integer.parseInt(m.group(1), 16);
            int offset = Integer.parseInt(m.group(2), 16);
            return new Private(new PrivateTag(m.group(3), group, offset));
        }
        if (text.contains("@") || text.toLowerCase(Locale.ROOT).contains("xx")) {
            throw new IllegalArgumentException("not a private element: '" + text
                    + "'; write it as (gggg,xxee)@CREATOR, e.g. (0019,xx10)@ACME 1.0");
        }
        return new Standard(Tags.parse(text));
    }

    /** Patterns of the text form. */
    final class Forms {
        static final Pattern PRIVATE = Pattern.compile("\\(?([0-9A-Fa-f]{4}),[xX]{2}([0-9A-Fa-f]{2})\\)?@(.+)");

        private Forms() {}
    }
}
