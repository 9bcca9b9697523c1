package dev.ferry.dicom.net.dimse;

/**
 * A request that expects a response: every DIMSE request but C-CANCEL-RQ. Its Message ID
 * (0000,0110) is unique among the requests outstanding on an association (PS3.7 section 9.1.1.1).
 */
public sealed interface DimseRequest extends DimseMessage
        permits CEchoRq, CStoreRq, CFindRq, CGetRq, CMoveRq, NEventReportRq, NGetRq, NSetRq, NActionRq,
                NCreateRq, NDeleteRq {

    /** Message ID (0000,0110), 0 to 65535. */
    int messageId();
}
