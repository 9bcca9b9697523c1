package dev.ferry.dicom.charset;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Byte arrays for tests, written the way PS3.5 annexes show them: text and byte values mixed. */
final class Bytes {
    static final int ESC = 0x1B;

    private Bytes() {}

    /** Strings as their ASCII bytes, integers as one byte each, byte arrays as they are. */
    static byte[] of(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            } else if (p instanceof byte[] b) {
                out.writeBytes(b);
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    /** Bytes from hexadecimal digits, spaces ignored: {@code "c4 e9"}. */
    static byte[] hex(String digits) {
        return HexFormat.of().parseHex(digits.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
