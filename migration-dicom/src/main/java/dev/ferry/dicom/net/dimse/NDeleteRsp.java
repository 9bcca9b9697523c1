package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * N-DELETE-RSP (PS3.7 section 10.3.6.2). No data set.
 *
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002), optional: {@code null} if absent
 * @param affectedSopInstanceUid Affected SOP Instance UID (0000,1000), optional: {@code null} if absent
 * @param status the outcome
 */
public record NDeleteRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, String affectedSopInstanceUid,
        Status status) implements DimseResponse {
    public NDeleteRsp {
        Commands.requireUs(messageIdBeingRespondedTo, "messageIdBeingRespondedTo");
        Commands.optionalText(affectedSopClassUid, "affectedSopClassUid");
        Commands.optionalText(affectedSopInstanceUid, "affectedSopInstanceUid");
        Commands.requireNonNull(status, "status");
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_DELETE_RSP;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }

    @Override
    public Dataset toCommand() {
        return CommandWriter.response(this, affectedSopClassUid, false)
                .uid(Tag.AffectedSOPInstanceUID, affectedSopInstanceUid)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid N-DELETE-RSP */
    public static NDeleteRsp parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.N_DELETE_RSP);
        return r.checked(new NDeleteRsp(r.us(Tag.MessageIDBeingRespondedTo), r.optionalText(Tag.AffectedSOPClassUID),
                r.optionalText(Tag.AffectedSOPInstanceUID), r.status()));
    }
}
