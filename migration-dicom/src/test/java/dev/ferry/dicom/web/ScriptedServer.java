package dev.ferry.dicom.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.api.Dataset;
import dev.ferry.dicom.json.DicomJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted HTTP server on 127.0.0.1 and a free port, in the manner of OkHttp's MockWebServer: a
 * {@link Script} answers each request, and every request is recorded with its headers and body.
 * For the DICOMweb tests of this module and of the archives. Thread-safe.
 */
public final class ScriptedServer implements AutoCloseable {
    /** A request as the server received it. */
    public record Request(String method, String path, Map<String, List<String>> query, Headers headers, byte[] body) {
        public String param(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public String header(String name) {
            return headers.getFirst(name);
        }

        /** The parts of a {@code multipart/related} request body, as sent. */
        public List<byte[]> parts() throws IOException {
            MediaType type = MediaType.parse(header("Content-Type"));
            MultipartReader reader = new MultipartReader(new java.io.ByteArrayInputStream(body),
                    type.parameter("boundary"), 4096);
            List<byte[]> out = new ArrayList<>();
            for (MultipartPart p = reader.next(); p != null; p = reader.next()) {
                out.add(p.body().readAllBytes());
            }
            return out;
        }
    }

    /** A response: status, headers, and a body written by {@link #body}. */
    public static final class Response {
        final int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        Writer body;
        long length = -1;

        private Response(int status) {
            this.status = status;
        }

        public static Response status(int status) {
            return new Response(status);
        }

        public Response header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Response body(byte[] bytes) {
            this.body = out -> out.write(bytes);
            this.length = bytes.length;
            return this;
        }

        /** A body written by {@code writer}, sent chunked. */
        public Response streamed(Writer writer) {
            this.body = writer;
            this.length = 0;
            return this;
        }

        /** A QIDO-RS answer: the data sets as a DICOM JSON array. */
        public static Response json(List<Dataset> results) {
            StringBuilder sb = new StringBuilder("[");
            for (Dataset ds : results) {
                sb.append(sb.length() == 1 ? "" : ",").append(DicomJson.standard().toJson(ds));
            }
            return status(200).header("Content-Type", "application/dicom+json")
                    .body(sb.append(']').toString().getBytes(StandardCharsets.UTF_8));
        }

        /** One DICOM JSON object (a STOW-RS answer). */
        public static Response json(int status, Dataset ds) {
            return status(status).header("Content-Type", "application/dicom+json")
                    .body(DicomJson.standard().toJson(ds).getBytes(StandardCharsets.UTF_8));
        }

        /** A WADO-RS answer: each object a part, CRLF line ends. */
        public static Response multipart(String boundary, List<byte[]> parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                out.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\nContent-Length: " + p.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(p);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return status(200).header("Content-Type",
                    "multipart/related; type=\"application/dicom\"; boundary=" + boundary).body(out.toByteArray());
        }
    }

    /** Hands each part of a {@code multipart/related} body to {@code each} as it streams. */
    public static void eachPart(InputStream body, String contentType, PartConsumer each) throws IOException {
        MultipartReader reader = new MultipartReader(body, MediaType.parse(contentType).parameter("boundary"), 4096);
        for (MultipartPart p = reader.next(); p != null; p = reader.next()) {
            each.accept(p);
        }
    }

    /** Writes a body. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Answers a request. */
    @FunctionalInterface
    public interface Script {
        Response answer(Request request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Script script;

    public ScriptedServer(Script script) throws IOException {
        this.script = script;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public void script(Script s) {
        this.script = s;
    }

    /** {@code http://127.0.0.1:port/dicom-web/}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web/");
    }

    public List<Request> requests() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }

    /** The most requests the server was answering at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange x) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (x) {
            byte[] body;
            try (InputStream in = x.getRequestBody()) {
                body = in.readAllBytes();
            }
            String rawPath = x.getRequestURI().getRawPath();
            String path = rawPath.startsWith("/dicom-web/") ? rawPath.substring("/dicom-web/".length()) : rawPath;
            Request r = new Request(x.getRequestMethod(), path, query(x.getRequestURI().getRawQuery()),
                    x.getRequestHeaders(), body);
            requests.add(r);
            Response response;
            try {
                response = script.answer(r);
            } catch (Exception e) {
                response = Response.status(500).body(e.toString().getBytes(StandardCharsets.UTF_8));
            }
            response.headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
            if (response.body == null) {
                x.sendResponseHeaders(response.status, -1);
                return;
            }
            x.sendResponseHeaders(response.status, response.length);
            try (OutputStream out = x.getResponseBody()) {
                response.body.write(out);
            } catch (IOException e) {
                // the client went away
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, key -> new ArrayList<>()).add(v);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
