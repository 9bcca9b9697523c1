package dev.ferry.testkit.generator;

import dev.ferry.api.Dataset;
import dev.ferry.api.ItemRef;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.testkit.generator.GroundTruth.Copy;
import dev.ferry.testkit.generator.GroundTruth.Corruption;
import dev.ferry.testkit.generator.GroundTruth.Instance;
import dev.ferry.testkit.generator.GroundTruth.JunkFile;
import dev.ferry.testkit.generator.GroundTruth.Study;
import dev.ferry.testkit.generator.Plan.StudyPlan;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes one built study as Part 10 files under the generated folder, streaming each object's pixel
 * data from its generator through a SHA-256 of the Pixel Data value into the file, then damages the
 * files its faults name and writes its copies and junk. Returns what the ground truth records.
 *
 * <p>Not thread-safe: one study per call.
 */
final class StudyWriter {
    /** The Source Application Entity Title the legacy archive's File Meta names. */
    static final String SOURCE_AE = "LEGACY_PACS";
    private static final int BUFFER = 1 << 16;

    private final Path out;
    private final long seed;

    /** What one study adds to the truth. */
    record Written(Study study, List<Instance> instances, List<JunkFile> junk) {}

    StudyWriter(Path out, long seed) {
        this.out = out;
        this.seed = seed;
    }

    Written write(StudyPlan s, StudyBuilder.Built built) throws IOException {
        List<Instance> instances = new ArrayList<>();
        long bytes = 0;
        boolean migratable = true;
        Set<String> series = new LinkedHashSet<>();
        Set<String> modalities = new TreeSet<>();
        for (InstancePlan i : built.instances()) {
            if (i.corrupt == Corruption.BAD_LENGTH) {
                FaultWriter.plantBlob(i.header, s.vendor, i.faultSeed);
            }
            Path file = out.resolve(i.path);
            Files.createDirectories(file.getParent());
            String sha = writeFile(file, i);
            long headerEnd = Files.size(file) - PixelStreams.remainderLength(i);
            boolean explicit = i.transferSyntax.isExplicitVr();
            if (i.corrupt != null) {
                switch (i.corrupt) {
                    case TRUNCATED -> FaultWriter.truncatePixels(file, i.pixelLength, i.faultSeed);
                    case TRUNCATED_HEADER -> FaultWriter.truncateHeader(file, explicit, headerEnd);
                    case BAD_LENGTH -> FaultWriter.badLength(file, s.vendor, explicit, headerEnd, i.faultSeed);
                    case NOT_DICOM -> FaultWriter.notDicom(file, i.faultSeed);
                }
                migratable = false;
            }
            List<String> files = new ArrayList<>(List.of(i.path));
            if (i.duplicate != null) {
                Path copy = out.resolve(i.copyPath);
                Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                if (i.duplicate == Copy.PARTIAL) {
                    FaultWriter.truncatePixels(copy, i.pixelLength, i.faultSeed);
                }
                files.add(i.copyPath);
            }
            long size = Files.size(file);
            bytes += size;
            series.add(i.seriesInstanceUid());
            modalities.add(i.modality);
            instances.add(new Instance(i.sopInstanceUid(), i.seriesInstanceUid(), s.studyUid, i.sopClassUid(),
                    i.modality, i.seriesNumber, i.instanceNumber, i.transferSyntax.uid(), files,
                    i.corrupt == null ? i.path : null, size, sha, i.corrupt, i.duplicate, s.delta));
        }
        List<JunkFile> junk = new ArrayList<>();
        if (s.junk && !built.instances().isEmpty()) {
            String firstSeries = built.instances().get(0).path;
            String seriesDir = firstSeries.substring(s.folder().length() + 1, firstSeries.lastIndexOf('/'));
            String name = FaultWriter.writeJunk(out.resolve(s.folder()), seriesDir, Rng.of(seed, "junk", s.key)
                    .nextLong());
            junk.add(new JunkFile(s.folder() + "/" + name, name.endsWith("Thumbs.db") ? "THUMBS_DB" : "NOTE"));
        }
        Study study = StudyTruth.study(s, built, new ArrayList<>(modalities), series.size(), instances.size(), bytes,
                migratable);
        return new Written(study, instances, junk);
    }

    /** Writes the Part 10 file; returns the SHA-256 (hex) of the Pixel Data value, or {@code null}. */
    private static String writeFile(Path file, InstancePlan i) throws IOException {
        Dataset header = i.header;
        Dataset meta = DicomWriter.fileMeta(header, i.transferSyntax, SOURCE_AE);
        MessageDigest md = i.hasPixelData() ? sha256() : null;
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), BUFFER);
             InputStream remainder = md == null ? PixelStreams.remainder(i)
                     : new ValueDigest(PixelStreams.remainder(i), PixelStreams.elementHeaderLength(i), md)) {
            DicomWriter.writeFile(o, null, meta, header, remainder, i.transferSyntax,
                    ItemRef.instance(null, i.seriesInstanceUid(), i.sopInstanceUid()));
        }
        return md == null ? null : HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /** Passes a remainder through, digesting the bytes after its element header: the Pixel Data value. */
    private static final class ValueDigest extends FilterInputStream {
        private final MessageDigest md;
        private long skip;

        ValueDigest(InputStream in, long skip, MessageDigest md) {
            super(in);
            this.skip = skip;
            this.md = md;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                int s = (int) Math.min(skip, n);
                skip -= s;
                md.update(b, off + s, n - s);
            }
            return n;
        }

        @Override
        public long skip(long n) {
            throw new UnsupportedOperationException("the digest needs every byte");
        }
    }
}
