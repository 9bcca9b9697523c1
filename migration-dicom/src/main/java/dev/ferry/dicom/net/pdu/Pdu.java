package dev.ferry.dicom.net.pdu;

/**
 * A DICOM Upper Layer protocol data unit (PS3.8 section 9.3). Every implementation is an immutable,
 * thread-safe record whose constructor refuses values PS3.8 does not allow or the encoding cannot
 * carry, so that any {@code Pdu} can be encoded by {@link PduEncoder}; decoding the encoding gives an
 * equal {@code Pdu}.
 */
public sealed interface Pdu permits AssociateRq, AssociateAc, AssociateRj, PDataTf, ReleaseRq, ReleaseRp, Abort {
    /** The PDU type, i.e. the first byte of its encoding. */
    PduType type();
}
