package dev.ferry.testkit.archives;

import dev.ferry.api.DicomInstance;
import dev.ferry.dicom.archive.web.DicomWebSource;
import dev.ferry.spi.SourceArchive;
import dev.ferry.testkit.tck.SourceArchiveConformance;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * The source kit against Orthanc 1.10 with its DICOMweb plugin (1.7): the kit's studies are stored
 * through Orthanc's REST API, then listed, described and retrieved through DICOMweb. Orthanc changes
 * no header element of what it stores and returns, so nothing is declared as changed.
 *
 * <p>{@code mvn -B -o -pl migration-testkit -am verify -Pinterop -Dit.test='DicomWeb*' -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
class DicomWebSourceConformanceIT extends SourceArchiveConformance {
    private OrthancPeer orthanc;

    @Override
    protected SourceArchive createSource(List<DicomInstance> content) throws Exception {
        orthanc = OrthancPeer.start(java.util.Map.of());
        orthanc.upload(content);
        // A small page, so that listing every study takes several pages.
        return DicomWebSource.builder(orthanc.orthanc.dicomWebUri()).pageSize(4).build();
    }

    @AfterAll
    void stopOrthanc() {
        if (orthanc != null) {
            orthanc.close();
        }
    }
}
