package dev.ferry.cli;

import dev.ferry.api.MigrationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the network commands share: the {@link NetworkOptions}, and how a failure ends the command:
 * one line on standard error naming the peer or file (the stack trace too with {@code --verbose}),
 * exit status 1. A wrong command line is exit status 2, as picocli reports it.
 */
abstract class NetworkCommand implements Callable<Integer> {
    /** Exit status of a command that ran and succeeded. */
    static final int OK = 0;
    /** Exit status of a command that failed, or succeeded only in part. */
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions network;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return execute(out, err);
        } catch (ParameterException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(name() + ": interrupted");
            return FAILED;
        } catch (IOException | MigrationException e) {
            return failed(err, e);
        } catch (RuntimeException e) {
            err.println(name() + ": unexpected failure: " + e
                    + (network.verbose ? "" : " (--verbose shows where)"));
            if (network.verbose) {
                e.printStackTrace(err);
            }
            return FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Runs the command.
     *
     * @return the exit status
     * @throws IOException ends the command with its message as the one line on standard error
     */
    abstract int execute(PrintWriter out, PrintWriter err) throws IOException, InterruptedException;

    /** {@code ferry echo}: what starts every line on standard error. */
    final String name() {
        return "ferry " + spec.name();
    }

    /** Prints the one line for {@code e} (and its stack trace with --verbose) and returns {@link #FAILED}. */
    final int failed(PrintWriter err, Exception e) {
        err.println(name() + ": " + message(e));
        if (network.verbose) {
            e.printStackTrace(err);
        }
        return FAILED;
    }

    /**
     * An exception's message, or its type when it has none; for a {@link MigrationException}, without
     * the reason code it starts with, which says nothing more to an operator than the text that follows.
     */
    static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        if (e instanceof MigrationException me && m.startsWith(me.reason() + ": ")) {
            return m.substring(me.reason().toString().length() + 2);
        }
        return m;
    }

    /** {@link #message}, without a leading {@code "<file>: "}, for a line that names the file itself. */
    static String message(Object file, Throwable e) {
        String m = message(e);
        String prefix = file + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
