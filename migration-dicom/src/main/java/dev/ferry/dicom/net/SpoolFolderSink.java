package dev.ferry.dicom.net;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.net.dimse.Status;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A {@link StorageSink} that writes each instance as a Part 10 file into a folder: File Meta built
 * from the C-STORE (SOP class and instance, the context's transfer syntax, the sender's AE title as
 * Source AE Title), then the data set exactly as received. The file is written under a temporary
 * name and renamed when complete, so the folder never shows a partial instance.
 *
 * <p>The file name is the SOP Instance UID plus {@code .dcm} when the UID is a well-formed UID, else
 * the SHA-256 of the value: whatever a peer sends, the name cannot leave the folder. An instance
 * received twice replaces the first copy. Thread-safe.
 */
public final class SpoolFolderSink implements StorageSink {
    private static final byte[] DICM = {'D', 'I', 'C', 'M'};
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    /**
     * An instance written to the spool.
     *
     * @param instance what the C-STORE said
     * @param file the file written
     * @param bytes the size of its data set as received
     */
    public record Spooled(ReceivedInstance instance, Path file, long bytes) {}

    private final Path folder;
    private final boolean fsync;
    private final Consumer<Spooled> listener;

    /**
     * @param folder created if missing
     * @param fsync whether each file is forced to disk before it is renamed (slower; survives a power cut)
     * @param listener told of each instance written, on the association's thread; may be {@code null}
     */
    public SpoolFolderSink(Path folder, boolean fsync, Consumer<Spooled> listener) throws IOException {
        this.folder = Files.createDirectories(Objects.requireNonNull(folder, "folder"));
        this.fsync = fsync;
        this.listener = listener;
    }

    public SpoolFolderSink(Path folder) throws IOException {
        this(folder, false, null);
    }

    public Path folder() {
        return folder;
    }

    @Override
    public Status store(ReceivedInstance instance, InputStream dataSet) throws IOException {
        Path target = folder.resolve(fileName(instance.sopInstanceUid()));
        Path part = folder.resolve(target.getFileName() + "." + Thread.currentThread().getId() + ".part");
        Dataset ids = new Dataset(2);
        ids.setString(Tag.SOPClassUID, VR.UI, instance.sopClassUid());
        ids.setString(Tag.SOPInstanceUID, VR.UI, instance.sopInstanceUid());
        Dataset meta = DicomWriter.fileMeta(ids, TransferSyntax.of(instance.transferSyntaxUid()),
                instance.callingAeTitle());
        long bytes;
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 64 << 10);
            // Preamble, DICM, File Meta; then the data set as received (deflated ones stay deflated).
            out.write(new byte[128]);
            out.write(DICM);
            DicomWriter.writeDataset(meta, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, out);
            bytes = dataSet.transferTo(out);
            out.flush();
            if (fsync) {
                ch.force(true);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        try {
            try {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        if (fsync) {
            forceFolder();
        }
        if (listener != null) {
            listener.accept(new Spooled(instance, target, bytes));
        }
        return Status.SUCCESS;
    }

    /** Forces the folder's entry for the renamed file to disk (POSIX; a no-op where folders cannot be opened). */
    private void forceFolder() throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException e) {
            // Windows: folders cannot be opened as channels; NTFS journals the rename.
        }
    }

    /** The file name for an instance: its UID if well formed, else a hash of it. */
    static String fileName(String sopInstanceUid) {
        if (sopInstanceUid.length() <= 64 && UID.matcher(sopInstanceUid).matches()) {
            return sopInstanceUid + ".dcm";
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sopInstanceUid.getBytes(StandardCharsets.UTF_8));
            return "x" + HexFormat.of().formatHex(h) + ".dcm";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
