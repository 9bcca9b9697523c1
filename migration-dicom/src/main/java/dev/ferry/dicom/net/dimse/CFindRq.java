package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * C-FIND-RQ (PS3.7 section 9.3.2.1): the Identifier follows as the data set, always.
 *
 * @param messageId Message ID (0000,0110)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002): the Query/Retrieve information model
 * @param priority Priority (0000,0700)
 */
public record CFindRq(int messageId, String affectedSopClassUid, Priority priority) implements DimseRequest {
    public CFindRq {
        Commands.requireUs(messageId, "messageId");
        Commands.requireText(affectedSopClassUid, "affectedSopClassUid");
        Commands.requireNonNull(priority, "priority");
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_FIND_RQ;
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
                .us(Tag.Priority, priority.code())
                .dataSet(true)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid C-FIND-RQ */
    public static CFindRq parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.C_FIND_RQ);
        return r.checked(new CFindRq(r.us(Tag.MessageID), r.text(Tag.AffectedSOPClassUID), r.priority()));
    }
}
