package dev.ferry.dicom.net.pdu;

import java.util.List;

/**
 * P-DATA-TF PDU (PS3.8 section 9.3.5): one or more presentation data values. Its PDU-length, the
 * PDVs' items with their 4-byte lengths, must not exceed the receiver's maximum length
 * ({@link MaxLength}); that is for the sender to see to. Immutable.
 *
 * @param pdvs one or more PDVs, in order
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part08/sect_9.3.5.html">PS3.8 9.3.5</a>
 */
public record PDataTf(List<Pdv> pdvs) implements Pdu {
    public PDataTf {
        pdvs = List.copyOf(pdvs);
        if (pdvs.isEmpty()) {
            throw new IllegalArgumentException("a P-DATA-TF carries at least one PDV");
        }
        long length = length(pdvs);
        if (length > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("the PDVs need " + length + " bytes, more than a PDU-length holds");
        }
    }

    /** A P-DATA-TF of one PDV. */
    public static PDataTf of(Pdv pdv) {
        return new PDataTf(List.of(pdv));
    }

    @Override
    public PduType type() {
        return PduType.P_DATA_TF;
    }

    /** The PDU-length field: each PDV's 6-byte header and its fragment. */
    public long pduLength() {
        return length(pdvs);
    }

    private static long length(List<Pdv> pdvs) {
        long n = 0;
        for (Pdv pdv : pdvs) {
            n += PduEncoder.PDV_HEADER_LENGTH + pdv.length();
        }
        return n;
    }
}
