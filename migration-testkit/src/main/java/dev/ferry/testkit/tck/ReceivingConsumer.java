package dev.ferry.testkit.tck;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.Digest;
import dev.ferry.api.InstanceConsumer;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads every delivered instance completely and records it; notices if the archive calls it from
 * two threads at once, which the {@link InstanceConsumer} contract forbids. Thread-safe.
 */
final class ReceivingConsumer implements InstanceConsumer {
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean overlapped;

    @Override
    public void accept(DicomInstance instance) throws IOException {
        if (inside.incrementAndGet() > 1) {
            overlapped = true;
        }
        try {
            received.add(read(instance));
        } finally {
            inside.decrementAndGet();
        }
    }

    static Received read(DicomInstance instance) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
        long length = 0;
        InputStream in = new DigestInputStream(instance.remainder(), md);
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            length += n;
        }
        return new Received(instance.descriptor(), instance.header().copy(), instance.transferSyntaxUid(),
                instance.remainderLength(), length, Digest.of("SHA-256", md.digest()));
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Whether {@code accept} was ever entered while another call was still inside it. */
    boolean overlapped() {
        return overlapped;
    }
}
