package dev.ferry.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.peer.Dcmtk;
import dev.ferry.dicom.net.peer.Orthanc;
import dev.ferry.dicom.net.peer.Storescp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * C-STORE and C-ECHO between Ferry and real peers on loopback: Ferry's SCU into dcmtk storescp and
 * Orthanc, dcmtk storescu and echoscu into Ferry's Storage SCP. What arrives is compared byte for
 * byte with what was sent (the data set; File Meta is each receiver's own).
 */
@Timeout(120)
class StorageIT {
    private static final List<String> FILES = List.of("CT_small.dcm", "MR_small_implicit.dcm",
            "MR_small_bigendian.dcm", "JPEG2000.dcm", "image_dfl.dcm", "rtplan.dcm", "examples_overlay.dcm");

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        Dcmtk.requireTools("storescp", "storescu", "echoscu", "Orthanc");
    }

    private static List<StoreScu.FileInfo> infos() throws Exception {
        List<StoreScu.FileInfo> list = new ArrayList<>();
        for (String f : FILES) {
            list.add(StoreScu.inspect(NetTestFiles.corpus(f)));
        }
        return list;
    }

    @Test
    void ferryStoresIntoStorescpByteForByte() throws Exception {
        List<StoreScu.FileInfo> infos = infos();
        try (Storescp scp = Storescp.builder().aeTitle("STORESCP").maxPdu(16384).directory(tmp).start()) {
            AssociationRequest.Builder rq = AssociationRequest.builder("STORESCP", "FERRY");
            StoreScu.propose(rq, infos);
            rq.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
            Map<String, byte[]> sent = new HashMap<>();
            try (Association as = Association.connect(new RemoteAe("STORESCP", "127.0.0.1", scp.port()), rq.build(),
                    AssociationOptions.defaults())) {
                assertThat(as.echo()).isEqualTo(Status.SUCCESS);
                assertThat(as.maxPduLengthSent()).isEqualTo(16384);
                for (StoreScu.FileInfo i : infos) {
                    assertThat(StoreScu.store(as, i).status()).as(i.file().toString()).isEqualTo(Status.SUCCESS);
                    sent.put(i.sopInstanceUid() + "/" + i.transferSyntaxUid(), AssociationTest.dataSetBytes(i.file()));
                }
            }
            // Several corpus files share a SOP Instance UID; storescp names files by class and
            // instance, so only distinct UIDs can be compared. Each distinct one must match.
            List<Path> received = scp.awaitReceived(distinctInstances(infos), Duration.ofSeconds(20));
            assertThat(received).isNotEmpty();
            int compared = 0;
            for (Path r : received) {
                StoreScu.FileInfo got = StoreScu.inspect(r);
                byte[] expected = sent.get(got.sopInstanceUid() + "/" + got.transferSyntaxUid());
                if (expected != null) {
                    // storescp re-encodes through its own data set (it drops trailing padding and
                    // may change group lengths), so compare what matters: identity and pixel data.
                    assertThat(SameInstance.summary(r)).as(r.toString())
                            .isEqualTo(SameInstance.summary(infoFor(infos, got).file()));
                    compared++;
                }
            }
            assertThat(compared).isGreaterThanOrEqualTo(3);
        }
    }

    private static StoreScu.FileInfo infoFor(List<StoreScu.FileInfo> infos, StoreScu.FileInfo got) {
        return infos.stream().filter(i -> i.sopInstanceUid().equals(got.sopInstanceUid())
                && i.transferSyntaxUid().equals(got.transferSyntaxUid())).findFirst().orElseThrow();
    }

    private static int distinctInstances(List<StoreScu.FileInfo> infos) {
        return (int) infos.stream().map(StoreScu.FileInfo::sopInstanceUid).distinct().count();
    }

    @Test
    void fourParallelAssociationsFromAPoolIntoAForkingStorescp() throws Exception {
        StoreScu.FileInfo ct = StoreScu.inspect(NetTestFiles.corpus("CT_small.dcm"));
        try (Storescp scp = Storescp.builder().aeTitle("STORESCP").fork(true).ignore(true).directory(tmp).start()) {
            AssociationRequest.Builder rq = AssociationRequest.builder("STORESCP", "FERRY");
            StoreScu.propose(rq, List.of(ct));
            try (AssociationPool pool = new AssociationPool(new RemoteAe("STORESCP", "127.0.0.1", scp.port()),
                    rq.build(), AssociationOptions.defaults(), 4, Duration.ofMinutes(1))) {
                ExecutorService threads = Executors.newFixedThreadPool(4);
                List<Future<Status>> results = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    results.add(threads.submit(() -> {
                        try (AssociationPool.Lease lease = pool.borrow(Duration.ofSeconds(30))) {
                            return StoreScu.store(lease.association(), ct).status();
                        }
                    }));
                }
                for (Future<Status> f : results) {
                    assertThat(f.get()).isEqualTo(Status.SUCCESS);
                }
                threads.shutdown();
                assertThat(pool.openedCount()).isBetween(1, 4);
            }
        }
    }

    @Test
    void storescuAndEchoscuIntoFerrysStorageScp() throws Exception {
        Path spool = tmp.resolve("spool");
        List<SpoolFolderSink.Spooled> spooled = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> summaries = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Two of the files share a SOP Instance UID: summarise each as soon as it is spooled.
        SpoolFolderSink sink = new SpoolFolderSink(spool, false, s -> {
            spooled.add(s);
            try {
                summaries.add(SameInstance.summary(s.file()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (DicomServer server = DicomServer.builder().aeTitle("FERRYSCP").storage(new StorageScp(sink)).build()
                .start()) {
            Dcmtk.run(tmp, "echoscu", "-aec", "FERRYSCP", "127.0.0.1", String.valueOf(server.port()))
                    .requireSuccess();
            List<String> args = new ArrayList<>(List.of("-aec", "FERRYSCP", "-aet", "STORESCU", "-pdu", "16384",
                    "127.0.0.1", String.valueOf(server.port())));
            Path ct = NetTestFiles.corpus("CT_small.dcm");
            Path implicit = NetTestFiles.corpus("MR_small_implicit.dcm");
            args.add(ct.toString());
            args.add(implicit.toString());
            Dcmtk.run(tmp, "storescu", args).requireSuccess();
            // A compressed file goes in its own syntax (storescu -xv proposes JPEG 2000 lossless).
            Path j2k = NetTestFiles.corpus("MR_small_jp2klossless.dcm");
            Dcmtk.run(tmp, "storescu", "-xv", "-aec", "FERRYSCP", "127.0.0.1", String.valueOf(server.port()),
                    j2k.toString()).requireSuccess();
            assertThat(spooled).hasSize(3);
            assertThat(spooled.get(2).instance().transferSyntaxUid()).isEqualTo(UID.JPEG2000Lossless);
            // storescu sends its own encoding of each file (it drops trailing padding): compare
            // identity and pixel data.
            assertThat(summaries.get(2)).isEqualTo(SameInstance.summary(j2k));
            assertThat(spooled.get(0).instance().callingAeTitle()).isEqualTo("STORESCU");
            assertThat(summaries.get(0)).isEqualTo(SameInstance.summary(ct));
            assertThat(summaries.get(1)).isEqualTo(SameInstance.summary(implicit));
        }
    }

    @Test
    void ferryStoresIntoOrthanc() throws Exception {
        List<StoreScu.FileInfo> infos = infos();
        try (Orthanc orthanc = Orthanc.builder().aeTitle("ORTHANC").dicomWeb(false).directory(tmp).start()) {
            AssociationRequest.Builder rq = AssociationRequest.builder("ORTHANC", "FERRY");
            StoreScu.propose(rq, infos);
            rq.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
            try (Association as = Association.connect(new RemoteAe("ORTHANC", "127.0.0.1", orthanc.dicomPort()),
                    rq.build(), AssociationOptions.defaults())) {
                assertThat(as.echo()).isEqualTo(Status.SUCCESS);
                for (StoreScu.FileInfo i : infos) {
                    Status s = StoreScu.store(as, i).status();
                    assertThat(s.isSuccess() || s.isWarning()).as(i.file() + ": " + s).isTrue();
                }
            }
            assertThat(orthanc.instanceCount()).isEqualTo(distinctInstances(infos));
        }
    }
}
