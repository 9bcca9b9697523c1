package dev.ferry.dicom.net.pdu;

/** A-RELEASE-RQ PDU (PS3.8 section 9.3.6): the request for an orderly release. It has no parameters. */
public record ReleaseRq() implements Pdu {
    @Override
    public PduType type() {
        return PduType.RELEASE_RQ;
    }
}
