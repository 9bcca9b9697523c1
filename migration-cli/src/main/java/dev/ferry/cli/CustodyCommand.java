package dev.ferry.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.ChainVerification;
import dev.ferry.api.CustodyQuery;
import dev.ferry.api.CustodyRecord;
import dev.ferry.api.PatientIdentity;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyRecord;
import dev.ferry.dicom.audit.AuditPatient;
import dev.ferry.dicom.audit.DicomAuditMessages;
import dev.ferry.dicom.audit.SyslogSender;
import dev.ferry.dicom.net.TlsOptions;
import dev.ferry.hl7.fhir.CustodyAuditEvents;
import dev.ferry.spi.CustodyLog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry custody verify|export}: checks a migration's chain-of-custody log link by link, or
 * writes it out as JSON lines, a FHIR R4 AuditEvent Bundle or DICOM audit messages, to a file or (the
 * audit messages) by syslog to an audit record repository.
 */
@Command(name = "custody",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Verifies or exports a migration's chain-of-custody log.",
        description = {
            "Every instance a migration moves has records on a hash-chained log in the state store: retrieved "
                    + "(with the SHA-256 of what was read), coerced (with the changes), stored (with the "
                    + "destination's status), verified, exceptions raised and resolved, and each operator action "
                    + "(who, when, why). Each record holds the hash of the one before.",
            "verify re-reads the whole log and checks every link: a record modified, deleted, inserted or "
                    + "reordered in the database breaks the chain, and the first broken record is named. It prints "
                    + "the number of records and the head hash (keep it: rows deleted from the end can only be "
                    + "caught against a head hash kept elsewhere). With --syslog, a broken chain is also reported to "
                    + "the audit record repository as a DICOM Security Alert (110113).",
            "export writes the log in sequence order to --out (default: standard output), as --format says: jsonl, "
                    + "one JSON record a line (the default); fhir, a FHIR R4 Bundle (type collection) of one AuditEvent "
                    + "per record, typed with the DICOM audit codes, each carrying the record's hash and previous hash; "
                    + "dicom-audit, one DICOM audit message (PS3.15 A.5: DICOM Instances Transferred 110104 for "
                    + "retrieved, stored and exceptions raised, DICOM Instances Accessed 110103 for the others) a "
                    + "line, each line a whole XML "
                    + "document, with the patient's ID and issuer from the state store. Records may hold patient data "
                    + "(a coerced tag's old and new values); audit messages hold patient IDs.",
            "export --syslog HOST:PORT sends the DICOM audit messages to an audit record repository instead of "
                    + "writing them: RFC 5424 syslog over TLS (RFC 5425, the default; needs --syslog-truststore), TCP "
                    + "or UDP, first an Audit Log Used message (110101) for the export itself, then one message per "
                    + "record.",
            "Without --name, the store's only migration is used. Exit status: 0 when the chain is intact (verify) or "
                    + "was written or sent (export), 1 when it is broken or cannot be read or sent, 2 for a wrong "
                    + "command line."
        })
final class CustodyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", description = "verify or export.")
    String action;

    @Option(names = "--name", paramLabel = "NAME", description = "The migration.")
    String name;

    @Option(names = "--out", paramLabel = "FILE", description = "export: the file to write (default: standard output).")
    Path outFile;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "export: jsonl (default), fhir or dicom-audit; with --syslog, dicom-audit.")
    String format;

    @Option(names = "--syslog", paramLabel = "HOST:PORT",
            description = "Send DICOM audit messages by syslog to this audit record repository (port 6514 is syslog "
                    + "over TLS): export sends the log, verify a Security Alert when the chain is broken.")
    String syslog;

    @Option(names = "--syslog-transport", paramLabel = "TRANSPORT", defaultValue = "tls",
            description = "tls (RFC 5425, default), tcp (RFC 6587, clear text) or udp (RFC 5426, one message a "
                    + "datagram).")
    String syslogTransport;

    @Option(names = "--syslog-keystore", paramLabel = "FILE",
            description = "PKCS12 or JKS key store with Ferry's key and certificate, for a repository that asks for a "
                    + "client certificate.")
    Path keyStore;

    @Option(names = "--syslog-keystore-password", paramLabel = "PW", description = "Password of --syslog-keystore.")
    String keyStorePassword;

    @Option(names = "--syslog-truststore", paramLabel = "FILE",
            description = "PKCS12 or JKS key store with the certificate of the repository (or its CA); needed for tls.")
    Path trustStore;

    @Option(names = "--syslog-truststore-password", paramLabel = "PW", description = "Password of --syslog-truststore.")
    String trustStorePassword;

    @Option(names = "--syslog-timeout", paramLabel = "SECONDS", defaultValue = "10",
            converter = NetworkOptions.SecondsConverter.class,
            description = "How long connecting, the TLS handshake and each write may take (default: ${DEFAULT-VALUE} s).")
    Duration syslogTimeout;

    @Option(names = "--audit-source", paramLabel = "ID", defaultValue = "ferry",
            description = "The audit source: this Ferry installation, as audit messages and AuditEvents name it "
                    + "(default: ${DEFAULT-VALUE}).")
    String auditSource;

    @Mixin
    StateOptions state;

    /** --syslog, parsed by {@link #checkOptions()}. */
    private String syslogHost;
    private int syslogPort;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!action.equals("verify") && !action.equals("export")) {
            err.println("ferry custody: the action is verify or export, not " + action);
            return 2;
        }
        String fmt = checkOptions();
        SyslogSender.Transport transport = syslog == null ? null : transport();
        try (StateStore store = state.openExisting()) {
            String id = state.migration(store, name, "ferry custody", err);
            if (id == null) {
                return 1;
            }
            try (CustodyLog log = store.custodyLog(id)) {
                if (action.equals("verify")) {
                    return verify(log, id, out, err, transport);
                }
                return switch (fmt) {
                    case "fhir" -> exportFhir(log, id, out);
                    case "dicom-audit" -> syslog != null ? sendAudit(store, log, id, transport, err)
                            : exportAudit(store, log, id, out);
                    default -> export(log, out);
                };
            }
        } catch (IOException | UncheckedIOException e) {
            err.println("ferry custody: " + NetworkCommand.message(e));
            return 1;
        } catch (ParameterException e) {
            throw e;
        } catch (RuntimeException e) {
            err.println("ferry custody: " + NetworkCommand.message(e));
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The export format, after checking the options that go together; a wrong command line is exit 2. */
    private String checkOptions() {
        boolean export = action.equals("export");
        if (outFile != null && !export) {
            throw usage("--out is for export");
        }
        if (format != null && !export) {
            throw usage("--format is for export");
        }
        String fmt = format == null ? (syslog != null ? "dicom-audit" : "jsonl") : format;
        if (!fmt.equals("jsonl") && !fmt.equals("fhir") && !fmt.equals("dicom-audit")) {
            throw usage("--format is jsonl, fhir or dicom-audit, not " + format);
        }
        if (syslog == null) {
            if (keyStore != null || trustStore != null || spec.commandLine().getParseResult()
                    .hasMatchedOption("--syslog-transport")) {
                throw usage("the --syslog-... options need --syslog");
            }
            return fmt;
        }
        if (!fmt.equals("dicom-audit")) {
            throw usage("--syslog sends DICOM audit messages: --format dicom-audit, not " + fmt);
        }
        if (outFile != null) {
            throw usage("--out or --syslog, not both");
        }
        int colon = syslog.lastIndexOf(':');
        syslogHost = colon > 0 ? syslog.substring(0, colon) : "";
        if (syslogHost.startsWith("[") && syslogHost.endsWith("]")) {
            syslogHost = syslogHost.substring(1, syslogHost.length() - 1);
        }
        try {
            syslogPort = Integer.parseInt(syslog.substring(colon + 1));
        } catch (NumberFormatException e) {
            syslogPort = -1;
        }
        if (syslogHost.isEmpty() || syslogPort < 1 || syslogPort > 65_535) {
            throw usage("--syslog is HOST:PORT with a port from 1 to 65535, not " + syslog);
        }
        if (transport() == SyslogSender.Transport.TLS) {
            if (trustStore == null) {
                throw usage("--syslog-transport tls needs --syslog-truststore: the repository's certificate or its CA");
            }
            if (keyStore != null && keyStorePassword == null) {
                throw usage("--syslog-keystore needs --syslog-keystore-password");
            }
        } else if (keyStore != null || trustStore != null) {
            throw usage("--syslog-keystore and --syslog-truststore are for --syslog-transport tls");
        }
        return fmt;
    }

    private SyslogSender.Transport transport() {
        return switch (syslogTransport) {
            case "tls" -> SyslogSender.Transport.TLS;
            case "tcp" -> SyslogSender.Transport.TCP;
            case "udp" -> SyslogSender.Transport.UDP;
            default -> throw usage("--syslog-transport is tls, tcp or udp, not " + syslogTransport);
        };
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private int verify(CustodyLog log, String id, PrintWriter out, PrintWriter err, SyslogSender.Transport transport)
            throws IOException {
        ChainVerification v = log.verifyChain();
        if (v instanceof ChainVerification.Intact ok) {
            out.printf("custody chain of %s: intact, %,d records, head %s%n", id, ok.records(), ok.headHash());
            return 0;
        }
        ChainVerification.Broken b = (ChainVerification.Broken) v;
        err.printf("ferry custody: the custody chain of %s is broken at record %d (%s): %s%n", id, b.sequence(),
                b.problem(), b.detail());
        if (transport != null) {
            try (SyslogSender sender = sender(transport)) {
                sender.send(messages(null, id).securityAlert(b, Instant.now(), operator()));
            }
            err.printf("ferry custody: security alert sent to %s%n", syslog);
        }
        return 1;
    }

    private int export(CustodyLog log, PrintWriter out) throws IOException {
        long[] n = {0};
        try (Writer w = open(out)) {
            log.read(CustodyQuery.ALL, r -> {
                write(w, line(r));
                n[0]++;
            });
        }
        return written(n[0]);
    }

    private int exportFhir(CustodyLog log, String id, PrintWriter out) throws IOException {
        CustodyAuditEvents events = CustodyAuditEvents.builder(logUri(id)).sourceId(auditSource).build();
        long n;
        try (Writer w = open(out)) {
            n = events.writeBundle(log, CustodyQuery.ALL, w);
        }
        return written(n);
    }

    private int exportAudit(StateStore store, CustodyLog log, String id, PrintWriter out) throws IOException {
        DicomAuditMessages messages = messages(store, id);
        long[] n = {0};
        try (Writer w = open(out)) {
            log.read(CustodyQuery.ALL, r -> {
                write(w, new String(messages.message(r), StandardCharsets.UTF_8));
                n[0]++;
            });
        }
        return written(n[0]);
    }

    private int sendAudit(StateStore store, CustodyLog log, String id, SyslogSender.Transport transport,
                          PrintWriter err) throws IOException {
        DicomAuditMessages messages = messages(store, id);
        long[] n = {0};
        try (SyslogSender sender = sender(transport)) {
            sender.send(messages.auditLogUsed(Instant.now(), operator()));
            try {
                log.read(CustodyQuery.ALL, r -> {
                    try {
                        sender.send(messages.message(r), r.event().time());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    n[0]++;
                });
            } catch (UncheckedIOException e) {
                throw new IOException(e.getCause().getMessage() + " (after " + n[0] + " records)", e.getCause());
            }
        }
        err.printf("ferry custody: %,d records sent to %s over %s%n", n[0], syslog, syslogTransport);
        return 0;
    }

    /** --out, or standard output; closing it leaves standard output open. */
    private Writer open(PrintWriter out) throws IOException {
        if (outFile == null) {
            return new Writer() {
                @Override
                public void write(char[] c, int off, int len) {
                    out.write(c, off, len);
                }

                @Override
                public void flush() {
                    out.flush();
                }

                @Override
                public void close() {
                    out.flush();
                }
            };
        }
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(outFile), StandardCharsets.UTF_8),
                64 << 10);
    }

    private static void write(Writer w, String line) {
        try {
            w.write(line);
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int written(long n) {
        if (outFile != null) {
            spec.commandLine().getErr().printf("ferry custody: %,d records written to %s%n", n, outFile);
        }
        return 0;
    }

    /** The custody log's name in audit messages and AuditEvents. */
    static String logUri(String migrationId) {
        return "urn:ferry:custody:" + URLEncoder.encode(migrationId, StandardCharsets.UTF_8);
    }

    private DicomAuditMessages messages(StateStore store, String id) {
        DicomAuditMessages.Builder b = DicomAuditMessages.builder(logUri(id)).auditSourceId(auditSource);
        if (store != null) {
            b.patients(new PatientLookup(store, id));
        }
        return b.build();
    }

    private SyslogSender sender(SyslogSender.Transport transport) throws IOException {
        SyslogSender.Builder b = SyslogSender.builder(syslogHost, syslogPort).transport(transport)
                .connectTimeout(syslogTimeout).writeTimeout(syslogTimeout);
        if (transport == SyslogSender.Transport.TLS) {
            try {
                b.tls(TlsOptions.fromKeyStores(keyStore, chars(keyStorePassword), trustStore, chars(trustStorePassword)));
            } catch (IOException | GeneralSecurityException e) {
                throw new IOException("cannot use the key stores (" + (keyStore == null ? "" : keyStore + ", ")
                        + trustStore + "): " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }

    private static String operator() {
        return System.getProperty("user.name", "operator");
    }

    /** The patient of a study, from the state store, remembering the last study (records come study by study). */
    private static final class PatientLookup implements Function<String, Optional<AuditPatient>> {
        private final StateStore store;
        private final String migration;
        private String lastStudy;
        private Optional<AuditPatient> last = Optional.empty();

        PatientLookup(StateStore store, String migration) {
            this.store = store;
            this.migration = migration;
        }

        @Override
        public Optional<AuditPatient> apply(String studyInstanceUid) {
            if (!studyInstanceUid.equals(lastStudy)) {
                lastStudy = studyInstanceUid;
                last = store.study(migration, studyInstanceUid).map(StudyRecord::patient)
                        .map((PatientIdentity p) -> new AuditPatient(p.id(), p.issuer(), null));
            }
            return last;
        }
    }

    /** One record as a JSON object, fields in a fixed order. */
    static String line(CustodyRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", r.sequence());
        m.put("time", r.event().time().toString());
        m.put("type", r.event().type().name());
        m.put("actor", r.event().actor());
        m.put("study", r.event().item().studyInstanceUid());
        m.put("series", r.event().item().seriesInstanceUid());
        m.put("sop", r.event().item().sopInstanceUid());
        m.put("details", r.event().details());
        m.put("previousHash", r.previousHash());
        m.put("hash", r.hash());
        try {
            return JSON.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a custody record holds only strings and numbers", e);
        }
    }
}
