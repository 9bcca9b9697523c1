package dev.ferry.dicom.net;

import dev.ferry.dicom.net.dimse.DimseRequest;
import dev.ferry.dicom.net.dimse.DimseResponse;
import dev.ferry.dicom.net.dimse.Status;
import java.io.IOException;
import java.io.InputStream;

/**
 * One request an SCP received, with what a {@link DimseHandler} needs to answer it: the association,
 * the presentation context, the command, its data set as a stream, and {@link #respond}.
 *
 * <p>Used by the association's thread only; not thread-safe.
 */
public final class ScpRequest {
    private final Association association;
    private final Association.Incoming incoming;
    private final DimseRequest request;
    private boolean answered;
    private boolean cancelled;

    ScpRequest(Association association, Association.Incoming incoming) {
        this.association = association;
        this.incoming = incoming;
        this.request = (DimseRequest) incoming.message();
    }

    public Association association() {
        return association;
    }

    public PresentationContext context() {
        return incoming.context();
    }

    public DimseRequest request() {
        return request;
    }

    /** The request's data set in the context's transfer syntax, or {@code null} if it has none. */
    public InputStream data() {
        return incoming.data();
    }

    /**
     * Sends a response on the request's context. A response whose status is not pending is final:
     * after it, nothing more may be sent for this request.
     *
     * @param data the response's data set, or {@code null} if it has none
     */
    public void respond(DimseResponse response, Association.DataWriter data) throws IOException {
        if (answered) {
            throw new IllegalStateException(request.commandField() + " " + request.messageId()
                    + " has been answered already");
        }
        association.send(incoming.context(), response, data);
        if (!response.status().isPending()) {
            answered = true;
        }
    }

    public void respond(DimseResponse response) throws IOException {
        respond(response, null);
    }

    /** Whether the final response was sent. */
    public boolean answered() {
        return answered;
    }

    /**
     * Whether the requestor sent C-CANCEL-RQ for this request: checked without waiting, from what
     * has arrived. A handler sending pending responses calls it between them.
     */
    public boolean isCancelled() throws IOException {
        if (!cancelled) {
            cancelled = association.pollCancel(request.messageId());
        }
        return cancelled;
    }

    /** Answers with {@code status} and no data set, if not answered yet. */
    void finish(Status status) throws IOException {
        if (!answered) {
            DimseResponse rsp = Responses.to(request, status);
            if (rsp != null) {
                respond(rsp);
            }
        }
    }
}
