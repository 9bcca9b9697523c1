package dev.ferry.cli;

import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a migration's state lives: an embedded H2 database in a folder (the default, nothing to set
 * up) or a JDBC URL (PostgreSQL, for a migration shared by several Ferry processes). A picocli mixin.
 */
final class StateOptions {
    /** The folder used when neither --state nor the plan names one. */
    static final String DEFAULT_FOLDER = "ferry-state";

    @Option(names = "--state", paramLabel = "DIR|JDBC-URL",
            description = "The migration's state: a folder for the embedded H2 database (default: ./"
                    + DEFAULT_FOLDER + ", or the plan's state:), or a JDBC URL such as "
                    + "jdbc:postgresql://db.example.org/ferry for a migration shared by several processes. "
                    + "The password is read from the environment variable FERRY_STATE_PASSWORD. Commands that look at "
                    + "migrations already run (status, exceptions, custody, report) use ./" + DEMO_FOLDER + " when "
                    + "./" + DEFAULT_FOLDER + " does not exist and it does (what ferry demo leaves behind).")
    String state;

    @Option(names = "--state-user", paramLabel = "USER", description = "The database user for a JDBC URL.")
    String user;

    /** The state folder {@code ferry demo} leaves behind by default. */
    static final String DEMO_FOLDER = DemoCommand.DEFAULT_DIR + "/state";

    /** What the last {@link #open} or {@link #openExisting} opened, for messages. */
    private String opened;

    /** Opens --state, else {@code fromPlan}, else the default folder. */
    StateStore open(String fromPlan) {
        String where = state != null ? state : fromPlan != null ? fromPlan : DEFAULT_FOLDER;
        opened = where;
        if (where.startsWith("jdbc:")) {
            return JdbcStateStore.open(where, user, System.getenv("FERRY_STATE_PASSWORD"));
        }
        return JdbcStateStore.openEmbedded(Path.of(where));
    }

    /**
     * For commands that look at or act on migrations already run (status, exceptions, custody,
     * report): --state, else ./ferry-state, else, when only that exists, the state ./ferry-demo left
     * behind, so that these commands work right after {@code ferry demo} with no options.
     */
    StateStore openExisting() {
        if (state == null && !Files.exists(Path.of(DEFAULT_FOLDER)) && Files.isDirectory(Path.of(DEMO_FOLDER))) {
            return open(DEMO_FOLDER);
        }
        return open(null);
    }

    /** What {@link #open} would open (or last opened), without the password, for messages. */
    String describe(String fromPlan) {
        if (fromPlan == null && opened != null) {
            return opened;
        }
        return state != null ? state : fromPlan != null ? fromPlan : DEFAULT_FOLDER;
    }

    /**
     * The migration a command acts on: {@code name} if given and present, else the store's only one.
     *
     * @return the id, or {@code null} after printing why there is none to {@code err}
     */
    String migration(StateStore store, String name, String command, java.io.PrintWriter err) {
        java.util.List<String> all = store.migrations();
        if (name != null) {
            if (all.contains(name)) {
                return name;
            }
            err.println(command + ": no migration " + name + " in " + describe(null));
            return null;
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        err.println(command + ": " + (all.isEmpty() ? "no migration in " + describe(null)
                : all.size() + " migrations in " + describe(null) + ", name one with --name: " + String.join(", ", all)));
        return null;
    }
}
