package dev.ferry.dicom.net.pdu;

import java.util.Arrays;
import java.util.Objects;

/**
 * Presentation Data Value Item of a P-DATA-TF PDU (PS3.8 section 9.3.5.1 and Annex E.2): a fragment
 * of a DIMSE command or data set, for one presentation context.
 *
 * <p>The fragment may hold patient data: it is copied in and out, compared by content, and
 * {@link #toString()} prints only its length. This is the simple form, for tests and small messages;
 * the association layer streams fragments with {@link PduReader#nextPdv()} and
 * {@link PduEncoder#writePdvHeader}. Immutable.
 *
 * @param presentationContextId an odd integer from 1 to 255
 * @param command bit 0 of the message control header: a command fragment, else a data set fragment
 * @param last bit 1 of the message control header: the last fragment of the command or data set
 * @param data the fragment
 */
public record Pdv(int presentationContextId, boolean command, boolean last, byte[] data) {
    public Pdv {
        Text.requirePresentationContextId(presentationContextId);
        data = Objects.requireNonNull(data, "data").clone();
    }

    /** A copy of the fragment. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The fragment's length. */
    public int length() {
        return data.length;
    }

    /** The message control header byte (PS3.8 Annex E.2). */
    public int messageControlHeader() {
        return PduEncoder.messageControlHeader(command, last);
    }

    byte[] dataUnsafe() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pdv other && presentationContextId == other.presentationContextId
                && command == other.command && last == other.last && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return (presentationContextId * 4 + messageControlHeader()) * 31 + Arrays.hashCode(data);
    }

    /** Context, flags and length; never the content. */
    @Override
    public String toString() {
        return "Pdv[presentationContextId=" + presentationContextId + ", " + (command ? "command" : "data set")
                + (last ? ", last" : "") + ", " + data.length + " bytes]";
    }
}
