package dev.ferry.testkit.simulator;

import java.util.concurrent.atomic.AtomicLong;

/** The simulator's running counts; {@link #snapshot()} gives them as {@link SimulatorStats}. Thread-safe. */
final class Counters {
    final AtomicLong associationsAborted = new AtomicLong();
    final AtomicLong findRequests = new AtomicLong();
    final AtomicLong moveRequests = new AtomicLong();
    final AtomicLong getRequests = new AtomicLong();
    final AtomicLong instancesSent = new AtomicLong();
    final AtomicLong instancesDropped = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong qidoRequests = new AtomicLong();
    final AtomicLong wadoRequests = new AtomicLong();
    final AtomicLong httpRejected = new AtomicLong();
    final AtomicLong connectionsCut = new AtomicLong();
    final AtomicLong filesServed = new AtomicLong();
    final AtomicLong filesUnreadable = new AtomicLong();
    final AtomicLong filesTruncated = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong deltaStudiesReleased = new AtomicLong();

    SimulatorStats snapshot(long accepted, long rejected, long throttledNanos) {
        return new SimulatorStats(accepted, rejected, associationsAborted.get(), findRequests.get(), moveRequests.get(),
                getRequests.get(), instancesSent.get(), instancesDropped.get(), bytesSent.get(), qidoRequests.get(),
                wadoRequests.get(), httpRejected.get(), connectionsCut.get(), filesServed.get(), filesUnreadable.get(),
                filesTruncated.get(), duplicates.get(), deltaStudiesReleased.get(), throttledNanos);
    }
}
