package dev.ferry.testkit.simulator;

import dev.ferry.api.DicomInstance;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.testkit.SyntheticInstance;
import dev.ferry.testkit.SyntheticStudy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes instances as Part 10 files in a folder per study, as the simulator's tests serve them. */
final class ArchiveFolders {
    private ArchiveFolders() {}

    /** Writes each instance (closing it) under {@code folder}/study-N/; returns the folder. */
    static Path write(List<DicomInstance> content, Path folder) throws IOException {
        int n = 0;
        for (DicomInstance i : content) {
            try (i) {
                Path dir = folder.resolve("s" + Integer.toHexString(i.descriptor().studyInstanceUid().hashCode()));
                Files.createDirectories(dir);
                try (OutputStream out = Files.newOutputStream(dir.resolve("IM" + n++ + ".dcm"))) {
                    DicomWriter.writeFile(out, i, TransferSyntax.of(i.transferSyntaxUid()), "LEGACY");
                }
            }
        }
        return folder;
    }

    static Path write(SyntheticStudy study, Path folder) throws IOException {
        return write(study.newInstances(), folder);
    }

    static Path write(SyntheticInstance instance, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (DicomInstance i = instance.newInstance(); OutputStream out = Files.newOutputStream(file)) {
            DicomWriter.writeFile(out, i, TransferSyntax.of(i.transferSyntaxUid()), "LEGACY");
        }
        return file;
    }
}
