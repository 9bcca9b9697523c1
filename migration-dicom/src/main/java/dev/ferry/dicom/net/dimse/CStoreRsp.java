package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * C-STORE-RSP (PS3.7 section 9.3.1.2). No data set. See {@link Status#isRetryable()} for which
 * failures are worth sending again.
 *
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002), optional: {@code null} if absent
 * @param affectedSopInstanceUid Affected SOP Instance UID (0000,1000), optional: {@code null} if absent
 * @param status the outcome
 */
public record CStoreRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, String affectedSopInstanceUid,
        Status status) implements DimseResponse {
    public CStoreRsp {
        Commands.requireUs(messageIdBeingRespondedTo, "messageIdBeingRespondedTo");
        Commands.optionalText(affectedSopClassUid, "affectedSopClassUid");
        Commands.optionalText(affectedSopInstanceUid, "affectedSopInstanceUid");
        Commands.requireNonNull(status, "status");
    }

    /** The response to {@code request}, naming its SOP class and instance as PS3.7 recommends. */
    public static CStoreRsp to(CStoreRq request, Status status) {
        return new CStoreRsp(request.messageId(), request.affectedSopClassUid(), request.affectedSopInstanceUid(),
                status);
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_STORE_RSP;
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

    /** @throws DimseCommandException if the command is not a valid C-STORE-RSP */
    public static CStoreRsp parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.C_STORE_RSP);
        return r.checked(new CStoreRsp(r.us(Tag.MessageIDBeingRespondedTo), r.optionalText(Tag.AffectedSOPClassUID),
                r.optionalText(Tag.AffectedSOPInstanceUID), r.status()));
    }
}
