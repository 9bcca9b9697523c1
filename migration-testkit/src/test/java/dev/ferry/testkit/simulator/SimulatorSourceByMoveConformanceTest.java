package dev.ferry.testkit.simulator;

import dev.ferry.api.DicomInstance;
import dev.ferry.dicom.archive.dimse.DimseSource;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.peer.FreePorts;
import dev.ferry.spi.SourceArchive;
import dev.ferry.testkit.tck.SourceArchiveConformance;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The source kit against the simulator over DIMSE: C-FIND, and C-MOVE into Ferry's Storage SCP. */
@Timeout(120)
class SimulatorSourceByMoveConformanceTest extends SourceArchiveConformance {
    @TempDir
    static Path folder;
    private LegacyPacsSimulator sim;

    @Override
    protected SourceArchive createSource(List<DicomInstance> content) throws Exception {
        ArchiveFolders.write(content, folder);
        RemoteAe ferry = new RemoteAe("FERRY", "127.0.0.1", FreePorts.allocate());
        sim = LegacyPacsSimulator.builder().archive(folder).moveDestination("FERRY", ferry).build().start();
        return DimseSource.builder(sim.dimse()).callingAeTitle("FERRY").moveTo(ferry).maxAssociations(3).build();
    }

    @AfterAll
    void stopSimulator() {
        if (sim != null) {
            sim.close();
        }
    }
}
