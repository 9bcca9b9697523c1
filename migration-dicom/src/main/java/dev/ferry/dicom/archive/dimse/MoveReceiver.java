package dev.ferry.dicom.archive.dimse;

import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomParseException;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.DicomServer;
import dev.ferry.dicom.net.ReceivedInstance;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.StorageScp;
import dev.ferry.dicom.net.dimse.Status;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's own Storage SCP for C-MOVE: the move destination a source's C-MOVEs name. Each instance
 * that arrives is tied to the retrieval in progress of its study (its Study Instance UID, read from
 * its header), whichever association it comes on and whether or not the peer fills in the Move
 * Originator fields (many legacy archives do not); retrievals of one study through one receiver
 * take turns, so the tie is never ambiguous. An instance of no retrieval in progress is refused
 * (C000H) and logged by UID.
 *
 * <p>Thread-safe.
 */
final class MoveReceiver implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(MoveReceiver.class);

    /** Work done while a retrieval is registered. */
    @FunctionalInterface
    interface Action {
        void run() throws IOException;
    }

    private final String aeTitle;
    private final DicomServer server;
    private final Map<String, Retrieval> active = new ConcurrentHashMap<>();

    /**
     * Starts listening at {@code local}: its AE title is the move destination, its host and port
     * where the peer must be told to send (the port may be 0 for any free one, in tests).
     */
    MoveReceiver(RemoteAe local, AssociationOptions options, int maxAssociations) throws IOException {
        this.aeTitle = local.aeTitle();
        this.server = DicomServer.builder()
                .bind(local.host(), local.port())
                .aeTitle(local.aeTitle())
                .options(options)
                .maxAssociations(maxAssociations)
                .storage(new StorageScp(this::store))
                .build()
                .start();
    }

    String aeTitle() {
        return aeTitle;
    }

    /** The port it listens on. */
    int port() {
        return server.port();
    }

    /** Runs {@code action} with {@code r} registered for its study, after any other retrieval of it ended. */
    void run(Retrieval r, Action action) throws IOException {
        while (true) {
            Retrieval other = active.putIfAbsent(r.studyInstanceUid, r);
            if (other == null) {
                break;
            }
            try {
                other.awaitFinished();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while another retrieval of study "
                        + r.studyInstanceUid + " was in progress");
            }
        }
        try {
            action.run();
        } finally {
            active.remove(r.studyInstanceUid, r);
            r.finish();
        }
    }

    private Status store(ReceivedInstance ri, InputStream data) throws IOException {
        if (active.isEmpty()) {
            return unsolicited(ri, null, data);
        }
        DicomObject obj;
        try {
            obj = Retrieval.read(ri, data);
        } catch (DicomParseException e) {
            // Its study is unknown: the failure goes to the retrieval in progress if there is one only.
            java.util.List<Retrieval> now = java.util.List.copyOf(active.values());
            if (now.size() == 1) {
                now.get(0).corrupt(ri, e);
            } else {
                LOG.warn("move destination: instance {} from {} cannot be parsed and {} retrievals are in progress:"
                        + " {}", ri.sopInstanceUid(), ri.callingAeTitle(), now.size(), e.getMessage());
            }
            return Retrieval.NOT_TAKEN.withErrorComment("data set cannot be parsed");
        }
        String study = dev.ferry.dicom.archive.Descriptors.text(obj.header(), dev.ferry.api.Tag.StudyInstanceUID);
        Retrieval r = active.get(study);
        if (r == null) {
            try (obj) {
                return unsolicited(ri, study, data);
            }
        }
        return r.deliver(ri, obj);
    }

    private static Status unsolicited(ReceivedInstance ri, String study, InputStream data) throws IOException {
        LOG.warn("move destination: instance {} of study {} from {} belongs to no retrieval in progress; refused",
                ri.sopInstanceUid(), study == null ? "?" : study, ri.callingAeTitle());
        data.close();
        return Retrieval.NOT_TAKEN.withErrorComment("no retrieval of this study in progress");
    }

    @Override
    public void close() {
        server.close();
    }
}
