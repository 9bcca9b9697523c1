package dev.ferry.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dicom.archive.dimse.DimseDestination;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.testkit.tck.DestinationArchiveConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The destination kit against the strict destination through Ferry's DimseDestination (C-STORE,
 * C-FIND, C-GET to read back), every rule on: the kit's conformant content must pass them all.
 */
@Timeout(120)
class StrictDestinationConformanceTest extends DestinationArchiveConformance {
    @TempDir
    Path dir;
    private StrictDestination pacs;

    @Override
    protected DestinationArchive createDestination() throws Exception {
        pacs = StrictDestination.builder().aeTitle("NEWPACS").folder(Files.createTempDirectory(dir, "newpacs"))
                .build().start();
        return DimseDestination.builder(pacs.ae()).callingAeTitle("FERRY").maxAssociations(4).build();
    }

    @AfterEach
    void nothingRefusedAndStop() {
        if (pacs != null) {
            assertThat(pacs.refusals()).as("what the strict destination refused of conformant content").isEmpty();
            pacs.close();
        }
    }

    /**
     * The 2.6 GB instance streams through to a temporary folder and back again: tens of seconds on a
     * shared two-core machine, for a test class meant to run in seconds. Run it with
     * {@code -Dferry.simulator.large=true}.
     */
    @Override
    protected boolean peerHoldsInstancesOver2GiB() {
        return Boolean.getBoolean("ferry.simulator.large");
    }
}
