package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.net.DicomServer;
import dev.ferry.dicom.net.QueryRetrieveScp;
import dev.ferry.dicom.net.QueryRetrieveScp.RetrieveItem;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.SpoolFolderSink;
import dev.ferry.dicom.net.StorageScp;
import dev.ferry.dicom.net.dimse.Status;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network commands in process, on loopback: against {@code ferry scp} run in a background
 * thread, and against {@link DicomServer}s with a Storage or Query/Retrieve SCP.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetworkCommandsTest {
    /** Test files (pydicom, MIT; see NOTICE in the test resources). */
    static final List<String> FILES = List.of("CT_small.dcm", "MR_small.dcm", "rtplan.dcm");
    static final String CT_STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
    static final String CT_INSTANCE = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";
    static final String MR_INSTANCE = "1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457";
    static final String RTPLAN_INSTANCE = "1.2.777.777.77.7.7777.7777.20030903150023";

    @TempDir
    Path tmp;

    Path files;
    final List<DicomServer> servers = new ArrayList<>();

    /** What one command printed and returned. */
    record Run(int code, String out, String err) {}

    @Test
    void findListsAFolderSourceWithoutANetwork() {
        Run r = run("find", "--source", "folder:" + files, "-L", "STUDY");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("StudyInstanceUID=" + CT_STUDY + " ").contains("in folder:" + files);
        Run ct = run("find", "--source", "folder:" + files, "-L", "STUDY", "-m", "ModalitiesInStudy=CT");
        assertThat(ct.out()).contains("StudyInstanceUID=" + CT_STUDY + " ").contains("1 match in");
        Run images = run("find", "--source", "folder:" + files, "-L", "IMAGE", "-m", "StudyInstanceUID=" + CT_STUDY);
        assertThat(images.out()).contains("SOPInstanceUID=" + CT_INSTANCE).contains("1 match in");
        Run missing = run("find", "--source", "folder:" + tmp.resolve("nowhere"), "-L", "STUDY");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("nowhere").contains("no such folder");
    }

    @Test
    void findTakesEitherAPeerOrASourceAndNamesAWrongUri() {
        Run both = run("find", "-c", "A@127.0.0.1:104", "--source", "dimse:A@127.0.0.1:104", "-L", "STUDY");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("either -c AET@HOST:PORT or --source URI");
        Run wrong = run("find", "--source", "pacs.example.org:104", "-L", "STUDY");
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("archive URI \"pacs.example.org:104\"")
                .contains("folder:PATH, dimse:AET@host:port or dicomweb:URL");
        Run key = run("find", "--source", "dimse:A@127.0.0.1:9", "-L", "STUDY", "-m", "PatientName=X*");
        assertThat(key.code()).isEqualTo(2);
        assertThat(key.err()).contains("not PatientName");
    }

    @BeforeEach
    void copyTestFiles() throws IOException {
        files = Files.createDirectories(tmp.resolve("in"));
        for (String f : FILES) {
            try (InputStream in = NetworkCommandsTest.class.getResourceAsStream("pydicom/" + f)) {
                Files.copy(in, files.resolve(f));
            }
        }
    }

    @AfterEach
    void stopServers() {
        servers.forEach(DicomServer::close);
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code ferry scp} in a thread of its own, with the port it printed. */
    record Scp(CompletableFuture<Integer> exit, StringWriter out, StringWriter err, int port) {
        Run await() throws Exception {
            int code = exit.get(30, TimeUnit.SECONDS);
            return new Run(code, out.toString(), err.toString());
        }
    }

    static Scp startScp(String... args) throws InterruptedException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args));
        Pattern listening = Pattern.compile("Listening as \\S+@[^:]+:(\\d+),");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            Matcher m = listening.matcher(out.toString());
            if (m.find()) {
                return new Scp(exit, out, err, Integer.parseInt(m.group(1)));
            }
            if (exit.isDone()) {
                throw new AssertionError("ferry scp ended at once: " + exit.join() + "\n" + out + err);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("ferry scp did not start listening:\n" + out + err);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static Dataset header(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             DicomObject o = DicomReader.standard().read(in, file.toString())) {
            return o.header();
        }
    }

    private DicomServer storageServer(Path dir, Status answer) throws IOException {
        SpoolFolderSink spool = new SpoolFolderSink(dir);
        DicomServer s = DicomServer.builder().aeTitle("STORESCP")
                .storage(new StorageScp((instance, data) -> answer.isSuccess() ? spool.store(instance, data) : answer))
                .build().start();
        servers.add(s);
        return s;
    }

    // ---------------------------------------------------------------- echo, store, scp

    @Test
    void echoAndStoreToFerryScp() throws Exception {
        Path out = tmp.resolve("received");
        Files.writeString(files.resolve("notes.txt"), "not DICOM at all\n");
        Scp scp = startScp("scp", "-b", "STORESCP@127.0.0.1:0", "--dir", out.toString(), "--exit-after", "3",
                "--timeout", "30");
        String peer = "STORESCP@127.0.0.1:" + scp.port();

        Run echo = run("echo", "-c", peer);
        assertThat(echo.code()).as(echo.err()).isZero();
        assertThat(echo.out()).contains("C-ECHO FERRY -> " + peer, "Success (0000H)", "round trip", " ms");

        Run store = run("store", "-c", peer, files.toString());
        assertThat(store.code()).as(store.err()).isZero();
        assertThat(store.out()).containsPattern("Sent 3 instances, \\d+ bytes in [0-9.]+ s \\([0-9.]+ instances/s, "
                + "[0-9.]+ MB/s\\); 0 warnings, 0 failed, 1 skipped");
        assertThat(store.err()).contains("skipped " + files.resolve("notes.txt") + ": not DICOM");

        Run scpRun = scp.await();
        assertThat(scpRun.code()).as(scpRun.err()).isZero();
        assertThat(scpRun.out())
                .contains("Association from FERRY@127.0.0.1:", "1 C-ECHO", "ended: 3 instances")
                .containsPattern("Received 3 instances, \\d+ bytes .*; 0 warnings, 0 failed; 2 associations, 0 rejected");
        assertThat(names(out)).containsExactlyInAnyOrder(CT_INSTANCE + ".dcm", MR_INSTANCE + ".dcm", RTPLAN_INSTANCE + ".dcm");
        assertThat(header(out.resolve(CT_INSTANCE + ".dcm")).getString(Tag.StudyInstanceUID)).isEqualTo(CT_STUDY);
        assertThat(header(out.resolve(RTPLAN_INSTANCE + ".dcm")))
                .isEqualTo(header(files.resolve("rtplan.dcm")));
    }

    @Test
    void storeSplitsFilesAmongParallelAssociations() throws Exception {
        Path out = tmp.resolve("received");
        // Each instance waits (5 s at most) until two associations are open, so that the first worker
        // cannot send every file before the second has taken one: workers connect when they have a file.
        SpoolFolderSink spool = new SpoolFolderSink(out);
        DicomServer[] self = new DicomServer[1];
        DicomServer server = DicomServer.builder().aeTitle("STORESCP")
                .storage(new StorageScp((instance, data) -> {
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    while (self[0].acceptedAssociations() < 2 && System.nanoTime() < deadline) {
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                    return spool.store(instance, data);
                }))
                .build();
        self[0] = server;
        server.start();
        servers.add(server);
        Run store = run("store", "--parallel", "2", "--max-pdu", "16384", "--aet", "SENDER",
                "-c", "STORESCP@127.0.0.1:" + server.port(),
                files.resolve("CT_small.dcm").toString(), files.resolve("MR_small.dcm").toString(),
                files.resolve("rtplan.dcm").toString());
        assertThat(store.code()).as(store.err()).isZero();
        assertThat(store.out()).contains("Sent 3 instances, ", "0 failed");
        assertThat(store.err()).isEmpty();
        assertThat(names(out)).hasSize(3);
        assertThat(server.acceptedAssociations()).isEqualTo(2);
    }

    @Test
    void eachRefusedFileIsListedWithItsStatus() throws Exception {
        DicomServer server = storageServer(tmp.resolve("unused"), Status.of(0xA700));
        Run store = run("store", "-c", "STORESCP@127.0.0.1:" + server.port(), files.toString());
        assertThat(store.code()).isEqualTo(1);
        assertThat(store.err().lines()).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("ferry store: ")
                .contains("refused, status A700H (Refused: Out of Resources"));
        assertThat(store.err()).contains(files.resolve("CT_small.dcm").toString());
        assertThat(store.out()).contains("Sent 0 instances", "3 failed");
    }

    @Test
    void scpRejectsPeersOffItsAllowList() throws Exception {
        Scp scp = startScp("scp", "-b", "STORESCP@127.0.0.1:0", "--dir", tmp.resolve("r").toString(),
                "--allow", "MODALITY@127.0.0.1", "--timeout", "3");
        String peer = "STORESCP@127.0.0.1:" + scp.port();
        Run refused = run("echo", "-c", peer);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().strip()).doesNotContain("\n")
                .contains("FERRY->" + peer, "rejected", "calling-AE-title-not-recognized");
        Run allowed = run("echo", "--aet", "MODALITY", "-c", peer);
        assertThat(allowed.code()).as(allowed.err()).isZero();
        Run scpRun = scp.await();
        assertThat(scpRun.code()).isZero();
        assertThat(scpRun.out()).contains("Received 0 instances", "1 association, 1 rejected");
    }

    @Test
    void scpTimingOutBeforeExitAfterFails() throws Exception {
        Scp scp = startScp("scp", "-b", "STORESCP@127.0.0.1:0", "--dir", tmp.resolve("r").toString(),
                "--exit-after", "5", "--timeout", "0.5");
        Run r = scp.await();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("ferry scp: timed out after 0.5 s with 0 of 5 instances");
    }

    @Test
    void echoSendsTheUserIdentityAndAWrongPasscodeIsRefused() throws Exception {
        DicomServer s = DicomServer.builder().aeTitle("SECURE")
                .userIdentityVerifier((identity, calling, address) -> identity != null
                        && "ops".equals(new String(identity.primaryField(), java.nio.charset.StandardCharsets.UTF_8))
                        && "pa55".equals(new String(identity.secondaryField(), java.nio.charset.StandardCharsets.UTF_8))
                        ? new byte[0] : null)
                .build().start();
        servers.add(s);
        String peer = "SECURE@127.0.0.1:" + s.port();
        assertThat(run("echo", "-c", peer, "--user", "ops", "--password", "pa55").code()).isZero();
        Run wrong = run("echo", "-c", peer, "--user", "ops", "--password", "guess");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("rejected").doesNotContain("guess");
        Path token = Files.writeString(tmp.resolve("token.jwt"), "eyJhbGciOiJub25lIn0.e30.");
        assertThat(run("echo", "-c", peer, "--user-token", token.toString()).code()).as("a JWT is not a passcode")
                .isEqualTo(1);
        Run orphan = run("echo", "-c", peer, "--password", "pa55");
        assertThat(orphan.code()).isEqualTo(2);
        assertThat(orphan.err()).contains("--password needs --user");
    }

    @Test
    void aBadPeerIsACommandLineError() {
        Run r = run("echo", "-c", "STORESCP-localhost-104");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--connect'", "is not AET@host:port")
                .contains("Try 'ferry echo --help'");
        Run port0 = run("store", "-c", "STORESCP@localhost:0", files.toString());
        assertThat(port0.code()).isEqualTo(2);
        assertThat(port0.err()).contains("the port must be 1 to 65535");
        Run parallel = run("store", "--parallel", "0", "-c", "STORESCP@localhost:104", files.toString());
        assertThat(parallel.code()).isEqualTo(2);
        assertThat(parallel.err()).contains("--parallel must be 1 to 64");
        Run tls = run("echo", "--tls", "-c", "STORESCP@localhost:104");
        assertThat(tls.code()).isEqualTo(2);
        assertThat(tls.err()).contains("--tls needs --tls-truststore");
    }

    @Test
    void anUnreachablePeerIsOneLine() throws IOException {
        String peer = "STORESCP@127.0.0.1:" + freePort();
        Run echo = run("echo", "--connect-timeout", "2", "-c", peer);
        assertThat(echo.code()).isEqualTo(1);
        assertThat(echo.err().strip()).doesNotContain("\n").startsWith("ferry echo: cannot connect FERRY->" + peer);
        assertThat(echo.out()).isEmpty();

        Run store = run("store", "-c", peer, files.toString());
        assertThat(store.code()).isEqualTo(1);
        assertThat(store.err().strip()).doesNotContain("\n").startsWith("ferry store: cannot connect FERRY->" + peer);
    }

    @Test
    void nothingToSendIsAFailure() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("a.txt"), "text");
        Run r = run("store", "-c", "STORESCP@127.0.0.1:104", empty.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no DICOM file to send (1 skipped, 0 unreadable)");
    }

    /** A PKCS12 key store with a fresh EC key for localhost and 127.0.0.1, and a trust store with its certificate. */
    private Path[] keyStores() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path ks = tmp.resolve("ferry.p12");
        Path crt = tmp.resolve("ferry.crt");
        Path trust = tmp.resolve("trust.p12");
        List<List<String>> commands = List.of(
                List.of("-genkeypair", "-alias", "ferry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                        "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore",
                        ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit"),
                List.of("-exportcert", "-alias", "ferry", "-keystore", ks.toString(), "-storepass", "changeit",
                        "-file", crt.toString()),
                List.of("-importcert", "-noprompt", "-alias", "ferry", "-file", crt.toString(), "-keystore",
                        trust.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
        for (List<String> c : commands) {
            List<String> command = new ArrayList<>(List.of(keytool.toString()));
            command.addAll(c);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(output).isZero();
        }
        return new Path[] {ks, trust};
    }

    @Test
    void tlsBetweenFerryCommands() throws Exception {
        Path[] stores = keyStores();
        List<String> tls = List.of("--tls", "--tls-keystore", stores[0].toString(), "--tls-keystore-password",
                "changeit", "--tls-truststore", stores[1].toString(), "--tls-truststore-password", "changeit");
        List<String> scpArgs = new ArrayList<>(List.of("scp", "-b", "TLSSCP@127.0.0.1:0", "--dir",
                tmp.resolve("tls").toString(), "--exit-after", "1", "--timeout", "30"));
        scpArgs.addAll(tls);
        Scp scp = startScp(scpArgs.toArray(String[]::new));
        String peer = "TLSSCP@127.0.0.1:" + scp.port();

        List<String> echo = new ArrayList<>(List.of("echo", "-c", peer, "--tls-protocol", "TLSv1.2"));
        echo.addAll(tls);
        Run echoed = run(echo.toArray(String[]::new));
        assertThat(echoed.code()).as(echoed.err()).isZero();
        assertThat(echoed.out()).contains(peer + " (TLS): Success");

        Run plain = run("echo", "--acse-timeout", "2", "-c", peer);
        assertThat(plain.code()).isEqualTo(1);
        assertThat(plain.err().strip()).doesNotContain("\n").startsWith("ferry echo: ");

        Run noClientCertificate = run("echo", "-c", peer, "--tls", "--tls-truststore", stores[1].toString(),
                "--tls-truststore-password", "changeit");
        assertThat(noClientCertificate.code()).isEqualTo(1);
        assertThat(noClientCertificate.err().strip()).doesNotContain("\n").startsWith("ferry echo: ");

        List<String> store = new ArrayList<>(List.of("store", "-c", peer, files.resolve("MR_small.dcm").toString()));
        store.addAll(tls);
        Run stored = run(store.toArray(String[]::new));
        assertThat(stored.code()).as(stored.err()).isZero();
        Run scpRun = scp.await();
        assertThat(scpRun.code()).as(scpRun.err()).isZero();
        assertThat(scpRun.out()).contains("(TLS)", "Received 1 instance");
        assertThat(names(tmp.resolve("tls"))).containsExactly(MR_INSTANCE + ".dcm");

        Run badPassword = run("echo", "-c", peer, "--tls", "--tls-truststore", stores[1].toString(),
                "--tls-truststore-password", "wrong");
        assertThat(badPassword.code()).isEqualTo(1);
        assertThat(badPassword.err()).startsWith("ferry echo: cannot use the key stores (" + stores[1]);
        Run badProtocol = run("echo", "-c", peer, "--tls", "--tls-truststore", stores[1].toString(),
                "--tls-truststore-password", "changeit", "--tls-protocol", "TLSv1.1");
        assertThat(badProtocol.code()).isEqualTo(2);
        assertThat(badProtocol.err()).contains("--tls-protocol: ", "TLSv1.1");
    }

    // ---------------------------------------------------------------- find, move, get

    /** A Study Root Q/R SCP over the test files, moving to {@code destinations}. */
    private DicomServer queryRetrieveServer(Map<String, RemoteAe> destinations) throws IOException {
        Index index = new Index(files);
        List<String> ts = List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        DicomServer s = DicomServer.builder().aeTitle("QR")
                .service(UID.StudyRootQueryRetrieveInformationModelFind, ts, QueryRetrieveScp.find(index::find))
                .service(UID.StudyRootQueryRetrieveInformationModelMove, ts,
                        QueryRetrieveScp.move(index::locate, destinations::get,
                                dev.ferry.dicom.net.AssociationOptions.defaults()))
                .service(UID.StudyRootQueryRetrieveInformationModelGet, ts, QueryRetrieveScp.get(index::locate))
                .build().start();
        servers.add(s);
        return s;
    }

    /** Exact matching on the keys given a value, over the headers of a folder's files. */
    static final class Index {
        private final Map<Path, Dataset> headers = new LinkedHashMap<>();

        Index(Path dir) throws IOException {
            for (String f : FILES) {
                headers.put(dir.resolve(f), header(dir.resolve(f)));
            }
        }

        private static boolean matches(Dataset keys, Dataset h) {
            for (int tag : keys.tags()) {
                String want = keys.getString(tag);
                if (tag != Tag.QueryRetrieveLevel && tag != Tag.SpecificCharacterSet && keys.vr(tag).isText()
                        && want != null && !want.isEmpty() && !want.equals(h.getString(tag, ""))) {
                    return false;
                }
            }
            return true;
        }

        void find(Dataset keys, dev.ferry.dicom.net.ScpRequest request, java.util.function.Predicate<Dataset> emit) {
            for (Dataset h : headers.values()) {
                if (!matches(keys, h)) {
                    continue;
                }
                Dataset match = new Dataset();
                for (int tag : keys.tags()) {
                    String v = h.getString(tag);
                    if (keys.vr(tag).isText() && v != null) {
                        match.setString(tag, keys.vr(tag), v);
                    } else {
                        match.setEmpty(tag, keys.vr(tag));
                    }
                }
                match.setString(Tag.QueryRetrieveLevel, dev.ferry.api.VR.CS, keys.getString(Tag.QueryRetrieveLevel));
                if (!emit.test(match)) {
                    return;
                }
            }
        }

        List<RetrieveItem> locate(Dataset keys) {
            List<RetrieveItem> items = new ArrayList<>();
            headers.forEach((file, h) -> {
                if (matches(keys, h)) {
                    items.add(new RetrieveItem(h.getString(Tag.SOPClassUID), h.getString(Tag.SOPInstanceUID), file));
                }
            });
            return items;
        }
    }

    @Test
    void findPrintsAMatchALineThenTheCount() throws Exception {
        DicomServer qr = queryRetrieveServer(Map.of());
        Run r = run("find", "-c", "QR@127.0.0.1:" + qr.port(), "-L", "STUDY", "-m", "PatientID=1CT1");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("StudyInstanceUID=" + CT_STUDY, "PatientID=1CT1",
                "PatientName=CompressedSamples^CT1", "StudyDate=20040119", "AccessionNumber=\"\"")
                .doesNotContain("QueryRetrieveLevel");
        assertThat(lines.get(1)).isEqualTo("1 match");

        Run all = run("find", "-c", "QR@127.0.0.1:" + qr.port(), "-L", "study", "-r", "PatientID");
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(all.out()).contains("PatientID=4MR1", "PatientID=id00001", "3 matches")
                .doesNotContain("StudyDate");
    }

    @Test
    void findWritesDicomJson() throws Exception {
        DicomServer qr = queryRetrieveServer(Map.of());
        Run r = run("find", "--json", "-c", "QR@127.0.0.1:" + qr.port(), "-L", "STUDY", "-m", "PatientID=4MR1",
                "-r", "StudyInstanceUID");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).startsWith("[").endsWith("]")
                .contains("\"00100020\":{\"vr\":\"LO\",\"Value\":[\"4MR1\"]}", "\"0020000D\"");
        assertThat(r.err().strip()).isEqualTo("1 match");
        Dataset parsed = dev.ferry.dicom.json.DicomJson.standard().fromJson(
                r.out().strip().substring(1, r.out().strip().length() - 1).strip());
        assertThat(parsed.getString(Tag.PatientID)).isEqualTo("4MR1");
    }

    @Test
    void findWithAWrongKeyIsACommandLineError() {
        Run r = run("find", "-c", "QR@127.0.0.1:104", "-L", "STUDY", "-m", "NoSuchKeyword=1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("NoSuchKeyword");
        Run noLevel = run("find", "-c", "QR@127.0.0.1:104", "-m", "PatientID=1");
        assertThat(noLevel.code()).isEqualTo(2);
        assertThat(noLevel.err()).contains("--level");
        Run patient = run("find", "-c", "QR@127.0.0.1:104", "-L", "PATIENT", "-m", "PatientID=1");
        assertThat(patient.code()).isEqualTo(2);
        assertThat(patient.err()).contains("-L PATIENT needs --model patient");
    }

    @Test
    void moveSendsTheStudyToTheDestination() throws Exception {
        Path out = tmp.resolve("moved");
        DicomServer dest = storageServer(out, Status.SUCCESS);
        DicomServer qr = queryRetrieveServer(Map.of("STORESCP", new RemoteAe("STORESCP", "127.0.0.1", dest.port())));
        Run r = run("move", "-c", "QR@127.0.0.1:" + qr.port(), "--dest", "STORESCP", "-m",
                "StudyInstanceUID=" + CT_STUDY);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("C-MOVE of STUDY to STORESCP: Sub-operations complete: no failures (0000H); "
                + "1 completed, 0 failed, 0 warning in");
        assertThat(names(out)).containsExactly(CT_INSTANCE + ".dcm");

        // Every study (an empty key matches all here): the peer reports progress between instances.
        Run all = run("move", "-c", "QR@127.0.0.1:" + qr.port(), "--dest", "STORESCP", "-m", "StudyInstanceUID=");
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(all.out()).containsPattern("Pending: \\d remaining, \\d completed, 0 failed, 0 warning")
                .contains("(0000H); 3 completed, 0 failed");
        assertThat(names(out)).hasSize(3);
    }

    @Test
    void aFailedMoveListsTheFailedInstances() throws Exception {
        DicomServer dest = storageServer(tmp.resolve("unused"), Status.of(0xA700));
        DicomServer qr = queryRetrieveServer(Map.of("STORESCP", new RemoteAe("STORESCP", "127.0.0.1", dest.port())));
        Run r = run("move", "-c", "QR@127.0.0.1:" + qr.port(), "--dest", "STORESCP", "-L", "IMAGE", "-m",
                "SOPInstanceUID=" + MR_INSTANCE);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("0 completed, 1 failed", "  failed: " + MR_INSTANCE);
        assertThat(r.err()).contains("ferry move: C-MOVE of IMAGE to STORESCP ended with A702H, 1 failed");

        Run unknown = run("move", "-c", "QR@127.0.0.1:" + qr.port(), "--dest", "NOBODY", "-m",
                "StudyInstanceUID=" + CT_STUDY);
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.out()).contains("(A801H)");
    }

    @Test
    void getWritesTheInstancesIntoTheFolder() throws Exception {
        DicomServer qr = queryRetrieveServer(Map.of());
        Path out = tmp.resolve("got");
        Run r = run("get", "-c", "QR@127.0.0.1:" + qr.port(), "--dir", out.toString(), "-m", "PatientID=id00001");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("C-GET of STUDY: Sub-operations complete: no failures or warnings (0000H); "
                        + "1 completed, 0 failed")
                .containsPattern("Retrieved 1 instance, \\d+ bytes in .* 0 failed into " + Pattern.quote(out.toString()));
        assertThat(names(out)).containsExactly(RTPLAN_INSTANCE + ".dcm");
        assertThat(header(out.resolve(RTPLAN_INSTANCE + ".dcm"))).isEqualTo(header(files.resolve("rtplan.dcm")));
    }

    // ---------------------------------------------------------------- help

    @Test
    void everyCommandDescribesEveryOption() {
        Map<String, List<String>> options = Map.of(
                "echo", List.of("--connect"),
                "store", List.of("--connect", "--parallel", "FILE|DIR"),
                "find", List.of("--connect", "--level", "--match", "--return", "--model", "--json"),
                "move", List.of("--connect", "--dest", "--level", "--match", "--model"),
                "get", List.of("--connect", "--dir", "--match", "--storage-class"),
                "scp", List.of("--bind", "--dir", "--allow", "--max-associations", "--exit-after", "--timeout"));
        List<String> common = List.of("--aet", "--connect-timeout", "--acse-timeout", "--dimse-timeout", "--max-pdu",
                "--tls", "--tls-keystore", "--tls-keystore-password", "--tls-truststore", "--tls-truststore-password",
                "--tls-protocol", "--verbose");
        options.forEach((command, own) -> {
            Run r = run(command, "--help");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("Usage: ferry " + command).contains(own).contains(common)
                    .contains("Exit status");
        });
        assertThat(run("--help").out()).contains("echo", "store", "find", "move", "get", "scp", "dump");
    }

    @Test
    void storeSummaryRates() {
        TransferStats s = new TransferStats();
        s.transferred(2_000_000, false);
        s.transferred(2_000_000, true);
        s.failed();
        assertThat(s.summary("Sent", Duration.ofSeconds(2)))
                .isEqualTo("Sent 2 instances, 4000000 bytes in 2.00 s (1.0 instances/s, 2.00 MB/s); 1 warning, 1 failed");
    }
}
