package dev.ferry.dicom.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A small syslog receiver for tests, on 127.0.0.1 and an ephemeral port: RFC 5425 (TLS) and RFC 6587
 * (TCP) octet-counted frames, or RFC 5426 datagrams. Received messages are parsed into their RFC 5424
 * header fields and MSG and queued. Frames longer than 1 MiB are refused (the length is untrusted).
 * {@link #close()} stops everything; every socket read has a timeout.
 */
public final class SyslogReceiver implements AutoCloseable {
    private static final int MAX_FRAME = 1 << 20;
    private static final int READ_TIMEOUT_MS = 20_000;

    /**
     * One message as received.
     *
     * @param header the seven header fields: PRI and VERSION ({@code <85>1}), TIMESTAMP, HOSTNAME, APP-NAME,
     *     PROCID, MSGID, STRUCTURED-DATA
     * @param msg the MSG, byte order mark included
     */
    public record Message(List<String> header, byte[] msg) {
        /** The MSG as text, without its byte order mark. */
        public String text() {
            int from = msg.length >= 3 && (msg[0] & 0xFF) == 0xEF && (msg[1] & 0xFF) == 0xBB && (msg[2] & 0xFF) == 0xBF
                    ? 3 : 0;
            return new String(msg, from, msg.length - from, StandardCharsets.UTF_8);
        }

        public boolean hasBom() {
            return msg.length >= 3 && (msg[0] & 0xFF) == 0xEF;
        }
    }

    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final DatagramSocket udp;
    private final Thread thread;
    private volatile boolean closed;

    private SyslogReceiver(ServerSocket server, DatagramSocket udp) {
        this.server = server;
        this.udp = udp;
        this.thread = new Thread(server != null ? this::accept : this::receive, "test-syslog-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    /** A TLS receiver with the server's key; {@code requireClientCertificate} as an ATNA repository would. */
    public static SyslogReceiver tls(SSLContext context, boolean requireClientCertificate) throws IOException {
        SSLServerSocket s = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 10,
                InetAddress.getLoopbackAddress());
        s.setNeedClientAuth(requireClientCertificate);
        return new SyslogReceiver(s, null);
    }

    public static SyslogReceiver tcp() throws IOException {
        return new SyslogReceiver(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()), null);
    }

    public static SyslogReceiver udp() throws IOException {
        DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        d.setSoTimeout(500);
        return new SyslogReceiver(null, d);
    }

    public int port() {
        return server != null ? server.getLocalPort() : udp.getLocalPort();
    }

    /** The next message, or {@code null} after {@code seconds}. */
    public Message take(long seconds) throws InterruptedException {
        return received.poll(seconds, TimeUnit.SECONDS);
    }

    /** Takes {@code n} messages, failing if they do not all come within {@code seconds}. */
    public List<Message> take(int n, long seconds) throws InterruptedException {
        List<Message> all = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (all.size() < n) {
            Message m = received.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("received " + all.size() + " of " + n + " syslog messages; failures: " + failures);
            }
            all.add(m);
        }
        return all;
    }

    /** What went wrong on the receiving side (a failed handshake, a malformed frame). */
    public List<Throwable> failures() {
        return failures;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setSoTimeout(READ_TIMEOUT_MS);
                connections.add(s);
                Thread t = new Thread(() -> read(s), "test-syslog-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    failures.add(e);
                }
                return;
            }
        }
    }

    private void read(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream())) {
            while (!closed) {
                int length = 0;
                int digits = 0;
                int c;
                while ((c = in.read()) != ' ') {
                    if (c == -1 && digits == 0) {
                        return; // the sender closed between frames
                    }
                    if (c < '0' || c > '9' || ++digits > 7) {
                        throw new IOException("not an octet-counted frame: byte " + c);
                    }
                    length = length * 10 + (c - '0');
                }
                if (length < 1 || length > MAX_FRAME) {
                    throw new IOException("frame length " + length + " out of range");
                }
                received.add(parse(in.readNBytes(length), length));
            }
        } catch (IOException e) {
            if (!closed && !(e instanceof SocketException && "Socket closed".equals(e.getMessage()))) {
                failures.add(e);
            }
        }
    }

    private void receive() {
        byte[] buffer = new byte[65_535];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(p);
                received.add(parse(Arrays.copyOf(p.getData(), p.getLength()), p.getLength()));
            } catch (java.net.SocketTimeoutException e) {
                // look at closed again
            } catch (IOException e) {
                if (!closed) {
                    failures.add(e);
                }
                return;
            }
        }
    }

    private static Message parse(byte[] frame, int expected) throws IOException {
        if (frame.length != expected) {
            throw new EOFException("frame cut short: " + frame.length + " of " + expected + " bytes");
        }
        List<String> header = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (header.size() < 7 && i < frame.length) {
            if (frame[i] == ' ') {
                header.add(new String(frame, start, i - start, StandardCharsets.US_ASCII));
                start = i + 1;
            }
            i++;
        }
        if (header.size() < 7) {
            throw new IOException("not an RFC 5424 message: " + header);
        }
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.write(frame, start, frame.length - start);
        return new Message(header, msg.toByteArray());
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        try {
            if (server != null) {
                server.close();
            }
            if (udp != null) {
                udp.close();
            }
            for (Socket s : connections) {
                s.close();
            }
        } catch (IOException e) {
            failures.add(e);
        }
        thread.join(5_000);
    }
}
