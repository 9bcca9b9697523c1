package dev.ferry.testkit.memory;

import dev.ferry.spi.DestinationArchive;
import dev.ferry.testkit.tck.DestinationArchiveConformance;

/** The destination kit against the in-memory archive, which holds whole instances in memory. */
class InMemoryDestinationArchiveConformanceTest extends DestinationArchiveConformance {
    @Override
    protected DestinationArchive createDestination() {
        return new InMemoryArchive("memory-destination");
    }

    @Override
    protected boolean buffersInMemory() {
        return true;
    }
}
