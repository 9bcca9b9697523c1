package dev.ferry.cli;

import dev.ferry.api.PermanentMigrationException;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomParseException;
import dev.ferry.dicom.net.Association;
import dev.ferry.dicom.net.AssociationException;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.AssociationRequest;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.StoreScu;
import dev.ferry.dicom.net.StoreScu.FileInfo;
import dev.ferry.dicom.net.dimse.CommandField;
import dev.ferry.dicom.net.dimse.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry store -c AET@host:port FILE|DIR...}: C-STORE of Part 10 files, as dcmtk's storescu, over
 * one or several associations.
 */
@Command(name = "store",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Sends DICOM files and folders to a peer (C-STORE).",
        description = {
            "Sends DICOM files to a peer with C-STORE (PS3.4 Annex B). Folders are walked; files that are not "
                    + "DICOM (or hold no SOP Class and Instance UID, or are a DICOMDIR) are reported as skipped and "
                    + "are not a failure. Each file goes as it is on disk when the peer accepts its transfer "
                    + "syntax, re-encoded between the uncompressed syntaxes otherwise; compressed pixel data is "
                    + "never decompressed.",
            "Each file the peer refuses is listed on standard error with its status; the last line is the "
                    + "summary: instances, bytes, rate and failures.",
            "Exit status: 0 when every DICOM file was stored (a warning status counts as stored), 1 when any "
                    + "failed or the peer could not be reached, 2 for a wrong command line."
        })
final class StoreCommand extends NetworkCommand {
    @picocli.CommandLine.Mixin
    UserIdentityOptions identity;

    /** PS3.8 allows 128 presentation contexts an association; files needing more go in several. */
    private static final int MAX_CONTEXTS = AssociationRequest.MAX_PRESENTATION_CONTEXTS;

    @Option(names = {"-c", "--connect"}, paramLabel = "AET@HOST:PORT", required = true,
            converter = NetworkOptions.PeerConverter.class,
            description = "The peer to send to: its AE title, host and port.")
    RemoteAe peer;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Open N associations at once and share the files among them, 1 to 64 "
                    + "(default: ${DEFAULT-VALUE}).")
    int parallel;

    @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "Files to send, and folders to send the files of.")
    List<Path> paths;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        if (parallel < 1 || parallel > 64) {
            throw new ParameterException(spec.commandLine(), "--parallel must be 1 to 64: " + parallel);
        }
        AssociationOptions options = network.associationOptions(false);
        TransferStats stats = new TransferStats();
        List<FileInfo> files = inspect(StoreScu.files(paths), stats, out, err);
        if (files.isEmpty()) {
            err.println(name() + ": no DICOM file to send (" + stats.skipped() + " skipped, " + stats.failures()
                    + " unreadable)");
            return FAILED;
        }
        long start = System.nanoTime();
        List<List<FileInfo>> batches = batches(files);
        for (int i = 0; i < batches.size(); i++) {
            Association first;
            try {
                first = connect(batches.get(i), options);
            } catch (AssociationException e) {
                if (i == 0) {
                    throw e; // nothing sent: the one line says why
                }
                int left = batches.subList(i, batches.size()).stream().mapToInt(List::size).sum();
                err.println(name() + ": " + message(e) + "; " + left + " files not sent");
                stats.failed(left);
                break;
            }
            send(batches.get(i), first, options, stats, out, err);
        }
        out.println(stats.summary("Sent", Duration.ofNanos(System.nanoTime() - start)));
        return stats.failures() == 0 ? OK : FAILED;
    }

    /** Reads the header of each file; what is not DICOM is skipped, what cannot be read is a failure. */
    private List<FileInfo> inspect(List<Path> candidates, TransferStats stats, PrintWriter out, PrintWriter err) {
        List<FileInfo> files = new ArrayList<>(candidates.size());
        for (Path p : candidates) {
            try {
                FileInfo f = StoreScu.inspect(p);
                if (f.sopClassUid().equals(UID.MediaStorageDirectoryStorage)) {
                    stats.skip();
                    err.println(name() + ": skipped " + p + ": a DICOMDIR, not an instance to store");
                } else {
                    files.add(f);
                }
            } catch (DicomParseException e) {
                stats.skip();
                String why = message(p, e);
                err.println(name() + ": skipped " + p + ": " + (why.startsWith("not DICOM") ? "" : "not readable as DICOM: ")
                        + why);
            } catch (PermanentMigrationException e) {
                stats.skip();
                err.println(name() + ": skipped " + p + ": " + message(p, e));
            } catch (NoSuchFileException e) {
                stats.failed();
                err.println(name() + ": " + p + ": no such file");
            } catch (IOException e) {
                stats.failed();
                err.println(name() + ": " + p + ": cannot be read: " + message(e));
            }
        }
        return files;
    }

    /** The files split where more than 128 (SOP class, transfer syntax) pairs would be proposed. */
    static List<List<FileInfo>> batches(List<FileInfo> files) {
        List<List<FileInfo>> batches = new ArrayList<>();
        List<FileInfo> batch = new ArrayList<>();
        Set<String> pairs = new HashSet<>();
        for (FileInfo f : files) {
            String pair = f.sopClassUid() + '|' + f.transferSyntaxUid();
            if (!pairs.contains(pair) && pairs.size() == MAX_CONTEXTS) {
                batches.add(batch);
                batch = new ArrayList<>();
                pairs.clear();
            }
            pairs.add(pair);
            batch.add(f);
        }
        batches.add(batch);
        return batches;
    }

    private Association connect(List<FileInfo> batch, AssociationOptions options) throws IOException {
        AssociationRequest.Builder request = identity.apply(AssociationRequest.builder(peer.aeTitle(),
                network.callingAeTitle()));
        StoreScu.propose(request, batch);
        return Association.connect(peer, request.build(), options);
    }

    /** Sends a batch over {@code parallel} associations, {@code first} being open already. */
    private void send(List<FileInfo> batch, Association first, AssociationOptions options, TransferStats stats,
                      PrintWriter out, PrintWriter err) throws InterruptedException {
        Queue<FileInfo> queue = new ConcurrentLinkedQueue<>(batch);
        int n = Math.min(parallel, batch.size());
        if (n == 1) {
            new Worker(1, batch, first, options, queue, stats, out, err).run();
        } else {
            AtomicInteger threads = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
                Thread t = new Thread(r, "ferry-store-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    running.add(pool.submit(new Worker(i + 1, batch, i == 0 ? first : null, options, queue, stats,
                            out, err)));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("a store worker failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        if (!queue.isEmpty()) {
            err.println(name() + ": " + queue.size() + " files not sent: no association to " + peer + " is left");
            stats.failed(queue.size());
        }
    }

    /** Sends files from the shared queue over one association, opening another if it is lost. */
    private final class Worker implements Runnable {
        private final int number;
        private final List<FileInfo> batch;
        private final AssociationOptions options;
        private final Queue<FileInfo> queue;
        private final TransferStats stats;
        private final PrintWriter out;
        private final PrintWriter err;
        private Association as;

        Worker(int number, List<FileInfo> batch, Association as, AssociationOptions options, Queue<FileInfo> queue,
               TransferStats stats, PrintWriter out, PrintWriter err) {
            this.number = number;
            this.batch = batch;
            this.as = as;
            this.options = options;
            this.queue = queue;
            this.stats = stats;
            this.out = out;
            this.err = err;
        }

        @Override
        public void run() {
            try {
                FileInfo f;
                while ((f = queue.poll()) != null) {
                    if (as == null || !as.isOpen()) {
                        try {
                            as = connect(batch, options);
                        } catch (IOException e) {
                            queue.add(f); // for another association, if one is left
                            err.println(name() + ": association " + number + ": " + message(e));
                            return;
                        }
                    }
                    store(f);
                }
            } finally {
                if (as != null) {
                    as.close();
                }
            }
        }

        private void store(FileInfo f) {
            try {
                Status status = StoreScu.store(as, f).status();
                if (status.isSuccess() || status.isWarning()) {
                    stats.transferred(f.size(), status.isWarning());
                    if (network.verbose || status.isWarning()) {
                        out.println("stored " + f.file() + ": " + describe(status));
                    }
                } else {
                    stats.failed();
                    err.println(name() + ": " + f.file() + ": refused, " + describe(status));
                }
            } catch (PermanentMigrationException e) {
                stats.failed();
                err.println(name() + ": " + f.file() + ": not sent: " + message(e));
            } catch (IOException e) {
                stats.failed();
                err.println(name() + ": " + f.file() + ": not stored: " + message(e));
                if (network.verbose) {
                    e.printStackTrace(err);
                }
            }
        }
    }

    /** {@code A700H (Refused: Out of Resources)}; never the error comment, which is the peer's free text. */
    static String describe(Status status) {
        return String.format("status %04XH (%s)", status.code(), status.describe(CommandField.C_STORE_RSP));
    }
}
