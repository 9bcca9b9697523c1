package dev.ferry.testkit.archives;

import dev.ferry.api.DicomInstance;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.peer.FreePorts;
import dev.ferry.dicom.net.peer.Orthanc;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Starts one; {@code options} are extra Orthanc settings (e.g. LimitFindResults). */
    static OrthancPeer start(Map<String, Object> options) throws IOException {
        int port = FreePorts.allocate();
        Orthanc.Builder b = Orthanc.builder().modality("ferry", FERRY_AET, port);
        options.forEach(b::option);
        return new OrthancPeer(b.start(), new RemoteAe(FERRY_AET, "127.0.0.1", port));
    }

    /** Orthanc's DICOM address. */
    RemoteAe dicom() {
        return new RemoteAe(orthanc.aeTitle(), "127.0.0.1", orthanc.dicomPort());
    }

    /** Writes each instance as a Part 10 file in {@code dir} and uploads it (POST /instances). */
    void upload(List<DicomInstance> content, Path dir) throws IOException {
        for (DicomInstance i : content) {
            Path f = dir.resolve(i.descriptor().sopInstanceUid() + ".dcm");
            try (OutputStream out = Files.newOutputStream(f)) {
                DicomWriter.writeFile(out, i, TransferSyntax.of(i.transferSyntaxUid()), "FERRY_TCK");
            }
            orthanc.upload(f);
            Files.delete(f);
        }
    }

    /** Deletes every study it holds. */
    void deleteEverything() throws IOException {
        Object studies = dev.ferry.dicom.net.peer.Json.parse(orthanc.get("/studies"));
        for (Object id : (List<?>) studies) {
            orthanc.delete("/studies/" + id);
        }
    }

    @Override
    public void close() {
        orthanc.close();
    }
}
