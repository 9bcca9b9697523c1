package dev.ferry.testkit.memory;

import dev.ferry.spi.CustodyLog;
import dev.ferry.testkit.tck.CustodyLogConformance;
import dev.ferry.testkit.tck.InMemoryTamperer;
import dev.ferry.testkit.tck.Tamperer;

/** The custody kit against the in-memory log, tampered with through its test hooks. */
class InMemoryCustodyLogConformanceTest extends CustodyLogConformance {
    @Override
    protected CustodyLog createLog() {
        return new InMemoryCustodyLog();
    }

    @Override
    protected Tamperer tamperer(CustodyLog log) {
        return new InMemoryTamperer((InMemoryCustodyLog) log);
    }
}
