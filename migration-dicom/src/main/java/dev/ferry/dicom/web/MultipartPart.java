package dev.ferry.dicom.web;

import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * One body part of a {@code multipart/related} response (RFC 2387), as it streams: its headers and
 * its content, which ends where the next boundary starts. Valid only inside the
 * {@link PartConsumer#accept} call it is handed to; whatever the consumer leaves unread is skipped.
 * Not thread-safe.
 */
public final class MultipartPart {
    private final int index;
    private final Map<String, String> headers;
    private final InputStream body;

    MultipartPart(int index, Map<String, String> headers, InputStream body) {
        this.index = index;
        this.headers = Map.copyOf(headers);
        this.body = body;
    }

    /** Its position in the response, from 1. */
    public int index() {
        return index;
    }

    /** Its headers by lower-case name; the first of repeated headers. */
    public Map<String, String> headers() {
        return headers;
    }

    /** A header by name (any case), or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Its {@code Content-Type}, or {@code null} if it has none. */
    public String contentType() {
        return header("content-type");
    }

    /** Its {@code Content-Length} if it declares a valid one, else -1. */
    public long contentLength() {
        String v = header("content-length");
        if (v == null) {
            return -1;
        }
        try {
            long n = Long.parseLong(v.strip());
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Its content: ends (returns -1) at the boundary; closing it skips the rest of the part. */
    public InputStream body() {
        return body;
    }

    @Override
    public String toString() {
        return "MultipartPart[" + index + ", " + contentType() + "]";
    }
}
