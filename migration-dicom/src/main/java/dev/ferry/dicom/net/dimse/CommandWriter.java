package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import java.util.List;

/**
 * Builds the command data set of one message. Absent optional values ({@code null}) are left out;
 * VRs are those of PS3.7 Annex E.
 */
final class CommandWriter {
    /** Command Data Set Type (0000,0800) when no data set follows (PS3.7 Annex E). */
    static final int NO_DATA_SET = 0x0101;
    /**
     * Command Data Set Type written when a data set follows. Any value but 0101H means "present";
     * 0001H is what dcmtk and pynetdicom write.
     */
    static final int DATA_SET_PRESENT = 0x0001;

    private final Dataset command = new Dataset(12);

    CommandWriter(CommandField field) {
        us(Tag.CommandField, field.code());
    }

    /**
     * The fields every response starts with (PS3.7 9.3 and 10.3): Command Field, Affected SOP Class
     * UID (when given), Message ID Being Responded To, Command Data Set Type and Status.
     */
    static CommandWriter response(DimseResponse rsp, String affectedSopClassUid, boolean hasDataSet) {
        return new CommandWriter(rsp.commandField())
                .uid(Tag.AffectedSOPClassUID, affectedSopClassUid)
                .us(Tag.MessageIDBeingRespondedTo, rsp.messageIdBeingRespondedTo())
                .dataSet(hasDataSet)
                .status(rsp.status());
    }

    CommandWriter uid(int tag, String uid) {
        if (uid != null) {
            command.setString(tag, VR.UI, uid);
        }
        return this;
    }

    CommandWriter ae(int tag, String aeTitle) {
        if (aeTitle != null) {
            command.setString(tag, VR.AE, aeTitle);
        }
        return this;
    }

    CommandWriter us(int tag, Integer value) {
        if (value != null) {
            command.setInts(tag, VR.US, value);
        }
        return this;
    }

    CommandWriter tags(int tag, List<Integer> tags) {
        if (!tags.isEmpty()) {
            command.setLongs(tag, VR.AT, tags.stream().mapToLong(Integer::toUnsignedLong).toArray());
        }
        return this;
    }

    CommandWriter dataSet(boolean present) {
        return us(Tag.CommandDataSetType, present ? DATA_SET_PRESENT : NO_DATA_SET);
    }

    /** Status (0000,0900) and the error fields that come with it. */
    /** The four sub-operation counts of a C-GET-RSP or C-MOVE-RSP (PS3.7 9.3.3.2, 9.3.4.2), those present. */
    CommandWriter subOperations(SubOperations counts) {
        return us(Tag.NumberOfRemainingSuboperations, counts.remaining())
                .us(Tag.NumberOfCompletedSuboperations, counts.completed())
                .us(Tag.NumberOfFailedSuboperations, counts.failed())
                .us(Tag.NumberOfWarningSuboperations, counts.warning());
    }

    CommandWriter status(Status status) {
        us(Tag.Status, status.code());
        tags(Tag.OffendingElement, status.offendingElements());
        if (status.errorComment() != null) {
            command.setString(Tag.ErrorComment, VR.LO, status.errorComment());
        }
        return us(Tag.ErrorID, status.errorId());
    }

    Dataset build() {
        return command;
    }
}
