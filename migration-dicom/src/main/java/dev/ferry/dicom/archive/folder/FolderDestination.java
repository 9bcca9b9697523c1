package dev.ferry.dicom.archive.folder;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.spi.DestinationArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DestinationArchive} that keeps each instance as a Part 10 file in a folder.
 *
 * <h2>Layout</h2>
 * <pre>
 * &lt;root&gt;/
 *   3f/                                    first two characters of the study's hash
 *     3fa4…e1/                             SHA-256 of the Study Instance UID (64 hex digits)
 *       9b0c…42.dcm                        SHA-256 of the SOP Instance UID, one file per instance
 *       9b0c…42.dcm.5d1e…a0.part           a store in progress (or interrupted by a crash)
 * </pre>
 * Hashes are of each UID's UTF-8 bytes as the stored header holds it, in lower-case hex. Names are
 * hex digits only, so whatever a UID contains ({@code ../../x}, hundreds of characters) it can
 * neither choose a file name nor leave the root. A file is what {@link DicomWriter} writes: File
 * Meta built by Ferry (SOP class and instance from the header, the instance's transfer syntax),
 * then the header as it is at the time of the store, then the remainder unchanged. To find a study
 * by hand: {@code printf %s "$UID" | sha256sum}. Files ending in {@code .part} are never listed and
 * may be deleted when no store is running.
 *
 * <h2>Storing</h2>
 * A store writes a temporary file in the study's folder, streaming the remainder through a fixed
 * buffer (never whole in memory; its length may be unknown), forces it to disk, and renames it over
 * the instance's file atomically, then forces the folder. Readers and a crash see the old file or
 * the new one, never a part. Idempotent by SOP Instance UID: when the file already holds exactly
 * the bytes just written, the temporary file is dropped and the result is
 * {@link StoreResult.Status#ALREADY_PRESENT}; otherwise it replaces the file ({@link
 * StoreResult.Status#STORED}). Concurrent stores of one instance each write their own temporary
 * file; the last rename wins and one file remains.
 *
 * <h2>Reading back</h2>
 * {@link #describe} reads the headers of the study's folder (never pixel data) and {@link #retrieve}
 * delivers its files as {@link FolderSource} does, with the same checks (a damaged file is a
 * failure, not a truncated delivery).
 *
 * <p>Thread-safe: holds no state but the root; every call works on the files.
 */
public final class FolderDestination implements DestinationArchive {
    private static final Logger LOG = LoggerFactory.getLogger(FolderDestination.class);

    private final Path root;
    private final String name;
    private final HashedLayout layout;
    private volatile boolean closed;

    private FolderDestination(Builder b) {
        this.root = b.root;
        this.name = b.nameOrDefault();
        this.layout = new HashedLayout(root);
    }

    /** A builder for a destination in the folder {@code root}, created if missing. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    @Override
    public String name() {
        return name;
    }

    /** The folder this destination writes to. */
    public Path root() {
        return root;
    }

    /** Where the instance is, or would be, stored (see the layout above). */
    public Path pathOf(String studyInstanceUid, String sopInstanceUid) {
        return layout.file(Objects.requireNonNull(studyInstanceUid, "studyInstanceUid"),
                Objects.requireNonNull(sopInstanceUid, "sopInstanceUid"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The file is named after the UIDs in the header as it is now (a coercer may have changed
     * them), and the result names the header's SOP Instance UID.
     *
     * @throws PermanentMigrationException with {@link ReasonCode#INVALID_VALUE} if the header lacks
     *     the Study, SOP Instance or SOP Class UID
     */
    @Override
    public StoreResult store(DicomInstance instance) throws IOException {
        Objects.requireNonNull(instance, "instance");
        ensureOpen();
        Dataset h = instance.header();
        String study = required(instance, h, Tag.StudyInstanceUID);
        String sop = required(instance, h, Tag.SOPInstanceUID);
        required(instance, h, Tag.SOPClassUID);
        TransferSyntax ts = TransferSyntax.of(instance.transferSyntaxUid());
        Path target = layout.file(study, sop);
        createStudyFolder(target.getParent());
        Path part = AtomicFile.writeTemporary(target, out -> DicomWriter.writeFile(out, instance, ts, null));
        try {
            if (sameContent(part, target)) {
                Files.delete(part);
                LOG.debug("{}: instance {} already held as written", name, sop);
                return new StoreResult(sop, StoreResult.Status.ALREADY_PRESENT, "");
            }
            AtomicFile.commit(part, target);
        } catch (IOException | RuntimeException e) {
            AtomicFile.deleteQuietly(part, e);
            throw e;
        }
        return StoreResult.stored(sop);
    }

    @Override
    public Optional<StudyManifest> describe(String studyInstanceUid) throws IOException {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        FolderIndex.StudyNode study = index(studyInstanceUid);
        return study == null ? Optional.empty() : Optional.of(study.manifest());
    }

    @Override
    public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(consumer, "consumer");
        return Retrieval.retrieve(layout.studyFolder(request.studyInstanceUid()), index(request.studyInstanceUid()),
                request, consumer);
    }

    /** Reads back: always. */
    @Override
    public boolean supportsReadBack() {
        return true;
    }

    /** Nothing is held open between calls; later calls fail. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    /** The study as its folder holds it now; {@code null} if it holds none of it. */
    private FolderIndex.StudyNode index(String studyInstanceUid) throws IOException {
        ensureOpen();
        Path folder = layout.studyFolder(studyInstanceUid);
        if (!Files.isDirectory(folder)) {
            return null;
        }
        return new Indexer(folder, name, false, HashedLayout::isInstanceFile).index().study(studyInstanceUid);
    }

    private static String required(DicomInstance instance, Dataset h, int tag) {
        String v = HeaderFacts.uid(h, tag);
        if (v.isEmpty()) {
            throw new PermanentMigrationException(ReasonCode.INVALID_VALUE, instance.descriptor().ref(),
                    "the header has no " + Tags.describe(tag) + ": the instance cannot be filed");
        }
        return v;
    }

    /** Creates the study's folder and, when new, forces its parents so the folder survives a crash. */
    private void createStudyFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        List<Path> created = new ArrayList<>();
        for (Path p = folder; p != null && !Files.isDirectory(p); p = p.getParent()) {
            created.add(p);
        }
        Files.createDirectories(folder);
        for (Path p : created) {
            AtomicFile.forceFolder(p.getParent());
        }
    }

    /** Whether the two files hold the same bytes (sizes first: a changed instance usually differs in size). */
    private static boolean sameContent(Path written, Path existing) throws IOException {
        if (!Files.exists(existing)) {
            return false;
        }
        try {
            return Files.size(written) == Files.size(existing) && Files.mismatch(written, existing) == -1L;
        } catch (NoSuchFileException e) {
            return false; // replaced or removed meanwhile: write ours
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    @Override
    public String toString() {
        return "FolderDestination[" + name + "]";
    }

    /** Builds a {@link FolderDestination}; not thread-safe. */
    public static final class Builder extends FolderArchiveBuilder<Builder> {
        private Builder(Path root) {
            super(root);
        }

        /**
         * Creates the root if missing.
         *
         * @throws IllegalArgumentException naming {@code root} if it exists and is not a folder
         * @throws UncheckedIOException if it cannot be created
         */
        public FolderDestination build() {
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new IllegalArgumentException("root is not a folder: " + root);
            }
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create root " + root, e);
            }
            return new FolderDestination(this);
        }
    }
}
