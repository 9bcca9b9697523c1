package dev.ferry.dicom.archive.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StoreResult;
import dev.ferry.api.Tag;
import dev.ferry.api.TransientMigrationException;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.net.DicomServer;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.StorageScp;
import dev.ferry.dicom.net.dimse.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The DIMSE destination's transfer syntax policy and status mapping, against Ferry's own Storage SCP. */
class DimseDestinationTest {
    private static final List<String> NATIVE = List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);

    /** What the SCP received, by SOP Instance UID: transfer syntax and Pixel Data bytes. */
    private final Map<String, String> received = new ConcurrentHashMap<>();
    private volatile Status answer = Status.SUCCESS;

    private DicomServer scp(List<String> syntaxes) throws IOException {
        StorageScp handler = new StorageScp((ri, data) -> {
            try (var obj = DicomReader.standard().read(data, TransferSyntax.of(ri.transferSyntaxUid()), "test")) {
                received.put(ri.sopInstanceUid(), ri.transferSyntaxUid() + " "
                        + obj.remainder().readAllBytes().length);
            }
            return answer;
        });
        return DicomServer.builder().aeTitle("NEWPACS").service(UID.CTImageStorage, syntaxes, handler).build().start();
    }

    private static DicomInstance ct(String sop, String ts) throws IOException {
        Dataset h = new Dataset();
        h.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        h.setString(Tag.SOPInstanceUID, VR.UI, sop);
        h.setString(Tag.StudyInstanceUID, VR.UI, "2.25.1");
        h.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.1.1");
        h.setInts(Tag.BitsAllocated, VR.US, 16);
        // Pixel Data, explicit VR little endian: (7FE0,0010) OW, 8 bytes
        byte[] pixels = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0, 8, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
        return new DicomInstance(InstanceDescriptor.of(h, -1), h, ts, new ByteArrayInputStream(pixels), pixels.length);
    }

    private static DimseDestination to(DicomServer scp) throws IOException {
        return DimseDestination.builder(new RemoteAe("NEWPACS", "127.0.0.1", scp.port())).readBack(false).build();
    }

    @Test
    void anInstanceGoesInItsOwnSyntaxWhenAccepted() throws IOException {
        try (DicomServer scp = scp(NATIVE); DimseDestination d = to(scp); DicomInstance i = ct("2.25.1.1.1",
                UID.ExplicitVRLittleEndian)) {
            assertThat(d.store(i)).isEqualTo(StoreResult.stored("2.25.1.1.1"));
        }
        assertThat(received).containsEntry("2.25.1.1.1", UID.ExplicitVRLittleEndian + " 20");
    }

    @Test
    void anUncompressedInstanceIsReEncodedWhenItsSyntaxIsRefused() throws IOException {
        try (DicomServer scp = scp(List.of(UID.ImplicitVRLittleEndian)); DimseDestination d = to(scp);
             DicomInstance i = ct("2.25.1.1.2", UID.ExplicitVRLittleEndian)) {
            assertThat(d.store(i).status()).isEqualTo(StoreResult.Status.STORED);
        }
        // implicit VR: the element header is 8 bytes, not 12
        assertThat(received).containsEntry("2.25.1.1.2", UID.ImplicitVRLittleEndian + " 16");
    }

    @Test
    void aCompressedSyntaxTheDestinationRefusesNamesBothAndIsNeverDecompressed() throws IOException {
        try (DicomServer scp = scp(NATIVE); DimseDestination d = to(scp); DicomInstance i = ct("2.25.1.1.3",
                UID.JPEGBaseline8Bit)) {
            assertThatThrownBy(() -> d.store(i)).isInstanceOfSatisfying(PermanentMigrationException.class, e -> {
                assertThat(e.reason()).isEqualTo(ReasonCode.TRANSFER_SYNTAX_REFUSED);
                assertThat(e.getMessage()).contains(UID.JPEGBaseline8Bit).contains(UID.ExplicitVRLittleEndian)
                        .contains("2.25.1.1.3");
            });
            // the association is fine: the next instance goes
            try (DicomInstance next = ct("2.25.1.1.4", UID.ExplicitVRLittleEndian)) {
                assertThat(d.store(next).status()).isEqualTo(StoreResult.Status.STORED);
            }
        }
        assertThat(received).doesNotContainKey("2.25.1.1.3");
    }

    @Test
    void aSopClassTheDestinationRefusesFailsThatInstanceAlone() throws IOException {
        try (DicomServer scp = scp(NATIVE); DimseDestination d = to(scp); DicomInstance mr = ct("2.25.1.1.5",
                UID.ExplicitVRLittleEndian)) {
            mr.header().setString(Tag.SOPClassUID, VR.UI, UID.MRImageStorage);
            DicomInstance renamed = new DicomInstance(InstanceDescriptor.of(mr.header(), -1), mr.header(),
                    mr.transferSyntaxUid(), mr.remainder(), -1);
            assertThatThrownBy(() -> d.store(renamed)).isInstanceOfSatisfying(PermanentMigrationException.class,
                    e -> {
                        assertThat(e.reason()).isEqualTo(ReasonCode.REFUSED);
                        assertThat(e.getMessage()).contains(UID.MRImageStorage).contains("2.25.1.1.5");
                    });
            try (DicomInstance ct = ct("2.25.1.1.6", UID.ExplicitVRLittleEndian)) {
                assertThat(d.store(ct).status()).isEqualTo(StoreResult.Status.STORED);
            }
        }
    }

    @Test
    void aWarningIsRecordedWithItsMeaning() throws IOException {
        answer = Status.of(0xB000).withOffendingElements(Tag.PatientName);
        try (DicomServer scp = scp(NATIVE); DimseDestination d = to(scp); DicomInstance i = ct("2.25.1.1.7",
                UID.ExplicitVRLittleEndian)) {
            StoreResult r = d.store(i);
            assertThat(r.status()).isEqualTo(StoreResult.Status.STORED_WITH_WARNING);
            assertThat(r.detail()).startsWith("B000H").containsIgnoringCase("coercion").contains("(0010,0010)");
        }
    }

    @Test
    void outOfResourcesIsTransientAndOtherFailuresPermanent() throws IOException {
        try (DicomServer scp = scp(NATIVE); DimseDestination d = to(scp)) {
            answer = Status.of(0xA700);
            try (DicomInstance i = ct("2.25.1.1.8", UID.ExplicitVRLittleEndian)) {
                assertThatThrownBy(() -> d.store(i)).isInstanceOfSatisfying(TransientMigrationException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.PEER_BUSY));
            }
            answer = Status.of(0xA900);
            try (DicomInstance i = ct("2.25.1.1.9", UID.ExplicitVRLittleEndian)) {
                assertThatThrownBy(() -> d.store(i)).isInstanceOfSatisfying(PermanentMigrationException.class,
                        e -> assertThat(e.getMessage()).contains("A900H"));
            }
            answer = Status.of(0x0111);
            try (DicomInstance i = ct("2.25.1.1.10", UID.ExplicitVRLittleEndian)) {
                assertThat(d.store(i).status()).isEqualTo(StoreResult.Status.ALREADY_PRESENT);
            }
        }
    }
}
