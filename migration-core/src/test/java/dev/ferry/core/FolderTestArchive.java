package dev.ferry.core;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.Tag;
import dev.ferry.spi.DestinationArchive;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A destination on disk that survives its process being killed, for the crash test: each instance
 * is a file {@code <study>/<sop>} written to a temporary name, forced to disk and renamed; every
 * completed store then appends a line to {@code stores.log}, so a test can count stores across
 * processes. Thread-safe as the file system is.
 */
final class FolderTestArchive implements DestinationArchive {
    private final Path root;

    FolderTestArchive(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    Path log() {
        return root.resolve("stores.log");
    }

    @Override
    public String name() {
        return "folder-test";
    }

    @Override
    public StoreResult store(DicomInstance instance) throws IOException {
        String study = instance.header().getString(Tag.StudyInstanceUID, "");
        String sop = instance.descriptor().sopInstanceUid();
        Path dir = Files.createDirectories(root.resolve(study));
        Path tmp = Files.createTempFile(dir, "tmp-", ".part");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
            instance.remainder().transferTo(out);
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(sop), StandardCopyOption.ATOMIC_MOVE);
        synchronized (this) {
            try (FileChannel log = FileChannel.open(log(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                log.write(java.nio.ByteBuffer.wrap((sop + "\n").getBytes(StandardCharsets.US_ASCII)));
                log.force(true);
            }
        }
        return StoreResult.stored(sop);
    }

    @Override
    public Optional<StudyManifest> describe(String studyInstanceUid) throws IOException {
        Path dir = root.resolve(studyInstanceUid);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<InstanceDescriptor> held = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("tmp-")).sorted()
                    .forEach(sop -> held.add(new InstanceDescriptor(studyInstanceUid, studyInstanceUid + ".1", sop,
                            "1.2.840.10008.5.1.4.1.1.2", StudyDescriptor.UNKNOWN)));
        }
        return Optional.of(new StudyManifest(StudyDescriptor.ofUid(studyInstanceUid), List.of(), held));
    }

    @Override
    public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) {
        throw new UnsupportedOperationException("the crash test reads files directly");
    }

    @Override
    public void close() {}
}
