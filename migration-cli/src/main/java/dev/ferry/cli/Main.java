package dev.ferry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ferry} command: demo, the migration commands (migrate, inventory, status, exceptions,
 * custody, report), the testkit's generate and simulate, and the DICOM tools (dump, echo, store,
 * find, move, get, scp); {@code ferry} without one prints help.
 *
 * <p>Exit codes: 0 success, 1 the command failed, 2 the command line was wrong.
 */
@Command(name = "ferry",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        subcommands = {DemoCommand.class, MigrateCommand.class, InventoryCommand.class, StatusCommand.class, ExceptionsCommand.class,
            DumpCommand.class,
            EchoCommand.class, StoreCommand.class, FindCommand.class, MoveCommand.class, GetCommand.class,
            ScpCommand.class, GenerateCommand.class, SimulateCommand.class, CustodyCommand.class, ReportCommand.class,
            Hl7Command.class, AuditPrivateTagsCommand.class},
        description = "Migrates medical imaging archives (DICOM, HL7) from a legacy PACS to a new PACS, "
                + "a VNA or the cloud, and proves that every study arrived intact and under the right patient.",
        footer = {"", "Documentation: README.md in the Ferry repository."})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    public static void main(String[] args) {
        List<String> words = Arrays.asList(args);
        boolean verbose = words.contains("--verbose") || words.contains("-v");
        quietLogs(verbose);
        if (!verbose && !words.isEmpty() && words.get(0).equals("demo")
                && System.getProperty("org.slf4j.simpleLogger.log.dev.ferry.testkit") == null) {
            // In the demo the simulated PACS's own log (the junk files it will not serve, say) is noise:
            // what Ferry made of them is in the demo's report.
            System.setProperty("org.slf4j.simpleLogger.log.dev.ferry.testkit", "error");
        }
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams and returns the exit code; what tests call. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new Main()).setOut(out).setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Main::usageError)
                .execute(args);
    }

    /**
     * A wrong command line: the message and where to find help, on standard error, rather than the whole
     * usage text, which would bury the message.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * The library logs (slf4j-simple, on standard error) say only warnings, unless {@code --verbose}: a
     * command's own output is its report. Set before the first logger exists; a level given with
     * {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} wins.
     */
    private static void quietLogs(boolean verbose) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        }
        // Flyway warns on every start that it has not been tested with this H2 release; the state
        // store's own tests are what say it works.
        if (System.getProperty("org.slf4j.simpleLogger.log.org.flywaydb") == null && !verbose) {
            System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", "error");
        }
    }

    /** Reports the version this jar was built from and the runtime it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "ferry " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")
            };
        }

        static String version() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IllegalStateException("version.properties is missing from the ferry jar");
                }
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p.getProperty("version");
        }
    }
}
