package dev.ferry.testkit.archives;

import dev.ferry.api.DicomInstance;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.net.peer.Dcmtk;
import dev.ferry.dicom.net.peer.Orthanc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Orthanc with its DICOMweb plugin for the archives' conformance ITs, and the REST calls they need. Stateless. */
final class OrthancPeer {
    private static final Pattern ID = Pattern.compile("\"([0-9a-f]{8}(?:-[0-9a-f]{8}){4})\"");

    private OrthancPeer() {}

    /** Starts Orthanc with DICOMweb; fails (in the interop profile) or skips if it is not installed. */
    static Orthanc start() throws IOException {
        Dcmtk.requireTools("Orthanc", Orthanc.DICOMWEB_PLUGIN);
        Orthanc orthanc = Orthanc.builder().start();
        if (!orthanc.dicomWeb()) {
            orthanc.close();
            throw new IllegalStateException("Orthanc started without its DICOMweb plugin");
        }
        return orthanc;
    }

    /** Stores an instance through Orthanc's own REST API (POST /instances), not through DICOMweb. */
    static void upload(Orthanc orthanc, DicomInstance instance) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.writeFile(out, instance, TransferSyntax.of(instance.transferSyntaxUid()), null);
        orthanc.post("/instances", HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
    }

    /** Deletes every study (DELETE /studies/{id} for each of GET /studies). */
    static void deleteEverything(Orthanc orthanc) throws IOException {
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        Matcher m = ID.matcher(orthanc.get("/studies"));
        while (m.find()) {
            HttpRequest delete = HttpRequest.newBuilder(orthanc.baseUri().resolve("studies/" + m.group(1)))
                    .DELETE().timeout(Duration.ofSeconds(30)).build();
            try {
                int status = http.send(delete, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 != 2) {
                    throw new IOException("Orthanc DELETE /studies/" + m.group(1) + ": HTTP " + status);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while deleting Orthanc's studies");
            }
        }
        if (orthanc.instanceCount() != 0) {
            throw new IOException("Orthanc still holds instances after deleting every study");
        }
    }
}
