package dev.ferry.dicom.net;

import dev.ferry.dicom.net.pdu.Pdu;
import dev.ferry.dicom.net.pdu.PduEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends whole PDUs on an association's socket, one at a time: a DIMSE message on one thread and an
 * A-ABORT or C-CANCEL from another never interleave inside a PDU. Uses a {@link ReentrantLock}, not
 * {@code synchronized}, because the lock is held across blocking socket writes.
 *
 * <p>PDUs may be written without a flush ({@link #write(byte[], int, int, boolean)}) so that a small
 * command and its data set leave in one TCP segment; the next flush, by this thread or another,
 * sends them. Thread-safe.
 */
final class PduSender {
    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private long bytesSent;

    /** @param out the socket's stream, best buffered (whole PDUs are written through it) */
    PduSender(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Writes one or more whole, encoded PDUs, and flushes them if {@code flush}. */
    void write(byte[] pdus, int off, int len, boolean flush) throws IOException {
        lock.lock();
        try {
            out.write(pdus, off, len);
            if (flush) {
                out.flush();
            }
            bytesSent += len;
        } finally {
            lock.unlock();
        }
    }

    /** Writes one or more whole, encoded PDUs and flushes them. */
    void writeRaw(byte[] pdus, int off, int len) throws IOException {
        write(pdus, off, len, true);
    }

    /** Encodes, writes and flushes one PDU. */
    void send(Pdu pdu) throws IOException {
        byte[] bytes = PduEncoder.encode(pdu);
        write(bytes, 0, bytes.length, true);
    }

    /**
     * Sends a PDU if the lock is free within {@code millis}: an abort must not wait forever behind a
     * write that a stalled peer blocks.
     *
     * @return whether it was sent
     */
    boolean trySend(Pdu pdu, long millis) throws IOException {
        try {
            if (!lock.tryLock(millis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            send(pdu);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes sent so far. */
    long bytesSent() {
        lock.lock();
        try {
            return bytesSent;
        } finally {
            lock.unlock();
        }
    }
}
