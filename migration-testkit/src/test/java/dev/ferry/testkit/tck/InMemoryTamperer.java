package dev.ferry.testkit.tck;

import dev.ferry.api.CustodyRecord;
import dev.ferry.testkit.memory.InMemoryCustodyLog;

/** A {@link Tamperer} over the in-memory log's tamper methods. */
public final class InMemoryTamperer implements Tamperer {
    private final InMemoryCustodyLog log;

    public InMemoryTamperer(InMemoryCustodyLog log) {
        this.log = log;
    }

    @Override
    public void replace(long sequence, CustodyRecord forged) {
        log.tamperReplace(sequence, forged);
    }

    @Override
    public void delete(long sequence) {
        log.tamperDelete(sequence);
    }

    @Override
    public void insertAfter(long sequence, CustodyRecord forged) {
        log.tamperInsertAfter(sequence, forged);
    }

    @Override
    public void swap(long first, long second) {
        log.tamperSwap(first, second);
    }
}
