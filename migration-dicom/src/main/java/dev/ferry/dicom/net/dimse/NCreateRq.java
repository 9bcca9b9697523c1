package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * N-CREATE-RQ (PS3.7 section 10.3.5.1): asks the peer to create a SOP instance. The instance UID is
 * optional: without it the peer assigns one and returns it in the response.
 *
 * @param messageId Message ID (0000,0110)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002)
 * @param affectedSopInstanceUid Affected SOP Instance UID (0000,1000), or {@code null} for the peer to assign
 * @param hasDataSet whether the Attribute List follows
 */
public record NCreateRq(int messageId, String affectedSopClassUid, String affectedSopInstanceUid, boolean hasDataSet)
        implements DimseRequest {
    public NCreateRq {
        Commands.requireUs(messageId, "messageId");
        Commands.requireText(affectedSopClassUid, "affectedSopClassUid");
        Commands.optionalText(affectedSopInstanceUid, "affectedSopInstanceUid");
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_CREATE_RQ;
    }

    @Override
    public Dataset toCommand() {
        return new CommandWriter(commandField())
                .uid(Tag.AffectedSOPClassUID, affectedSopClassUid)
                .us(Tag.MessageID, messageId)
                .dataSet(hasDataSet)
                .uid(Tag.AffectedSOPInstanceUID, affectedSopInstanceUid)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid N-CREATE-RQ */
    public static NCreateRq parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.N_CREATE_RQ);
        return new NCreateRq(r.us(Tag.MessageID), r.text(Tag.AffectedSOPClassUID), r.optionalText(Tag.AffectedSOPInstanceUID),
                r.dataSet());
    }
}
