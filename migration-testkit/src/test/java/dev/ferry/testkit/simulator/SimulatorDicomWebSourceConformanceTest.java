package dev.ferry.testkit.simulator;

import dev.ferry.api.DicomInstance;
import dev.ferry.dicom.archive.web.DicomWebSource;
import dev.ferry.spi.SourceArchive;
import dev.ferry.testkit.tck.SourceArchiveConformance;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The source kit against the simulator over DICOMweb: QIDO-RS in small pages, WADO-RS. */
@Timeout(120)
class SimulatorDicomWebSourceConformanceTest extends SourceArchiveConformance {
    @TempDir
    static Path folder;
    private LegacyPacsSimulator sim;

    @Override
    protected SourceArchive createSource(List<DicomInstance> content) throws Exception {
        ArchiveFolders.write(content, folder);
        sim = LegacyPacsSimulator.builder().archive(folder).http(0).build().start();
        // A small page, so that listing every study takes several pages.
        return DicomWebSource.builder(sim.dicomWebBase()).pageSize(4).build();
    }

    @AfterAll
    void stopSimulator() {
        if (sim != null) {
            sim.close();
        }
    }
}
