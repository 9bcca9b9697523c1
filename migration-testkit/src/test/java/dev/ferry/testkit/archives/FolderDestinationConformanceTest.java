package dev.ferry.testkit.archives;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dicom.archive.folder.FolderDestination;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.testkit.tck.DestinationArchiveConformance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The destination kit against a folder, including the instance of more than 2 GiB. */
class FolderDestinationConformanceTest extends DestinationArchiveConformance {
    @TempDir
    Path folder;

    @Override
    protected DestinationArchive createDestination() {
        return FolderDestination.builder(folder).name("folder-destination").build();
    }

    @AfterEach
    void leavesNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".part")))
                    .as("temporary files left behind").isEmpty();
        }
    }
}
