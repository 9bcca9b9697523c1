package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * C-MOVE-RSP (PS3.7 section 9.3.4.2): pending responses while sub-operations run, then a final one. A
 * data set, when present, is an Identifier with Failed SOP Instance UID List (0008,0058).
 *
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002), optional: {@code null} if absent
 * @param status the outcome
 * @param subOperations the sub-operation counts present, {@link SubOperations#NONE} if none
 * @param hasDataSet whether an Identifier follows
 */
public record CMoveRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, Status status,
        SubOperations subOperations, boolean hasDataSet) implements DimseResponse {
    public CMoveRsp {
        Commands.requireUs(messageIdBeingRespondedTo, "messageIdBeingRespondedTo");
        Commands.optionalText(affectedSopClassUid, "affectedSopClassUid");
        Commands.requireNonNull(status, "status");
        Commands.requireNonNull(subOperations, "subOperations");
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_MOVE_RSP;
    }

    @Override
    public Dataset toCommand() {
        return CommandWriter.response(this, affectedSopClassUid, hasDataSet)
                .subOperations(subOperations)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid C-MOVE-RSP */
    public static CMoveRsp parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.C_MOVE_RSP);
        return new CMoveRsp(r.us(Tag.MessageIDBeingRespondedTo), r.optionalText(Tag.AffectedSOPClassUID), r.status(),
                r.subOperations(), r.dataSet());
    }
}
