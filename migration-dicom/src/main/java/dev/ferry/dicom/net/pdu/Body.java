package dev.ferry.dicom.net.pdu;

import java.util.Arrays;

/**
 * The body of an association PDU being parsed (the bytes after its 6-byte header), with the
 * failures that name the PDU and the offset in it. Not thread-safe.
 */
final class Body {
    final PduType type;
    final byte[] b;

    Body(PduType type, byte[] b) {
        this.type = type;
        this.b = b;
    }

    int length() {
        return b.length;
    }

    int u8(int i) {
        return b[i] & 0xFF;
    }

    int u16(int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    long u32(int i) {
        return (long) u16(i) << 16 | u16(i + 2);
    }

    String latin1(int i, int len) {
        return Text.latin1(b, i, len);
    }

    byte[] copy(int i, int len) {
        return Arrays.copyOfRange(b, i, i + len);
    }

    /**
     * The length of the item whose header starts at {@code i}, after checking that the header and
     * the content lie before {@code end}, the end of what encloses the item.
     */
    int itemLength(int i, int end, String enclosing) throws PduException {
        if (end - i < 4) {
            throw invalid(i, (end - i) + " bytes left in " + enclosing + ", too few for an item header");
        }
        int length = u16(i + 2);
        if (length > end - i - 4) {
            throw invalid(i + 2, "item " + Items.name(u8(i)) + " has length " + length + ", past the end of "
                    + enclosing + " (" + (end - i - 4) + " bytes left)");
        }
        return length;
    }

    /** Reason 6, invalid-PDU-parameter-value, at body index {@code i}. */
    PduException invalid(int i, String problem) {
        return new PduException(AbortReason.INVALID_PDU_PARAMETER_VALUE, type, PduEncoder.PDU_HEADER_LENGTH + (long) i,
                problem);
    }

    /** Reason 5, unexpected-PDU-parameter, at body index {@code i}. */
    PduException unexpected(int i, String problem) {
        return new PduException(AbortReason.UNEXPECTED_PDU_PARAMETER, type, PduEncoder.PDU_HEADER_LENGTH + (long) i,
                problem);
    }
}
