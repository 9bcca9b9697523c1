package dev.ferry.core.report;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file of the package, written as UTF-8 text into {@code NAME.part} and hashed (SHA-256) as it is
 * written; {@link #commit} moves it to its name, so a package written over an older one never holds a
 * half-written file under a final name. Closing an uncommitted file deletes the part. Not thread-safe.
 */
final class PackageFile implements AutoCloseable {
    private final Path target;
    private final Path part;
    private final MessageDigest digest;
    private final Writer writer;
    private boolean committed;

    private PackageFile(Path target, Path part, MessageDigest digest, Writer writer) {
        this.target = target;
        this.part = part;
        this.digest = digest;
        this.writer = writer;
    }

    static PackageFile create(Path folder, String name) throws IOException {
        Path target = folder.resolve(name);
        Path part = folder.resolve(name + ".part");
        MessageDigest digest = sha256();
        Writer writer = new BufferedWriter(new OutputStreamWriter(new DigestOutputStream(
                new BufferedOutputStream(Files.newOutputStream(part), 1 << 16), digest), StandardCharsets.UTF_8),
                1 << 16);
        return new PackageFile(target, part, digest, writer);
    }

    Writer writer() {
        return writer;
    }

    /** Closes the file, gives it its name and returns the hex SHA-256 of its bytes. */
    String commit() throws IOException {
        writer.close();
        try {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                writer.close();
            } finally {
                Files.deleteIfExists(part);
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
