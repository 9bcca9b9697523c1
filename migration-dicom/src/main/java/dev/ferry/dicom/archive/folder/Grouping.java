package dev.ferry.dicom.archive.folder;

import dev.ferry.api.ReasonCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups the records of one indexing pass into an index: instances by study and series, and a
 * decision for every SOP Instance UID that several files hold. The intact copies are compared by
 * data set size, then by SHA-256 of the data set bytes (File Meta left out: two exports of one
 * instance differ there). Identical copies are delivered once, from the first by path; copies that
 * differ are delivered from none and become a {@link ReasonCode#DUPLICATE_CONFLICT} in each study
 * they claim, listed there once; damaged copies next to an intact one are reported and the intact
 * one is delivered.
 *
 * <p>One instance per pass; not thread-safe.
 */
final class Grouping {
    private static final Logger LOG = LoggerFactory.getLogger(Grouping.class);

    private final Path root;
    private final String archive;
    /** Digests of the last pass, reused for records that did not change. */
    private final Map<FileRecord, byte[]> previous;
    private final Map<FileRecord, byte[]> kept = new HashMap<>();

    Grouping(Path root, String archive, Map<FileRecord, byte[]> previous) {
        this.root = root;
        this.archive = archive;
        this.previous = previous;
    }

    /** The digests this pass computed or reused, for the next pass. */
    Map<FileRecord, byte[]> digests() {
        return kept;
    }

    /**
     * The index of the records (in path order); problems of records, conflicts and unreadable
     * copies are added to {@code problems}, which is then sorted by path and held by the index.
     */
    FolderIndex group(Iterable<FileRecord> records, List<FileProblem> problems) {
        Map<String, FileRecord> first = new HashMap<>();
        Map<String, List<FileRecord>> copies = new HashMap<>();
        int files = 0;
        for (FileRecord r : records) {
            files++;
            if (r.problem() != null) {
                problems.add(new FileProblem(Path.of(r.path()), r.problem(), r.detail()));
            }
            if (r.holdsInstance()) {
                FileRecord earlier = first.putIfAbsent(r.sopInstanceUid(), r);
                if (earlier != null) {
                    copies.computeIfAbsent(r.sopInstanceUid(), k -> new ArrayList<>(List.of(earlier))).add(r);
                }
            }
        }
        Map<String, FolderIndex.StudyNode> studies = new LinkedHashMap<>();
        List<DuplicateFiles> duplicates = new ArrayList<>();
        for (FileRecord r : records) {
            if (!r.holdsInstance()) {
                continue;
            }
            List<FileRecord> all = copies.get(r.sopInstanceUid());
            if (all == null) {
                add(studies, r, r.problem(), r.detail());
            } else if (all.get(0) == r) {
                resolve(all, studies, problems, duplicates);
            }
        }
        problems.sort(Comparator.comparing(FileProblem::path)); // stable: a file's problems keep their order
        return new FolderIndex(studies, problems, duplicates, files);
    }

    private static void add(Map<String, FolderIndex.StudyNode> studies, FileRecord r, ReasonCode failure, String detail) {
        studies.computeIfAbsent(r.study().studyInstanceUid(), k -> new FolderIndex.StudyNode(r.study()))
                .add(r.series(), new FolderIndex.InstanceNode(r.sopInstanceUid(), r.sopClassUid(), r, failure, detail));
    }

    /** Decides what the archive lists for a SOP Instance UID that several files hold. */
    private void resolve(List<FileRecord> all, Map<String, FolderIndex.StudyNode> studies, List<FileProblem> problems,
                         List<DuplicateFiles> duplicates) {
        String sop = all.get(0).sopInstanceUid();
        List<FileRecord> intact = new ArrayList<>();
        for (FileRecord r : all) {
            if (r.intact()) {
                intact.add(r);
            }
        }
        if (intact.isEmpty()) {
            FileRecord r = all.get(0);
            add(studies, r, ReasonCode.CORRUPT_OBJECT, all.size() + " files hold this instance and all are damaged; "
                    + r.path() + ": " + r.detail());
            return;
        }
        if (intact.size() == 1) {
            add(studies, intact.get(0), null, "");
            return;
        }
        boolean identical = true;
        byte[] digest = null;
        for (FileRecord r : List.copyOf(intact)) {
            if (r.datasetSize() != intact.get(0).datasetSize()) {
                identical = false;
                break;
            }
            byte[] d;
            try {
                d = digest(r);
            } catch (IOException e) {
                intact.remove(r);
                problems.add(new FileProblem(Path.of(r.path()), ReasonCode.CORRUPT_OBJECT,
                        "cannot be read to compare it with its copies: " + e.getClass().getSimpleName()));
                continue;
            }
            if (digest == null) {
                digest = d;
            } else if (!Arrays.equals(digest, d)) {
                identical = false;
                break;
            }
        }
        if (intact.size() <= 1) {
            FileRecord r = intact.isEmpty() ? all.get(0) : intact.get(0);
            add(studies, r, intact.isEmpty() ? ReasonCode.CORRUPT_OBJECT : null,
                    intact.isEmpty() ? all.size() + " files hold this instance, none readable" : "");
            return;
        }
        List<Path> paths = intact.stream().map(r -> Path.of(r.path())).toList();
        duplicates.add(new DuplicateFiles(sop, paths, identical));
        if (identical) {
            LOG.info("{}: {} files hold SOP Instance UID {} with identical data sets; delivered once from {}", archive,
                    intact.size(), sop, intact.get(0).path());
            add(studies, intact.get(0), null, "");
            return;
        }
        String detail = intact.size() + " files differ: " + String.join(", ", intact.stream().map(FileRecord::path).toList());
        LOG.warn("{}: SOP Instance UID {}: {}; delivered from none", archive, sop, detail);
        Set<String> placed = new LinkedHashSet<>();
        for (FileRecord r : intact) {
            problems.add(new FileProblem(Path.of(r.path()), ReasonCode.DUPLICATE_CONFLICT,
                    "SOP Instance UID " + sop + ": " + detail));
            if (placed.add(r.study().studyInstanceUid() + '\0' + r.series().seriesInstanceUid())) {
                add(studies, r, ReasonCode.DUPLICATE_CONFLICT, detail);
            }
        }
    }

    /** The SHA-256 of the file's data set bytes, from the last pass if the file did not change. */
    private byte[] digest(FileRecord r) throws IOException {
        byte[] d = previous.get(r);
        if (d == null) {
            d = sha256(root.resolve(r.path()), r.datasetOffset());
        }
        kept.put(r, d);
        return d;
    }

    private static byte[] sha256(Path file, long from) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        ByteBuffer buf = ByteBuffer.allocate(64 << 10);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long at = from;
            int n;
            while ((n = ch.read(buf.clear(), at)) > 0) {
                md.update(buf.flip());
                at += n;
            }
        }
        return md.digest();
    }
}
