package dev.ferry.dicom.charset;

import dev.ferry.api.VR;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/**
 * The multi-byte character sets without code extensions (PS3.3 table C.12-5): ISO_IR 192 (UTF-8),
 * GB18030 and GBK, each a whole encoding that the JDK implements. Malformed input decodes to
 * U+FFFD. Immutable and thread-safe (an encoder is made per call, as the JDK's are not).
 */
final class MultiByteCodec {
    private final String term;
    private final Charset charset;

    MultiByteCodec(String term, Charset charset) {
        this.term = term;
        this.charset = charset;
    }

    String decode(byte[] b, int offset, int length) {
        return new String(b, offset, length, charset);
    }

    byte[] encode(String value, VR vr) {
        try {
            ByteBuffer bb = charset.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
            return Arrays.copyOfRange(bb.array(), bb.arrayOffset() + bb.position(), bb.arrayOffset() + bb.limit());
        } catch (CharacterCodingException e) {
            // The cause's message is only "Input length = n": no part of the value.
            throw new IllegalArgumentException("a " + vr + " value has a character that Specific Character Set "
                    + TermParser.quote(term) + " cannot represent", e);
        }
    }
}
