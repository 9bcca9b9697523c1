package dev.ferry.dicom.net.dimse;

/** A response to a {@link DimseRequest}: the request's Message ID and a {@link Status}. */
public sealed interface DimseResponse extends DimseMessage
        permits CEchoRsp, CStoreRsp, CFindRsp, CGetRsp, CMoveRsp, NEventReportRsp, NGetRsp, NSetRsp,
                NActionRsp, NCreateRsp, NDeleteRsp {

    /** Message ID Being Responded To (0000,0120). */
    int messageIdBeingRespondedTo();

    Status status();
}
