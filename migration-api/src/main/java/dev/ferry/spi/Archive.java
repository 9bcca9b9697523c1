package dev.ferry.spi;

import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyManifest;
import java.io.IOException;
import java.util.Optional;

/**
 * What sources and destinations have in common: a name, a description of a study down to its
 * instances, and a retrieval of instances as streams. Not implemented on its own: implement
 * {@link SourceArchive}, {@link DestinationArchive} or both.
 *
 * <p>Thread safety: implementations are thread-safe; every method may be called concurrently from
 * the engine's worker threads (an implementation limits its own concurrency per peer, e.g. with a
 * pool of associations, and makes callers wait rather than fail).
 */
public interface Archive extends AutoCloseable {

    /**
     * A short, stable name for reports, metrics and the custody log (e.g. {@code legacy-pacs},
     * {@code dimse:LEGACY@10.0.0.5:104}); never contains credentials.
     */
    String name();

    /**
     * Everything the archive holds for one study, down to instances; empty if it holds nothing of it.
     * Counts come from the archive itself (an image-level C-FIND, a QIDO-RS instances query, a
     * folder index), never from what Ferry believes it sent.
     *
     * @throws IOException on transport failure (retryable)
     * @throws dev.ferry.api.MigrationException for typed failures (refused, busy, corrupt index)
     */
    Optional<StudyManifest> describe(String studyInstanceUid) throws IOException;

    /**
     * Streams the requested instances to {@code consumer}, one at a time, each exactly once, and
     * returns when all have been delivered or reported as failed.
     *
     * <p>Streaming: each instance's remainder (pixel data) is a stream read from the wire or disk
     * while the consumer reads it; an implementation never holds a whole object in memory, except
     * an in-memory archive. If the consumer leaves part of a remainder unread, the archive skips the
     * rest and goes on with the next instance.
     *
     * <p>Instances the archive lists but cannot deliver (corrupt, refused, missing from a C-MOVE)
     * are reported in {@link RetrieveResult#failures()} or counted as unaccounted; one bad instance
     * never aborts the others. An exception from the consumer aborts the retrieval and propagates.
     * A study the archive does not hold yields an empty result, not an exception.
     *
     * <p>Instances named in the request that the study does not hold are reported as failures with
     * {@link dev.ferry.api.ReasonCode#MISSING_INSTANCE} and counted in
     * {@link RetrieveResult#expected()}.
     *
     * <p>The consumer may keep the header of an instance after {@code accept} returns (it is the
     * consumer's own copy); the remainder stream is closed by then.
     *
     * <p>Idempotent: retrieving again delivers the same instances again.
     *
     * @throws IOException on transport failure (retryable; the caller retries what was not delivered)
     */
    RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException;

    /** Releases connections, pools and files. Idempotent. */
    @Override
    void close() throws IOException;
}
