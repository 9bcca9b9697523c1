package dev.ferry.bench.net;

import dev.ferry.api.Dataset;
import dev.ferry.api.ItemRef;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/** The synthetic data sets the network benchmarks move: CT-like instances, 100 studies per set, in 4 folders. */
final class BenchData {
    /** Sub-folders a set is spread over, so that several storescu processes can share it. */
    static final int PARTS = 4;

    private BenchData() {
    }

    /** The Study Instance UIDs of a set {@link #generate} wrote: its instances are dealt over 100 studies. */
    static java.util.List<String> studies(String name, int count) {
        java.util.List<String> uids = new java.util.ArrayList<>();
        for (int k = 0; k < Math.min(100, count); k++) {
            uids.add(studyPrefix(name) + "." + k);
        }
        return uids;
    }

    /** Distinct per set, so that two sets loaded into one archive do not share studies. */
    private static String studyPrefix(String name) {
        return "2.25.1" + Math.floorMod(name.hashCode(), 1000) + "4242";
    }

    /** Writes {@code count} Explicit VR Little Endian CT instances of about {@code size} bytes in 4 sub-folders. */
    static Path generate(Path work, String name, int count, int size) throws IOException {
        Path dir = work.resolve(name);
        Random random = new Random(42);
        int pixels = Math.max(2, size - 1200) & ~1;
        byte[] pixelData = new byte[pixels];
        random.nextBytes(pixelData);
        int columns = 256;
        int rows = pixels / 2 / columns;
        for (int p = 0; p < PARTS; p++) {
            Files.createDirectories(dir.resolve("part" + p));
        }
        String study = studyPrefix(name);
        for (int i = 0; i < count; i++) {
            Dataset h = new Dataset(40);
            h.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
            h.setStrings(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
            h.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
            h.setString(Tag.SOPInstanceUID, VR.UI, study + "." + (size / 1024) + "." + (i + 1));
            h.setString(Tag.StudyDate, VR.DA, "20200131");
            h.setString(Tag.Modality, VR.CS, "CT");
            h.setString(Tag.Manufacturer, VR.LO, "BENCH");
            h.setString(Tag.PatientName, VR.PN, "BENCH^SYNTHETIC");
            h.setString(Tag.PatientID, VR.LO, "BENCH" + (i % 100));
            h.setString(Tag.StudyInstanceUID, VR.UI, study + "." + (i % 100));
            h.setString(Tag.SeriesInstanceUID, VR.UI, study + "." + (i % 100) + ".1");
            h.setInts(Tag.SamplesPerPixel, VR.US, 1);
            h.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
            h.setInts(Tag.Rows, VR.US, rows);
            h.setInts(Tag.Columns, VR.US, columns);
            h.setInts(Tag.BitsAllocated, VR.US, 16);
            h.setInts(Tag.BitsStored, VR.US, 12);
            h.setInts(Tag.HighBit, VR.US, 11);
            h.setInts(Tag.PixelRepresentation, VR.US, 0);
            Path file = dir.resolve("part" + (i % PARTS)).resolve(String.format(Locale.ROOT, "%06d.dcm", i));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 << 10)) {
                TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
                DicomWriter.writeFile(out, null, DicomWriter.fileMeta(h, ts, "BENCH"), h,
                        java.io.InputStream.nullInputStream(), ts, ItemRef.NONE);
                int n = rows * columns * 2;
                out.write(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0,
                    (byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
                out.write(pixelData, 0, n);
            }
        }
        return dir;
    }

}
