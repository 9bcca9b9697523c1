package dev.ferry.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.net.dimse.CEchoRq;
import dev.ferry.dicom.net.dimse.CEchoRsp;
import dev.ferry.dicom.net.dimse.CStoreRq;
import dev.ferry.dicom.net.dimse.DimseMessage;
import dev.ferry.dicom.net.dimse.Priority;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.pdu.Abort;
import dev.ferry.dicom.net.pdu.AbortReason;
import dev.ferry.dicom.net.pdu.AbortSource;
import dev.ferry.dicom.net.pdu.AssociateAc;
import dev.ferry.dicom.net.pdu.AssociateRq;
import dev.ferry.dicom.net.pdu.PDataTf;
import dev.ferry.dicom.net.pdu.Pdu;
import dev.ferry.dicom.net.pdu.PduEncoder;
import dev.ferry.dicom.net.pdu.PduReader;
import dev.ferry.dicom.net.pdu.Pdv;
import dev.ferry.dicom.net.pdu.PresentationContextAc;
import dev.ferry.dicom.net.pdu.PresentationContextRq;
import dev.ferry.dicom.net.pdu.ReleaseRp;
import dev.ferry.dicom.net.pdu.ReleaseRq;
import dev.ferry.dicom.net.pdu.UserInformation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the wire, in process on loopback: raw sockets speaking malformed or ill-timed PDUs to a
 * Ferry {@link DicomServer}, and a fake raw-socket SCP that stalls Ferry's SCU. Timeouts are a few
 * hundred milliseconds, so the class runs in seconds. After all of it, the servers' threads are gone
 * and no file descriptor is left open (within a small tolerance for the JVM's own).
 */
@Timeout(30)
class RobustnessTest {
    private static final Path FD = Path.of("/proc/self/fd");
    private static final int FD_TOLERANCE = 8;
    private static final Duration ARTIM = Duration.ofMillis(300);

    /** Short timeouts everywhere, a small maximum PDU to cross. */
    private static final AssociationOptions FAST = AssociationOptions.builder()
            .connectTimeout(Duration.ofSeconds(2))
            .acseTimeout(ARTIM)
            .dimseTimeout(Duration.ofMillis(300))
            .idleTimeout(Duration.ofSeconds(5))
            .releaseTimeout(Duration.ofMillis(500))
            .maxPduLengthReceived(4096)
            .build();

    private static long baselineThreads;
    private static long baselineFds;

    @TempDir
    Path tmp;

    @BeforeAll
    static void baseline() throws IOException {
        baselineThreads = scpThreads();
        baselineFds = openFds();
    }

    @AfterAll
    static void nothingLeaks() throws Exception {
        assertThat(eventually(Duration.ofSeconds(10), () -> scpThreads() <= baselineThreads))
                .as("the DicomServers' threads (scp-*) end with them: %s", scpThreadNames()).isTrue();
        if (Files.isDirectory(FD)) {
            // Closed sockets are released at once; the tolerance covers the JVM's own files (jars, logs).
            assertThat(eventually(Duration.ofSeconds(5), () -> openFds() <= baselineFds + FD_TOLERANCE))
                    .as("open file descriptors: %d before, %d after", baselineFds, openFds()).isTrue();
        }
    }

    private static long scpThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("scp-")).count();
    }

    private static List<String> scpThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith("scp-"))
                .toList();
    }

    private static long openFds() {
        if (!Files.isDirectory(FD)) {
            return 0;
        }
        try (Stream<Path> fds = Files.list(FD)) {
            return fds.count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + FD, e);
        }
    }

    private static boolean eventually(Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private static DicomServer.Builder server() {
        return DicomServer.builder().aeTitle("FERRYSCP").options(FAST);
    }

    /** Closes {@code server} once its associations are gone, and checks that none is left. */
    private static void closeWhenIdle(DicomServer server, int expectedOpen) throws InterruptedException {
        assertThat(eventually(Duration.ofSeconds(5), () -> server.openAssociations() == expectedOpen))
                .as("open associations: %d", server.openAssociations()).isTrue();
        server.close();
        assertThat(server.openAssociations()).isZero();
    }

    private static AssociateRq associateRq(String abstractSyntax, String transferSyntax) {
        return new AssociateRq("FERRYSCP", "RAWSCU", List.of(PresentationContextRq.of(1, abstractSyntax,
                transferSyntax)), UserInformation.of(16384, "1.2.826.0.1.3680043.9.7433.1", null));
    }

    private static byte[] pData(int contextId, boolean command, boolean last, byte[] fragment) {
        return PduEncoder.encode(PDataTf.of(new Pdv(contextId, command, last, fragment)));
    }

    private static void assertProviderAbort(Pdu pdu, AbortReason reason) {
        assertThat(pdu).isInstanceOfSatisfying(Abort.class, a -> {
            assertThat(a.source()).isEqualTo(AbortSource.SERVICE_PROVIDER);
            assertThat(a.reason()).isEqualTo(reason);
        });
    }

    // ---------------------------------------------------------------- malformed PDUs to the SCP

    @Test
    void anUnknownPduTypeIsAbortedWithReasonUnrecognizedPdu() throws Exception {
        DicomServer server = server().build().start();
        try (RawPeer before = new RawPeer(server.port())) {
            before.send(new byte[] {0x0A, 0, 0, 0, 0, 2, 1, 2});
            assertProviderAbort(before.read(), AbortReason.UNRECOGNIZED_PDU);
            assertThat(before.read()).as("then the connection is closed").isNull();
        }
        try (RawPeer during = new RawPeer(server.port())) {
            during.associate(associateRq(UID.Verification, UID.ImplicitVRLittleEndian));
            during.send(new byte[] {(byte) 0x88, 0, 0, 0, 0, 0});
            assertProviderAbort(during.read(), AbortReason.UNRECOGNIZED_PDU);
            assertThat(during.read()).isNull();
        }
        closeWhenIdle(server, 0);
    }

    @Test
    void aPDataTfLongerThanTheMaximumAdvertisedIsAbortedWithInvalidParameterValue() throws Exception {
        DicomServer server = server().build().start();
        try (RawPeer peer = new RawPeer(server.port())) {
            AssociateAc ac = peer.associate(associateRq(UID.Verification, UID.ImplicitVRLittleEndian));
            assertThat(ac.userInformation().maxPduLength()).isEqualTo(4096);
            // Only the header: the SCP must refuse on the length alone, before reading a body it did not allow.
            peer.send(new byte[] {0x04, 0, 0, 0, 0x20, 0x00});
            assertProviderAbort(peer.read(), AbortReason.INVALID_PDU_PARAMETER_VALUE);
            assertThat(peer.read()).isNull();
        }
        closeWhenIdle(server, 0);
    }

    @Test
    void aTruncatedPduThenCloseEndsThatAssociationOnly() throws Exception {
        DicomServer server = server().build().start();
        try (Association other = Association.connect(new RemoteAe("FERRYSCP", "127.0.0.1", server.port()),
                echoRequest(), FAST)) {
            try (RawPeer peer = new RawPeer(server.port())) {
                peer.associate(associateRq(UID.Verification, UID.ImplicitVRLittleEndian));
                assertThat(eventually(Duration.ofSeconds(5), () -> server.openAssociations() == 2)).isTrue();
                byte[] echo = pData(1, true, true, CEchoRq.of(1).encode());
                peer.send(Arrays.copyOf(echo, echo.length - 5));
                peer.socket.shutdownOutput();
                Pdu answer = peer.read();
                // The SCP may still send an A-ABORT (no reason: nobody is left to read it) before closing.
                if (answer != null) {
                    assertProviderAbort(answer, AbortReason.REASON_NOT_SPECIFIED);
                }
            }
            assertThat(eventually(Duration.ofSeconds(5), () -> server.openAssociations() == 1)).isTrue();
            assertThat(other.echo().isSuccess()).as("the other association goes on").isTrue();
        }
        closeWhenIdle(server, 0);
    }

    @Test
    void unknownUserInformationItemsInTheRequestAreIgnored() throws Exception {
        DicomServer server = server().build().start();
        try (RawPeer peer = new RawPeer(server.port())) {
            // Written by hand, so that the unknown items are on the wire whatever Ferry's encoder does.
            byte[] userInfo = item(0x50,
                    item(0x51, u32(16384)),
                    item(0x52, ascii("1.2.826.0.1.3680043.9.7433.1")),
                    item(0x5A, new byte[] {1, 2, 3}),
                    item(0x77, ascii("vendor extension")),
                    item(0xFF, new byte[0]));
            byte[] rq = pdu(0x01, concat(new byte[] {0, 1, 0, 0}, ae("FERRYSCP"), ae("RAWSCU"), new byte[32],
                    item(0x10, ascii(AssociateRq.DICOM_APPLICATION_CONTEXT)),
                    item(0x20, new byte[] {1, 0, 0, 0}, item(0x30, ascii(UID.Verification)),
                            item(0x40, ascii(UID.ImplicitVRLittleEndian))),
                    userInfo));
            peer.send(rq);
            Pdu answer = peer.read();
            assertThat(answer).isInstanceOfSatisfying(AssociateAc.class, ac ->
                    assertThat(ac.presentationContexts()).singleElement().satisfies(pc -> assertThat(pc.result())
                            .isEqualTo(PresentationContextAc.Result.ACCEPTANCE)));
            peer.send(pData(1, true, true, CEchoRq.of(7).encode()));
            assertThat(peer.readMessage()).isInstanceOfSatisfying(CEchoRsp.class,
                    rsp -> assertThat(rsp.status()).isEqualTo(Status.SUCCESS));
            peer.send(PduEncoder.encode(new ReleaseRq()));
            assertThat(peer.read()).isInstanceOf(ReleaseRp.class);
            assertThat(peer.read()).isNull();
        }
        closeWhenIdle(server, 0);
    }

    // ---------------------------------------------------------------- ill-timed peers of the SCP

    @Test
    void aPeerAbortingOrVanishingInTheMiddleOfADataSetLeavesNoPartialInstance() throws Exception {
        Path spool = tmp.resolve("spool");
        Path file = NetTestFiles.corpus("MR_small.dcm");
        StoreScu.FileInfo mr = StoreScu.inspect(file);
        byte[] dataSet = dataSet(file);
        DicomServer server = server().storage(new StorageScp(new SpoolFolderSink(spool))).build().start();
        StoreScu.FileInfo ct = StoreScu.inspect(NetTestFiles.corpus("CT_small.dcm"));
        AssociationRequest.Builder rq = AssociationRequest.builder("FERRYSCP", "FERRYSCU");
        StoreScu.propose(rq, List.of(ct));
        try (Association other = Association.connect(new RemoteAe("FERRYSCP", "127.0.0.1", server.port()),
                rq.build(), FAST)) {
            for (boolean abort : new boolean[] {true, false}) {
                try (RawPeer peer = new RawPeer(server.port())) {
                    peer.associate(associateRq(mr.sopClassUid(), mr.transferSyntaxUid()));
                    peer.send(pData(1, true, true, CStoreRq.of(1, mr.sopClassUid(), mr.sopInstanceUid(),
                            Priority.MEDIUM).encode()));
                    peer.send(pData(1, false, false, Arrays.copyOf(dataSet, dataSet.length / 2)));
                    assertThat(eventually(Duration.ofSeconds(5), () -> partFiles(spool) > 0))
                            .as("the sink is writing the instance").isTrue();
                    if (abort) {
                        peer.send(PduEncoder.encode(Abort.byServiceUser()));
                    } else {
                        peer.socket.setSoLinger(true, 0); // a reset, not a close
                    }
                }
                assertThat(eventually(Duration.ofSeconds(5), () -> server.openAssociations() == 1))
                        .as("the SCP ends that association").isTrue();
                assertThat(eventually(Duration.ofSeconds(5), () -> partFiles(spool) == 0))
                        .as("no partial instance is left").isTrue();
            }
            assertThat(StoreScu.store(other, ct).status()).as("the SCP keeps serving").isEqualTo(Status.SUCCESS);
        }
        closeWhenIdle(server, 0);
        try (Stream<Path> files = Files.list(spool)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(ct.sopInstanceUid() + ".dcm");
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedByArtim() throws Exception {
        DicomServer server = server().build().start();
        try (Socket idle = new Socket()) {
            idle.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 2000);
            idle.setSoTimeout(5000);
            long start = System.nanoTime();
            assertThat(idle.getInputStream().read()).as("closed without a byte").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(ARTIM.minusMillis(50), ARTIM.plusSeconds(2));
        }
        closeWhenIdle(server, 0);
    }

    @Test
    void aConnectionTricklingItsRequestIsClosedByArtimAsOneDeadline() throws Exception {
        DicomServer server = server().build().start();
        byte[] rq = dev.ferry.dicom.net.pdu.PduEncoder.encode(associateRq(UID.Verification, UID.ImplicitVRLittleEndian));
        try (Socket slow = new Socket()) {
            slow.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 2000);
            long start = System.nanoTime();
            // One byte every 100 ms: each read is quick, the whole request would take many seconds.
            boolean closed = false;
            for (int i = 0; i < rq.length && !closed; i++) {
                try {
                    slow.getOutputStream().write(rq[i]);
                    slow.getOutputStream().flush();
                    Thread.sleep(100);
                } catch (java.io.IOException e) {
                    closed = true;
                }
                if (Duration.ofNanos(System.nanoTime() - start).compareTo(ARTIM.plusSeconds(3)) > 0) {
                    break;
                }
            }
            slow.setSoTimeout(3000);
            if (!closed) {
                try {
                    closed = slow.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException e) {
                    closed = false; // still open: the deadline did not hold
                } catch (java.io.IOException e) {
                    closed = true; // reset by the server
                }
            }
            assertThat(closed).as("closed by the server").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ARTIM.plusSeconds(3));
        }
        closeWhenIdle(server, 0);
    }

    @Test
    void aReleaseCollisionOnTheAcceptorSideEndsInAnOrderlyRelease() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        DimseHandler echoThenRelease = request -> {
            request.respond(CEchoRsp.to((CEchoRq) request.request(), Status.SUCCESS));
            try {
                request.association().release();
            } catch (IOException | RuntimeException e) {
                failures.add(e);
            }
        };
        DicomServer server = server().service(UID.Verification, List.of(UID.ImplicitVRLittleEndian), echoThenRelease)
                .build().start();
        try (RawPeer peer = new RawPeer(server.port())) {
            peer.associate(associateRq(UID.Verification, UID.ImplicitVRLittleEndian));
            peer.send(pData(1, true, true, CEchoRq.of(1).encode()));
            assertThat(peer.readMessage()).isInstanceOf(CEchoRsp.class);
            peer.send(PduEncoder.encode(new ReleaseRq())); // crosses the SCP's own A-RELEASE-RQ
            assertThat(peer.read()).as("the acceptor's A-RELEASE-RQ").isInstanceOf(ReleaseRq.class);
            // PS3.8 9.2.2: the requestor answers first, then the acceptor.
            peer.send(PduEncoder.encode(new ReleaseRp()));
            assertThat(peer.read()).isInstanceOf(ReleaseRp.class);
            assertThat(peer.read()).isNull();
        }
        closeWhenIdle(server, 0);
        assertThat(failures).isEmpty();
    }

    // ---------------------------------------------------------------- a fake SCP stalling Ferry's SCU

    @Test
    void aPeerThatNeverAnswersTheAssociationRequestTimesOutTheScu() throws Exception {
        try (FakeScp fake = new FakeScp(s -> {
            PduReader reader = new PduReader(s.getInputStream(), 0);
            assertThat(reader.read()).isInstanceOf(AssociateRq.class);
            return reader.read(); // what Ferry sends when it gives up
        })) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Association.connect(fake.address("SILENT"), echoRequest("SILENT"), FAST))
                    .isInstanceOf(AssociationTimeoutException.class)
                    .hasMessageContaining("SILENT")
                    .hasMessageContaining("A-ASSOCIATE-RQ");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(fake.outcome()).as("Ferry aborts").isInstanceOf(Abort.class);
        }
    }

    @Test
    void aPeerThatNeverAnswersARequestTimesOutTheScu() throws Exception {
        try (FakeScp fake = new FakeScp(s -> {
            PduReader reader = new PduReader(s.getInputStream(), 0);
            accept(s, (AssociateRq) reader.read());
            assertThat(reader.read()).as("the C-ECHO-RQ").isInstanceOf(PDataTf.class);
            return reader.read();
        })) {
            try (Association as = Association.connect(fake.address("STALLS"), echoRequest("STALLS"), FAST)) {
                long start = System.nanoTime();
                assertThatThrownBy(as::echo)
                        .isInstanceOf(AssociationTimeoutException.class)
                        .hasMessageContaining("STALLS")
                        .hasMessageContaining("300 ms");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
                        Duration.ofSeconds(2));
                assertThat(as.isOpen()).isFalse();
            }
            assertProviderAbort(fake.outcome(), AbortReason.REASON_NOT_SPECIFIED);
        }
    }

    @Test
    void aReleaseCollisionOnTheRequestorSideEndsInAnOrderlyRelease() throws Exception {
        try (FakeScp fake = new FakeScp(s -> {
            PduReader reader = new PduReader(s.getInputStream(), 0);
            accept(s, (AssociateRq) reader.read());
            assertThat(reader.read()).isInstanceOf(ReleaseRq.class);
            write(s, new ReleaseRq()); // as if sent before Ferry's arrived
            assertThat(reader.read()).as("the requestor answers first").isInstanceOf(ReleaseRp.class);
            write(s, new ReleaseRp());
            return reader.read();
        })) {
            Association as = Association.connect(fake.address("COLLIDES"), echoRequest("COLLIDES"), FAST);
            as.release();
            assertThat(as.state()).isEqualTo(Association.State.CLOSED);
            assertThat(fake.outcome()).as("then Ferry closes the connection").isNull();
        }
    }

    // ---------------------------------------------------------------- plumbing

    private static AssociationRequest echoRequest() {
        return echoRequest("FERRYSCP");
    }

    private static AssociationRequest echoRequest(String called) {
        AssociationRequest.Builder b = AssociationRequest.builder(called, "FERRYSCU");
        b.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
        return b.build();
    }

    private static long partFiles(Path spool) {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] dataSet(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file);
             DicomObject obj = DicomReader.standard().read(Files.newInputStream(file), file.toString())) {
            in.skipNBytes(obj.datasetOffset());
            return in.readAllBytes();
        }
    }

    /** Answers an A-ASSOCIATE-RQ accepting every context with its first transfer syntax. */
    private static void accept(Socket s, AssociateRq rq) throws IOException {
        List<PresentationContextAc> answers = new ArrayList<>();
        for (PresentationContextRq pc : rq.presentationContexts()) {
            answers.add(PresentationContextAc.accepted(pc.id(), pc.transferSyntaxes().get(0)));
        }
        write(s, AssociateAc.answering(rq, answers, UserInformation.of(16384, "1.2.826.0.1.3680043.9.7433.1", null)));
    }

    private static void write(Socket s, Pdu pdu) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(PduEncoder.encode(pdu));
        out.flush();
    }

    /** A client socket speaking PDUs by hand. */
    private static final class RawPeer implements AutoCloseable {
        final Socket socket;
        private final PduReader reader;

        RawPeer(int port) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(5000);
            reader = new PduReader(socket.getInputStream(), 0);
        }

        void send(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        /** The next PDU, or {@code null} when the peer has closed the connection. */
        Pdu read() throws IOException {
            try {
                return reader.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("nothing came from the SCP in 5 s", e);
            } catch (java.net.SocketException e) {
                return null; // reset: closed as well
            }
        }

        AssociateAc associate(AssociateRq rq) throws IOException {
            send(PduEncoder.encode(rq));
            Pdu answer = read();
            assertThat(answer).isInstanceOf(AssociateAc.class);
            return (AssociateAc) answer;
        }

        /** The next DIMSE command, from a P-DATA-TF holding it whole. */
        DimseMessage readMessage() throws IOException {
            Pdu pdu = read();
            assertThat(pdu).isInstanceOf(PDataTf.class);
            ByteArrayOutputStream command = new ByteArrayOutputStream();
            for (Pdv pdv : ((PDataTf) pdu).pdvs()) {
                assertThat(pdv.command()).isTrue();
                command.writeBytes(pdv.data());
            }
            return DimseMessage.decode(command.toByteArray());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** What a fake SCP does with its one connection; returns the last PDU it read, for the test to see. */
    @FunctionalInterface
    private interface Script {
        Pdu run(Socket socket) throws Exception;
    }

    /** A raw-socket SCP for one connection, on its own thread, running a script. */
    private static final class FakeScp implements AutoCloseable {
        private final ServerSocket server;
        private final CompletableFuture<Pdu> outcome = new CompletableFuture<>();
        private final Thread thread;

        FakeScp(Script script) throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(5000);
                    outcome.complete(script.run(s));
                } catch (Throwable e) {
                    outcome.completeExceptionally(e);
                }
            }, "fake-peer-" + server.getLocalPort());
            thread.start();
        }

        RemoteAe address(String aeTitle) {
            return new RemoteAe(aeTitle, "127.0.0.1", server.getLocalPort());
        }

        /** What the script returned; its failure fails the test. */
        Pdu outcome() throws Exception {
            return outcome.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for " + thread.getName());
            }
            assertThat(thread.isAlive()).as("the fake peer's thread ends").isFalse();
        }
    }

    // Hand-made PDU bytes (PS3.8 9.3): independent of PduEncoder.

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] ae(String title) {
        return ascii(String.format("%-16s", title));
    }

    private static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] item(int type, byte[]... content) {
        byte[] c = concat(content);
        return concat(new byte[] {(byte) type, 0, (byte) (c.length >>> 8), (byte) c.length}, c);
    }

    private static byte[] pdu(int type, byte[] body) {
        return concat(new byte[] {(byte) type, 0}, u32(body.length), body);
    }
}
