package dev.ferry.hl7.mllp;

import dev.ferry.hl7.adt.AdtReader;
import dev.ferry.hl7.adt.MessageHeader;
import dev.ferry.hl7.adt.Origin;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MLLP server: accepts connections on a bind address and port, reads framed messages one after
 * another on each, hands each to an {@link MllpHandler} and writes back the acknowledgment it returns.
 *
 * <p>Bounded: at most {@link Builder#maxConnections(int)} connections at once (one more is closed on
 * arrival), a frame at most {@link Builder#maxFrameBytes(int)} (a longer one closes its connection:
 * MLLP has no length to skip by), and a connection idle longer than {@link Builder#idleTimeout(Duration)}
 * is closed. Sockets set TCP_NODELAY, since every exchange is a small message and a small answer.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once; thread-safe.
 *
 * @see <a href="https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185">HL7 v2.5.1</a>
 *     Appendix C (MLLP)
 */
public final class MllpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MllpListener.class);

    private final MllpHandler handler;
    private final InetAddress bindAddress;
    private final int requestedPort;
    private final int maxConnections;
    private final Duration idleTimeout;
    private final int maxFrameBytes;
    private final ThreadPoolExecutor pool;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private volatile ServerSocket server;
    private volatile boolean closed;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private Thread acceptor;

    private MllpListener(Builder b) {
        this.handler = b.handler;
        this.bindAddress = b.bindAddress;
        this.requestedPort = b.port;
        this.maxConnections = b.maxConnections;
        this.idleTimeout = b.idleTimeout;
        this.maxFrameBytes = b.maxFrameBytes;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(maxConnections, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "ferry-mllp-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** A listener that answers with {@code handler}; loopback and an ephemeral port unless told otherwise. */
    public static Builder builder(MllpHandler handler) {
        return new Builder(handler);
    }

    /** Options of an {@link MllpListener}. */
    public static final class Builder {
        private final MllpHandler handler;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private int maxConnections = 8;
        private Duration idleTimeout = Duration.ofMinutes(5);
        private int maxFrameBytes = AdtReader.DEFAULT_MAX_MESSAGE_BYTES;

        private Builder(MllpHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** The address to bind; loopback by default. */
        public Builder bindAddress(InetAddress bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /** The port; 0 (the default) for an ephemeral one, see {@link MllpListener#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** Connections served at once; default 8. */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /** How long a connection may stay silent before it is closed; default 5 minutes. */
        public Builder idleTimeout(Duration idleTimeout) {
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** The largest frame read; default 16 MiB. */
        public Builder maxFrameBytes(int maxFrameBytes) {
            if (maxFrameBytes < 64) {
                throw new IllegalArgumentException("maxFrameBytes must be at least 64: " + maxFrameBytes);
            }
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        public MllpListener build() {
            return new MllpListener(this);
        }
    }

    /** Binds and starts accepting. */
    public MllpListener start() throws IOException {
        lifecycle.lock();
        try {
            if (server != null || closed) {
                throw new IllegalStateException("an MllpListener starts once");
            }
            ServerSocket s = new ServerSocket();
            try {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(bindAddress, requestedPort), 50);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            server = s;
            acceptor = new Thread(this::acceptLoop, "ferry-mllp-accept-" + s.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            LOG.info("MLLP listener on {}:{}", bindAddress.getHostAddress(), s.getLocalPort());
            return this;
        } finally {
            lifecycle.unlock();
        }
    }

    /** The port bound; only after {@link #start()}. */
    public int port() {
        ServerSocket s = server;
        if (s == null) {
            throw new IllegalStateException("the listener is not started");
        }
        return s.getLocalPort();
    }

    /** The address bound. */
    public InetAddress address() {
        return bindAddress;
    }

    private void acceptLoop() {
        ServerSocket s = server;
        while (!closed) {
            Socket socket;
            try {
                socket = s.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("MLLP listener on port {}: accept failed ({})", s.getLocalPort(), e.getClass().getSimpleName());
                }
                continue;
            }
            try {
                pool.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                LOG.warn("MLLP listener on port {}: {} connections already; closing the new one", s.getLocalPort(),
                        maxConnections);
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        open.add(socket);
        if (closed) { // close() may have swept the open sockets before this one was added
            open.remove(socket);
            closeQuietly(socket);
            return;
        }
        String peer = "mllp://" + socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        int conn = connectionCount.incrementAndGet();
        int n = 0;
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            while (!closed) {
                byte[] frame = MllpFraming.readFrame(in, maxFrameBytes);
                if (frame == null) {
                    break;
                }
                n++;
                Origin origin = new Origin(peer, n);
                String ack;
                try {
                    ack = handler.handle(frame, origin);
                } catch (RuntimeException e) {
                    LOG.warn("{}: the handler failed on message {} ({})", peer, n, e.getClass().getSimpleName());
                    ack = new Ack(AckCode.AE, MessageHeader.sniff(AdtReader.decode(frame)).map(MessageHeader::controlId)
                            .orElse(""), "application internal error", 207)
                            .encode(MessageHeader.sniff(AdtReader.decode(frame)), Clock.systemUTC());
                }
                MllpFraming.writeFrame(out, ack.getBytes(StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException e) {
            LOG.debug("{}: idle for {}; closed", peer, idleTimeout);
        } catch (MllpFraming.FramingException e) {
            LOG.warn("{}: {}; connection closed", peer, e.getMessage());
        } catch (EOFException | SocketException e) {
            LOG.debug("{}: connection ended ({})", peer, e.getClass().getSimpleName());
        } catch (IOException e) {
            LOG.warn("{}: I/O failure ({}); connection closed", peer, e.getClass().getSimpleName());
        } finally {
            open.remove(socket);
            LOG.debug("{}: connection {} closed after {} message(s)", peer, conn, n);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("closing a socket failed ({})", e.getClass().getSimpleName());
        }
    }

    /** Stops accepting, closes every connection and waits up to 5 seconds for their threads. */
    @Override
    public void close() throws IOException {
        Thread a;
        lifecycle.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            a = acceptor;
        } finally {
            lifecycle.unlock();
        }
        ServerSocket s = server;
        if (s != null) {
            s.close();
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        pool.shutdownNow();
        try {
            if (a != null) {
                a.join(5_000);
            }
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("MLLP listener: connection threads did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        ServerSocket s = server;
        return "MllpListener[" + bindAddress.getHostAddress() + ":" + (s == null ? requestedPort : s.getLocalPort())
                + ", maxConnections=" + maxConnections + "]";
    }
}
