package dev.ferry.dicom.net.pdu;

/**
 * The 6-byte header of a PDU as {@link PduReader#readHeader()} read it: the type and the
 * PDU-length, already checked against the reader's limits. Immutable.
 *
 * @param type the PDU type
 * @param length the PDU-length field: the bytes that follow the header
 */
public record PduHeader(PduType type, int length) {
}
