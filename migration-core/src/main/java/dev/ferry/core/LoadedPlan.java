package dev.ferry.core;

import dev.ferry.spi.Archive;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A plan read from a file by {@link PlanReader}: the {@link MigrationPlan}, the settings of the file
 * that are not part of the plan model (the state store), and the archives the reader opened for it,
 * which {@link #close()} closes. The resolvers, coercers, verifiers and custody log came from the
 * caller's {@link PlanComponents} and stay the caller's to close.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class LoadedPlan implements AutoCloseable {
    private final MigrationPlan plan;
    private final String stateUrl;
    private final List<Archive> archives;
    private final AtomicBoolean closed = new AtomicBoolean();

    LoadedPlan(MigrationPlan plan, String stateUrl, List<Archive> archives) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.stateUrl = stateUrl;
        this.archives = List.copyOf(archives);
    }

    public MigrationPlan plan() {
        return plan;
    }

    /**
     * The JDBC URL of the state store ({@code state:} in the file), if the file gives one. It may hold
     * credentials: do not log it.
     */
    public Optional<String> stateUrl() {
        return Optional.ofNullable(stateUrl);
    }

    /**
     * Closes the plan's source and destination (each once, even when they are the same object), the
     * destination first. Every archive is closed even if one fails; the first failure is thrown with
     * the others suppressed.
     */
    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            closeAll(archives, null);
        }
    }

    /**
     * Closes {@code archives} in reverse order, each once. With {@code primary}, failures are added to
     * it as suppressed and nothing is thrown; without, the first is thrown.
     */
    static void closeAll(List<? extends Archive> archives, Throwable primary) throws IOException {
        Set<Archive> done = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable first = null;
        for (int i = archives.size() - 1; i >= 0; i--) {
            Archive a = archives.get(i);
            if (!done.add(a)) {
                continue;
            }
            try {
                a.close();
            } catch (IOException | RuntimeException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
    }

    @Override
    public String toString() {
        return "LoadedPlan[" + plan + (stateUrl == null ? "" : ", with a state store") + "]";
    }
}
