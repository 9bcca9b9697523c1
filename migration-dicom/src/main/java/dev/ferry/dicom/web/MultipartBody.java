package dev.ferry.dicom.web;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes a STOW-RS request body, {@code multipart/related; type="application/dicom"} (PS3.18
 * 8.6.1.2, RFC 2387), as a chain of publishers: the boundary lines as small arrays and each object
 * streamed from its file or stream as the client sends it. Nothing is buffered whole; the length is
 * known (and sent as Content-Length) when every part's is.
 */
final class MultipartBody {
    private final String boundary = "ferry-" + UUID.randomUUID();
    private final BodyPublisher publisher;

    MultipartBody(List<StowPart> parts) throws IOException {
        List<BodyPublisher> chain = new ArrayList<>(parts.size() * 2 + 1);
        String crlf = "\r\n";
        for (int k = 0; k < parts.size(); k++) {
            StowPart p = parts.get(k);
            StringBuilder head = new StringBuilder();
            head.append(k == 0 ? "" : crlf).append("--").append(boundary).append(crlf)
                    .append("Content-Type: application/dicom").append(crlf);
            if (p.length() >= 0) {
                head.append("Content-Length: ").append(p.length()).append(crlf);
            }
            head.append(crlf);
            chain.add(BodyPublishers.ofByteArray(head.toString().getBytes(StandardCharsets.US_ASCII)));
            chain.add(content(p));
        }
        chain.add(BodyPublishers.ofByteArray((crlf + "--" + boundary + "--" + crlf)
                .getBytes(StandardCharsets.US_ASCII)));
        this.publisher = BodyPublishers.concat(chain.toArray(BodyPublisher[]::new));
    }

    private static BodyPublisher content(StowPart p) throws IOException {
        if (p.file() != null) {
            return BodyPublishers.ofFile(p.file());
        }
        if (p.length() == 0) {
            return BodyPublishers.noBody();
        }
        BodyPublisher stream = BodyPublishers.ofInputStream(p.stream());
        return p.length() > 0 ? BodyPublishers.fromPublisher(stream, p.length()) : stream;
    }

    /** The Content-Type of the request. */
    String contentType() {
        return "multipart/related; type=\"application/dicom\"; boundary=" + boundary;
    }

    HttpRequest.BodyPublisher publisher() {
        return publisher;
    }

    /** The body's length, or -1 if a part's is unknown. */
    long length() {
        return publisher.contentLength();
    }
}
