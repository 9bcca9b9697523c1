package dev.ferry.hl7.fhir;

import ca.uhn.fhir.parser.IParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A FHIR R4 {@code Bundle} of type {@code collection} written as JSON entry by entry: the envelope
 * here, each resource by HAPI's JSON parser, so memory stays flat however many entries. An entry's
 * {@code fullUrl} is a name-based {@code urn:uuid} of a key the caller gives, so the same entries
 * always give the same bytes. {@link #finish()} closes the Bundle; without it the output stays
 * incomplete on purpose (a failed export must not look whole). Never closes the caller's writer.
 * Not thread-safe.
 */
final class StreamingBundle {
    private final Writer out;
    private final IParser parser = FhirContexts.r4().newJsonParser();
    private long count;
    private boolean finished;

    StreamingBundle(Writer out) throws IOException {
        this.out = new BufferedWriter(Objects.requireNonNull(out, "out"), 64 << 10);
        this.out.write("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
    }

    /** Appends one entry; {@code key} names it in its {@code fullUrl}. */
    void add(String key, IBaseResource resource) throws IOException {
        if (finished) {
            throw new IllegalStateException("the bundle is finished");
        }
        String encoded = parser.encodeResourceToString(resource);
        out.write(count == 0 ? "\n" : ",\n");
        out.write("{\"fullUrl\":\"urn:uuid:");
        out.write(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString());
        out.write("\",\"resource\":");
        out.write(encoded);
        out.write('}');
        count++;
    }

    /** Closes the Bundle's JSON and flushes; idempotent. */
    void finish() throws IOException {
        if (!finished) {
            finished = true;
            out.write(count == 0 ? "]}\n" : "\n]}\n");
            out.flush();
        }
    }

    long count() {
        return count;
    }

    void flush() throws IOException {
        out.flush();
    }
}
