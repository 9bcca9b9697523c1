package dev.ferry.testkit.memory;

import dev.ferry.api.DicomInstance;
import dev.ferry.spi.SourceArchive;
import dev.ferry.testkit.tck.SourceArchiveConformance;
import java.util.List;

/** The source kit against the in-memory archive. */
class InMemorySourceArchiveConformanceTest extends SourceArchiveConformance {
    @Override
    protected SourceArchive createSource(List<DicomInstance> content) throws Exception {
        InMemoryArchive archive = new InMemoryArchive("memory-source");
        for (DicomInstance i : content) {
            archive.put(i);
        }
        return archive;
    }
}
