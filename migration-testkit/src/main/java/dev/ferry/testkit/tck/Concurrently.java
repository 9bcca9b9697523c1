package dev.ferry.testkit.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks on their own threads, released together, and turns their failures into test failures.
 * Stateless; each call owns its threads and ends them before it returns.
 */
final class Concurrently {
    static final long TIMEOUT_SECONDS = 120;

    private Concurrently() {}

    /**
     * Runs every task on a thread of its own, all started at once, and returns their results in
     * task order.
     *
     * @throws AssertionError the first task's assertion failure, or one wrapping any other failure
     *     or a timeout
     */
    static <T> List<T> run(List<Callable<T>> tasks) {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size(), r -> {
            Thread t = new Thread(r, "tck-worker");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch start = new CountDownLatch(tasks.size());
        try {
            List<Callable<T>> gated = new ArrayList<>();
            for (Callable<T> task : tasks) {
                gated.add(() -> {
                    start.countDown();
                    start.await();
                    return task.call();
                });
            }
            List<Future<T>> futures = pool.invokeAll(gated, TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(get(f));
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for concurrent tasks", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T get(Future<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (CancellationException e) {
            throw new AssertionError("a concurrent task did not finish within " + TIMEOUT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError a) {
                throw a;
            }
            throw new AssertionError("a concurrent task failed: " + e.getCause(), e.getCause());
        }
    }
}
