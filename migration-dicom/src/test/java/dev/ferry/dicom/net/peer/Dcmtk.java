package dev.ferry.dicom.net.peer;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs dcmtk's client tools ({@code echoscu}, {@code storescu}, {@code findscu}, {@code movescu},
 * {@code getscu}, ...) with {@code TCP_NODELAY=1} and a time limit of {@link #TIMEOUT}, and checks
 * that the tools a test needs are installed. Thread-safe; concurrent runs may share a folder.
 *
 * <p>Of these tools only {@code echoscu}, {@code findscu} and {@code storescu} speak TLS in dcmtk
 * 3.6.7 (see {@link DcmtkTls}).
 */
public final class Dcmtk {
    /** The longest a tool may run: it is then killed and {@link #run} throws. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The system property that makes a missing tool fail the test, as the environment variable CI does. */
    public static final String INTEROP_PROPERTY = "ferry.interop";

    private Dcmtk() {}

    /**
     * What a tool did: its exit status and its standard output and error together (ISO 8859-1).
     * dcmtk prints data sets at its info level ({@code findscu} does by default): the output may
     * hold whatever the objects hold, so keep test data synthetic.
     */
    public record Result(int exitCode, String output) {
        /** Whether the tool exited with status 0. */
        public boolean succeeded() {
            return exitCode == 0;
        }

        /** This result if the tool succeeded; else fails the test with its output. */
        public Result requireSuccess() {
            if (exitCode != 0) {
                fail("dcmtk tool exited with status " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    /**
     * Runs {@code tool} with {@code args} in {@code dir}, where its output is also kept in a
     * {@code <tool>-*.log} file.
     *
     * @throws IOException if it cannot start or outlives {@link #TIMEOUT} (it is then killed)
     */
    public static Result run(Path dir, String tool, String... args) throws IOException {
        return run(dir, tool, Arrays.asList(args));
    }

    /** As {@link #run(Path, String, String...)}. */
    public static Result run(Path dir, String tool, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(Tools.executable(tool));
        command.addAll(args);
        Tools.Outcome o = Tools.run(dir, TIMEOUT, Tools.PEER_ENV, command);
        return new Result(o.exitCode(), o.output());
    }

    /**
     * Requires tools: a bare name must be an executable on PATH (or in an sbin folder, where Orthanc
     * lives), a path an existing file (e.g. {@link Orthanc#DICOMWEB_PLUGIN}). A missing one fails the
     * test when the environment variable {@code CI} is set or the system property
     * {@value #INTEROP_PROPERTY} is {@code true}, where the tools are promised (.ci/run installs
     * them); elsewhere the test is skipped.
     */
    public static void requireTools(String... tools) {
        List<String> missing = Arrays.stream(tools).filter(t -> Tools.locate(t).isEmpty()).toList();
        if (missing.isEmpty()) {
            return;
        }
        String message = "not installed: " + String.join(", ", missing)
                + " (Debian packages dcmtk, orthanc, orthanc-dicomweb, openssl; .ci/run installs them)";
        if (System.getenv("CI") != null || Boolean.getBoolean(INTEROP_PROPERTY)) {
            fail(message);
        }
        Assumptions.abort(message);
    }
}
