package dev.ferry.testkit.archives;

import dev.ferry.api.DicomInstance;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.archive.folder.FolderSource;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.spi.SourceArchive;
import dev.ferry.testkit.tck.SourceArchiveConformance;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source kit against a folder of Part 10 files, laid out as exports often are: a folder per
 * study and series, files without an extension.
 */
class FolderSourceConformanceTest extends SourceArchiveConformance {
    @TempDir
    static Path folder;

    @Override
    protected SourceArchive createSource(List<DicomInstance> content) throws Exception {
        int n = 0;
        for (DicomInstance i : content) {
            Path dir = folder.resolve("study" + Math.abs(i.descriptor().studyInstanceUid().hashCode() % 1000))
                    .resolve("series" + Math.abs(i.descriptor().seriesInstanceUid().hashCode() % 1000));
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(dir.resolve("IM" + n++))) {
                DicomWriter.writeFile(out, i, TransferSyntax.of(i.transferSyntaxUid()), null);
            }
        }
        return FolderSource.builder(folder).name("folder-source").build();
    }
}
