package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * C-CANCEL-RQ (PS3.7 sections 9.3.2.3, 9.3.3.3 and 9.3.4.3): asks the peer to stop the C-FIND,
 * C-GET or C-MOVE with the given Message ID. It has no Message ID of its own, no data set, and no
 * response: the operation it cancels ends with a Cancel status.
 *
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120): the operation to cancel
 */
public record CCancelRq(int messageIdBeingRespondedTo) implements DimseMessage {
    public CCancelRq {
        Commands.requireUs(messageIdBeingRespondedTo, "messageIdBeingRespondedTo");
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_CANCEL_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }

    @Override
    public Dataset toCommand() {
        return new CommandWriter(commandField())
                .us(Tag.MessageIDBeingRespondedTo, messageIdBeingRespondedTo)
                .dataSet(false)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid C-CANCEL-RQ */
    public static CCancelRq parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.C_CANCEL_RQ);
        return r.checked(new CCancelRq(r.us(Tag.MessageIDBeingRespondedTo)));
    }
}
