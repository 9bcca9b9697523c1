package dev.ferry.dicom.net.pdu;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * Writes PDUs in the big-endian encoding of PS3.8 section 9.3, and the two headers the association
 * layer needs to stream P-DATA-TF PDUs from its own buffers.
 *
 * <p>Reserved fields are written as zeros, AE titles padded with spaces to 16 bytes, items in the
 * order of the records' lists (PS3.8 9.3.2.3 places no significance on the order of user
 * information sub-items; {@link UserInformation#of} keeps them ascending). Every {@link Pdu} the
 * records allow can be encoded. Stateless and thread-safe.
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part08/sect_9.3.html">PS3.8 9.3</a>
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part08/chapter_E.html">PS3.8 Annex E</a>
 */
public final class PduEncoder {
    /** The PDU header: PDU-type, a reserved byte and the 4-byte PDU-length. */
    public static final int PDU_HEADER_LENGTH = 6;
    /**
     * The PDV header: the 4-byte item length, the presentation context ID and the message control
     * header (PS3.8 Table 9-23 and Annex E.2).
     */
    public static final int PDV_HEADER_LENGTH = 6;

    private PduEncoder() {}

    /** The encoding of {@code pdu}, header included. */
    public static byte[] encode(Pdu pdu) {
        Objects.requireNonNull(pdu, "pdu");
        if (pdu instanceof PDataTf p) {
            return encodePData(p);
        } else if (pdu instanceof AssociateRq rq) {
            return encodeAssociate(PduType.ASSOCIATE_RQ, rq.protocolVersion(), rq.calledAeTitle(), rq.callingAeTitle(),
                    rq.applicationContext(), rq.presentationContexts(), rq.userInformation());
        } else if (pdu instanceof AssociateAc ac) {
            return encodeAssociate(PduType.ASSOCIATE_AC, ac.protocolVersion(), ac.calledAeTitle(), ac.callingAeTitle(),
                    ac.applicationContext(), ac.presentationContexts(), ac.userInformation());
        } else if (pdu instanceof AssociateRj rj) {
            return fixed(PduType.ASSOCIATE_RJ, rj.result().code(), rj.source().code(), rj.reason().code());
        } else if (pdu instanceof Abort a) {
            return fixed(PduType.ABORT, 0, a.source().code(), a.reason().code());
        } else {
            return fixed(pdu.type(), 0, 0, 0);
        }
    }

    /** Writes the encoding of {@code pdu} to {@code out} in one {@code write}; does not flush. */
    public static void write(Pdu pdu, OutputStream out) throws IOException {
        out.write(encode(pdu));
    }

    /**
     * Writes the 6-byte header of a P-DATA-TF PDU into {@code buf} at {@code at}. {@code pduLength}
     * is the PDU-length field: the total of the PDVs that follow, each its 6-byte header
     * ({@link #writePdvHeader}) and its fragment; one PDV of {@code n} bytes makes it {@code n + 6}.
     * It must not exceed the peer's maximum length ({@link MaxLength}), unless that is 0.
     *
     * @throws IllegalArgumentException if {@code pduLength} is below 6 or above 2^32 - 1
     */
    public static void writePDataTfHeader(byte[] buf, int at, long pduLength) {
        if (pduLength < PDV_HEADER_LENGTH || pduLength > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("P-DATA-TF PDU-length " + pduLength + " is not 6 to 2^32 - 1");
        }
        buf[at] = (byte) PduType.P_DATA_TF.code();
        buf[at + 1] = 0;
        ByteSink.putU32(buf, at + 2, pduLength);
    }

    /**
     * Writes the 6-byte header of a PDV item into {@code buf} at {@code at}: the item length
     * ({@code dataLength + 2}, for the context ID and the message control header), the presentation
     * context ID and the message control header. The fragment of {@code dataLength} bytes follows.
     *
     * @param dataLength the fragment's length, not counting the header
     * @param presentationContextId an odd integer from 1 to 255
     * @param command whether the fragment is of a command (else of a data set)
     * @param last whether it is the command's or data set's last fragment
     * @throws IllegalArgumentException for a negative length or an invalid context ID
     */
    public static void writePdvHeader(byte[] buf, int at, int dataLength, int presentationContextId, boolean command,
            boolean last) {
        if (dataLength < 0) {
            throw new IllegalArgumentException("negative PDV length " + dataLength);
        }
        Text.requirePresentationContextId(presentationContextId);
        ByteSink.putU32(buf, at, dataLength + 2L);
        buf[at + 4] = (byte) presentationContextId;
        buf[at + 5] = (byte) messageControlHeader(command, last);
    }

    /**
     * The largest fragment that fits one PDV in one P-DATA-TF PDU for a peer whose maximum length is
     * {@code maxPduLength}: that length less the PDV header. For 0 (no limit), {@code
     * Integer.MAX_VALUE - 12}, what one array holds with both headers.
     *
     * @throws IllegalArgumentException if the maximum leaves no room for a fragment, or is not an
     *     unsigned 32-bit value
     */
    public static int maxPdvDataLength(long maxPduLength) {
        if (maxPduLength < 0 || maxPduLength > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("maximum length " + maxPduLength + " is not an unsigned 32-bit value");
        }
        if (maxPduLength == 0) {
            return Integer.MAX_VALUE - PDU_HEADER_LENGTH - PDV_HEADER_LENGTH;
        }
        if (maxPduLength <= PDV_HEADER_LENGTH) {
            throw new IllegalArgumentException("maximum length " + maxPduLength + " leaves no room for PDV data");
        }
        return (int) Math.min(maxPduLength - PDV_HEADER_LENGTH,
                Integer.MAX_VALUE - PDU_HEADER_LENGTH - PDV_HEADER_LENGTH);
    }

    /** The message control header (PS3.8 Annex E.2): bit 0 command, bit 1 last fragment. */
    public static int messageControlHeader(boolean command, boolean last) {
        return (command ? 1 : 0) | (last ? 2 : 0);
    }

    private static byte[] fixed(PduType type, int b7, int b8, int b9) {
        byte[] b = new byte[PDU_HEADER_LENGTH + 4];
        b[0] = (byte) type.code();
        b[5] = 4;
        b[7] = (byte) b7;
        b[8] = (byte) b8;
        b[9] = (byte) b9;
        return b;
    }

    private static byte[] encodePData(PDataTf p) {
        long length = p.pduLength();
        if (length > Integer.MAX_VALUE - PDU_HEADER_LENGTH) {
            throw new IllegalArgumentException("a P-DATA-TF of " + length + " bytes does not fit an array; stream it");
        }
        byte[] b = new byte[PDU_HEADER_LENGTH + (int) length];
        writePDataTfHeader(b, 0, length);
        int at = PDU_HEADER_LENGTH;
        for (Pdv pdv : p.pdvs()) {
            byte[] data = pdv.dataUnsafe();
            writePdvHeader(b, at, data.length, pdv.presentationContextId(), pdv.command(), pdv.last());
            System.arraycopy(data, 0, b, at + PDV_HEADER_LENGTH, data.length);
            at += PDV_HEADER_LENGTH + data.length;
        }
        return b;
    }

    private static byte[] encodeAssociate(PduType type, int version, String called, String calling, String context,
            List<?> contexts, UserInformation user) {
        ByteSink out = new ByteSink(512);
        out.u8(type.code());
        out.u8(0);
        out.u32(0);
        out.u16(version);
        out.u16(0);
        aeTitle(out, called);
        aeTitle(out, calling);
        out.zeros(32);

        int start = out.beginItem(Associate.APPLICATION_CONTEXT_ITEM);
        out.bytes(Text.bytes(context));
        out.endItem(start);

        for (Object pc : contexts) {
            if (pc instanceof PresentationContextRq rq) {
                start = out.beginItem(PresentationContextRq.ITEM_TYPE);
                out.u8(rq.id());
                out.zeros(3);
                syntax(out, PduParser.ABSTRACT_SYNTAX_ITEM, rq.abstractSyntax());
                for (String ts : rq.transferSyntaxes()) {
                    syntax(out, PduParser.TRANSFER_SYNTAX_ITEM, ts);
                }
            } else {
                PresentationContextAc ac = (PresentationContextAc) pc;
                start = out.beginItem(PresentationContextAc.ITEM_TYPE);
                out.u8(ac.id());
                out.u8(0);
                out.u8(ac.result().code());
                out.u8(0);
                if (ac.transferSyntax() != null) {
                    syntax(out, PduParser.TRANSFER_SYNTAX_ITEM, ac.transferSyntax());
                }
            }
            out.endItem(start);
        }

        start = out.beginItem(UserInformation.ITEM_TYPE);
        for (UserItem item : user.items()) {
            UserItemCodec.encode(item, out);
        }
        out.endItem(start);

        byte[] b = out.toByteArray();
        ByteSink.putU32(b, 2, b.length - PDU_HEADER_LENGTH);
        return b;
    }

    private static void syntax(ByteSink out, int itemType, String uid) {
        int start = out.beginItem(itemType);
        out.bytes(Text.bytes(uid));
        out.endItem(start);
    }

    private static void aeTitle(ByteSink out, String title) {
        byte[] b = Text.bytes(title);
        out.bytes(b);
        for (int i = b.length; i < Text.AE_TITLE_LENGTH; i++) {
            out.u8(' ');
        }
    }
}
