package dev.ferry.hl7.mllp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sending side of MLLP: one connection, messages sent one at a time, each answered by an
 * acknowledgment before the next goes (HL7 v2.5.1 Appendix C). Connect and each exchange are bounded
 * by the timeout given; an acknowledgment is bounded in size.
 *
 * <p>Thread-safe: exchanges are serialised on the connection.
 */
public final class MllpClient implements AutoCloseable {
    /** The largest acknowledgment read: 1 MiB. */
    public static final int MAX_ACK_BYTES = 1 << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();

    private MllpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
    }

    /**
     * Connects.
     *
     * @param timeout for the connect, then for each exchange's answer
     */
    public static MllpClient connect(InetSocketAddress address, Duration timeout) throws IOException {
        Objects.requireNonNull(address, "address");
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, millis);
            s.setSoTimeout(millis);
            return new MllpClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Sends one ER7 message (UTF-8) and returns the acknowledgment's text. */
    public String exchange(String er7) throws IOException {
        Objects.requireNonNull(er7, "er7");
        lock.lock();
        try {
            MllpFraming.writeFrame(out, er7.getBytes(StandardCharsets.UTF_8));
            byte[] answer = MllpFraming.readFrame(in, MAX_ACK_BYTES);
            if (answer == null) {
                throw new EOFException("the peer closed the connection without acknowledging");
            }
            return new String(answer, StandardCharsets.UTF_8);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends one message and reads its acknowledgment's MSA.
     *
     * @throws IOException on a transport failure, a timeout, or an answer that is not an acknowledgment
     */
    public Ack send(String er7) throws IOException {
        String answer = exchange(er7);
        try {
            return Ack.parse(answer);
        } catch (IllegalArgumentException e) {
            throw new IOException("the answer is not an HL7 acknowledgment: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return "MllpClient[" + socket.getRemoteSocketAddress() + "]";
    }
}
