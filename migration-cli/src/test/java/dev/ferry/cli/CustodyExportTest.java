package dev.ferry.cli;

import static dev.ferry.cli.NetworkCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dicom.audit.SyslogReceiver;
import dev.ferry.dicom.net.peer.TestPki;
import dev.ferry.hl7.fhir.FhirContexts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code ferry custody export} as FHIR and DICOM audit messages, to files and to a syslog repository. */
@Timeout(120)
class CustodyExportTest {
    @TempDir
    Path tmp;
    private Path state;

    /**
     * Two studies of two instances migrated between folders: each study queued, retrieved and stored for
     * each instance, and each built-in verifier's verdict on each study as stored and again in validation.
     */
    private static final int RECORDS = 2 + 2 * 2 * 2 + 2 * 2 * VerifyOptions.BUILT_IN.size();
    @BeforeEach
    void migrate() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        state = tmp.resolve("state");
        for (int study = 1; study <= 2; study++) {
            for (int i = 1; i <= 2; i++) {
                MigrateCommandTest.write(src.resolve(study + "-" + i + ".dcm"), "2.25.88." + study,
                        "2.25.88." + study + ".1." + i, "2024010" + study, "CT");
            }
        }
        NetworkCommandsTest.Run r = run("migrate", "--source", "folder:" + src, "--dest", "folder:" + tmp.resolve("dst"),
                "--state", state.toString(), "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static Document xml(String text) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String code(Document d, String element) {
        return ((Element) d.getElementsByTagName(element).item(0)).getAttribute("csd-code");
    }

    @Test
    void exportsAFhirBundleThatHapiReadsBack() throws Exception {
        Path out = tmp.resolve("custody.fhir.json");
        NetworkCommandsTest.Run r = run("custody", "export", "--state", state.toString(), "--format", "fhir",
                "--out", out.toString(), "--audit-source", "ferry@test");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains(RECORDS + " records written to");

        Bundle b;
        try (InputStream in = Files.newInputStream(out)) {
            b = FhirContexts.r4().newJsonParser().parseResource(Bundle.class, in);
        }
        assertThat(b.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        assertThat(b.getEntry()).hasSize(RECORDS);
        List<AuditEvent> events = b.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getType().getCode()).isIn("110104", "110103");
            assertThat(e.getSource().getObserver().getDisplay()).isEqualTo("ferry@test");
            assertThat(e.getEntityFirstRep().getWhat().getIdentifier().getValue()).startsWith("urn:oid:2.25.88.");
        });
        assertThat(events).extracting(e -> e.getAction().toCode()).containsOnly("R", "C");

        // The same to standard output.
        NetworkCommandsTest.Run stdout = run("custody", "export", "--state", state.toString(), "--format", "fhir");
        assertThat(stdout.code()).as(stdout.err()).isZero();
        assertThat(FhirContexts.r4().newJsonParser().parseResource(Bundle.class, stdout.out()).getEntry()).hasSize(RECORDS);
    }

    @Test
    void exportsDicomAuditMessagesOneALineWithThePatientFromTheState() throws Exception {
        NetworkCommandsTest.Run r = run("custody", "export", "--state", state.toString(), "--format", "dicom-audit");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(RECORDS);
        for (String line : lines) {
            Document d = xml(line);
            assertThat(code(d, "EventID")).isIn("110104", "110103"); // transferred; accessed to verify
            NodeList objects = d.getElementsByTagName("ParticipantObjectIdentification");
            assertThat(objects.getLength()).isEqualTo(3);
            Element patient = (Element) objects.item(1);
            assertThat(patient.getAttribute("ParticipantObjectTypeCodeRole")).isEqualTo("1");
            assertThat(patient.getAttribute("ParticipantObjectID")).isIn("MIG-1", "MIG-2");
        }
    }

    @Test
    void sendsTheAuditTrailToATlsSyslogRepository() throws Exception {
        try (TestPki pki = TestPki.generate(Files.createDirectories(tmp.resolve("pki")));
             SyslogReceiver repository = SyslogReceiver.tls(pki.serverSslContext(), true)) {
            NetworkCommandsTest.Run r = run("custody", "export", "--state", state.toString(),
                    "--syslog", "127.0.0.1:" + repository.port(),
                    "--syslog-keystore", pki.clientKeyStore().toString(), "--syslog-keystore-password", "changeit",
                    "--syslog-truststore", pki.trustStore().toString(), "--syslog-truststore-password", "changeit");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).contains(RECORDS + " records sent to 127.0.0.1:" + repository.port());

            List<SyslogReceiver.Message> got = repository.take(RECORDS + 1, 30);
            assertThat(got).allSatisfy(m -> {
                assertThat(m.header().get(0)).isEqualTo("<85>1");
                assertThat(m.header().get(3)).isEqualTo("ferry");
                assertThat(m.header().get(5)).isEqualTo("DICOM+RFC3881");
            });
            assertThat(code(xml(got.get(0).text()), "EventID")).isEqualTo("110101"); // Audit Log Used, first
            for (SyslogReceiver.Message m : got.subList(1, RECORDS + 1)) {
                assertThat(code(xml(m.text()), "EventID")).isIn("110104", "110103");
            }
        }
    }

    @Test
    void verifySendsASecurityAlertForABrokenChain() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:" + state.toAbsolutePath()
                .resolve(dev.ferry.core.state.JdbcStateStore.EMBEDDED_NAME), "sa", "");
             java.sql.Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE ferry_custody SET actor = 'mallory' WHERE seq = 3")).isEqualTo(1);
        }
        try (SyslogReceiver repository = SyslogReceiver.tcp()) {
            NetworkCommandsTest.Run r = run("custody", "verify", "--state", state.toString(),
                    "--syslog", "127.0.0.1:" + repository.port(), "--syslog-transport", "tcp");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("broken at record 3", "security alert sent to 127.0.0.1:");
            Document alert = xml(repository.take(1, 30).get(0).text());
            assertThat(code(alert, "EventID")).isEqualTo("110113");
            assertThat(alert.getElementsByTagName("EventOutcomeDescription").item(0).getTextContent())
                    .contains("record 3", "CONTENT_MODIFIED");
        }
    }

    @Test
    void wrongCombinationsAreCommandLineErrors() {
        String st = state.toString();
        NetworkCommandsTest.Run format = run("custody", "export", "--state", st, "--format", "xml");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("--format is jsonl, fhir or dicom-audit");
        NetworkCommandsTest.Run noTrust = run("custody", "export", "--state", st, "--syslog", "127.0.0.1:6514");
        assertThat(noTrust.code()).isEqualTo(2);
        assertThat(noTrust.err()).contains("needs --syslog-truststore");
        assertThat(run("custody", "export", "--state", st, "--syslog", "127.0.0.1:6514", "--syslog-transport", "tcp",
                "--out", tmp.resolve("x").toString()).err()).contains("--out or --syslog, not both");
        assertThat(run("custody", "export", "--state", st, "--format", "fhir", "--syslog", "h:1",
                "--syslog-transport", "udp").err()).contains("--format dicom-audit");
        assertThat(run("custody", "export", "--state", st, "--syslog", "nohost", "--syslog-transport", "tcp").err())
                .contains("HOST:PORT");
        assertThat(run("custody", "export", "--state", st, "--syslog-transport", "tcp").err())
                .contains("need --syslog");
        assertThat(run("custody", "verify", "--state", st, "--format", "fhir").code()).isEqualTo(2);
        NetworkCommandsTest.Run refused = run("custody", "export", "--state", st, "--syslog", "127.0.0.1:1",
                "--syslog-transport", "tcp");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("syslog tcp to 127.0.0.1:1: cannot connect");
        NetworkCommandsTest.Run help = run("custody", "--help");
        assertThat(help.out()).contains("--format", "--syslog", "--syslog-transport", "--syslog-keystore",
                "--syslog-truststore", "--audit-source");
    }
}
