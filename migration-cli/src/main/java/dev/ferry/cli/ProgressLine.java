package dev.ferry.cli;

import dev.ferry.core.Lane;
import dev.ferry.core.MigrationListener;
import dev.ferry.core.Phase;
import dev.ferry.core.PhaseReport;
import dev.ferry.core.StudyOutcome;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A progress line on standard error, rewritten in place at most five times a second: the phase,
 * studies finished of those known, instances and megabytes per second. Study UIDs are not shown,
 * let alone patient data. Off when standard error is not a terminal and --progress is not given.
 */
final class ProgressLine implements MigrationListener {
    private final PrintWriter err;
    private final java.util.function.LongSupplier studiesToGo;
    private volatile long totalStudies;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong instances = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile String phase = "";
    private volatile long started = System.nanoTime();
    private long lastPrint;
    private int width;

    /** @param studiesToGo how many studies a phase that moves studies has before it (read as it starts) */
    ProgressLine(PrintWriter err, java.util.function.LongSupplier studiesToGo) {
        this.err = err;
        this.studiesToGo = studiesToGo;
    }

    @Override
    public void phaseStarted(String migration, Phase p) {
        phase = p.label();
        totalStudies = p == Phase.PRODUCTION ? studiesToGo.getAsLong() : 0;
        started = System.nanoTime();
        done.set(0);
        failed.set(0);
        instances.set(0);
        bytes.set(0);
        print(true);
    }

    @Override
    public void phaseFinished(PhaseReport report) {
        print(true);
        lock.lock();
        try {
            err.println();
            err.flush();
            width = 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void studiesDiscovered(long total) {
        done.set(total);
        print(false);
    }

    @Override
    public void studyFinished(StudyOutcome outcome) {
        if (outcome.kind() == StudyOutcome.Kind.DONE) {
            done.incrementAndGet();
        } else if (outcome.kind() == StudyOutcome.Kind.EXCEPTION) {
            failed.incrementAndGet();
        }
        print(false);
    }

    @Override
    public void instanceStored(String studyInstanceUid, String sopInstanceUid, long n) {
        instances.incrementAndGet();
        bytes.addAndGet(n);
        print(false);
    }

    @Override
    public void lanePaused(Lane lane, String why, Instant until) {
        lock.lock();
        try {
            err.println();
            err.println("ferry: " + why);
            err.flush();
            width = 0;
        } finally {
            lock.unlock();
        }
    }

    private void print(boolean force) {
        long now = System.nanoTime();
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (!force && now - lastPrint < 200_000_000L) {
                return;
            }
            lastPrint = now;
            double seconds = Math.max(1e-3, (now - started) / 1e9);
            String line;
            if (phase.equals(Phase.INVENTORY.label()) || phase.equals(Phase.DELTA.label())) {
                line = String.format("[%s] %,d studies found", phase, done.get());
            } else {
                line = String.format("[%s] %,d%s studies done, %,d exceptions, %,d instances, %.1f instances/s, %.1f MB/s",
                        phase, done.get(), totalStudies > 0 ? String.format(" of %,d", totalStudies) : "", failed.get(),
                        instances.get(), instances.get() / seconds, bytes.get() / seconds / 1e6);
            }
            StringBuilder sb = new StringBuilder("\r").append(line);
            for (int i = line.length(); i < width; i++) {
                sb.append(' ');
            }
            width = line.length();
            err.print(sb);
            err.flush();
        } finally {
            lock.unlock();
        }
    }
}
