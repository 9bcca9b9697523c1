package dev.ferry.dicom.archive.folder;

import dev.ferry.api.Dataset;
import dev.ferry.api.MigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomParseException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes a folder: lists its files (a DICOMDIR's references, or every regular file of the tree),
 * reads each one's header (never its pixel data), and groups the instances by study and series.
 * Files whose size and modification time did not change since the last pass are not read again,
 * so a refresh costs a listing plus the new and changed files.
 *
 * <p>{@link Grouping} decides what to list for a SOP Instance UID that several files hold.
 *
 * <p>Not thread-safe: the owner runs one pass at a time (under its lock) and publishes the result.
 */
final class Indexer {
    private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);

    private final Path root;
    private final String archive;
    private final boolean media;
    private final Predicate<String> fileNames;
    /** The last pass's records by relative path, reused for unchanged files. */
    private Map<String, FileRecord> known = Map.of();
    /** SHA-256 of the data sets of files that share a SOP Instance UID with another, by record. */
    private Map<FileRecord, byte[]> digests = Map.of();
    /** Problems of the last listing, so that a refresh logs only new ones. */
    private Set<FileProblem> listed = Set.of();

    /**
     * @param media whether a DICOMDIR at the root decides which files belong (else the tree is walked)
     * @param fileNames which file names the walk considers
     */
    Indexer(Path root, String archive, boolean media, Predicate<String> fileNames) {
        this.root = root;
        this.archive = archive;
        this.media = media;
        this.fileNames = fileNames;
    }

    /** A file to index; its path is kept as a string, not a {@link Path}, to keep a listing of millions small. */
    private record Candidate(String path, long size, long modified) {}

    /**
     * A new index of the folder as it is now.
     *
     * @throws IOException if the root itself cannot be listed
     */
    FolderIndex index() throws IOException {
        List<FileProblem> problems = new ArrayList<>();
        List<Candidate> candidates = list(problems);
        candidates.sort(Comparator.comparing(Candidate::path));
        for (FileProblem p : problems) {
            if (!listed.contains(p)) {
                LOG.warn("{}: {} {}: {}", archive, p.path(), p.reason(), p.detail());
            }
        }
        listed = new HashSet<>(problems);
        Map<String, FileRecord> records = new LinkedHashMap<>(Math.max(16, candidates.size() * 4 / 3 + 1));
        Sharing sharing = new Sharing();
        int read = 0;
        for (Candidate c : candidates) {
            FileRecord r = known.get(c.path());
            if (r == null || r.retry() || r.size() != c.size() || r.modified() != c.modified()) {
                r = read(c);
                read++;
                if (r == null) {
                    continue; // gone since it was listed
                }
                if (r.problem() != null) {
                    LOG.warn("{}: {} {}: {}", archive, r.path(), r.problem(), r.detail());
                }
            }
            records.put(c.path(), sharing.share(r));
        }
        known = records;
        Grouping grouping = new Grouping(root, archive, digests);
        FolderIndex index = grouping.group(records.values(), problems);
        digests = grouping.digests();
        LOG.debug("{}: indexed {} files ({} read), {} studies, {} problems", archive, records.size(), read,
                index.studies().size(), index.problems().size());
        return index;
    }

    // ---------------------------------------------------------------------------------------------
    // Listing

    private List<Candidate> list(List<FileProblem> problems) throws IOException {
        if (media) {
            Path dicomdir = DicomDirectory.find(root);
            if (dicomdir != null) {
                List<DicomDirectory.Reference> refs = DicomDirectory.read(root, dicomdir, problems);
                if (refs != null) {
                    List<Candidate> out = new ArrayList<>(refs.size());
                    for (DicomDirectory.Reference r : refs) {
                        try {
                            BasicFileAttributes a = Files.readAttributes(r.file(), BasicFileAttributes.class);
                            out.add(new Candidate(r.path(), a.size(), micros(a)));
                        } catch (NoSuchFileException e) {
                            problems.add(new FileProblem(Path.of(r.path()), ReasonCode.MISSING_INSTANCE,
                                    "named by " + DicomDirectory.NAME + " but gone"));
                        }
                    }
                    return out;
                }
            }
        }
        return walk(problems);
    }

    private List<Candidate> walk(List<FileProblem> problems) throws IOException {
        List<Candidate> out = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                if (a.isSymbolicLink()) {
                    problems.add(new FileProblem(root.relativize(file), ReasonCode.REFUSED,
                            "a symbolic link; links are not followed"));
                } else if (a.isRegularFile() && fileNames.test(file.getFileName().toString())) {
                    out.add(new Candidate(root.relativize(file).toString(), a.size(), micros(a)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (file.equals(root)) {
                    throw e;
                }
                if (!(e instanceof NoSuchFileException)) {
                    problems.add(new FileProblem(root.relativize(file), ReasonCode.REFUSED,
                            "cannot be listed or read: " + e.getClass().getSimpleName()));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    private static long micros(BasicFileAttributes a) {
        return a.lastModifiedTime().to(TimeUnit.MICROSECONDS);
    }

    // ---------------------------------------------------------------------------------------------
    // Reading one file

    /** What the file holds, or what is wrong with it; {@code null} if it is gone. */
    private FileRecord read(Candidate c) {
        try (Part10File f = Part10File.open(root.resolve(c.path()), c.path())) {
            if (f.isDicomdir()) {
                LOG.debug("{}: {} is a DICOMDIR inside the tree; its files are indexed where they lie", archive,
                        c.path());
                return FileRecord.ignored(c.path(), c.size(), c.modified());
            }
            DicomObject o = f.object();
            Dataset h = o.header();
            String study = HeaderFacts.uid(h, Tag.StudyInstanceUID);
            String series = HeaderFacts.uid(h, Tag.SeriesInstanceUID);
            String sop = HeaderFacts.uid(h, Tag.SOPInstanceUID);
            String cls = HeaderFacts.uid(h, Tag.SOPClassUID);
            List<String> missing = new ArrayList<>();
            for (int tag : new int[] {Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.SOPInstanceUID, Tag.SOPClassUID}) {
                if (HeaderFacts.uid(h, tag).isEmpty()) {
                    missing.add(Tags.describe(tag));
                }
            }
            if (!missing.isEmpty()) {
                return FileRecord.problem(c.path(), c.size(), c.modified(), ReasonCode.INVALID_VALUE,
                        "DICOM, but no " + String.join(", ", missing) + ": cannot name an instance", false);
            }
            String damage = f.damage();
            return new FileRecord(c.path(), c.size(), c.modified(), HeaderFacts.study(study, h),
                    HeaderFacts.series(series, h), sop, cls, o.transferSyntax().uid(), o.datasetOffset(),
                    damage == null ? null : ReasonCode.CORRUPT_OBJECT, damage == null ? "" : damage, false);
        } catch (DicomParseException e) {
            return FileRecord.problem(c.path(), c.size(), c.modified(), ReasonCode.CORRUPT_OBJECT,
                    "not DICOM or corrupt: " + e.getMessage(), false);
        } catch (NoSuchFileException e) {
            return null;
        } catch (AccessDeniedException e) {
            return FileRecord.problem(c.path(), c.size(), c.modified(), ReasonCode.REFUSED,
                    "cannot be read: permission denied", true);
        } catch (IOException e) {
            return FileRecord.problem(c.path(), c.size(), c.modified(), ReasonCode.CORRUPT_OBJECT,
                    "cannot be read: " + e.getClass().getSimpleName(), true);
        } catch (MigrationException e) {
            return FileRecord.problem(c.path(), c.size(), c.modified(), e.reason(), e.getMessage(), false);
        }
    }

    /**
     * Makes records of one study, series, SOP class or transfer syntax share one object, so the
     * index holds each once. The first file read of a study or series gives its facts.
     */
    private static final class Sharing {
        private final Map<String, HeaderFacts.Study> studies = new HashMap<>();
        private final Map<String, HeaderFacts.Series> series = new HashMap<>();
        private final Map<String, String> strings = new HashMap<>();

        FileRecord share(FileRecord r) {
            if (!r.holdsInstance()) {
                return r;
            }
            HeaderFacts.Study s = studies.computeIfAbsent(r.study().studyInstanceUid(), k -> r.study());
            HeaderFacts.Series e = series.computeIfAbsent(s.studyInstanceUid() + '\0' + r.series().seriesInstanceUid(),
                    k -> r.series());
            return r.sharing(s, e, strings.computeIfAbsent(r.sopClassUid(), k -> k),
                    strings.computeIfAbsent(r.transferSyntaxUid(), k -> k));
        }
    }
}
