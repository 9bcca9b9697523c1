package dev.ferry.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C or SIGTERM into a request to cancel the operation under way (C-CANCEL-RQ), and holds
 * the JVM's exit until the command has ended (up to {@code grace}), so that the peer hears of it and
 * the summary is printed. {@link #close()} removes the hook. Thread-safe.
 */
final class CancelOnSignal implements AutoCloseable {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    CancelOnSignal(String name, long graceMillis) {
        hook = new Thread(() -> {
            requested.countDown();
            try {
                done.await(graceMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether the user asked to stop. */
    boolean requested() {
        return requested.getCount() == 0;
    }

    /** Waits up to {@code millis} for a stop request; whether one came. */
    boolean await(long millis) throws InterruptedException {
        return requested.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook waits for done
        }
        done.countDown();
    }
}
