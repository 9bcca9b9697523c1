package dev.ferry.api;

import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of a text value into a {@code String} and back, for one Specific Character Set
 * (0008,0005). The DICOM codec supplies one per data set it reads (ISO 2022 code extensions
 * included); a {@link Dataset} keeps text values as the bytes it read and decodes them only when
 * asked, so a value nobody changes is written back byte for byte.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface TextCodec {

    /** Decodes {@code length} bytes of a value of the given VR; never fails (malformed bytes become U+FFFD). */
    String decode(byte[] bytes, int offset, int length, VR vr);

    /**
     * Encodes a value of the given VR, without padding.
     *
     * @throws IllegalArgumentException if a character cannot be represented in this character set;
     *     the message names the VR, never the value
     */
    byte[] encode(String value, VR vr);

    /** The Specific Character Set value this codec implements; empty for the default repertoire. */
    String specificCharacterSet();

    /**
     * The default repertoire (ISO-IR 6). Bytes above 0x7F, which legacy archives often write without
     * declaring a character set, decode as ISO 8859-1 so that they survive a round trip unchanged.
     */
    TextCodec DEFAULT = new TextCodec() {
        @Override
        public String decode(byte[] bytes, int offset, int length, VR vr) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }

        @Override
        public byte[] encode(String value, VR vr) {
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) > 0xFF) {
                    throw new IllegalArgumentException("a " + vr + " value has a character outside the default "
                            + "repertoire; set Specific Character Set (0008,0005) first");
                }
            }
            return value.getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public String specificCharacterSet() {
            return "";
        }

        @Override
        public String toString() {
            return "TextCodec[default repertoire]";
        }
    };
}
