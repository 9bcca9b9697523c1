package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import java.util.List;

/**
 * N-GET-RQ (PS3.7 section 10.3.2.1): asks for attribute values of a SOP instance the peer manages.
 * No data set.
 *
 * @param messageId Message ID (0000,0110)
 * @param requestedSopClassUid Requested SOP Class UID (0000,0003)
 * @param requestedSopInstanceUid Requested SOP Instance UID (0000,1001)
 * @param attributeIdentifiers Attribute Identifier List (0000,1005): the tags wanted; empty (absent)
 *     asks for all
 */
public record NGetRq(int messageId, String requestedSopClassUid, String requestedSopInstanceUid,
        List<Integer> attributeIdentifiers) implements DimseRequest {
    public NGetRq {
        Commands.requireUs(messageId, "messageId");
        Commands.requireText(requestedSopClassUid, "requestedSopClassUid");
        Commands.requireText(requestedSopInstanceUid, "requestedSopInstanceUid");
        attributeIdentifiers = Commands.tags(attributeIdentifiers);
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_GET_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }

    @Override
    public Dataset toCommand() {
        return new CommandWriter(commandField())
                .uid(Tag.RequestedSOPClassUID, requestedSopClassUid)
                .us(Tag.MessageID, messageId)
                .dataSet(false)
                .uid(Tag.RequestedSOPInstanceUID, requestedSopInstanceUid)
                .tags(Tag.AttributeIdentifierList, attributeIdentifiers)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid N-GET-RQ */
    public static NGetRq parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.N_GET_RQ);
        return r.checked(new NGetRq(r.us(Tag.MessageID), r.text(Tag.RequestedSOPClassUID),
                r.text(Tag.RequestedSOPInstanceUID), r.tags(Tag.AttributeIdentifierList)));
    }
}
