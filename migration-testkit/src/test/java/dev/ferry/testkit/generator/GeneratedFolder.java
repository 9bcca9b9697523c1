package dev.ferry.testkit.generator;

import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomParseException;
import dev.ferry.dicom.io.DicomReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test helpers over a generated folder: its tree with digests, and whether a file reads as DICOM. */
final class GeneratedFolder {
    private GeneratedFolder() {}

    /** Relative path ({@code /} separated) → SHA-256 of every regular file, sorted by path. */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.put(root.relativize(f).toString().replace('\\', '/'), sha256(f));
            }
        }
        return out;
    }

    static String sha256(Path f) throws IOException {
        MessageDigest md = StudyWriter.sha256();
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Why the file cannot be migrated, or {@code null} if it reads whole: the reader fails, or the
     * element the header stopped at declares more bytes than the file holds (as a folder source checks).
     */
    static String unreadable(Path f) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(f));
             DicomObject o = DicomReader.standard().read(in, f.toString())) {
            if (!o.stoppedAtBulk()) {
                return null;
            }
            long at = o.remainderOffset();
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(b, at);
                long length = o.explicitVr() ? Integer.toUnsignedLong(b.getInt(8)) : Integer.toUnsignedLong(b.getInt(4));
                long header = o.explicitVr() ? 12 : 8;
                return at + header + length > ch.size() ? "truncated" : null;
            }
        } catch (DicomParseException e) {
            return "parse: " + e.getMessage();
        }
    }
}
