package dev.ferry.dicom.net;

import dev.ferry.dicom.io.DicomParseException;
import dev.ferry.dicom.net.dimse.CStoreRq;
import dev.ferry.dicom.net.dimse.CStoreRsp;
import dev.ferry.dicom.net.dimse.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Storage Service Class SCP (PS3.4 Annex B): answers each C-STORE-RQ after handing its data set
 * to a {@link StorageSink}. A sink failure becomes a failure status for that instance alone
 * (A700H out of resources for an I/O failure, C000H for a data set that cannot be parsed); the
 * association goes on. Register with {@link DicomServer.Builder#storage(DimseHandler)}.
 *
 * <p>Thread-safe if the sink is.
 */
public final class StorageScp implements DimseHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StorageScp.class);
    /** A700H: Refused, out of resources. */
    public static final Status OUT_OF_RESOURCES = Status.of(0xA700);
    /** C000H: Error, cannot understand. */
    public static final Status CANNOT_UNDERSTAND = Status.of(0xC000);

    private final StorageSink sink;

    public StorageScp(StorageSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public void handle(ScpRequest request) throws IOException {
        if (!(request.request() instanceof CStoreRq rq)) {
            request.finish(Responses.UNRECOGNIZED_OPERATION);
            return;
        }
        request.respond(CStoreRsp.to(rq, store(request.association(), request.context(), rq, request.data())));
    }

    /**
     * Hands one C-STORE's data set to {@code sink} and returns the status to answer; used by the SCP
     * and by a C-GET requestor receiving its sub-operations.
     */
    static Status store(StorageSink sink, Association as, PresentationContext pc, CStoreRq rq, InputStream data)
            throws IOException {
        ReceivedInstance instance = new ReceivedInstance(rq.affectedSopClassUid(), rq.affectedSopInstanceUid(),
                pc.transferSyntax(), as.callingAeTitle(), as.calledAeTitle(), as.remoteAddress(), rq.messageId(),
                rq.priority(), rq.moveOriginatorAeTitle(), rq.moveOriginatorMessageId());
        try {
            Status status = sink.store(instance, data);
            return status == null ? Status.SUCCESS : status;
        } catch (AssociationException e) {
            throw e;
        } catch (DicomParseException e) {
            LOG.warn("{}: C-STORE {} refused, the data set cannot be parsed: {}", as, rq.messageId(), e.getMessage());
            data.close();
            return CANNOT_UNDERSTAND.withErrorComment("data set cannot be parsed");
        } catch (IOException e) {
            if (!as.isOpen()) {
                throw e;
            }
            LOG.warn("{}: C-STORE {} could not be stored: {}", as, rq.messageId(), e.toString());
            data.close();
            return OUT_OF_RESOURCES.withErrorComment("storage failed");
        }
    }

    private Status store(Association as, PresentationContext pc, CStoreRq rq, InputStream data) throws IOException {
        return store(sink, as, pc, rq, data);
    }
}
