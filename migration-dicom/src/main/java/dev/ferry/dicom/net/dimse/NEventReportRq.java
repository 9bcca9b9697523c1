package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * N-EVENT-REPORT-RQ (PS3.7 section 10.3.1.1): the peer reports an event about a SOP instance it
 * manages. For Storage Commitment Push Model (PS3.4 J.3.3) the SCP sends it with Event Type ID 1 (all
 * instances committed) or 2 (failures exist), the commitment result as the data set.
 *
 * @param messageId Message ID (0000,0110)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002)
 * @param affectedSopInstanceUid Affected SOP Instance UID (0000,1000)
 * @param eventTypeId Event Type ID (0000,1002)
 * @param hasDataSet whether Event Information follows
 */
public record NEventReportRq(int messageId, String affectedSopClassUid, String affectedSopInstanceUid,
        int eventTypeId, boolean hasDataSet) implements DimseRequest {
    public NEventReportRq {
        Commands.requireUs(messageId, "messageId");
        Commands.requireText(affectedSopClassUid, "affectedSopClassUid");
        Commands.requireText(affectedSopInstanceUid, "affectedSopInstanceUid");
        Commands.requireUs(eventTypeId, "eventTypeId");
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_EVENT_REPORT_RQ;
    }

    @Override
    public Dataset toCommand() {
        return new CommandWriter(commandField())
                .uid(Tag.AffectedSOPClassUID, affectedSopClassUid)
                .us(Tag.MessageID, messageId)
                .dataSet(hasDataSet)
                .uid(Tag.AffectedSOPInstanceUID, affectedSopInstanceUid)
                .us(Tag.EventTypeID, eventTypeId)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid N-EVENT-REPORT-RQ */
    public static NEventReportRq parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.N_EVENT_REPORT_RQ);
        return new NEventReportRq(r.us(Tag.MessageID), r.text(Tag.AffectedSOPClassUID),
                r.text(Tag.AffectedSOPInstanceUID), r.us(Tag.EventTypeID), r.dataSet());
    }
}
