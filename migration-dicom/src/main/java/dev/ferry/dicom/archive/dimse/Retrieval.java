package dev.ferry.dicom.archive.dimse;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.InvalidValueException;
import dev.ferry.api.ItemRef;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.Tag;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomParseException;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.io.TruncationCheckingInputStream;
import dev.ferry.dicom.io.TruncationCheckingInputStream.TruncatedDataSetException;
import dev.ferry.dicom.net.ReceivedInstance;
import dev.ferry.dicom.net.StorageScp;
import dev.ferry.dicom.net.dimse.Status;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retrieval of one study in progress: takes each instance the peer sends (by C-MOVE to Ferry's
 * Storage SCP, or by C-GET on the same association), hands it to the consumer once, and keeps what
 * the result must say: what was delivered, what arrived twice (with the same content or not), what
 * could not be parsed, and the consumer's failure if it threw.
 *
 * <p>Thread-safe: instances may arrive on several associations at once; the consumer is called
 * under one lock, so never from two threads at once.
 */
final class Retrieval {
    private static final Logger LOG = LoggerFactory.getLogger(Retrieval.class);
    private static final DicomReader READER = DicomReader.standard();
    /** C000H with a comment: what a Storage SCP answers for an instance it will not take. */
    static final Status NOT_TAKEN = StorageScp.CANNOT_UNDERSTAND;

    final String studyInstanceUid;
    /** The instances wanted, or {@code null} for every instance of the study. */
    private final Set<String> wanted;
    private final InstanceConsumer consumer;
    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Map<String, byte[]> delivered = new LinkedHashMap<>();
    private final Map<String, Finding> failures = new LinkedHashMap<>();
    private final Map<String, Integer> duplicates = new HashMap<>();
    private int unrelated;
    private volatile Throwable consumerFailure;

    Retrieval(String studyInstanceUid, Set<String> wanted, InstanceConsumer consumer) {
        this.studyInstanceUid = studyInstanceUid;
        this.wanted = wanted;
        this.consumer = consumer;
    }

    /** Reads the header of a received data set; {@code null} (after recording why) if it cannot be parsed. */
    DicomObject parse(ReceivedInstance ri, InputStream data) throws IOException {
        try {
            return read(ri, data);
        } catch (DicomParseException e) {
            corrupt(ri, e);
            return null;
        }
    }

    /**
     * Reads the header of a received data set.
     *
     * @throws DicomParseException if it cannot be parsed in its context's transfer syntax
     */
    static DicomObject read(ReceivedInstance ri, InputStream data) throws IOException {
        return READER.read(data, TransferSyntax.of(ri.transferSyntaxUid()), "C-STORE of " + ri.sopInstanceUid());
    }

    /** Records an instance whose data set could not be parsed. */
    void corrupt(ReceivedInstance ri, DicomParseException e) {
        fail(ri.sopInstanceUid(), ReasonCode.CORRUPT_OBJECT, "the data set sent for it cannot be parsed: "
                + e.getMessage());
    }

    /**
     * Takes one parsed instance: delivers it to the consumer unless it was delivered already, it is
     * not wanted, or the consumer failed before. Consumes the remainder.
     *
     * @return the C-STORE status to answer
     */
    Status deliver(ReceivedInstance ri, DicomObject obj) throws IOException {
        try (obj) {
            if (consumerFailure != null) {
                return NOT_TAKEN.withErrorComment("retrieval aborted");
            }
            InstanceDescriptor d;
            try {
                d = InstanceDescriptor.of(obj.header(), StudyDescriptor.UNKNOWN);
            } catch (InvalidValueException e) {
                fail(ri.sopInstanceUid(), ReasonCode.INVALID_VALUE, e.getMessage());
                return NOT_TAKEN.withErrorComment("required UID missing");
            }
            if (!d.studyInstanceUid().equals(studyInstanceUid) || (wanted != null && !wanted.contains(
                    d.sopInstanceUid()))) {
                lock.lock();
                try {
                    unrelated++;
                } finally {
                    lock.unlock();
                }
                LOG.debug("retrieval of study {}: instance {} of study {} was not asked for; skipped", studyInstanceUid,
                        d.sopInstanceUid(), d.studyInstanceUid());
                return Status.SUCCESS;
            }
            TransferSyntax ts = obj.transferSyntax();
            MessageDigest digest = sha256();
            digest.update(DicomWriter.encode(obj.header(), ts));
            lock.lock();
            try {
                byte[] first = delivered.get(d.sopInstanceUid());
                if (first != null || failures.containsKey(d.sopInstanceUid())) {
                    drain(new DigestInputStream(obj.remainder(), digest));
                    if (first != null && !Arrays.equals(first, digest.digest())) {
                        failures.put(d.sopInstanceUid(), new Finding(d.ref(), ReasonCode.DUPLICATE_CONFLICT,
                                "the peer sent this SOP Instance UID twice with different content in one retrieval"));
                    }
                    duplicates.merge(d.sopInstanceUid(), 1, Integer::sum);
                    return Status.SUCCESS;
                }
                // A PACS sends a truncated file as it is: the data set arrives whole on the wire but
                // its last element is cut short. Followed as it streams, it fails the read that
                // reaches its end, so nothing downstream stores it as if complete.
                InputStream checked = ts.isDeflated() ? obj.remainder()
                        : new TruncationCheckingInputStream(obj.remainder(), obj.explicitVr(), ts.isBigEndian(),
                                "C-STORE of " + d.sopInstanceUid());
                InputStream remainder = new DigestInputStream(checked, digest);
                DicomInstance instance = new DicomInstance(d, obj.header(), ts.uid(), remainder,
                        StudyDescriptor.UNKNOWN);
                try {
                    consumer.accept(instance);
                    drain(remainder); // what the consumer left, through the digest
                } catch (IOException | RuntimeException | Error e) {
                    TruncatedDataSetException t = truncation(e);
                    if (t != null) {
                        fail(d.sopInstanceUid(), ReasonCode.CORRUPT_OBJECT, "the data set sent for it is cut short: "
                                + t.getMessage());
                        return NOT_TAKEN.withErrorComment("data set truncated");
                    }
                    consumerFailure = e;
                    return NOT_TAKEN.withErrorComment("retrieval aborted");
                }
                delivered.put(d.sopInstanceUid(), digest.digest());
                return Status.SUCCESS;
            } finally {
                lock.unlock();
            }
        }
    }

    /** The truncation that {@code e} is, or was caused by; {@code null} if none. */
    private static TruncatedDataSetException truncation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TruncatedDataSetException found) {
                return found;
            }
        }
        return null;
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        while (in.read(buf) >= 0) {
            // skipped: read through the digest
        }
    }

    private void fail(String sop, ReasonCode reason, String detail) {
        lock.lock();
        try {
            failures.putIfAbsent(sop, new Finding(new ItemRef(studyInstanceUid, null, sop), reason, detail));
        } finally {
            lock.unlock();
        }
    }

    /** Records that the peer reported {@code sop} as failed (Failed SOP Instance UID List). */
    void peerFailed(String sop, String detail) {
        lock.lock();
        try {
            if (!delivered.containsKey(sop)) {
                failures.putIfAbsent(sop, new Finding(new ItemRef(studyInstanceUid, null, sop),
                        ReasonCode.MISSING_INSTANCE, detail));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records a failure for the study as a whole, or for one instance. */
    void addFinding(String key, Finding f) {
        lock.lock();
        try {
            failures.putIfAbsent(key, f);
        } finally {
            lock.unlock();
        }
    }

    boolean consumerFailed() {
        return consumerFailure != null;
    }

    /** Rethrows the consumer's failure, if it threw. */
    void rethrowConsumerFailure() throws IOException {
        Throwable t = consumerFailure;
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
    }

    Set<String> deliveredUids() {
        lock.lock();
        try {
            return Set.copyOf(delivered.keySet());
        } finally {
            lock.unlock();
        }
    }

    boolean hasFailure(String key) {
        lock.lock();
        try {
            return failures.containsKey(key);
        } finally {
            lock.unlock();
        }
    }

    List<Finding> failures() {
        lock.lock();
        try {
            return new ArrayList<>(failures.values());
        } finally {
            lock.unlock();
        }
    }

    int delivered() {
        lock.lock();
        try {
            return delivered.size();
        } finally {
            lock.unlock();
        }
    }

    /** Instances received that belonged to no retrieval asked for, or were not wanted. */
    int unrelated() {
        lock.lock();
        try {
            return unrelated;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the retrieval over: a later retrieval of the same study may start. */
    void finish() {
        done.countDown();
    }

    void awaitFinished() throws InterruptedException {
        done.await();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
