package dev.ferry.dicom.net.pdu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * PDU bytes put together by hand, independently of {@link PduEncoder}: hex, ASCII, items with their
 * lengths counted here, and the 68 fixed bytes of an A-ASSOCIATE-RQ/AC.
 */
final class Raw {
    private Raw() {}

    /** Hex digits; spaces, {@code |} and {@code _} are ignored. */
    static byte[] hex(String hex) {
        String s = hex.replaceAll("[\\s|_]", "");
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + hex);
        }
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** An item: type, reserved 00H, 2-byte length of the content, the content. */
    static byte[] item(int type, byte[]... content) {
        byte[] c = concat(content);
        return concat(new byte[] {(byte) type, 0}, u16(c.length), c);
    }

    /** A PDU: type, reserved 00H, 4-byte length of the body, the body. */
    static byte[] pdu(int type, byte[]... body) {
        byte[] b = concat(body);
        return concat(new byte[] {(byte) type, 0}, u32(b.length), b);
    }

    /** Protocol version 1, reserved, the AE titles padded to 16 bytes, 32 reserved bytes. */
    static byte[] fixed(String called, String calling) {
        return concat(hex("0001 0000"), ae(called), ae(calling), new byte[32]);
    }

    static byte[] ae(String title) {
        return ascii(String.format("%-16s", title));
    }

    static byte[] applicationContext() {
        return item(0x10, ascii("1.2.840.10008.3.1.1.1"));
    }

    /** A proposed context: ID, three reserved bytes, abstract syntax, transfer syntaxes. */
    static byte[] pcRq(int id, String abstractSyntax, String... transferSyntaxes) {
        byte[] ts = new byte[0];
        for (String t : transferSyntaxes) {
            ts = concat(ts, item(0x40, ascii(t)));
        }
        return item(0x20, new byte[] {(byte) id, 0, 0, 0}, item(0x30, ascii(abstractSyntax)), ts);
    }

    static byte[] maxLength(long max) {
        return item(0x51, u32(max));
    }

    static byte[] userInfo(byte[]... subItems) {
        return item(0x50, subItems);
    }

    /** An A-ASSOCIATE-RQ with the variable items given. */
    static byte[] rq(byte[]... items) {
        return pdu(0x01, fixed("SCP", "SCU"), concat(items));
    }

    /** An A-ASSOCIATE-AC with the variable items given. */
    static byte[] ac(byte[]... items) {
        return pdu(0x02, fixed("SCP", "SCU"), concat(items));
    }

    /** A minimal valid A-ASSOCIATE-RQ: one context, user information with a maximum length only. */
    static byte[] minimalRq() {
        return rq(applicationContext(), pcRq(1, "1.2.840.10008.1.1", "1.2.840.10008.1.2"),
                userInfo(maxLength(16384)));
    }
}
