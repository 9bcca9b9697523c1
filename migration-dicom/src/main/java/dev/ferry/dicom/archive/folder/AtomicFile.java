package dev.ferry.dicom.archive.folder;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see it whole or not at all, and a power cut leaves it whole or not
 * at all: a temporary file of its own in the target's folder ({@code <name>.<random>.part}),
 * written through a fixed buffer, forced to disk, then renamed over the target atomically, and the
 * folder forced so the rename survives. The temporary file is deleted if anything fails. Stateless
 * and thread-safe; concurrent writers of one target each write their own temporary file and the
 * last rename wins.
 */
final class AtomicFile {
    static final String TEMPORARY_SUFFIX = ".part";
    private static final int BUFFER = 64 << 10;

    private AtomicFile() {}

    /** Writes a body to an {@link OutputStream}; may fail with an I/O or a migration exception. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code body} to a new temporary file next to {@code target} and forces it to disk.
     * The caller renames it with {@link #commit} or deletes it.
     */
    static Path writeTemporary(Path target, Body body) throws IOException {
        Path part = null;
        FileChannel ch = null;
        while (ch == null) {
            part = target.resolveSibling(target.getFileName() + "." + HexFormat.of().toHexDigits(
                    ThreadLocalRandom.current().nextLong()) + TEMPORARY_SUFFIX);
            try {
                ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                ch = null; // another writer drew the same name: draw again
            }
        }
        try (FileChannel c = ch) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(c), BUFFER);
            body.writeTo(out);
            out.flush();
            c.force(true);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(part, e);
            throw e;
        }
        return part;
    }

    /** Renames {@code part} over {@code target} atomically and forces the folder. */
    static void commit(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(part, e);
            throw e;
        }
        forceFolder(target.getParent());
    }

    /** Forces a folder's entries to disk (POSIX; where folders cannot be opened, the file system journals renames). */
    static void forceFolder(Path folder) throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (UnsupportedOperationException | AccessDeniedException e) {
            // Windows: a folder cannot be opened as a channel; NTFS journals the rename itself.
        }
    }

    /** Deletes a temporary file after a failure, adding a failure to delete to the first one. */
    static void deleteQuietly(Path part, Throwable failure) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
