package dev.ferry.testkit.memory;

import dev.ferry.api.ChainVerification;
import dev.ferry.api.CustodyChain;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyQuery;
import dev.ferry.api.CustodyRecord;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.spi.CustodyLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A custody log held in a list: the reference implementation of {@link CustodyLog}, chained with
 * {@link CustodyRecord#next} and checked with {@link CustodyChain#verify}. Durable only as long as the
 * object lives, so it suits tests and demos, not a real migration.
 *
 * <p>Thread-safe: a {@link ReentrantLock} makes appends totally ordered (each links to the record
 * stored last); reads work on a snapshot taken under the lock, and the sink runs without it. After
 * {@link #close()}, appends fail with {@link ReasonCode#CUSTODY_FAILURE}; reads still work.
 *
 * <p>The {@code tamper…} methods change the stored records behind the log's back, which the
 * {@link CustodyLog} interface never allows: they exist so that tests can prove that
 * {@link #verifyChain()} detects tampering (the conformance kit's {@code Tamperer}). Records are
 * addressed by their sequence number; a forged record is stored exactly as given.
 */
public final class InMemoryCustodyLog implements CustodyLog {
    private final ReentrantLock lock = new ReentrantLock();
    /** Records in storage order; guarded by {@link #lock}. */
    private final List<CustodyRecord> records = new ArrayList<>();
    private volatile boolean closed;

    @Override
    public CustodyRecord append(CustodyEvent event) {
        Objects.requireNonNull(event, "event");
        lock.lock();
        try {
            if (closed) {
                throw new PermanentMigrationException(ReasonCode.CUSTODY_FAILURE, event.item(), "custody log is closed");
            }
            CustodyRecord r = CustodyRecord.next(records.isEmpty() ? null : records.get(records.size() - 1), event);
            records.add(r);
            return r;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void read(CustodyQuery query, Consumer<? super CustodyRecord> sink) {
        for (CustodyRecord r : snapshot()) {
            if (query.matches(r)) {
                sink.accept(r);
            }
        }
    }

    @Override
    public Optional<CustodyRecord> head() {
        lock.lock();
        try {
            return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ChainVerification verifyChain() {
        return CustodyChain.verify(snapshot().iterator());
    }

    /** The number of records stored. */
    public int size() {
        lock.lock();
        try {
            return records.size();
        } finally {
            lock.unlock();
        }
    }

    private List<CustodyRecord> snapshot() {
        lock.lock();
        try {
            return List.copyOf(records);
        } finally {
            lock.unlock();
        }
    }

    /** Stops appends; idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    /** Tampering, for tests: stores {@code forged} in place of the record with this sequence number. */
    public void tamperReplace(long sequence, CustodyRecord forged) {
        Objects.requireNonNull(forged, "forged");
        lock.lock();
        try {
            records.set(indexOf(sequence), forged);
        } finally {
            lock.unlock();
        }
    }

    /** Tampering, for tests: removes the record with this sequence number; the others keep theirs. */
    public void tamperDelete(long sequence) {
        lock.lock();
        try {
            records.remove(indexOf(sequence));
        } finally {
            lock.unlock();
        }
    }

    /** Tampering, for tests: stores {@code forged} right after the record with this sequence number. */
    public void tamperInsertAfter(long sequence, CustodyRecord forged) {
        Objects.requireNonNull(forged, "forged");
        lock.lock();
        try {
            records.add(indexOf(sequence) + 1, forged);
        } finally {
            lock.unlock();
        }
    }

    /** Tampering, for tests: the two records trade places in storage order, each keeping its sequence number. */
    public void tamperSwap(long first, long second) {
        lock.lock();
        try {
            int a = indexOf(first);
            int b = indexOf(second);
            CustodyRecord r = records.get(a);
            records.set(a, records.get(b));
            records.set(b, r);
        } finally {
            lock.unlock();
        }
    }

    private int indexOf(long sequence) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).sequence() == sequence) {
                return i;
            }
        }
        throw new IllegalArgumentException("no record with sequence " + sequence);
    }

    @Override
    public String toString() {
        return "InMemoryCustodyLog[" + size() + " records]";
    }
}
