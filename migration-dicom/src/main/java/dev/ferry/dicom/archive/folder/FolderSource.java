package dev.ferry.dicom.archive.folder;

import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SourceArchive} over a folder of DICOM files: an export of a PACS, a copy of media, a
 * physically seeded archive.
 *
 * <pre>{@code
 * FolderSource source = FolderSource.builder(Path.of("/mnt/seed")).name("seed-disk-3").build();
 * source.query(StudyQuery.ALL, inventory::add);
 * source.problems().forEach(p -> report.add(p.path(), p.reason(), p.detail()));
 * }</pre>
 *
 * <p>Two layouts, told apart by the root: with a {@code DICOMDIR} there (any case, ISO 9660
 * decorations allowed), the files its directory records reference are the archive (PS3.10 media;
 * Referenced File IDs are resolved under the root, never outside it, and looked up ignoring case
 * when not found exactly); without one, every regular file of the tree is, whatever its name
 * (DICOM files often have no extension). A DICOMDIR that cannot be read is reported and the tree is
 * walked instead. Symbolic links are not followed in a walk (they are reported). What a file holds
 * is read from the file, not from the DICOMDIR's records, which go stale; a file a record names but
 * that is absent is reported ({@link dev.ferry.api.ReasonCode#MISSING_INSTANCE}, with the SOP
 * Instance UID the record gives) but, since the record hierarchy is not walked, not counted in a
 * study.
 *
 * <p>Indexing reads each file's header only (the reader stops at Pixel Data) and keeps a compact
 * index in memory: roughly 300 bytes plus the relative path per file, so a million files need about
 * 350 MB of heap. It runs on first use; {@link #refresh()} indexes again, reading only the files
 * that are new or whose size or modification time changed (a file rewritten with the same size
 * within the file system's time resolution is not noticed).
 *
 * <p>Files that cannot be migrated are reported, never fatal: {@link #problems()} lists them, and
 * each is logged (path, reason, detail; never a header value) when first found. A file that is not
 * DICOM, or whose header is corrupt, is not listed at all. A file whose pixel data runs past its end
 * (truncated) is found at indexing without reading its pixel data; if its UIDs are readable, the
 * instance is listed and its retrieval reported as a {@link dev.ferry.api.ReasonCode#CORRUPT_OBJECT}
 * failure, never delivered truncated (a deflated data set cannot be checked this way: its
 * truncation surfaces while the consumer reads). Several files with one SOP Instance UID are compared
 * ({@link #duplicates()}): identical data sets are delivered once; different ones are delivered
 * from none, listed once, and their retrieval fails with
 * {@link dev.ferry.api.ReasonCode#DUPLICATE_CONFLICT} naming the files.
 *
 * <p>{@link #retrieve} delivers each instance as its file holds it: same transfer syntax, header
 * parsed afresh for each delivery, remainder streamed from the file byte for byte.
 *
 * <p>Thread-safe: the index is built under a lock and published whole; queries, descriptions and
 * retrievals read the published index without locking and may run concurrently, also with a
 * refresh (they see the index before or after it).
 */
public final class FolderSource implements SourceArchive {
    private static final Logger LOG = LoggerFactory.getLogger(FolderSource.class);

    private final Path root;
    private final String name;
    private final Indexer indexer;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile FolderIndex index;
    private volatile boolean closed;

    private FolderSource(Builder b) {
        this.root = b.root;
        this.name = b.nameOrDefault();
        this.indexer = new Indexer(root, name, true, fileName -> true);
    }

    /** A builder for a source over the folder {@code root}, which must exist. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    @Override
    public String name() {
        return name;
    }

    /** The folder this source reads. */
    public Path root() {
        return root;
    }

    /**
     * Indexes the folder again, reading only new and changed files, and publishes the new index;
     * files that are gone drop out. Runs on the calling thread; a concurrent first use waits for it.
     */
    public void refresh() throws IOException {
        ensureOpen();
        lock.lock();
        try {
            index = indexed();
        } finally {
            lock.unlock();
        }
    }

    /** Files that cannot be migrated as they are, in path order (indexes first if needed). */
    public List<FileProblem> problems() throws IOException {
        return index().problems();
    }

    /** SOP Instance UIDs that several intact files hold, with whether their data sets are identical. */
    public List<DuplicateFiles> duplicates() throws IOException {
        return index().duplicates();
    }

    @Override
    public void query(StudyQuery query, Consumer<? super StudyDescriptor> sink) throws IOException {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(sink, "sink");
        for (FolderIndex.StudyNode study : index().studies()) {
            if (!query.studyInstanceUids().isEmpty() && !query.studyInstanceUids().contains(study.uid())) {
                continue;
            }
            StudyDescriptor d = study.descriptor();
            if (query.matches(d)) {
                sink.accept(d);
            }
        }
    }

    @Override
    public Optional<StudyManifest> describe(String studyInstanceUid) throws IOException {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        FolderIndex.StudyNode study = index().study(studyInstanceUid);
        return study == null ? Optional.empty() : Optional.of(study.manifest());
    }

    @Override
    public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(consumer, "consumer");
        return Retrieval.retrieve(root, index().study(request.studyInstanceUid()), request, consumer);
    }

    /** Drops the index; the files are not held open between calls. Idempotent. */
    @Override
    public void close() {
        closed = true;
        index = null;
    }

    private FolderIndex index() throws IOException {
        ensureOpen();
        FolderIndex i = index;
        if (i != null) {
            return i;
        }
        lock.lock();
        try {
            if (index == null) {
                index = indexed();
            }
            return index;
        } finally {
            lock.unlock();
        }
    }

    /** A pass of the indexer; the caller holds the lock. */
    private FolderIndex indexed() throws IOException {
        FolderIndex i = indexer.index();
        LOG.info("{}: {} files, {} studies, {} problems, {} SOP Instance UIDs in several files", name, i.files(),
                i.studies().size(), i.problems().size(), i.duplicates().size());
        return i;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    @Override
    public String toString() {
        return "FolderSource[" + name + "]";
    }

    /** Builds a {@link FolderSource}; not thread-safe. */
    public static final class Builder extends FolderArchiveBuilder<Builder> {
        private Builder(Path root) {
            super(root);
        }

        /** @throws IllegalArgumentException naming {@code root} if it is not a folder */
        public FolderSource build() {
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("root is not a folder: " + root);
            }
            return new FolderSource(this);
        }
    }
}
