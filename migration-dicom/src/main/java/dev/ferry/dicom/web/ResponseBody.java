package dev.ferry.dicom.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A response body as an {@link InputStream} that the client fills as the reader drains it, with what
 * {@code BodyHandlers.ofInputStream()} lacks: a read timeout (a server that stops sending in the
 * middle of a body fails the read instead of hanging it forever), and a hook run once when the body
 * is closed or fails, which gives the client's connection permit back.
 *
 * <p>Bounded: one batch of buffers is requested at a time, and the next only when the reader takes
 * the current one, so at most two batches (a few tens of KiB) are held whatever the body's size.
 * Closing it before the end cancels the subscription, which closes the connection.
 *
 * <p>One reader thread; the HTTP client's threads deliver to it through a queue.
 */
final class ResponseBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    private static final Object END = new Object();

    private record Failure(Throwable error) {}

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private final AtomicBoolean released = new AtomicBoolean();
    private final long readTimeoutNanos;
    private final Duration readTimeout;
    private final Runnable onRelease;
    private final String what;
    private Iterator<ByteBuffer> batch;
    private ByteBuffer current;
    private volatile boolean closed;
    private boolean ended;

    /**
     * @param readTimeout how long a read waits for the next bytes
     * @param onRelease run once, when the body is closed or the exchange fails
     * @param what the request, for messages ({@code GET studies/1.2.3})
     */
    ResponseBody(Duration readTimeout, Runnable onRelease, String what) {
        this.readTimeout = readTimeout;
        this.readTimeoutNanos = readTimeout.toNanos();
        this.onRelease = onRelease;
        this.what = what;
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.compareAndSet(null, s) || closed) {
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.offer(item);
    }

    @Override
    public void onError(Throwable error) {
        queue.offer(new Failure(error));
    }

    @Override
    public void onComplete() {
        queue.offer(END);
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return current.get() & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.remaining();
    }

    /** Whether bytes are ready in {@code current}, waiting for the next batch if needed. */
    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException("the response body of " + what + " is closed");
        }
        while (current == null || !current.hasRemaining()) {
            if (batch != null && batch.hasNext()) {
                current = batch.next();
                continue;
            }
            if (ended) {
                return false;
            }
            Object o;
            try {
                o = queue.poll(readTimeoutNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new InterruptedIOException("interrupted while reading the response of " + what);
            }
            if (o == null) {
                close();
                throw new HttpTimeoutException("no data for " + readTimeout.toMillis() + " ms in the response of "
                        + what);
            }
            if (o == END) {
                ended = true;
                release();
                return false;
            }
            if (o instanceof Failure f) {
                ended = true;
                release();
                Throwable t = f.error();
                throw t instanceof IOException io ? new IOException("reading the response of " + what + " failed: "
                        + io.getMessage(), io) : new IOException("reading the response of " + what + " failed", t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> next = (List<ByteBuffer>) o;
            batch = next.iterator();
            Flow.Subscription s = subscription.get();
            if (s != null) {
                s.request(1);
            }
        }
        return true;
    }

    /** Cancels the rest of the body if it has not ended, and gives the permit back. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!ended) {
            Flow.Subscription s = subscription.getAndSet(CANCELLED);
            if (s != null && s != CANCELLED) {
                s.cancel();
            }
        }
        queue.clear();
        batch = null;
        current = null;
        release();
    }

    /** Gives the permit back if the exchange failed before the body was handed out. */
    void release() {
        if (released.compareAndSet(false, true)) {
            onRelease.run();
        }
    }

    /** Marks a subscription that must not be used: a late {@code onSubscribe} cancels its own. */
    private static final Flow.Subscription CANCELLED = new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    };
}
