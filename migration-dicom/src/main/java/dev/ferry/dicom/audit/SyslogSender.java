package dev.ferry.dicom.audit;

import dev.ferry.dicom.net.TlsOptions;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends audit messages to an audit record repository by syslog, as IHE ATNA's Record Audit Event
 * does: RFC 5424 messages ({@code <PRI>1 TIMESTAMP HOSTNAME ferry PROCID MSGID - BOM MSG}, facility 10
 * security/authorization, severity 5 notice, so PRI 85; no structured data; the MSG is the audit
 * message's XML, UTF-8 with its byte order mark) over one of three transports:
 *
 * <ul>
 * <li>{@link Transport#TLS}: RFC 5425, octet-counting framing ({@code LENGTH SP MESSAGE}) on a TLS
 *     connection, the repository's certificate checked against the trust store and its host name
 *     (or IP address) against the certificate; this side's certificate offered when the key store has one;</li>
 * <li>{@link Transport#TCP}: the same framing in clear text (RFC 6587 octet counting), for a repository
 *     on the same trusted network;</li>
 * <li>{@link Transport#UDP}: RFC 5426, one message per datagram; a message larger than
 *     {@link Builder#maxDatagramBytes} is refused, never cut.</li>
 * </ul>
 *
 * <p>A stream connection is opened on the first message and kept; when a send fails it is closed and
 * the next send opens a new one. Connecting and the TLS handshake are bounded by the connect timeout,
 * each write by the write timeout (a write that blocks longer closes the connection). Every failure is
 * a {@link SyslogException} naming the repository, never the message. Thread-safe: sends are serialised.
 */
public final class SyslogSender implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogSender.class);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** How messages travel. */
    public enum Transport {
        /** RFC 5425: TLS, octet counting; port 6514 by convention. */
        TLS,
        /** RFC 6587: TCP in clear text, octet counting. */
        TCP,
        /** RFC 5426: one message per UDP datagram; port 514 by convention. */
        UDP
    }

    /** The IANA port of syslog over TLS. */
    public static final int TLS_PORT = 6514;
    /** The largest UDP payload over IPv4. */
    public static final int MAX_UDP_PAYLOAD = 65_507;

    private final String host;
    private final int port;
    private final Transport transport;
    private final TlsOptions tls;
    private final boolean verifyHostname;
    private final Duration connectTimeout;
    private final Duration writeTimeout;
    private final int maxDatagramBytes;
    private final byte[] headerTail;
    private final int pri;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();

    private Socket socket;
    private OutputStream out;
    private DatagramSocket datagrams;
    private ScheduledExecutorService watchdog;
    private boolean closed;

    private SyslogSender(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.transport = b.transport;
        this.tls = b.tls;
        this.verifyHostname = b.verifyHostname;
        this.connectTimeout = b.connectTimeout;
        this.writeTimeout = b.writeTimeout;
        this.maxDatagramBytes = b.maxDatagramBytes;
        this.pri = b.facility * 8 + b.severity;
        this.clock = b.clock;
        this.headerTail = (" " + b.hostname + " " + b.appName + " " + b.procId + " " + b.msgId + " - ")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A sender to {@code host:port}; TLS unless the builder says otherwise. */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /** Sends one message, stamped with the clock's time. */
    public void send(byte[] message) throws SyslogException {
        send(message, clock.instant());
    }

    /**
     * Sends one message (the MSG part: an audit message's XML).
     *
     * @param timestamp the syslog TIMESTAMP, normally when the audited event happened
     * @throws SyslogException if it cannot be sent; the connection is then closed
     */
    public void send(byte[] message, Instant timestamp) throws SyslogException {
        Objects.requireNonNull(message, "message");
        byte[] frame = frame(message, timestamp);
        lock.lock();
        try {
            if (closed) {
                throw new SyslogException(host, port, transport, "the sender is closed", null);
            }
            if (transport == Transport.UDP) {
                sendDatagram(frame);
            } else {
                sendFramed(frame);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The RFC 5424 message: header, byte order mark, then the MSG. */
    byte[] frame(byte[] message, Instant timestamp) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(message.length + 128);
        b.writeBytes(("<" + pri + ">1 " + timestamp.truncatedTo(ChronoUnit.MILLIS)).getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(headerTail);
        b.writeBytes(BOM);
        b.writeBytes(message);
        return b.toByteArray();
    }

    private void sendDatagram(byte[] frame) throws SyslogException {
        if (frame.length > maxDatagramBytes) {
            throw new SyslogException(host, port, transport, "a " + frame.length + "-byte message is larger than the "
                    + maxDatagramBytes + " bytes allowed in one datagram; it was not sent", null);
        }
        try {
            if (datagrams == null) {
                DatagramSocket d = new DatagramSocket();
                try {
                    d.connect(new InetSocketAddress(host, port));
                } catch (IOException | RuntimeException e) {
                    d.close();
                    throw e;
                }
                datagrams = d;
            }
            datagrams.send(new DatagramPacket(frame, frame.length));
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw new SyslogException(host, port, transport, "cannot send: " + e.getMessage(), e);
        }
    }

    private void sendFramed(byte[] frame) throws SyslogException {
        if (out == null) {
            connect();
        }
        Socket s = socket;
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> alarm = watchdog().schedule(() -> {
            timedOut.set(true);
            try {
                s.close();
            } catch (IOException ignored) {
                // It is being abandoned: the write that blocked will fail and say why.
            }
        }, writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            out.write((frame.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            closeQuietly();
            throw new SyslogException(host, port, transport, timedOut.get()
                    ? "writing took more than " + writeTimeout.toMillis() + " ms" : "cannot write: " + e.getMessage(), e);
        } finally {
            alarm.cancel(false);
        }
    }

    private void connect() throws SyslogException {
        Socket s = new Socket();
        int timeout = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeout);
        } catch (SocketTimeoutException e) {
            closeQuietly(s);
            throw new SyslogException(host, port, transport, "connecting took more than " + timeout + " ms", e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            throw new SyslogException(host, port, transport, "cannot connect: " + e.getMessage(), e);
        }
        if (transport == Transport.TLS) {
            try {
                SSLSocket t = (SSLSocket) tls.context().getSocketFactory().createSocket(s, host, port, true);
                SSLParameters p = t.getSSLParameters();
                p.setProtocols(tls.protocols().toArray(String[]::new));
                if (!tls.cipherSuites().isEmpty()) {
                    p.setCipherSuites(tls.cipherSuites().toArray(String[]::new));
                }
                if (verifyHostname) {
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                }
                t.setSSLParameters(p);
                t.setUseClientMode(true);
                t.setSoTimeout(timeout);
                t.startHandshake();
                s = t;
            } catch (SocketTimeoutException e) {
                closeQuietly(s);
                throw new SyslogException(host, port, transport, "the TLS handshake took more than " + timeout + " ms", e);
            } catch (IOException | RuntimeException e) {
                closeQuietly(s);
                throw new SyslogException(host, port, transport, "the TLS handshake failed: " + e.getMessage(), e);
            }
        }
        try {
            out = new BufferedOutputStream(s.getOutputStream(), 16 << 10);
        } catch (IOException e) {
            closeQuietly(s);
            throw new SyslogException(host, port, transport, "cannot write: " + e.getMessage(), e);
        }
        socket = s;
        LOG.debug("syslog {} connection to {}:{} open", transport, host, port);
    }

    private ScheduledExecutorService watchdog() {
        if (watchdog == null) {
            watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ferry-syslog-write-timeout");
                t.setDaemon(true);
                return t;
            });
        }
        return watchdog;
    }

    private void closeQuietly() {
        if (socket != null) {
            closeQuietly(socket);
        }
        socket = null;
        out = null;
        if (datagrams != null) {
            datagrams.close();
            datagrams = null;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("closing a syslog connection failed: {}", e.toString());
        }
    }

    /**
     * Flushes and closes the connection (a TLS close_notify included) and stops the write-timeout
     * thread; idempotent. Sends after close fail.
     */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            IOException failure = null;
            if (out != null) {
                try {
                    out.flush();
                } catch (IOException e) {
                    failure = new SyslogException(host, port, transport, "cannot flush: " + e.getMessage(), e);
                }
            }
            closeQuietly();
            if (watchdog != null) {
                watchdog.shutdownNow();
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Builds a {@link SyslogSender}; validation in {@link #build()} names the field. */
    public static final class Builder {
        private final String host;
        private final int port;
        private Transport transport = Transport.TLS;
        private TlsOptions tls;
        private boolean verifyHostname = true;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration writeTimeout = Duration.ofSeconds(30);
        private int maxDatagramBytes = MAX_UDP_PAYLOAD;
        private String hostname;
        private String appName = "ferry";
        private String procId = Long.toString(ProcessHandle.current().pid());
        private String msgId = "DICOM+RFC3881";
        private int facility = 10;
        private int severity = 5;
        private Clock clock = Clock.systemUTC();

        private Builder(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
        }

        public Builder transport(Transport t) {
            this.transport = Objects.requireNonNull(t, "transport");
            return this;
        }

        /** The TLS context (key and trust), versions and cipher suites; required for {@link Transport#TLS}. */
        public Builder tls(TlsOptions options) {
            this.tls = options;
            return this;
        }

        /** Whether the repository's certificate must name the host it was reached by (default true). */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /** Bounds connecting and the TLS handshake (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Bounds each write on a stream connection (default 30 s). */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = timeout;
            return this;
        }

        /** The largest datagram UDP may send (default and maximum {@value #MAX_UDP_PAYLOAD}; RFC 5426 asks receivers for at least 480). */
        public Builder maxDatagramBytes(int max) {
            this.maxDatagramBytes = max;
            return this;
        }

        /** HOSTNAME: this machine's name (default: the local host name, or {@code -} if unknown). */
        public Builder hostname(String name) {
            this.hostname = name;
            return this;
        }

        /** APP-NAME (default {@code ferry}). */
        public Builder appName(String name) {
            this.appName = name;
            return this;
        }

        /** PROCID (default: this process's id). */
        public Builder procId(String id) {
            this.procId = id;
            return this;
        }

        /** MSGID (default {@code DICOM+RFC3881}, as IHE ATNA names messages in the DICOM schema). */
        public Builder msgId(String id) {
            this.msgId = id;
            return this;
        }

        /** Facility 0–23 (default 10, security/authorization) and severity 0–7 (default 5, notice). */
        public Builder priority(int facility, int severity) {
            this.facility = facility;
            this.severity = severity;
            return this;
        }

        /** The clock that stamps {@link SyslogSender#send(byte[])} (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @throws IllegalArgumentException naming the field that is wrong */
        public SyslogSender build() {
            if (host.isBlank()) {
                throw new IllegalArgumentException("host: empty");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port: " + port + " is not 1 to 65535");
            }
            if (transport == Transport.TLS && tls == null) {
                throw new IllegalArgumentException("tls: the TLS transport needs TLS options (key and trust stores)");
            }
            if (transport != Transport.TLS && tls != null) {
                throw new IllegalArgumentException("tls: TLS options given for the " + transport + " transport");
            }
            positive(connectTimeout, "connectTimeout");
            positive(writeTimeout, "writeTimeout");
            if (maxDatagramBytes < 480 || maxDatagramBytes > MAX_UDP_PAYLOAD) {
                throw new IllegalArgumentException("maxDatagramBytes: " + maxDatagramBytes + " is not 480 to "
                        + MAX_UDP_PAYLOAD);
            }
            if (facility < 0 || facility > 23) {
                throw new IllegalArgumentException("facility: " + facility + " is not 0 to 23");
            }
            if (severity < 0 || severity > 7) {
                throw new IllegalArgumentException("severity: " + severity + " is not 0 to 7");
            }
            if (hostname == null) {
                hostname = localHostName();
            }
            header(hostname, 255, "hostname");
            header(appName, 48, "appName");
            header(procId, 128, "procId");
            header(msgId, 32, "msgId");
            return new SyslogSender(this);
        }

        private static void positive(Duration d, String field) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(field + ": must be above zero, not " + d);
            }
        }

        /** RFC 5424 header fields: 1 to {@code max} printable US-ASCII characters, no spaces. */
        private static void header(String value, int max, String field) {
            if (value == null || value.isEmpty() || value.length() > max) {
                throw new IllegalArgumentException(field + ": 1 to " + max + " characters, not "
                        + (value == null ? "null" : value.length()));
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 33 || c > 126) {
                    throw new IllegalArgumentException(field + ": printable US-ASCII without spaces only, not \""
                            + value + "\"");
                }
            }
        }

        private static String localHostName() {
            try {
                String name = InetAddress.getLocalHost().getHostName();
                return name != null && !name.isEmpty() && name.length() <= 255
                        && name.chars().allMatch(c -> c >= 33 && c <= 126) ? name : "-";
            } catch (IOException e) {
                return "-";
            }
        }
    }
}
