package dev.ferry.cli;

import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.AllowList;
import dev.ferry.dicom.net.Association;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.DicomServer;
import dev.ferry.dicom.net.ReceivedInstance;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.ScpRequest;
import dev.ferry.dicom.net.SpoolFolderSink;
import dev.ferry.dicom.net.StorageScp;
import dev.ferry.dicom.net.StorageSink;
import dev.ferry.dicom.net.dimse.CEchoRq;
import dev.ferry.dicom.net.dimse.CEchoRsp;
import dev.ferry.dicom.net.dimse.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code ferry scp -b AET@host:port --dir OUT}: a Storage SCP (and Verification SCP) writing what it
 * receives into a folder, as dcmtk's storescp; until Ctrl-C or SIGTERM, or {@code --exit-after} /
 * {@code --timeout}.
 */
@Command(name = "scp",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Receives DICOM instances into a folder (Storage SCP, C-ECHO).",
        description = {
            "Receives DICOM instances: a Storage SCP for every storage SOP class and transfer syntax (PS3.4 Annex B), "
                    + "and a Verification SCP (C-ECHO). Each instance is written to the --dir folder as "
                    + "<SOP Instance UID>.dcm (File Meta, then the data set exactly as received), under a temporary "
                    + "name until complete.",
            "It answers to the AE title of -b only (and to --aet if given), from the peers --allow lists (default: "
                    + "everyone). A line is printed as each association ends; the summary when the SCP stops.",
            "It runs until Ctrl-C or SIGTERM (the open associations are aborted, the summary printed), until "
                    + "--exit-after instances were received, or for --timeout seconds.",
            "Exit status: 0 when it stopped as asked and every instance was stored, 1 when it could not listen, "
                    + "an instance could not be written, or --timeout passed before --exit-after instances "
                    + "came; 2 for a wrong command line."
        })
final class ScpCommand extends NetworkCommand {
    /** How long, after --exit-after instances, the open associations have to end before they are aborted. */
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final long TICK_MILLIS = 100;

    @Option(names = {"-b", "--bind"}, paramLabel = "AET@HOST:PORT", required = true,
            converter = NetworkOptions.BindConverter.class,
            description = "The SCP's AE title, and the address and port to listen on (0.0.0.0 for every interface; "
                    + "port 0 for any free one, printed at start).")
    RemoteAe bind;

    @Option(names = "--dir", paramLabel = "OUT", required = true,
            description = "The folder to write received instances to (created if missing).")
    Path dir;

    @Option(names = "--allow", paramLabel = "AET@HOST",
            description = "A peer allowed to connect, AET@host, AET (any host) or *@host; repeatable. Others are "
                    + "rejected (calling AE title not recognized). Default: everyone.")
    List<String> allow;

    @Option(names = "--max-associations", paramLabel = "N", defaultValue = "16",
            description = "Associations served at once; one more is rejected as busy (default: ${DEFAULT-VALUE}).")
    int maxAssociations;

    @Option(names = "--exit-after", paramLabel = "N",
            description = "Stop once N instances were received (the open associations get "
                    + "10 s to end first).")
    Integer exitAfter;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = NetworkOptions.SecondsConverter.class,
            description = "Stop after this many seconds; with --exit-after, a failure if fewer instances came.")
    Duration timeout;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        if (exitAfter != null && exitAfter < 1) {
            throw new ParameterException(spec.commandLine(), "--exit-after must be at least 1: " + exitAfter);
        }
        if (maxAssociations < 1 || maxAssociations > 4096) {
            throw new ParameterException(spec.commandLine(), "--max-associations must be 1 to 4096: " + maxAssociations);
        }
        AllowList allowList;
        try {
            allowList = allow == null ? AllowList.ANY : AllowList.parse(allow);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--allow: " + e.getMessage());
        }
        AssociationOptions options = network.associationOptions(true);
        Tracker tracker = new Tracker(out, err);
        SpoolFolderSink spool;
        try {
            spool = new SpoolFolderSink(dir, false, tracker::spooled);
        } catch (IOException e) {
            throw new IOException("cannot create " + dir + ": " + message(e), e);
        }
        StorageScp storage = new StorageScp(tracker.counting(spool));
        DicomServer.Builder builder = DicomServer.builder()
                .bind(bind.host(), bind.port())
                .aeTitle(bind.aeTitle())
                .allowList(allowList)
                .options(options)
                .maxAssociations(maxAssociations)
                .service(UID.Verification, List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian),
                        tracker::echo)
                .storage(request -> {
                    tracker.seen(request.association());
                    storage.handle(request);
                });
        if (network.aeTitle != null) {
            builder.aeTitle(network.aeTitle);
        }
        DicomServer server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException("cannot listen on " + bind.host() + ":" + bind.port() + ": " + message(e), e);
        }
        long start = System.nanoTime();
        boolean timedOut = false;
        try (CancelOnSignal signal = new CancelOnSignal("ferry-scp", DRAIN.toMillis() + 5_000)) {
            try {
                out.println("Listening as " + new RemoteAe(bind.aeTitle(), bind.host(), server.port()) + ", writing to "
                        + dir + (options.tls() == null ? "" : " (TLS)"));
                out.flush();
                long deadline = timeout == null ? Long.MAX_VALUE : start + timeout.toNanos();
                while (!signal.await(TICK_MILLIS)) {
                    tracker.reportEnded(false);
                    if (exitAfter != null && tracker.stats.instances() >= exitAfter) {
                        // Stop accepting, and let a sender's last response and release go through.
                        server.shutdown(DRAIN);
                        break;
                    }
                    if (timeout != null && System.nanoTime() - deadline >= 0) {
                        timedOut = true;
                        break;
                    }
                }
            } finally {
                server.close();
                tracker.reportEnded(true);
                out.println(tracker.stats.summary("Received", tracker.elapsed(start)) + "; "
                        + server.acceptedAssociations() + " association" + (server.acceptedAssociations() == 1 ? "" : "s")
                        + ", " + server.rejectedAssociations() + " rejected");
                out.flush();
            }
        }
        if (timedOut && exitAfter != null && tracker.stats.instances() < exitAfter) {
            err.println(name() + ": timed out after " + timeout.toMillis() / 1000.0 + " s with "
                    + tracker.stats.instances() + " of " + exitAfter + " instances");
            return FAILED;
        }
        return tracker.stats.failures() == 0 ? OK : FAILED;
    }

    /** What each association did, printed when it ends; and the totals. Thread-safe. */
    private final class Tracker {
        final TransferStats stats = new TransferStats();
        private final Map<InetSocketAddress, Seen> open = new ConcurrentHashMap<>();
        private final PrintWriter out;
        private final PrintWriter err;
        private final AtomicLong first = new AtomicLong();
        private final AtomicLong last = new AtomicLong();

        Tracker(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        /** One association's counts; keyed by the peer's address and port, unique while it is open. */
        private final class Seen {
            final Association as;
            final long since = System.nanoTime();
            final AtomicLong instances = new AtomicLong();
            final AtomicLong bytes = new AtomicLong();
            final AtomicLong failures = new AtomicLong();
            final AtomicLong echoes = new AtomicLong();

            Seen(Association as) {
                this.as = as;
            }
        }

        Seen seen(Association as) {
            first.compareAndSet(0, System.nanoTime());
            return open.computeIfAbsent(as.remoteAddress(), k -> new Seen(as));
        }

        void echo(ScpRequest request) throws IOException {
            if (!(request.request() instanceof CEchoRq rq)) {
                throw new IllegalStateException("only C-ECHO is served on the Verification SOP Class");
            }
            seen(request.association()).echoes.incrementAndGet();
            request.respond(CEchoRsp.to(rq, Status.SUCCESS));
        }

        void spooled(SpoolFolderSink.Spooled s) {
            stats.transferred(s.bytes(), false);
            last.set(System.nanoTime());
            Seen seen = open.get(s.instance().remote());
            if (seen != null) {
                seen.instances.incrementAndGet();
                seen.bytes.addAndGet(s.bytes());
            }
            if (network.verbose) {
                out.println("received " + UID.nameOf(s.instance().sopClassUid()) + " from " + s.instance().callingAeTitle()
                        + ": " + s.file());
            }
        }

        /** {@code sink}, counting the instances it fails to store. */
        StorageSink counting(StorageSink sink) {
            return (ReceivedInstance instance, InputStream data) -> {
                try {
                    Status status = sink.store(instance, data);
                    if (status != null && !status.isSuccess() && !status.isWarning()) {
                        failed(instance, null);
                    }
                    return status;
                } catch (IOException | RuntimeException e) {
                    failed(instance, e);
                    throw e;
                }
            };
        }

        private void failed(ReceivedInstance instance, Exception e) {
            stats.failed();
            Seen seen = open.get(instance.remote());
            if (seen != null) {
                seen.failures.incrementAndGet();
            }
            err.println(name() + ": an instance from " + instance.callingAeTitle() + " could not be stored in " + dir
                    + (e == null ? "" : ": " + message(e)));
        }

        /** Prints a line for each association that ended (each one left, if {@code all}). */
        void reportEnded(boolean all) {
            for (Map.Entry<InetSocketAddress, Seen> e : open.entrySet()) {
                Seen s = e.getValue();
                if ((all || !s.as.isOpen()) && open.remove(e.getKey(), s)) {
                    out.println(String.format(Locale.ROOT, "Association from %s@%s:%d ended: %d instance%s, %d bytes, "
                                    + "%d failed%s in %.2f s", s.as.remoteAeTitle(),
                            e.getKey().getAddress().getHostAddress(), e.getKey().getPort(), s.instances.get(),
                            s.instances.get() == 1 ? "" : "s", s.bytes.get(), s.failures.get(),
                            s.echoes.get() == 0 ? "" : ", " + s.echoes.get() + " C-ECHO",
                            (System.nanoTime() - s.since) / 1e9));
                }
            }
            out.flush();
        }

        /** From the first association that did something to the last instance; the whole run if none came. */
        Duration elapsed(long start) {
            long f = first.get();
            long l = last.get();
            return f != 0 && l > f ? Duration.ofNanos(l - f) : Duration.ofNanos(System.nanoTime() - start);
        }
    }
}
