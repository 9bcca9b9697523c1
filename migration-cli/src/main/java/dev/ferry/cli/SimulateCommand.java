package dev.ferry.cli;

import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.testkit.generator.GroundTruth;
import dev.ferry.testkit.simulator.Faults;
import dev.ferry.testkit.simulator.LegacyPacsSimulator;
import dev.ferry.testkit.simulator.StrictDestination;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code ferry simulate}: a legacy PACS serving a folder (a generated archive, say) with faults, or a
 * strict destination PACS; until Ctrl-C, SIGTERM or {@code --timeout}.
 */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Runs a legacy PACS simulator with faults, or a strict destination PACS, for testing a migration.",
        description = {
            "With --archive DIR: a legacy PACS serving every DICOM file under DIR over C-FIND, C-MOVE and C-GET "
                    + "(Study and Patient Root), and over DICOMweb (QIDO-RS, WADO-RS) with --http. Given a folder "
                    + "ferry generate wrote, it serves DIR/archive and, with --delta-every, releases the studies "
                    + "of DIR/delta one at a time (new studies arriving: the delta).",
            "--faults makes it behave like the legacy systems migrations meet, a comma-separated list: "
                    + "find-cap=N (C-FIND and QIDO answer at most N matches, silently), delay=200ms (each request "
                    + "answered late), bandwidth=2MB/s (instances sent no faster, in all), max-associations=N "
                    + "(more are rejected), abort-after=K (every K-th instance sent, the association is aborted), "
                    + "drop=0.05 with seed=N (retrievals leave out that share of instances and still report "
                    + "success).",
            "With --strict-destination DIR: a destination PACS that stores what it accepts in DIR and refuses "
                    + "non-conformant headers (missing Type 1 attributes or Patient ID, invalid UIDs, dates or "
                    + "times, values too long for their VR, undeclared non-ASCII text, pixel data of the wrong "
                    + "length) with a C-STORE failure naming the attribute; it answers C-FIND, C-MOVE and C-GET "
                    + "for what it holds.",
            "Everything listens where -b says (and --http on the same host). At the end it prints what it "
                    + "served or refused.",
            "Exit status: 0 after Ctrl-C, SIGTERM or --timeout, 1 when it could not start, 2 for a wrong "
                    + "command line."
        })
final class SimulateCommand extends NetworkCommand {
    private static final long TICK_MILLIS = 200;

    @Option(names = {"-b", "--bind"}, paramLabel = "AET@HOST:PORT", required = true,
            converter = NetworkOptions.BindConverter.class,
            description = "The simulator's AE title, and the host and port it listens on (port 0: any free one).")
    RemoteAe bind;

    @Option(names = "--archive", paramLabel = "DIR", description = "Be a legacy PACS serving the DICOM files under DIR.")
    Path archive;

    @Option(names = "--strict-destination", paramLabel = "DIR",
            description = "Be a strict destination PACS storing what it accepts in DIR.")
    Path strictDestination;

    @Option(names = "--http", paramLabel = "PORT", description = "With --archive: serve DICOMweb on this port too.")
    Integer http;

    @Option(names = "--move-dest", paramLabel = "AET@HOST:PORT", converter = NetworkOptions.BindConverter.class,
            description = "A C-MOVE destination the PACS knows (repeatable).")
    List<RemoteAe> moveDestinations;

    @Option(names = "--faults", paramLabel = "SPEC", description = "With --archive: the faults, as described above.")
    String faults;

    @Option(names = "--delta-every", paramLabel = "SECONDS", converter = NetworkOptions.SecondsConverter.class,
            description = "With a generated archive: release one study of its delta folder this often.")
    Duration deltaEvery;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = NetworkOptions.SecondsConverter.class,
            description = "Stop after this many seconds.")
    Duration timeout;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        if ((archive == null) == (strictDestination == null)) {
            throw new ParameterException(spec.commandLine(), "give either --archive DIR or --strict-destination DIR");
        }
        if (strictDestination != null) {
            if (http != null || faults != null || deltaEvery != null || moveDestinations != null) {
                throw new ParameterException(spec.commandLine(),
                        "--http, --faults, --delta-every and --move-dest are for a legacy PACS (--archive)");
            }
            try (StrictDestination d = StrictDestination.builder().aeTitle(bind.aeTitle())
                    .bind(bind.host(), bind.port()).folder(strictDestination).build().start()) {
                out.println("Strict destination listening as " + d.ae() + ", storing in " + strictDestination);
                out.flush();
                waitForEnd();
                out.println("Accepted " + d.accepted().size() + " instances, refused " + d.refusals().size());
                for (var r : d.refusals()) {
                    out.println("  refused " + r);
                }
            }
            return OK;
        }
        Faults f;
        try {
            f = faults == null ? Faults.NONE : Faults.parse(faults);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--faults: " + e.getMessage());
        }
        if (!Files.isDirectory(archive)) {
            throw new ParameterException(spec.commandLine(), "--archive " + archive + " is not a folder");
        }
        boolean generated = Files.isRegularFile(archive.resolve(GroundTruth.MANIFEST))
                && Files.isDirectory(archive.resolve("archive"));
        Path served = generated ? archive.resolve("archive") : archive;
        Path deltaFolder = generated ? archive.resolve("delta") : null;
        if (deltaEvery != null && (deltaFolder == null || !Files.isDirectory(deltaFolder))) {
            throw new ParameterException(spec.commandLine(), "--delta-every needs a folder ferry generate wrote with --delta");
        }
        LegacyPacsSimulator.Builder b = LegacyPacsSimulator.builder()
                .archive(served).aeTitle(bind.aeTitle()).bind(bind.host(), bind.port()).faults(f);
        if (http != null) {
            b.http(http);
        }
        if (moveDestinations != null) {
            for (RemoteAe ae : moveDestinations) {
                b.moveDestination(ae.aeTitle(), ae);
            }
        }
        if (deltaEvery != null) {
            b.delta(deltaFolder, deltaEvery);
        }
        try (LegacyPacsSimulator sim = b.build().start()) {
            out.println("Legacy PACS listening as " + sim.dimse()
                    + (http != null ? ", DICOMweb at " + sim.dicomWebBase() : "") + ", serving " + served
                    + " (faults: " + f + ")");
            out.flush();
            waitForEnd();
            out.println(sim.stats());
        }
        return OK;
    }

    private void waitForEnd() throws InterruptedException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        try (CancelOnSignal signal = new CancelOnSignal("ferry-simulate", 5_000)) {
            while (!signal.await(TICK_MILLIS)) {
                if (timeout != null && System.nanoTime() - deadline >= 0) {
                    return;
                }
            }
        }
    }
}
