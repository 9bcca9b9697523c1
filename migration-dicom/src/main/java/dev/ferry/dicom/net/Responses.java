package dev.ferry.dicom.net;

import dev.ferry.dicom.net.dimse.CEchoRq;
import dev.ferry.dicom.net.dimse.CEchoRsp;
import dev.ferry.dicom.net.dimse.CFindRq;
import dev.ferry.dicom.net.dimse.CFindRsp;
import dev.ferry.dicom.net.dimse.CGetRq;
import dev.ferry.dicom.net.dimse.CGetRsp;
import dev.ferry.dicom.net.dimse.CMoveRq;
import dev.ferry.dicom.net.dimse.CMoveRsp;
import dev.ferry.dicom.net.dimse.CStoreRq;
import dev.ferry.dicom.net.dimse.CStoreRsp;
import dev.ferry.dicom.net.dimse.DimseRequest;
import dev.ferry.dicom.net.dimse.DimseResponse;
import dev.ferry.dicom.net.dimse.NActionRq;
import dev.ferry.dicom.net.dimse.NActionRsp;
import dev.ferry.dicom.net.dimse.NEventReportRq;
import dev.ferry.dicom.net.dimse.NEventReportRsp;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.dimse.SubOperations;

/** Final responses without a data set, for any request an SCP answers. */
final class Responses {
    /** 0211H: the operation is not one this SCP performs on the SOP class. */
    static final Status UNRECOGNIZED_OPERATION = Status.of(0x0211);
    /** 0110H: processing failure. */
    static final Status PROCESSING_FAILURE = Status.of(0x0110);

    private Responses() {}

    /**
     * The final response to {@code rq} with {@code status} and no data set, or {@code null} for a
     * request type no handler of Ferry's answers (N-GET, N-SET, N-CREATE, N-DELETE).
     */
    static DimseResponse to(DimseRequest rq, Status status) {
        if (rq instanceof CEchoRq r) {
            return CEchoRsp.to(r, status);
        }
        if (rq instanceof CStoreRq r) {
            return CStoreRsp.to(r, status);
        }
        if (rq instanceof CFindRq r) {
            return new CFindRsp(r.messageId(), r.affectedSopClassUid(), status, false);
        }
        if (rq instanceof CGetRq r) {
            return new CGetRsp(r.messageId(), r.affectedSopClassUid(), status, SubOperations.NONE, false);
        }
        if (rq instanceof CMoveRq r) {
            return new CMoveRsp(r.messageId(), r.affectedSopClassUid(), status, SubOperations.NONE, false);
        }
        if (rq instanceof NActionRq r) {
            return new NActionRsp(r.messageId(), r.requestedSopClassUid(), r.requestedSopInstanceUid(), r.actionTypeId(),
                    status, false);
        }
        if (rq instanceof NEventReportRq r) {
            return NEventReportRsp.to(r, status);
        }
        return null;
    }
}
