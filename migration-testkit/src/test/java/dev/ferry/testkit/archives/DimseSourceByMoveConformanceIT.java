package dev.ferry.testkit.archives;

import dev.ferry.api.DicomInstance;
import dev.ferry.dicom.archive.dimse.DimseSource;
import dev.ferry.spi.SourceArchive;
import dev.ferry.testkit.tck.SourceArchiveConformance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The source kit against Orthanc over DIMSE: C-FIND, and C-MOVE into Ferry's Storage SCP. */
class DimseSourceByMoveConformanceIT extends SourceArchiveConformance {
    private OrthancPeer orthanc;

    @Override
    protected SourceArchive createSource(List<DicomInstance> content) throws Exception {
        orthanc = OrthancPeer.start(Map.of());
        orthanc.upload(content);
        return DimseSource.builder(orthanc.dicom())
                .callingAeTitle(OrthancPeer.FERRY_AET)
                .moveTo(orthanc.moveDestination)
                .maxAssociations(3)
                .build();
    }

    @AfterAll
    void stopOrthanc() {
        if (orthanc != null) {
            orthanc.close();
        }
    }
}
