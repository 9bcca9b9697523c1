package dev.ferry.testkit.tck;

import dev.ferry.spi.DestinationArchive;

/**
 * The destination kit against a destination that streams and cannot read back: the read-back tests
 * are skipped, and the more-than-2-GiB streaming test runs.
 */
class DigestingDestinationConformanceTest extends DestinationArchiveConformance {
    @Override
    protected DestinationArchive createDestination() {
        return new DigestingDestination();
    }
}
