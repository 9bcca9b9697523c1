package dev.ferry.testkit.archives;

import dev.ferry.dicom.archive.web.DicomWebDestination;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.testkit.tck.DestinationArchiveConformance;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The destination kit against Orthanc 1.10 with its DICOMweb plugin (1.7): instances are stored with
 * STOW-RS, described with QIDO-RS and read back with WADO-RS. One Orthanc for the class, emptied
 * through its REST API before each test. Orthanc changes no header element of what it stores.
 *
 * <p>{@code mvn -B -o -pl migration-testkit -am verify -Pinterop -Dit.test='DicomWeb*' -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
class DicomWebDestinationConformanceIT extends DestinationArchiveConformance {
    private static OrthancPeer orthanc;

    @BeforeAll
    static void startOrthanc() throws IOException {
        orthanc = OrthancPeer.start(java.util.Map.of());
    }

    @AfterAll
    static void stopOrthanc() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    @Override
    protected DestinationArchive createDestination() throws IOException {
        orthanc.deleteEverything();
        return DicomWebDestination.builder(orthanc.orthanc.dicomWebUri()).build();
    }

    /** Orthanc reads each instance it receives into memory: it cannot take one of more than 2 GiB. */
    @Override
    protected boolean peerHoldsInstancesOver2GiB() {
        return false;
    }
}
