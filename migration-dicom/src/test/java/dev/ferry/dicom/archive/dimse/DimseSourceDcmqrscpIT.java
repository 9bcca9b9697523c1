package dev.ferry.dicom.archive.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.peer.Dcmqrscp;
import dev.ferry.dicom.net.peer.Dcmtk;
import dev.ferry.dicom.net.peer.FreePorts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DimseSource against dcmtk's {@code dcmqrscp}, the reference archive of the field's own toolkit,
 * whose image-level C-FIND does not return SOP Class UID: every instance must still be listed and
 * delivered, by C-GET (offering the common storage classes) and by C-MOVE. Before, such a study
 * was described with no instances and migrated as DONE with nothing moved.
 */
@Timeout(120)
class DimseSourceDcmqrscpIT {
    private static final String STUDY = "2.25.4711001";

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        Dcmtk.requireTools("dcmqrscp", "dcmqridx");
    }

    @Test
    void everyInstanceIsListedAndDeliveredByGetAndByMove() throws IOException {
        List<Path> files = new ArrayList<>();
        List<String> sops = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String sop = STUDY + ".1." + i;
            sops.add(sop);
            files.add(write(i == 3 ? UID.MRImageStorage : UID.CTImageStorage, i == 3 ? "MR" : "CT", sop, i));
        }
        int ferryPort = FreePorts.allocate();
        try (Dcmqrscp qr = Dcmqrscp.builder().aeTitle("LEGACY").moveDestination("FERRY", ferryPort)
                .preload(files.toArray(Path[]::new)).directory(tmp).start();
                DimseSource byGet = DimseSource.builder(new RemoteAe("LEGACY", "127.0.0.1", qr.port())).build();
                DimseSource byMove = DimseSource.builder(new RemoteAe("LEGACY", "127.0.0.1", qr.port()))
                        .callingAeTitle("FERRY").moveTo(new RemoteAe("FERRY", "127.0.0.1", ferryPort)).build()) {
            StudyManifest manifest = byGet.describe(STUDY).orElseThrow();
            assertThat(manifest.instances()).extracting(InstanceDescriptor::sopInstanceUid)
                    .containsExactlyInAnyOrderElementsOf(sops);
            assertThat(manifest.instances()).as("dcmqrscp does not return SOP Class UID")
                    .allSatisfy(i -> assertThat(i.sopClassUid()).isEmpty());

            for (DimseSource source : List.of(byGet, byMove)) {
                Map<String, String> delivered = new ConcurrentHashMap<>();
                RetrieveResult r = source.retrieve(RetrieveRequest.study(STUDY), instance -> {
                    instance.remainder().readAllBytes();
                    delivered.put(instance.descriptor().sopInstanceUid(), instance.descriptor().sopClassUid());
                });
                assertThat(r.isComplete()).as("retrieval by %s: %s", source, r.failures()).isTrue();
                assertThat(delivered).containsOnlyKeys(sops);
                assertThat(delivered.get(STUDY + ".1.3")).as("the class as the object says it").isEqualTo(
                        UID.MRImageStorage);
                List<String> some = Collections.synchronizedList(new ArrayList<>());
                source.retrieve(RetrieveRequest.instances(STUDY, java.util.Set.of(STUDY + ".1.2")),
                        instance -> some.add(instance.descriptor().sopInstanceUid()));
                assertThat(some).containsExactly(STUDY + ".1.2");
            }
        }
    }

    private Path write(String sopClass, String modality, String sop, int n) throws IOException {
        Dataset h = new Dataset();
        h.setString(Tag.SOPClassUID, VR.UI, sopClass);
        h.setString(Tag.SOPInstanceUID, VR.UI, sop);
        h.setString(Tag.StudyDate, VR.DA, "20240131");
        h.setString(Tag.Modality, VR.CS, modality);
        h.setString(Tag.PatientName, VR.PN, "QR^TEST");
        h.setString(Tag.PatientID, VR.LO, "QR-1");
        h.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        h.setString(Tag.SeriesInstanceUID, VR.UI, STUDY + ".1");
        h.setInts(Tag.InstanceNumber, VR.IS, n);
        h.setInts(Tag.SamplesPerPixel, VR.US, 1);
        h.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        h.setInts(Tag.Rows, VR.US, 8);
        h.setInts(Tag.Columns, VR.US, 8);
        h.setInts(Tag.BitsAllocated, VR.US, 16);
        h.setInts(Tag.BitsStored, VR.US, 12);
        h.setInts(Tag.HighBit, VR.US, 11);
        h.setInts(Tag.PixelRepresentation, VR.US, 0);
        byte[] pixels = new byte[8 * 8 * 2];
        java.util.Arrays.fill(pixels, (byte) n);
        byte[] remainder = new byte[12 + pixels.length];
        byte[] head = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0, (byte) pixels.length, 0, 0, 0};
        System.arraycopy(head, 0, remainder, 0, 12);
        System.arraycopy(pixels, 0, remainder, 12, pixels.length);
        Path file = tmp.resolve(sop + ".dcm");
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        try (OutputStream out = Files.newOutputStream(file)) {
            DicomWriter.writeFile(out, null, DicomWriter.fileMeta(h, ts, "TEST"), h,
                    new ByteArrayInputStream(remainder), ts, ItemRef.NONE);
        }
        return file;
    }
}
