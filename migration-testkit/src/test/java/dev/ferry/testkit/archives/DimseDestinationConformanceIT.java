package dev.ferry.testkit.archives;

import dev.ferry.dicom.archive.dimse.DimseDestination;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.testkit.tck.DestinationArchiveConformance;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The destination kit against Orthanc over DIMSE: C-STORE, C-FIND, and C-GET to read back. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DimseDestinationConformanceIT extends DestinationArchiveConformance {
    private OrthancPeer orthanc;

    /**
     * Orthanc serves 4 associations at once by default and queues the rest; the destination keeps
     * up to 4 storing and 4 reading associations open (idle ones for 30 s), so with the default the
     * concurrent tests wait for Orthanc's idle timeout rather than test anything.
     */
    @BeforeAll
    void startOrthanc() throws Exception {
        orthanc = OrthancPeer.start(Map.of("DicomThreadsCount", 16));
    }

    @AfterAll
    void stopOrthanc() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    @Override
    protected DestinationArchive createDestination() throws Exception {
        orthanc.deleteEverything();
        return DimseDestination.builder(orthanc.dicom()).callingAeTitle(OrthancPeer.FERRY_AET).maxAssociations(4)
                .build();
    }

    /** Orthanc reads each instance it receives into memory: 2.6 GB is beyond it, whatever Ferry streams. */
    @Override
    protected boolean peerHoldsInstancesOver2GiB() {
        return false;
    }
}
