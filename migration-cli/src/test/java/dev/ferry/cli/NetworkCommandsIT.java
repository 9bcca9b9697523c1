package dev.ferry.cli;

import static dev.ferry.cli.NetworkCommandsTest.CT_INSTANCE;
import static dev.ferry.cli.NetworkCommandsTest.MR_INSTANCE;
import static dev.ferry.cli.NetworkCommandsTest.RTPLAN_INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.cli.NetworkCommandsTest.Run;
import dev.ferry.cli.NetworkCommandsTest.Scp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network commands against dcmtk (Debian package dcmtk): {@code ferry store} and {@code ferry echo}
 * to {@code storescp}, {@code storescu} and {@code echoscu} to {@code ferry scp}, and {@code ferry find},
 * {@code move} and {@code get} against {@code dcmqrscp}. Run with
 * {@code mvn -Pinterop verify -pl migration-cli}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetworkCommandsIT {
    @TempDir
    Path tmp;

    Path files;

    @BeforeEach
    void copyTestFiles() throws IOException {
        files = Files.createDirectories(tmp.resolve("in"));
        for (String f : NetworkCommandsTest.FILES) {
            try (InputStream in = NetworkCommandsTest.class.getResourceAsStream("pydicom/" + f)) {
                Files.copy(in, files.resolve(f));
            }
        }
    }

    /** The received files by SOP Instance UID, whatever the receiver named them. */
    private static Map<String, Dataset> bySopInstance(Path dir) throws IOException {
        Map<String, Dataset> map = new HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Dataset h = NetworkCommandsTest.header(p);
                map.put(h.getString(Tag.SOPInstanceUID), h);
            }
        }
        return map;
    }

    private void assertReceivedUnchanged(Path dir) throws IOException {
        Map<String, Dataset> received = bySopInstance(dir);
        assertThat(received).containsOnlyKeys(CT_INSTANCE, MR_INSTANCE, RTPLAN_INSTANCE);
        assertThat(received.get(CT_INSTANCE)).isEqualTo(NetworkCommandsTest.header(files.resolve("CT_small.dcm")));
        assertThat(received.get(MR_INSTANCE)).isEqualTo(NetworkCommandsTest.header(files.resolve("MR_small.dcm")));
        assertThat(received.get(RTPLAN_INSTANCE)).isEqualTo(NetworkCommandsTest.header(files.resolve("rtplan.dcm")));
    }

    @Test
    void ferryEchoesAndStoresToStorescp() throws Exception {
        DcmtkPeer.requireTools("storescp");
        Path out = Files.createDirectories(tmp.resolve("storescp"));
        int port = DcmtkPeer.freePort();
        try (DcmtkPeer scp = DcmtkPeer.startServer(tmp, port, "storescp", "--aetitle", "STORESCP",
                "--output-directory", out.toString(), "+xa", String.valueOf(port))) {
            String peer = "STORESCP@127.0.0.1:" + port;
            Run echo = NetworkCommandsTest.run("echo", "-c", peer);
            assertThat(echo.code()).as(echo.err() + scp.log()).isZero();
            assertThat(echo.out()).contains("Success (0000H)");

            Run store = NetworkCommandsTest.run("store", "-c", peer, files.toString());
            assertThat(store.code()).as(store.err() + scp.log()).isZero();
            assertThat(store.out()).contains("Sent 3 instances, ", "0 failed");
        }
        assertReceivedUnchanged(out);
    }

    @Test
    void ferryStoresOverParallelAssociationsToAForkingStorescp() throws Exception {
        DcmtkPeer.requireTools("storescp");
        Path out = Files.createDirectories(tmp.resolve("storescp"));
        int port = DcmtkPeer.freePort();
        try (DcmtkPeer scp = DcmtkPeer.startServer(tmp, port, "storescp", "--aetitle", "STORESCP", "--fork",
                "--output-directory", out.toString(), "+xa", String.valueOf(port))) {
            Run store = NetworkCommandsTest.run("store", "--parallel", "3", "--max-pdu", "16384",
                    "-c", "STORESCP@127.0.0.1:" + port, files.toString());
            assertThat(store.code()).as(store.err() + scp.log()).isZero();
            assertThat(store.out()).contains("Sent 3 instances, ", "0 failed");
        }
        assertReceivedUnchanged(out);
    }

    @Test
    void echoscuAndStorescuToFerryScp() throws Exception {
        DcmtkPeer.requireTools("echoscu", "storescu");
        Path out = tmp.resolve("received");
        Scp scp = NetworkCommandsTest.startScp("scp", "-b", "FERRYSCP@127.0.0.1:0", "--dir", out.toString(),
                "--exit-after", "3", "--timeout", "60");
        String port = String.valueOf(scp.port());

        DcmtkPeer.Result echo = DcmtkPeer.run(tmp, "echoscu", "-aet", "ECHOSCU", "-aec", "FERRYSCP", "127.0.0.1", port);
        assertThat(echo.exitCode()).as(echo.output()).isZero();

        List<String> args = List.of("-aet", "STORESCU", "-aec", "FERRYSCP", "127.0.0.1", port,
                files.resolve("CT_small.dcm").toString(), files.resolve("MR_small.dcm").toString(),
                files.resolve("rtplan.dcm").toString());
        DcmtkPeer.Result store = DcmtkPeer.run(tmp, "storescu", args.toArray(String[]::new));
        assertThat(store.exitCode()).as(store.output()).isZero();

        Run r = scp.await();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Association from ECHOSCU@127.0.0.1:", "1 C-ECHO",
                "Association from STORESCU@127.0.0.1:", "ended: 3 instances", "Received 3 instances");
        assertReceivedUnchanged(out);
    }

    @Test
    void ferryScpRefusesWhatItsAllowListDoesNotName() throws Exception {
        DcmtkPeer.requireTools("echoscu");
        Scp scp = NetworkCommandsTest.startScp("scp", "-b", "FERRYSCP@127.0.0.1:0", "--dir",
                tmp.resolve("r").toString(), "--allow", "MODALITY@127.0.0.1", "--timeout", "3");
        String port = String.valueOf(scp.port());
        DcmtkPeer.Result refused = DcmtkPeer.run(tmp, "echoscu", "-aet", "ECHOSCU", "-aec", "FERRYSCP", "127.0.0.1",
                port);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).containsIgnoringCase("Calling AE Title Not Recognized");
        DcmtkPeer.Result allowed = DcmtkPeer.run(tmp, "echoscu", "-aet", "MODALITY", "-aec", "FERRYSCP", "127.0.0.1",
                port);
        assertThat(allowed.exitCode()).as(allowed.output()).isZero();
        Run r = scp.await();
        assertThat(r.out()).contains("1 association, 1 rejected");
    }

    @Test
    void findMoveAndGetAgainstDcmqrscp() throws Exception {
        DcmtkPeer.requireTools("dcmqrscp");
        String ctStudy = NetworkCommandsTest.CT_STUDY;
        Path moved = tmp.resolve("moved");
        Scp dest = NetworkCommandsTest.startScp("scp", "-b", "FERRYSCP@127.0.0.1:0", "--dir", moved.toString(),
                "--exit-after", "1", "--timeout", "60");
        Path storage = Files.createDirectories(tmp.resolve("archive"));
        int port = DcmtkPeer.freePort();
        Path config = Files.writeString(tmp.resolve("dcmqrscp.cfg"), "NetworkTCPPort  = " + port + "\n"
                + "MaxPDUSize      = 16384\n"
                + "MaxAssociations = 16\n"
                + "HostTable BEGIN\n"
                + "ferryscp = (FERRYSCP, 127.0.0.1, " + dest.port() + ")\n"
                + "HostTable END\n"
                + "VendorTable BEGIN\nVendorTable END\n"
                + "AETable BEGIN\n"
                + "QRSCP " + storage + " RW (100, 64mb) ANY\n"
                + "AETable END\n");
        try (DcmtkPeer qr = DcmtkPeer.startServer(tmp, port, "dcmqrscp", "-c", config.toString(), "-dhl",
                String.valueOf(port))) {
            String peer = "QRSCP@127.0.0.1:" + port;
            Run load = NetworkCommandsTest.run("store", "-c", peer, files.toString());
            assertThat(load.code()).as(load.err() + qr.log()).isZero();

            Run find = NetworkCommandsTest.run("find", "-c", peer, "-L", "STUDY", "-m", "PatientID=1CT1");
            assertThat(find.code()).as(find.err() + qr.log()).isZero();
            assertThat(find.out().lines()).hasSize(2);
            assertThat(find.out()).contains("StudyInstanceUID=" + ctStudy, "PatientName=CompressedSamples^CT1",
                    "1 match");

            Run patients = NetworkCommandsTest.run("find", "--model", "patient", "-c", peer, "-L", "PATIENT",
                    "-m", "PatientID=*", "--json");
            assertThat(patients.code()).as(patients.err() + qr.log()).isZero();
            assertThat(patients.out()).startsWith("[").contains("\"4MR1\"", "\"id00001\"");
            assertThat(patients.err().strip()).isEqualTo("3 matches");

            Run move = NetworkCommandsTest.run("move", "-c", peer, "--dest", "FERRYSCP", "-m",
                    "StudyInstanceUID=" + ctStudy);
            assertThat(move.code()).as(move.err() + move.out() + qr.log()).isZero();
            assertThat(move.out()).contains("C-MOVE of STUDY to FERRYSCP: ", "(0000H); ", "1 completed, 0 failed");
            Run received = dest.await();
            assertThat(received.code()).as(received.err()).isZero();
            assertThat(received.out()).contains("Association from QRSCP@127.0.0.1:", "Received 1 instance");
            assertThat(bySopInstance(moved)).containsOnlyKeys(CT_INSTANCE);

            Path got = tmp.resolve("got");
            Run get = NetworkCommandsTest.run("get", "-c", peer, "--dir", got.toString(), "-L", "STUDY", "-m",
                    "StudyInstanceUID=" + NetworkCommandsTest.header(files.resolve("MR_small.dcm"))
                            .getString(Tag.StudyInstanceUID));
            assertThat(get.code()).as(get.err() + get.out() + qr.log()).isZero();
            assertThat(get.out()).contains("1 completed, 0 failed", "Retrieved 1 instance");
            assertThat(bySopInstance(got).get(MR_INSTANCE))
                    .isEqualTo(NetworkCommandsTest.header(files.resolve("MR_small.dcm")));

            Run unknown = NetworkCommandsTest.run("move", "-c", peer, "--dest", "NOBODY", "-m",
                    "StudyInstanceUID=" + ctStudy);
            assertThat(unknown.code()).isEqualTo(1);
            assertThat(unknown.err()).contains("ferry move: C-MOVE of STUDY to NOBODY ended with A801H");
        }
    }
}
