package dev.ferry.dicom.archive.dimse;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.TransientMigrationException;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.AssociationPool;
import dev.ferry.dicom.net.AssociationRequest;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.StoreScu;
import dev.ferry.dicom.net.dimse.CStoreRsp;
import dev.ferry.dicom.net.dimse.CommandField;
import dev.ferry.dicom.net.dimse.Priority;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.spi.DestinationArchive;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PACS or VNA over DIMSE as a {@link DestinationArchive}: C-STORE over a pool of associations,
 * C-FIND to say what it holds, and C-GET (or C-MOVE to Ferry's Storage SCP) to read instances back.
 *
 * <p>Transfer syntaxes: an instance goes in its own syntax when the destination accepts it; between
 * uncompressed syntaxes it is re-encoded as it streams; a compressed syntax the destination refuses
 * is a {@link PermanentMigrationException} with {@link ReasonCode#TRANSFER_SYNTAX_REFUSED} naming
 * both syntaxes, never a silent decompression. A SOP class the destination refuses is
 * {@link ReasonCode#REFUSED} for that instance alone.
 *
 * <p>Statuses: success is {@link StoreResult.Status#STORED}; a warning (B000H coercion, B007H
 * mismatch, B006H elements discarded) is {@link StoreResult.Status#STORED_WITH_WARNING} with the
 * code and its meaning; 0111H (duplicate SOP instance) is {@link StoreResult.Status#ALREADY_PRESENT};
 * A7xxH is a {@link TransientMigrationException}; any other failure a
 * {@link PermanentMigrationException}. Error comments are not copied: a peer may put patient data
 * in them.
 *
 * <p>Presentation contexts are proposed for the SOP classes and syntaxes seen so far; an instance
 * of a new one opens associations that propose it too (the old ones are released as they come
 * back), so one pool serves any mix of objects.
 *
 * <p>Thread-safe: {@link #store} from several threads shares at most {@link Builder#maxAssociations}
 * associations; describing and reading back use as many more.
 */
public final class DimseDestination implements DestinationArchive {
    private static final Logger LOG = LoggerFactory.getLogger(DimseDestination.class);
    /** PS3.8 allows 128 presentation contexts per association. */
    private static final int MAX_KEYS = 60;

    private final String name;
    private final RemoteAe peer;
    private final String callingAeTitle;
    private final AssociationOptions options;
    private final int maxAssociations;
    private final Duration borrowTimeout;
    private final Priority priority;
    private final Semaphore slots;
    private final DimsePeer reader;
    private final MoveReceiver receiver;
    private final boolean readBack;
    private final java.util.function.Consumer<AssociationRequest.Builder> customizer;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Generation generation;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A pool proposing one set of contexts; replaced by a wider one when an instance needs more. */
    private record Generation(Set<String> keys, AssociationPool pool) {}

    private DimseDestination(Builder b, DimsePeer reader, MoveReceiver receiver) {
        this.name = b.nameOrDefault();
        this.peer = b.peer;
        this.callingAeTitle = b.callingAeTitle;
        this.options = b.options;
        this.maxAssociations = b.maxAssociations;
        this.borrowTimeout = b.borrowTimeout;
        this.priority = b.priority;
        this.slots = new Semaphore(b.maxAssociations, true);
        this.reader = reader;
        this.receiver = receiver;
        this.readBack = b.readBack;
        this.customizer = b.customizer;
        this.generation = new Generation(Set.of(), null);
    }

    public static Builder builder(RemoteAe peer) {
        return new Builder(peer);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StoreResult store(DicomInstance instance) throws IOException {
        Objects.requireNonNull(instance, "instance");
        if (closed.get()) {
            throw new IllegalStateException(name + " is closed");
        }
        InstanceDescriptor d = instance.descriptor();
        Generation g = generationFor(d.sopClassUid(), instance.transferSyntaxUid());
        CStoreRsp rsp;
        acquire();
        try (AssociationPool.Lease lease = borrow(g)) {
            try {
                rsp = StoreScu.store(lease.association(), instance, priority);
            } catch (PermanentMigrationException e) {
                throw e; // refused before anything was sent: the association is fine
            } catch (IOException | RuntimeException e) {
                lease.invalidate();
                throw e;
            }
        } finally {
            slots.release();
        }
        return result(d, rsp.status());
    }

    private StoreResult result(InstanceDescriptor d, Status st) {
        StringBuilder what = new StringBuilder(String.format("%04XH ", st.code()))
                .append(st.describe(CommandField.C_STORE_RSP));
        for (int tag : st.offendingElements()) {
            what.append(what.indexOf(", offending") < 0 ? ", offending " : " ").append(dev.ferry.api.Tags.format(tag));
        }
        if (st.isSuccess()) {
            return StoreResult.stored(d.sopInstanceUid());
        }
        if (st.isWarning()) {
            LOG.info("{}: stored instance {} with warning {}", name, d.sopInstanceUid(), what);
            return new StoreResult(d.sopInstanceUid(), StoreResult.Status.STORED_WITH_WARNING, what.toString());
        }
        if (st.code() == 0x0111) {
            return new StoreResult(d.sopInstanceUid(), StoreResult.Status.ALREADY_PRESENT, what.toString());
        }
        if (st.isRetryable()) {
            throw new TransientMigrationException(ReasonCode.PEER_BUSY, d.ref(), peer + " refused it for now: "
                    + what, null);
        }
        throw new PermanentMigrationException(ReasonCode.REFUSED, d.ref(), peer + " refused it: " + what);
    }

    /** The pool whose associations propose {@code sopClass} in a context that can carry {@code ts}. */
    private Generation generationFor(String sopClass, String ts) {
        String key = key(sopClass, ts);
        Generation g = generation;
        if (g.keys().contains(key)) {
            return g;
        }
        lock.lock();
        try {
            g = generation;
            if (g.keys().contains(key)) {
                return g;
            }
            Set<String> keys = new LinkedHashSet<>(g.keys());
            if (keys.size() >= MAX_KEYS) {
                keys.clear(); // more classes than one association can propose: start again from this one
            }
            keys.add(key);
            Generation next = new Generation(Set.copyOf(keys), new AssociationPool(peer, request(keys), options,
                    maxAssociations, Duration.ofSeconds(30)));
            generation = next;
            if (g.pool() != null) {
                g.pool().close();
            }
            LOG.debug("{}: proposing {} storage contexts", name, keys.size());
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** {@code class|ts}, with every uncompressed little endian syntax as one key. */
    private static String key(String sopClass, String ts) {
        boolean plain = ts.equals(UID.ExplicitVRLittleEndian) || ts.equals(UID.ImplicitVRLittleEndian);
        return sopClass + "|" + (plain ? "" : ts);
    }

    private AssociationRequest request(Set<String> keys) {
        AssociationRequest.Builder rq = AssociationRequest.builder(peer.aeTitle(), callingAeTitle);
        // Verification, which every SCP accepts, keeps the association up when the destination
        // refuses every storage class proposed: the refusal is then that instance's, by SOP class.
        rq.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
        for (String key : keys) {
            int bar = key.indexOf('|');
            String cls = key.substring(0, bar);
            String ts = key.substring(bar + 1);
            if (!rq.proposes(cls, UID.ExplicitVRLittleEndian)) {
                rq.addContext(cls, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
            }
            if (!ts.isEmpty() && !rq.proposes(cls, ts)) {
                rq.addContext(cls, ts);
            }
        }
        customizer.accept(rq);
        return rq.build();
    }

    private void acquire() throws IOException {
        try {
            if (!slots.tryAcquire(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TransientMigrationException(ReasonCode.PEER_BUSY, null, "every association to " + peer
                        + " stayed busy for " + borrowTimeout.toMillis() + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an association to " + peer);
        }
    }

    /** A lease from {@code g}'s pool, or from its successor if a wider pool replaced it meanwhile. */
    private AssociationPool.Lease borrow(Generation g) throws IOException {
        try {
            try {
                return g.pool().borrow(borrowTimeout);
            } catch (IllegalStateException closedMeanwhile) {
                Generation now = generation;
                if (now == g || !now.keys().containsAll(g.keys())) {
                    throw closedMeanwhile;
                }
                return now.pool().borrow(borrowTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an association to " + peer);
        }
    }

    @Override
    public Optional<StudyManifest> describe(String studyInstanceUid) throws IOException {
        return reader.describe(Objects.requireNonNull(studyInstanceUid, "studyInstanceUid"));
    }

    @Override
    public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
        if (!readBack) {
            throw new UnsupportedOperationException(name + " was configured without read-back");
        }
        return reader.retrieve(Objects.requireNonNull(request, "request"), Objects.requireNonNull(consumer, "consumer"));
    }

    @Override
    public boolean supportsReadBack() {
        return readBack;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            lock.lock();
            try {
                if (generation.pool() != null) {
                    generation.pool().close();
                }
            } finally {
                lock.unlock();
            }
            reader.close();
            if (receiver != null) {
                receiver.close();
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Options of a {@link DimseDestination} (the shared ones in {@link DimseArchiveBuilder}); at most
     * 4 storing associations by default, and as many for describing and reading back. Not
     * thread-safe.
     */
    public static final class Builder extends DimseArchiveBuilder<Builder> {
        private boolean readBack = true;

        private Builder(RemoteAe peer) {
            super(peer, 4);
        }

        /** Whether instances can be read back (C-GET, or C-MOVE with {@link #moveTo}); default true. */
        public Builder readBack(boolean readBack) {
            this.readBack = readBack;
            return this;
        }

        /**
         * Creates the destination; with {@link #moveTo} and read-back, starts Ferry's Storage SCP.
         *
         * @throws IOException if that Storage SCP cannot listen
         */
        public DimseDestination build() throws IOException {
            MoveReceiver receiver = readBack ? startReceiver(4) : null;
            return new DimseDestination(this, peer(receiver), receiver);
        }
    }
}
