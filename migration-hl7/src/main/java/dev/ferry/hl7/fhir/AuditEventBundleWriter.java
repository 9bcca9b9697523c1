package dev.ferry.hl7.fhir;

import dev.ferry.api.CustodyRecord;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Streams custody records into a FHIR R4 {@code Bundle} of type {@code collection}, one
 * {@code AuditEvent} entry per record, in JSON: the envelope is written here, each entry's resource by
 * HAPI's JSON parser, so memory stays flat however long the log. Each entry's {@code fullUrl} is a
 * name-based {@code urn:uuid} of the custody log's URI and the record's sequence number, so the same
 * records always give the same bytes.
 *
 * <pre>{@code
 * try (AuditEventBundleWriter w = events.bundleWriter(out)) {
 *     log.read(CustodyQuery.ALL, r -> w.add(r));   // add throws IOException: wrap it
 *     w.finish();
 * }
 * }</pre>
 *
 * <p>{@link #finish()} closes the Bundle; {@link #close()} without it leaves the output incomplete
 * (a failed export must not look like a whole one) and never closes the caller's stream or writer. Not
 * thread-safe: one thread writes.
 */
public final class AuditEventBundleWriter implements Closeable {
    private final CustodyAuditEvents events;
    private final StreamingBundle bundle;

    AuditEventBundleWriter(CustodyAuditEvents events, OutputStream out) throws IOException {
        this(events, new OutputStreamWriter(Objects.requireNonNull(out, "out"), StandardCharsets.UTF_8));
    }

    AuditEventBundleWriter(CustodyAuditEvents events, Writer out) throws IOException {
        this.events = events;
        this.bundle = new StreamingBundle(out);
    }

    /** Appends one record's AuditEvent. */
    public void add(CustodyRecord record) throws IOException {
        bundle.add(events.custodyLogUri() + "#" + record.sequence(), events.toAuditEvent(record));
    }

    /** Closes the Bundle's JSON and flushes; idempotent. */
    public void finish() throws IOException {
        bundle.finish();
    }

    /** How many entries were added. */
    public long count() {
        return bundle.count();
    }

    /** Flushes what was written; does not finish the Bundle nor close the underlying stream. */
    @Override
    public void close() throws IOException {
        bundle.flush();
    }
}
