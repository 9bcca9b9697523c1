package dev.ferry.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.PermanentMigrationException;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.net.dimse.CStoreRsp;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.pdu.AssociateRj;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ferry as SCU against Ferry as SCP, in process on loopback. */
@Timeout(60)
class AssociationTest {
    @TempDir
    Path tmp;

    private static RemoteAe at(DicomServer server, String ae) {
        return new RemoteAe(ae, "127.0.0.1", server.port());
    }

    private static AssociationRequest echoRequest(String called) {
        AssociationRequest.Builder b = AssociationRequest.builder(called, "FERRYSCU");
        b.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
        return b.build();
    }

    @Test
    void echoesAndReleases() throws Exception {
        try (DicomServer server = DicomServer.builder().aeTitle("FERRYSCP").build().start()) {
            Association as = Association.connect(at(server, "FERRYSCP"), echoRequest("FERRYSCP"),
                    AssociationOptions.defaults());
            assertThat(as.echo()).isEqualTo(Status.SUCCESS);
            assertThat(as.echo().isSuccess()).isTrue();
            as.release();
            assertThat(as.state()).isEqualTo(Association.State.CLOSED);
            assertThat(server.acceptedAssociations()).isEqualTo(1);
        }
    }

    @Test
    void rejectsUnknownCalledAeTitleAndCallingAeTitleOutsideTheAllowList() throws Exception {
        try (DicomServer server = DicomServer.builder().aeTitle("FERRYSCP")
                .allowList(AllowList.parse(List.of("GOODSCU@127.0.0.1"))).build().start()) {
            assertThatThrownBy(() -> Association.connect(at(server, "OTHER"), echoRequest("OTHER"),
                    AssociationOptions.defaults()))
                    .isInstanceOfSatisfying(AssociationRejectedException.class, e -> {
                        assertThat(e.rejection().reason()).isEqualTo(AssociateRj.Reason.CALLED_AE_TITLE_NOT_RECOGNIZED);
                        assertThat(e.isTransient()).isFalse();
                    });
            assertThatThrownBy(() -> Association.connect(at(server, "FERRYSCP"), echoRequest("FERRYSCP"),
                    AssociationOptions.defaults()))
                    .isInstanceOfSatisfying(AssociationRejectedException.class, e ->
                            assertThat(e.rejection().reason()).isEqualTo(AssociateRj.Reason.CALLING_AE_TITLE_NOT_RECOGNIZED));
            AssociationRequest.Builder good = AssociationRequest.builder("FERRYSCP", "GOODSCU");
            good.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
            try (Association as = Association.connect(at(server, "FERRYSCP"), good.build(), AssociationOptions.defaults())) {
                assertThat(as.echo().isSuccess()).isTrue();
            }
        }
    }

    @Test
    void storesFilesByteForByteIntoTheSpoolAndReportsTheMoveOriginator() throws Exception {
        List<SpoolFolderSink.Spooled> spooled = new CopyOnWriteArrayList<>();
        List<byte[]> received = new CopyOnWriteArrayList<>();
        Path spool = tmp.resolve("spool");
        // Several corpus files share a SOP Instance UID: read each file as soon as it is spooled.
        SpoolFolderSink sink = new SpoolFolderSink(spool, false, s -> {
            spooled.add(s);
            try {
                received.add(dataSetBytes(s.file()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<Path> files = List.of(NetTestFiles.corpus("CT_small.dcm"), NetTestFiles.corpus("MR_small.dcm"),
                NetTestFiles.corpus("MR_small_jpeg_ls_lossless.dcm"), NetTestFiles.corpus("image_dfl.dcm"),
                NetTestFiles.corpus("MR_small_bigendian.dcm"));
        // A small PDU, so that every instance is cut into many fragments.
        AssociationOptions small = AssociationOptions.builder().maxPduLengthReceived(4096).maxPduLengthSent(4096).build();
        try (DicomServer server = DicomServer.builder().aeTitle("FERRYSCP").options(small)
                .storage(new StorageScp(sink)).build().start()) {
            List<StoreScu.FileInfo> infos = new ArrayList<>();
            for (Path f : files) {
                infos.add(StoreScu.inspect(f));
            }
            AssociationRequest.Builder rq = AssociationRequest.builder("FERRYSCP", "FERRYSCU");
            StoreScu.propose(rq, infos);
            try (Association as = Association.connect(at(server, "FERRYSCP"), rq.build(), small)) {
                assertThat(as.maxPduLengthSent()).isEqualTo(4096);
                for (StoreScu.FileInfo info : infos) {
                    CStoreRsp rsp = StoreScu.store(as, info, "MOVER", 77);
                    assertThat(rsp.status()).as(info.file().toString()).isEqualTo(Status.SUCCESS);
                }
            }
        }
        assertThat(spooled).hasSize(files.size());
        for (int i = 0; i < files.size(); i++) {
            SpoolFolderSink.Spooled s = spooled.get(i);
            assertThat(s.instance().moveOriginatorAeTitle()).isEqualTo("MOVER");
            assertThat(s.instance().moveOriginatorMessageId()).isEqualTo(77);
            assertThat(s.instance().callingAeTitle()).isEqualTo("FERRYSCU");
            byte[] original = dataSetBytes(files.get(i));
            if (s.instance().transferSyntaxUid().equals(UID.DeflatedExplicitVRLittleEndian) && original.length % 2 == 1) {
                // An odd-length deflated data set goes with one pad byte: fragments must be even.
                original = java.util.Arrays.copyOf(original, original.length + 1);
            }
            assertThat(received.get(i)).as(files.get(i).toString()).isEqualTo(original);
        }
    }

    @Test
    void reencodesBetweenUncompressedSyntaxesAndRefusesToDecompress() throws Exception {
        Path spool = tmp.resolve("spool");
        try (DicomServer server = DicomServer.builder().aeTitle("FERRYSCP")
                .storage(List.of(UID.ImplicitVRLittleEndian), new StorageScp(new SpoolFolderSink(spool)))
                .build().start()) {
            StoreScu.FileInfo explicit = StoreScu.inspect(NetTestFiles.corpus("CT_small.dcm"));
            StoreScu.FileInfo jpegLs = StoreScu.inspect(NetTestFiles.corpus("MR_small_jpeg_ls_lossless.dcm"));
            AssociationRequest.Builder rq = AssociationRequest.builder("FERRYSCP", "FERRYSCU");
            StoreScu.propose(rq, List.of(explicit, jpegLs));
            rq.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
            try (Association as = Association.connect(at(server, "FERRYSCP"), rq.build(), AssociationOptions.defaults())) {
                assertThat(StoreScu.store(as, explicit).status()).isEqualTo(Status.SUCCESS);
                assertThatThrownBy(() -> StoreScu.store(as, jpegLs))
                        .isInstanceOf(PermanentMigrationException.class)
                        .hasMessageContaining(UID.JPEGLSLossless);
                assertThat(as.echo().isSuccess()).as("the association goes on").isTrue();
            }
            try (DicomObject stored = DicomReader.standard().read(Files.newInputStream(
                    spool.resolve(explicit.sopInstanceUid() + ".dcm")), "spooled")) {
                assertThat(stored.transferSyntax().uid()).isEqualTo(UID.ImplicitVRLittleEndian);
                assertThat(stored.header().getString(dev.ferry.api.Tag.SOPInstanceUID)).isEqualTo(explicit.sopInstanceUid());
            }
        }
    }

    @Test
    void aSinkFailureFailsThatInstanceOnly() throws Exception {
        StorageSink failing = (instance, data) -> {
            if (instance.sopInstanceUid().endsWith("1")) {
                throw new java.io.IOException("disk full");
            }
            data.transferTo(java.io.OutputStream.nullOutputStream());
            return Status.SUCCESS;
        };
        try (DicomServer server = DicomServer.builder().storage(new StorageScp(failing)).build().start()) {
            List<StoreScu.FileInfo> infos = List.of(StoreScu.inspect(NetTestFiles.corpus("CT_small.dcm")),
                    StoreScu.inspect(NetTestFiles.corpus("MR_small.dcm")));
            AssociationRequest.Builder rq = AssociationRequest.builder("ANY", "FERRYSCU");
            StoreScu.propose(rq, infos);
            try (Association as = Association.connect(at(server, "ANY"), rq.build(), AssociationOptions.defaults())) {
                List<Status> statuses = new ArrayList<>();
                for (StoreScu.FileInfo i : infos) {
                    statuses.add(StoreScu.store(as, i).status());
                }
                assertThat(statuses).anyMatch(Status::isSuccess);
                for (int i = 0; i < infos.size(); i++) {
                    boolean fails = infos.get(i).sopInstanceUid().endsWith("1");
                    assertThat(statuses.get(i).code()).isEqualTo(fails ? 0xA700 : 0);
                }
            }
        }
    }

    @Test
    void limitsAssociationsAndRejectsTheExtraOneTransiently() throws Exception {
        try (DicomServer server = DicomServer.builder().maxAssociations(1).build().start()) {
            try (Association first = Association.connect(at(server, "X"), echoRequest("X"), AssociationOptions.defaults())) {
                assertThatThrownBy(() -> Association.connect(at(server, "X"), echoRequest("X"),
                        AssociationOptions.defaults()))
                        .isInstanceOfSatisfying(AssociationRejectedException.class, e -> {
                            assertThat(e.isTransient()).isTrue();
                            assertThat(e.rejection().reason()).isEqualTo(AssociateRj.Reason.LOCAL_LIMIT_EXCEEDED);
                        });
                assertThat(first.echo().isSuccess()).isTrue();
            }
        }
    }

    @Test
    void theIdleTimeoutAbortsAndTheScpKeepsServing() throws Exception {
        AssociationOptions quick = AssociationOptions.builder().idleTimeout(Duration.ofMillis(300)).build();
        try (DicomServer server = DicomServer.builder().options(quick).build().start()) {
            Association idle = Association.connect(at(server, "X"), echoRequest("X"), AssociationOptions.defaults());
            Thread.sleep(800);
            assertThatThrownBy(idle::echo).isInstanceOf(AssociationAbortedException.class);
            try (Association next = Association.connect(at(server, "X"), echoRequest("X"), AssociationOptions.defaults())) {
                assertThat(next.echo().isSuccess()).isTrue();
            }
        }
    }

    @Test
    void shutdownLetsAnOpenAssociationFinishThenRefusesNewOnes() throws Exception {
        DicomServer server = DicomServer.builder().build().start();
        RemoteAe peer = at(server, "X");
        Association open = Association.connect(peer, echoRequest("X"), AssociationOptions.defaults());
        Thread stopper = new Thread(() -> {
            try {
                server.shutdown(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        Thread.sleep(200);
        assertThat(open.echo().isSuccess()).as("still served during the grace period").isTrue();
        assertThatThrownBy(() -> Association.connect(peer, echoRequest("X"), AssociationOptions.defaults()))
                .isInstanceOf(AssociationException.class);
        open.release();
        stopper.join(5000);
        assertThat(stopper.isAlive()).as("shutdown returns once the last association ended").isFalse();
        assertThat(server.openAssociations()).isZero();
    }

    @Test
    void negotiatesUserIdentityAndTheAsynchronousOperationsWindow() throws Exception {
        DicomServer.UserIdentityVerifier verifier = (identity, calling, address) -> identity != null
                && new String(identity.primaryField(), java.nio.charset.StandardCharsets.UTF_8).equals("radiology")
                && new String(identity.secondaryField(), java.nio.charset.StandardCharsets.UTF_8).equals("s3cret")
                ? new byte[0] : null;
        try (DicomServer server = DicomServer.builder().userIdentityVerifier(verifier).build().start()) {
            AssociationRequest.Builder good = AssociationRequest.builder("X", "FERRYSCU");
            good.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
            good.userIdentity(dev.ferry.dicom.net.pdu.UserIdentityRq.usernameAndPasscode("radiology", "s3cret", true));
            good.asyncOpsWindow(8, 8);
            try (Association as = Association.connect(at(server, "X"), good.build(), AssociationOptions.defaults())) {
                assertThat(as.acceptance().userInformation().userIdentityAc()).as("positive response sent").isPresent();
                assertThat(as.acceptance().userInformation().asyncOpsWindow())
                        .contains(new dev.ferry.dicom.net.pdu.AsyncOpsWindow(1, 1));
                assertThat(as.echo().isSuccess()).isTrue();
            }
            AssociationRequest.Builder bad = AssociationRequest.builder("X", "FERRYSCU");
            bad.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
            bad.userIdentity(dev.ferry.dicom.net.pdu.UserIdentityRq.usernameAndPasscode("radiology", "guess", false));
            assertThatThrownBy(() -> Association.connect(at(server, "X"), bad.build(), AssociationOptions.defaults()))
                    .isInstanceOfSatisfying(AssociationRejectedException.class, e -> assertThat(e.rejection().reason())
                            .isEqualTo(AssociateRj.Reason.USER_NO_REASON_GIVEN));
            AssociationRequest.Builder none = AssociationRequest.builder("X", "FERRYSCU");
            none.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
            assertThatThrownBy(() -> Association.connect(at(server, "X"), none.build(), AssociationOptions.defaults()))
                    .isInstanceOf(AssociationRejectedException.class);
        }
    }

    @Test
    void rejectsContextsItDoesNotServeAndFailsWhenNoneIsAccepted() throws Exception {
        try (DicomServer server = DicomServer.builder().build().start()) {
            AssociationRequest.Builder b = AssociationRequest.builder("X", "FERRYSCU");
            b.addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian);
            assertThatThrownBy(() -> Association.connect(at(server, "X"), b.build(), AssociationOptions.defaults()))
                    .isInstanceOf(AssociationException.class)
                    .hasMessageContaining("accepted none of the presentation contexts")
                    .hasMessageContaining("abstract-syntax-not-supported");
            AssociationRequest.Builder ts = AssociationRequest.builder("X", "FERRYSCU");
            ts.addContext(UID.Verification, UID.JPEGBaseline8Bit);
            int echo = ts.addContext(UID.Verification, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
            try (Association as = Association.connect(at(server, "X"), ts.build(), AssociationOptions.defaults())) {
                assertThat(as.presentationContexts()).extracting(PresentationContext::id).containsExactly(echo);
                assertThat(as.presentationContext(echo).orElseThrow().transferSyntax())
                        .as("the proposer's first choice").isEqualTo(UID.ExplicitVRLittleEndian);
            }
        }
    }

    @Test
    void countsAssociationsAndMessagesInTheCallersRegistryWithBoundedTags() throws Exception {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        AssociationOptions options = AssociationOptions.builder().meterRegistry(registry).build();
        try (DicomServer server = DicomServer.builder().aeTitle("FERRYSCP").options(options).build().start()) {
            try (Association as = Association.connect(at(server, "FERRYSCP"), echoRequest("FERRYSCP"), options)) {
                as.echo();
                as.echo();
            }
            assertThatThrownBy(() -> Association.connect(at(server, "NOBODY"), echoRequest("NOBODY"), options))
                    .isInstanceOf(AssociationRejectedException.class);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.openAssociations() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertThat(registry.counter("ferry.dicom.associations", "role", "requestor", "outcome", "established").count())
                .isEqualTo(1);
        assertThat(registry.counter("ferry.dicom.associations", "role", "requestor", "outcome", "released").count())
                .isEqualTo(1);
        assertThat(registry.counter("ferry.dicom.associations", "role", "requestor", "outcome", "rejected").count())
                .isEqualTo(1);
        assertThat(registry.counter("ferry.dicom.associations", "role", "acceptor", "outcome", "rejected").count())
                .isEqualTo(1);
        assertThat(registry.counter("ferry.dicom.dimse.messages", "role", "requestor", "direction", "sent",
                "command", "C_ECHO_RQ").count()).isEqualTo(2);
        assertThat(registry.counter("ferry.dicom.dimse.messages", "role", "acceptor", "direction", "received",
                "command", "C_ECHO_RQ").count()).isEqualTo(2);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                .noneMatch(t -> t.getValue().contains("FERRY") || t.getValue().contains("NOBODY")));
    }

    /** The bytes of a file's data set: after preamble and File Meta. */
    static byte[] dataSetBytes(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file);
             DicomObject obj = DicomReader.standard().read(Files.newInputStream(file), file.toString())) {
            in.skipNBytes(obj.datasetOffset());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
