package dev.ferry.dicom.net.pdu;

import java.io.IOException;
import java.util.Objects;

/**
 * A PDU that cannot be read as PS3.8 section 9.3 defines it: an unknown PDU type, a length over the
 * reader's limit or inconsistent with what encloses it, a missing mandatory item, an item where it
 * does not belong, a value PS3.8 does not allow. Carries the {@link AbortReason} of the A-ABORT to
 * send in answer (PS3.8 9.3.8), the PDU type when known, and the byte offset in the PDU, counted
 * from its PDU-type byte, of the field at fault. The message names the PDU, the item and the
 * offset, never a value that might be a credential or patient data.
 *
 * <p>{@link TruncatedPduException} is the stream ending inside a PDU, where there is no one left to
 * send an abort to.
 *
 * <table>
 *   <caption>Abort reasons given by the codec</caption>
 *   <tr><th>reason</th><th>for</th></tr>
 *   <tr><td>1 unrecognized-PDU</td><td>a PDU type PS3.8 does not define</td></tr>
 *   <tr><td>5 unexpected-PDU-parameter</td><td>a known item in the wrong place (a sub-item at the
 *       top level, an A-ASSOCIATE-AC's item in an A-ASSOCIATE-RQ), or one that may occur once,
 *       repeated</td></tr>
 *   <tr><td>6 invalid-PDU-parameter-value</td><td>a PDU-length over the limit or wrong for the type,
 *       an item length past its enclosing item, a mandatory item missing, a bad AE title, a
 *       presentation context ID not odd, a PDV shorter than its header, a code PS3.8 does not define
 *       (result, source, reason)</td></tr>
 * </table>
 * Reason 2 (unexpected-PDU) is the association layer's, which knows the state.
 */
public sealed class PduException extends IOException permits TruncatedPduException {
    private final AbortReason abortReason;
    private final PduType pduType;
    private final long offset;

    /**
     * @param abortReason the reason to send in an A-ABORT
     * @param pduType the PDU being read, or {@code null} if its type is not known
     * @param offset the offset in the PDU, from its PDU-type byte, of the field at fault
     * @param problem what is wrong, without the PDU and the offset, which the message adds
     */
    public PduException(AbortReason abortReason, PduType pduType, long offset, String problem) {
        super((pduType == null ? "PDU" : pduType.toString()) + " at offset " + offset + ": " + problem);
        this.abortReason = Objects.requireNonNull(abortReason, "abortReason");
        this.pduType = pduType;
        this.offset = offset;
    }

    /** The reason to give in the A-ABORT sent in answer. */
    public AbortReason abortReason() {
        return abortReason;
    }

    /** The type of the PDU being read, or {@code null} if it is not known (an unrecognised type). */
    public PduType pduType() {
        return pduType;
    }

    /** The offset of the field at fault, counted from the PDU-type byte of the PDU. */
    public long offset() {
        return offset;
    }
}
