package dev.ferry.testkit.generator;

import dev.ferry.api.Dataset;
import dev.ferry.api.PrivateTag;
import dev.ferry.api.VR;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Damages written files the way the field does: a transmission that stopped (the file ends inside
 * its pixel data or its header), an element whose length runs past the end of the file, a file
 * that holds something else entirely; and writes the harmless junk real archive folders hold. Every
 * byte is a function of the instance's fault seed.
 *
 * <p>Thread-safe: static methods only; each works on its own file.
 */
final class FaultWriter {
    private static final byte[] OLE_MAGIC = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1,
        0x1A, (byte) 0xE1};

    private FaultWriter() {}

    /**
     * Adds the vendor's private sequence holding a raw blob, whose length {@link #badLength} will
     * break. Called before the file is written.
     */
    static void plantBlob(Dataset header, Vendor v, long faultSeed) {
        int sq = header.reserve(new PrivateTag(v.creator, v.group, Vendor.RAW_SEQUENCE));
        Dataset item = header.newSequence(sq).addItem();
        int blob = item.reserve(new PrivateTag(v.creator, v.group, Vendor.RAW_BLOB));
        byte[] bytes = new byte[64];
        Rng rng = Rng.of(faultSeed, "blob");
        for (int k = 0; k < bytes.length; k++) {
            bytes[k] = (byte) rng.nextInt(256);
        }
        item.setBytes(blob, VR.OB, bytes);
    }

    /** Cuts the file inside its Pixel Data value, between 10% and 90% of the way through. */
    static void truncatePixels(Path file, long pixelLength, long faultSeed) throws IOException {
        long size = Files.size(file);
        long valueStart = size - pixelLength;
        Rng rng = Rng.of(faultSeed, "truncate");
        long cut = valueStart + (long) (pixelLength * (0.1 + 0.8 * rng.nextDouble()));
        cut = Math.min(size - 2, Math.max(valueStart + 1, cut & ~1L));
        truncate(file, cut);
    }

    /** Cuts the file in the middle of the Study Instance UID's value: the header cannot be read to its end. */
    static void truncateHeader(Path file, boolean explicitVr, long headerEnd) throws IOException {
        byte[] head = readHead(file, headerEnd);
        byte[] pattern = explicitVr ? new byte[] {0x20, 0x00, 0x0D, 0x00, 'U', 'I'} : new byte[] {0x20, 0x00, 0x0D, 0x00};
        int at = find(head, pattern, 132);
        if (at < 0) {
            throw new IllegalStateException(file + ": Study Instance UID not found to truncate at");
        }
        truncate(file, at + 10);
    }

    /**
     * Makes the blob planted by {@link #plantBlob} declare a length that runs past the end of the
     * file by 2 to 2,000 bytes.
     */
    static void badLength(Path file, Vendor v, boolean explicitVr, long headerEnd, long faultSeed) throws IOException {
        byte[] head = readHead(file, headerEnd);
        int blob = new PrivateTag(v.creator, v.group, Vendor.RAW_BLOB).inBlock(0x10);
        byte[] tag = {(byte) (blob >>> 16), (byte) (blob >>> 24), (byte) blob, (byte) (blob >>> 8)};
        byte[] pattern = explicitVr ? new byte[] {tag[0], tag[1], tag[2], tag[3], 'O', 'B', 0, 0} : tag;
        int at = find(head, pattern, 132);
        if (at < 0) {
            throw new IllegalStateException(file + ": the planted blob was not found");
        }
        int lengthAt = at + (explicitVr ? 8 : 4);
        long valueStart = lengthAt + 4L;
        long size = Files.size(file);
        long declared = size - valueStart + 2L * Rng.of(faultSeed, "bad-length").between(1, 1000);
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) declared);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(b, lengthAt);
        }
    }

    /** Replaces the file's content with something that is not DICOM: an error page or a JPEG. */
    static void notDicom(Path file, long faultSeed) throws IOException {
        Rng rng = Rng.of(faultSeed, "not-dicom");
        byte[] content;
        if (rng.chance(0.5)) {
            content = ("<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n"
                    + "<body><h1>Service Unavailable</h1><p>The archive gateway is overloaded. Try again later.</p>"
                    + "</body></html>\n").getBytes(StandardCharsets.US_ASCII);
        } else {
            content = new byte[2048 + 2 * rng.nextInt(2048)];
            for (int k = 0; k < content.length; k++) {
                content[k] = (byte) rng.nextInt(256);
            }
            byte[] jfif = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00};
            System.arraycopy(jfif, 0, content, 0, jfif.length);
            content[content.length - 2] = (byte) 0xFF;
            content[content.length - 1] = (byte) 0xD9;
        }
        Files.write(file, content);
    }

    /** A junk file: a Windows thumbnail cache or a technologist's note. */
    static String writeJunk(Path studyDir, String firstSeriesDir, long seed) throws IOException {
        Rng rng = Rng.of(seed, "junk");
        if (rng.chance(0.5)) {
            byte[] content = new byte[1024 * rng.between(2, 8)];
            System.arraycopy(OLE_MAGIC, 0, content, 0, OLE_MAGIC.length);
            for (int k = 512; k < content.length; k++) {
                content[k] = (byte) rng.nextInt(256);
            }
            Path dir = studyDir.resolve(firstSeriesDir);
            Files.createDirectories(dir);
            Files.write(dir.resolve("Thumbs.db"), content);
            return firstSeriesDir + "/Thumbs.db";
        }
        String note = "Resent from modality after network outage.\r\nChecked by night shift; see ticket "
                + (1000 + rng.nextInt(9000)) + ".\r\n";
        Files.write(studyDir.resolve("notes.txt"), note.getBytes(StandardCharsets.US_ASCII));
        return "notes.txt";
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static byte[] readHead(Path file, long headerEnd) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int n = (int) Math.min(headerEnd, Math.min(ch.size(), 1 << 20));
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // read the header region fully
            }
            return b.array();
        }
    }

    private static int find(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i + pattern.length <= data.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (data[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
