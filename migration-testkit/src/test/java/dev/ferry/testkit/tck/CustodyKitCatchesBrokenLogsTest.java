package dev.ferry.testkit.tck;

import dev.ferry.api.ChainVerification;
import dev.ferry.api.CustodyChain;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyQuery;
import dev.ferry.api.CustodyRecord;
import dev.ferry.spi.CustodyLog;
import dev.ferry.testkit.memory.InMemoryCustodyLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The custody kit fails logs that break its contract, each in one way. */
class CustodyKitCatchesBrokenLogsTest {

    /** A log that forwards to an in-memory one; broken logs override one method. */
    static class ForwardingLog implements CustodyLog {
        final InMemoryCustodyLog delegate = new InMemoryCustodyLog();

        @Override
        public CustodyRecord append(CustodyEvent event) {
            return delegate.append(event);
        }

        @Override
        public void read(CustodyQuery query, Consumer<? super CustodyRecord> sink) {
            delegate.read(query, sink);
        }

        @Override
        public Optional<CustodyRecord> head() {
            return delegate.head();
        }

        @Override
        public ChainVerification verifyChain() {
            return delegate.verifyChain();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** Checks the chain once, when the log is created, and trusts it ever after. */
    @BrokenOnPurpose
    static class TrustsItsCache extends CustodyLogConformance {
        @Override
        protected CustodyLog createLog() {
            return new ForwardingLog() {
                @Override
                public ChainVerification verifyChain() {
                    Optional<CustodyRecord> h = head();
                    return new ChainVerification.Intact(h.map(CustodyRecord::sequence).orElse(0L),
                            h.map(CustodyRecord::hash).orElse(CustodyChain.GENESIS));
                }
            };
        }

        @Override
        protected Tamperer tamperer(CustodyLog log) {
            return new InMemoryTamperer(((ForwardingLog) log).delegate);
        }
    }

    /** Hashes records without their details, so evidence could be changed unnoticed. */
    @BrokenOnPurpose
    static class HashesWithoutDetails extends CustodyLogConformance {
        @Override
        protected CustodyLog createLog() {
            return new ForwardingLog() {
                private final ReentrantLock lock = new ReentrantLock();
                private final List<CustodyRecord> records = new ArrayList<>();

                @Override
                public CustodyRecord append(CustodyEvent event) {
                    CustodyEvent bare = CustodyEvent.of(event.time(), event.type(), event.actor(), event.item(), Map.of());
                    lock.lock();
                    try {
                        CustodyRecord last = records.isEmpty() ? null : records.get(records.size() - 1);
                        long seq = last == null ? 1 : last.sequence() + 1;
                        String prev = last == null ? CustodyChain.GENESIS : last.hash();
                        CustodyRecord r = new CustodyRecord(seq, event, prev, CustodyChain.hash(prev, seq, bare));
                        records.add(r);
                        return r;
                    } finally {
                        lock.unlock();
                    }
                }

                @Override
                public void read(CustodyQuery query, Consumer<? super CustodyRecord> sink) {
                    List<CustodyRecord> snapshot;
                    lock.lock();
                    try {
                        snapshot = List.copyOf(records);
                    } finally {
                        lock.unlock();
                    }
                    snapshot.stream().filter(query::matches).forEach(sink);
                }

                @Override
                public ChainVerification verifyChain() {
                    List<CustodyRecord> all = new ArrayList<>();
                    read(CustodyQuery.ALL, all::add);
                    return CustodyChain.verify(all.iterator());
                }
            };
        }
    }

    /** Reads the newest records first. */
    @BrokenOnPurpose
    static class ReadsNewestFirst extends CustodyLogConformance {
        @Override
        protected CustodyLog createLog() {
            return new ForwardingLog() {
                @Override
                public void read(CustodyQuery query, Consumer<? super CustodyRecord> sink) {
                    List<CustodyRecord> all = new ArrayList<>();
                    delegate.read(query, all::add);
                    Collections.reverse(all);
                    all.forEach(sink);
                }
            };
        }
    }

    @Test
    void aVerificationThatDoesNotReReadTheStorageFailsTheTamperTests() {
        KitRun.of(TrustsItsCache.class)
                .failed("modifiedRecordIsDetectedAtThatRecord")
                .failed("deletedRecordIsDetected")
                .failed("insertedRecordIsDetectedAtTheRecordAfterIt")
                .failed("reorderedRecordsAreDetected")
                .passed("untamperedChainVerifiesIntact");
    }

    @Test
    void hashingWithoutDetailsFails() {
        KitRun.of(HashesWithoutDetails.class)
                .failed("eachRecordLinksToThePreviousAndHashesItsContent")
                .failed("untamperedChainVerifiesIntact")
                .passed("appendsAreNumberedFromOneWithoutGaps")
                .passed("readAllReturnsTheRecordsInOrderOnTheCallingThread");
    }

    @Test
    void readingOutOfOrderFails() {
        KitRun.of(ReadsNewestFirst.class)
                .failed("readAllReturnsTheRecordsInOrderOnTheCallingThread")
                .failed("readByStudyReturnsOnlyThatStudyInOrder")
                .passed("headIsTheLastRecordAppended");
    }
}
