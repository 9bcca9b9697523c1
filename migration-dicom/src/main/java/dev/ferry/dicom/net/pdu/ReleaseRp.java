package dev.ferry.dicom.net.pdu;

/** A-RELEASE-RP PDU (PS3.8 section 9.3.7): the answer to an A-RELEASE-RQ. It has no parameters. */
public record ReleaseRp() implements Pdu {
    @Override
    public PduType type() {
        return PduType.RELEASE_RP;
    }
}
