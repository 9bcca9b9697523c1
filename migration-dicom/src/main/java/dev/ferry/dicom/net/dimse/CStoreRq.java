package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * C-STORE-RQ (PS3.7 section 9.3.1.1): the instance follows as the data set, always.
 *
 * <p>A C-STORE sent as a sub-operation of a C-MOVE names the C-MOVE's requester and Message ID in
 * the Move Originator fields, which is how a storage SCP ties an arriving instance to the retrieve
 * that caused it.
 *
 * @param messageId Message ID (0000,0110)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002): the instance's SOP Class
 * @param affectedSopInstanceUid Affected SOP Instance UID (0000,1000): the instance's SOP Instance UID
 * @param priority Priority (0000,0700)
 * @param moveOriginatorAeTitle Move Originator Application Entity Title (0000,1030), or {@code null}
 * @param moveOriginatorMessageId Move Originator Message ID (0000,1031), or {@code null}
 */
public record CStoreRq(int messageId, String affectedSopClassUid, String affectedSopInstanceUid, Priority priority,
        String moveOriginatorAeTitle, Integer moveOriginatorMessageId) implements DimseRequest {
    public CStoreRq {
        Commands.requireUs(messageId, "messageId");
        Commands.requireText(affectedSopClassUid, "affectedSopClassUid");
        Commands.requireText(affectedSopInstanceUid, "affectedSopInstanceUid");
        Commands.requireNonNull(priority, "priority");
        Commands.optionalText(moveOriginatorAeTitle, "moveOriginatorAeTitle");
        Commands.optionalUs(moveOriginatorMessageId, "moveOriginatorMessageId");
    }

    /** A C-STORE-RQ that is not part of a C-MOVE. */
    public static CStoreRq of(int messageId, String sopClassUid, String sopInstanceUid, Priority priority) {
        return new CStoreRq(messageId, sopClassUid, sopInstanceUid, priority, null, null);
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_STORE_RQ;
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
                .uid(Tag.AffectedSOPInstanceUID, affectedSopInstanceUid)
                .ae(Tag.MoveOriginatorApplicationEntityTitle, moveOriginatorAeTitle)
                .us(Tag.MoveOriginatorMessageID, moveOriginatorMessageId)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid C-STORE-RQ */
    public static CStoreRq parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.C_STORE_RQ);
        return r.checked(new CStoreRq(r.us(Tag.MessageID), r.text(Tag.AffectedSOPClassUID),
                r.text(Tag.AffectedSOPInstanceUID), r.priority(), r.optionalText(Tag.MoveOriginatorApplicationEntityTitle),
                r.optionalUs(Tag.MoveOriginatorMessageID)));
    }
}
