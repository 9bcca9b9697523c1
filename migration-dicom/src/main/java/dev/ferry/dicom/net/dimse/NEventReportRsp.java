package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * N-EVENT-REPORT-RSP (PS3.7 section 10.3.1.2).
 *
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002), optional: {@code null} if absent
 * @param affectedSopInstanceUid Affected SOP Instance UID (0000,1000), optional: {@code null} if absent
 * @param eventTypeId Event Type ID (0000,1002), conditional: {@code null} if absent
 * @param status the outcome
 * @param hasDataSet whether an Event Reply follows
 */
public record NEventReportRsp(int messageIdBeingRespondedTo, String affectedSopClassUid,
        String affectedSopInstanceUid, Integer eventTypeId, Status status, boolean hasDataSet)
        implements DimseResponse {
    public NEventReportRsp {
        Commands.requireUs(messageIdBeingRespondedTo, "messageIdBeingRespondedTo");
        Commands.optionalText(affectedSopClassUid, "affectedSopClassUid");
        Commands.optionalText(affectedSopInstanceUid, "affectedSopInstanceUid");
        Commands.optionalUs(eventTypeId, "eventTypeId");
        Commands.requireNonNull(status, "status");
    }

    /** The response to {@code request} without an Event Reply, echoing its SOP class, instance and event type. */
    public static NEventReportRsp to(NEventReportRq request, Status status) {
        return new NEventReportRsp(request.messageId(), request.affectedSopClassUid(),
                request.affectedSopInstanceUid(), request.eventTypeId(), status, false);
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_EVENT_REPORT_RSP;
    }

    @Override
    public Dataset toCommand() {
        return CommandWriter.response(this, affectedSopClassUid, hasDataSet)
                .uid(Tag.AffectedSOPInstanceUID, affectedSopInstanceUid)
                .us(Tag.EventTypeID, eventTypeId)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid N-EVENT-REPORT-RSP */
    public static NEventReportRsp parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.N_EVENT_REPORT_RSP);
        return new NEventReportRsp(r.us(Tag.MessageIDBeingRespondedTo), r.optionalText(Tag.AffectedSOPClassUID),
                r.optionalText(Tag.AffectedSOPInstanceUID), r.optionalUs(Tag.EventTypeID), r.status(), r.dataSet());
    }
}
