package dev.ferry.dicom.web;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of path segments and query values (RFC 3986 section 2.1): everything but the
 * unreserved characters is encoded as UTF-8 bytes, so a legacy UID with a space or a patient ID with
 * a {@code &} cannot change the request's structure. Stateless.
 */
final class PercentEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {}

    static String encode(String s) {
        StringBuilder sb = null;
        byte[] bytes = null;
        for (int k = 0; k < s.length(); k++) {
            if (!unreserved(s.charAt(k))) {
                bytes = s.getBytes(StandardCharsets.UTF_8);
                sb = new StringBuilder(bytes.length * 3);
                break;
            }
        }
        if (sb == null) {
            return s;
        }
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c < 0x80 && unreserved((char) c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
