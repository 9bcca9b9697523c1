package dev.ferry.testkit.simulator;

import dev.ferry.api.DicomInstance;
import dev.ferry.dicom.archive.dimse.DimseSource;
import dev.ferry.spi.SourceArchive;
import dev.ferry.testkit.tck.SourceArchiveConformance;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The source kit against the simulator over DIMSE: C-FIND, and C-GET on the same association. */
@Timeout(120)
class SimulatorSourceByGetConformanceTest extends SourceArchiveConformance {
    @TempDir
    static Path folder;
    private LegacyPacsSimulator sim;

    @Override
    protected SourceArchive createSource(List<DicomInstance> content) throws Exception {
        ArchiveFolders.write(content, folder);
        sim = LegacyPacsSimulator.builder().archive(folder).build().start();
        return DimseSource.builder(sim.dimse()).callingAeTitle("FERRY").maxAssociations(3).build();
    }

    @AfterAll
    void stopSimulator() {
        if (sim != null) {
            sim.close();
        }
    }
}
