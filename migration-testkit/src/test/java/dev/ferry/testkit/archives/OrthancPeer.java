package dev.ferry.testkit.archives;

import dev.ferry.api.DicomInstance;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.peer.FreePorts;
import dev.ferry.dicom.net.peer.Orthanc;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An Orthanc for the reference archives' interop tests: it knows Ferry's move destination
 * {@code FERRY} at a free loopback port (reserved before it starts, since Orthanc reads its
 * modalities once), and it is seeded by its REST API, independently of the archive under test.
 */
final class OrthancPeer implements AutoCloseable {
    static final String FERRY_AET = "FERRY";

    final Orthanc orthanc;
    final RemoteAe moveDestination;

    private OrthancPeer(Orthanc orthanc, RemoteAe moveDestination) {
        this.orthanc = orthanc;
        this.moveDestination = moveDestination;
    }

    /**
     * Starts one with its DICOMweb plugin; {@code options} are extra Orthanc settings (e.g.
     * LimitFindResults). In the interop profile a missing Orthanc or plugin fails the test.
     */
    static OrthancPeer start(Map<String, Object> options) throws IOException {
        dev.ferry.dicom.net.peer.Dcmtk.requireTools("Orthanc", Orthanc.DICOMWEB_PLUGIN);
        int port = FreePorts.allocate();
        Orthanc.Builder b = Orthanc.builder().modality("ferry", FERRY_AET, port);
        options.forEach(b::option);
        Orthanc orthanc = b.start();
        if (!orthanc.dicomWeb()) {
            orthanc.close();
            throw new IllegalStateException("Orthanc started without its DICOMweb plugin");
        }
        return new OrthancPeer(orthanc, new RemoteAe(FERRY_AET, "127.0.0.1", port));
    }

    /** Orthanc's DICOM address. */
    RemoteAe dicom() {
        return new RemoteAe(orthanc.aeTitle(), "127.0.0.1", orthanc.dicomPort());
    }

    /** Stores each instance through Orthanc's REST API (POST /instances), not through DIMSE or DICOMweb. */
    void upload(List<DicomInstance> content) throws IOException {
        for (DicomInstance i : content) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            DicomWriter.writeFile(out, i, TransferSyntax.of(i.transferSyntaxUid()), "FERRY_TCK");
            orthanc.post("/instances", java.net.http.HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
        }
    }

    /** Deletes every study it holds, and checks it holds nothing then. */
    void deleteEverything() throws IOException {
        Object studies = dev.ferry.dicom.net.peer.Json.parse(orthanc.get("/studies"));
        for (Object id : (List<?>) studies) {
            orthanc.delete("/studies/" + id);
        }
        if (orthanc.instanceCount() != 0) {
            throw new IOException("Orthanc still holds instances after deleting every study");
        }
    }

    @Override
    public void close() {
        orthanc.close();
    }
}
