package dev.ferry.dicom.net.pdu;

/**
 * The stream ended inside a PDU: the peer closed the connection, or the connection broke, before
 * the bytes the PDU's header announced. There is no one to send an A-ABORT to, so the reason is
 * {@link AbortReason#REASON_NOT_SPECIFIED}; {@link #offset()} is where the bytes stopped.
 */
public final class TruncatedPduException extends PduException {
    private final long expected;

    /**
     * @param pduType the PDU being read, or {@code null} if the stream ended in its first byte
     * @param offset how many bytes of the PDU arrived
     * @param expected how many bytes the PDU has, header included (6 while the header is incomplete)
     */
    public TruncatedPduException(PduType pduType, long offset, long expected) {
        super(AbortReason.REASON_NOT_SPECIFIED, pduType, offset, "the stream ended after " + offset + " of the "
                + expected + " bytes of the PDU");
        this.expected = expected;
    }

    /** How many bytes the PDU has, its header included, as far as the header said. */
    public long expected() {
        return expected;
    }
}
