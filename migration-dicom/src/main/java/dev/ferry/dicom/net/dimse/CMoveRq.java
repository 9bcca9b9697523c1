package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * C-MOVE-RQ (PS3.7 section 9.3.4.1): the Identifier follows as the data set, always; the peer stores
 * what matches to the Move Destination over an association of its own.
 *
 * @param messageId Message ID (0000,0110)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002): the Query/Retrieve information model
 * @param priority Priority (0000,0700)
 * @param moveDestination Move Destination (0000,0600): the AE title to store to
 */
public record CMoveRq(int messageId, String affectedSopClassUid, Priority priority, String moveDestination)
        implements DimseRequest {
    public CMoveRq {
        Commands.requireUs(messageId, "messageId");
        Commands.requireText(affectedSopClassUid, "affectedSopClassUid");
        Commands.requireNonNull(priority, "priority");
        Commands.requireText(moveDestination, "moveDestination");
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_MOVE_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return true;
    }

    @Override
    public Dataset toCommand() {
        return new CommandWriter(commandField())
                .uid(Tag.AffectedSOPClassUID, affectedSopClassUid)
                .us(Tag.MessageID, messageId)
                .ae(Tag.MoveDestination, moveDestination)
                .us(Tag.Priority, priority.code())
                .dataSet(true)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid C-MOVE-RQ */
    public static CMoveRq parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.C_MOVE_RQ);
        return r.checked(new CMoveRq(r.us(Tag.MessageID), r.text(Tag.AffectedSOPClassUID), r.priority(),
                r.text(Tag.MoveDestination)));
    }
}
