package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.dicom.ElementDictionary;
import dev.ferry.dicom.io.ParseWarning;
import dev.ferry.dicom.net.dimse.DimseCommandException.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes and decodes command sets: the group 0000 elements of a DIMSE message, always in Implicit
 * VR Little Endian whatever the presentation context's transfer syntax, with Command Group Length
 * (0000,0000) first (PS3.7 section 6.3.1).
 *
 * <p>The group length is framing, and this class owns it: {@link #encode} computes it (ignoring any
 * (0000,0000) in the data set), and {@link #decode} checks it and leaves it out of the data set it
 * returns. A missing or wrong group length is a {@link ParseWarning}, not an error: the end of the
 * command is given by the last command fragment of the PDV stream (PS3.8 Annex E), so the group
 * length adds nothing a reader needs, and some peers get it wrong.
 *
 * <p>Decoding is bounded: a command set longer than {@link #MAX_LENGTH} is refused before anything is
 * read, and every value is copied out of the input array only after its length is checked against
 * what is left, so no allocation is ever sized by a length the peer wrote. VRs come from the
 * {@link ElementDictionary#standard() standard dictionary} (UN for the few unknown group 0000 tags).
 *
 * <p>Stateless and thread-safe.
 */
public final class CommandCodec {
    /**
     * The largest command set accepted or produced: 64 KiB. Real commands are a few hundred bytes
     * (a long Error Comment, an Attribute Identifier List or an Offending Element list at most), so
     * this is generous; the Upper Layer should stop gathering command fragments past it.
     */
    public static final int MAX_LENGTH = 64 * 1024;

    private static final int HEADER = 8;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int GROUP_LENGTH_ELEMENT = HEADER + 4;

    private CommandCodec() {}

    /**
     * A decoded command set and what was tolerated reading it.
     *
     * @param command the elements, Command Group Length excluded, in tag order; the caller owns it
     * @param warnings what was tolerated (group length missing or wrong, elements out of order, odd
     *     lengths), in the order met; never a value
     */
    public record Decoded(Dataset command, List<ParseWarning> warnings) {
        public Decoded {
            warnings = List.copyOf(warnings);
        }
    }

    /** Decodes a whole command set. */
    public static Decoded decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Decodes the command set in {@code bytes[offset, offset + length)}; offsets in warnings and
     * exceptions count from {@code offset}.
     *
     * @throws DimseCommandException ({@link Kind#isMalformed() malformed}) if it is too large, empty,
     *     truncated, has a value length past its end or undefined, an element outside group 0000, or
     *     a tag twice
     */
    public static Decoded decode(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length > MAX_LENGTH) {
            throw DimseCommandException.malformed(Kind.TOO_LARGE, MAX_LENGTH, -1,
                    "command set of " + length + " bytes exceeds the limit of " + MAX_LENGTH);
        }
        if (length == 0) {
            throw DimseCommandException.malformed(Kind.TRUNCATED, 0, -1, "empty command set");
        }
        ElementDictionary dictionary = ElementDictionary.standard();
        Dataset command = new Dataset(12);
        List<ParseWarning> warnings = new ArrayList<>(0);
        long groupLength = -1;
        int groupLengthEnd = 0;
        int previousTag = -1;
        int pos = 0;
        while (pos < length) {
            int at = offset + pos;
            int left = length - pos;
            if (left < HEADER) {
                int tag = left >= 4 ? tagAt(bytes, at) : -1;
                throw DimseCommandException.malformed(Kind.TRUNCATED, pos, tag,
                        "command set ends inside an element header (" + left + " of 8 bytes)");
            }
            int tag = tagAt(bytes, at);
            long valueLength = Integer.toUnsignedLong(intAt(bytes, at + 4));
            if (Tags.group(tag) != 0) {
                throw DimseCommandException.malformed(Kind.NOT_COMMAND_GROUP, pos, tag,
                        "element outside the command group 0000");
            }
            if (valueLength == UNDEFINED) {
                throw DimseCommandException.malformed(Kind.BAD_LENGTH, pos, tag,
                        "undefined length in a command set");
            }
            if (valueLength > left - HEADER) {
                throw DimseCommandException.malformed(Kind.BAD_LENGTH, pos, tag, "value length " + valueLength
                        + " runs past the end of the command set (" + (left - HEADER) + " bytes left)");
            }
            int valueAt = at + HEADER;
            int end = pos + HEADER + (int) valueLength;
            if (tag == Tag.CommandGroupLength) {
                if (groupLength >= 0) {
                    throw DimseCommandException.malformed(Kind.DUPLICATE_ELEMENT, pos, tag, "second group length");
                }
                if (pos != 0) {
                    warnings.add(warning(pos, tag, "Command Group Length is not the first element"));
                }
                if (valueLength == 4) {
                    groupLength = Integer.toUnsignedLong(intAt(bytes, valueAt));
                    groupLengthEnd = end;
                } else {
                    warnings.add(warning(pos, tag, "Command Group Length of " + valueLength + " bytes ignored"));
                }
                pos = end;
                continue;
            }
            if (command.contains(tag)) {
                throw DimseCommandException.malformed(Kind.DUPLICATE_ELEMENT, pos, tag, "element occurs twice");
            }
            if (previousTag != -1 && Integer.compareUnsigned(tag, previousTag) < 0) {
                warnings.add(warning(pos, tag, "element out of tag order"));
            }
            if ((valueLength & 1) != 0) {
                warnings.add(warning(pos, tag, "odd value length " + valueLength));
            }
            command.setBytes(tag, dictionary.vrOf(tag), Arrays.copyOfRange(bytes, valueAt, valueAt + (int) valueLength));
            previousTag = tag;
            pos = end;
        }
        if (groupLength < 0) {
            warnings.add(warning(0, Tag.CommandGroupLength, "no usable Command Group Length"));
        } else if (groupLength != length - groupLengthEnd) {
            warnings.add(warning(0, Tag.CommandGroupLength, "Command Group Length says " + groupLength
                    + " bytes, the elements after it take " + (length - groupLengthEnd)));
        }
        return new Decoded(command, warnings);
    }

    /**
     * Encodes a command: Command Group Length (computed), then every element of {@code command} in
     * tag order, each value padded to even length with its VR's padding byte (PS3.5 section 7.1.3).
     *
     * @throws IllegalArgumentException if the data set holds an element outside group 0000, a
     *     sequence or encapsulated fragments, or encodes to more than {@link #MAX_LENGTH} bytes
     */
    public static byte[] encode(Dataset command) {
        int size = command.size();
        byte[][] values = new byte[size][];
        long total = 0;
        for (int i = 0; i < size; i++) {
            int tag = command.tagAt(i);
            if (Tags.group(tag) != 0) {
                throw new IllegalArgumentException(Tags.describe(tag) + " is not a command element");
            }
            if (tag == Tag.CommandGroupLength) {
                continue;
            }
            if (command.sequenceAt(i) != null || command.fragmentsAt(i) != null) {
                throw new IllegalArgumentException(Tags.describe(tag) + ": a command holds no sequences");
            }
            values[i] = command.encodedValueAt(i);
            total += HEADER + padded(values[i].length);
        }
        if (GROUP_LENGTH_ELEMENT + total > MAX_LENGTH) {
            throw new IllegalArgumentException("command set of " + (GROUP_LENGTH_ELEMENT + total)
                    + " bytes exceeds the limit of " + MAX_LENGTH);
        }
        byte[] out = new byte[GROUP_LENGTH_ELEMENT + (int) total];
        int pos = header(out, 0, Tag.CommandGroupLength, 4);
        putInt(out, pos, (int) total);
        pos += 4;
        for (int i = 0; i < size; i++) {
            byte[] value = values[i];
            if (value == null) {
                continue; // the group length given, replaced by the computed one
            }
            int length = padded(value.length);
            pos = header(out, pos, command.tagAt(i), length);
            System.arraycopy(value, 0, out, pos, value.length);
            if (length != value.length) {
                out[pos + value.length] = command.vrAt(i).padding();
            }
            pos += length;
        }
        return out;
    }

    private static ParseWarning warning(int offset, int tag, String problem) {
        return new ParseWarning(offset, Tags.format(tag), problem);
    }

    private static int padded(int length) {
        return length + (length & 1);
    }

    private static int header(byte[] out, int pos, int tag, int length) {
        out[pos] = (byte) (tag >>> 16);
        out[pos + 1] = (byte) (tag >>> 24);
        out[pos + 2] = (byte) tag;
        out[pos + 3] = (byte) (tag >>> 8);
        putInt(out, pos + 4, length);
        return pos + HEADER;
    }

    private static void putInt(byte[] out, int pos, int v) {
        out[pos] = (byte) v;
        out[pos + 1] = (byte) (v >>> 8);
        out[pos + 2] = (byte) (v >>> 16);
        out[pos + 3] = (byte) (v >>> 24);
    }

    private static int tagAt(byte[] b, int pos) {
        int group = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
        int element = (b[pos + 2] & 0xFF) | (b[pos + 3] & 0xFF) << 8;
        return group << 16 | element;
    }

    private static int intAt(byte[] b, int pos) {
        return (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
    }
}
