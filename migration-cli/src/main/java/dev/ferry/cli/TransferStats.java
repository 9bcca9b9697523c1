package dev.ferry.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of a transfer, updated from several threads, and the summary line printed at the end:
 * {@code Sent 3 instances, 56832 bytes in 0.21 s (14.3 instances/s, 0.27 MB/s); 0 warnings, 0 failed}.
 * MB are 10^6 bytes. Thread-safe.
 */
final class TransferStats {
    private final AtomicLong instances = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong warnings = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    /** One instance transferred, {@code warning} if the peer answered with a warning status. */
    void transferred(long size, boolean warning) {
        instances.incrementAndGet();
        bytes.addAndGet(size);
        if (warning) {
            warnings.incrementAndGet();
        }
    }

    void failed() {
        failures.incrementAndGet();
    }

    void failed(long n) {
        failures.addAndGet(n);
    }

    void skip() {
        skipped.incrementAndGet();
    }

    long instances() {
        return instances.get();
    }

    long bytes() {
        return bytes.get();
    }

    long failures() {
        return failures.get();
    }

    long skipped() {
        return skipped.get();
    }

    /**
     * The summary line, {@code verb} first ("Sent", "Received", "Retrieved"); the skipped count only
     * when some were.
     */
    String summary(String verb, Duration elapsed) {
        double seconds = Math.max(elapsed.toNanos(), 1_000_000L) / 1e9;
        long n = instances.get();
        long b = bytes.get();
        String line = String.format(Locale.ROOT, "%s %d instance%s, %d bytes in %.2f s (%.1f instances/s, %.2f MB/s); "
                        + "%d warning%s, %d failed", verb, n, n == 1 ? "" : "s", b, seconds, n / seconds, b / seconds / 1e6,
                warnings.get(), warnings.get() == 1 ? "" : "s", failures.get());
        return skipped.get() == 0 ? line : line + ", " + skipped.get() + " skipped";
    }
}
