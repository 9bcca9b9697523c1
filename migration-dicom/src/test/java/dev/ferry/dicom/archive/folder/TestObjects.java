package dev.ferry.dicom.archive.folder;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Small synthetic DICOM objects and files for the folder archives' tests, and a consumer that keeps what it got. */
final class TestObjects {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    private TestObjects() {}

    /** A CT header with the given UIDs and a patient, date and modality. */
    static Dataset header(String study, String series, String sop) {
        Dataset h = new Dataset();
        h.setString(Tag.SOPClassUID, VR.UI, CT);
        h.setString(Tag.SOPInstanceUID, VR.UI, sop);
        h.setString(Tag.StudyDate, VR.DA, "20240115");
        h.setString(Tag.StudyTime, VR.TM, "083015");
        h.setString(Tag.AccessionNumber, VR.SH, "ACC-1");
        h.setString(Tag.Modality, VR.CS, "CT");
        h.setString(Tag.PatientName, VR.PN, "DOE^JANE");
        h.setString(Tag.PatientID, VR.LO, "MRN-1");
        h.setString(Tag.IssuerOfPatientID, VR.LO, "HOSP_A");
        h.setString(Tag.StudyInstanceUID, VR.UI, study);
        h.setString(Tag.SeriesInstanceUID, VR.UI, series);
        h.setString(Tag.SeriesNumber, VR.IS, "1");
        h.setInts(Tag.Rows, VR.US, 4);
        h.setInts(Tag.Columns, VR.US, 4);
        h.setInts(Tag.BitsAllocated, VR.US, 16);
        return h;
    }

    /** {@code n} pseudo-random bytes (even {@code n} for OW). */
    static byte[] pixels(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A Pixel Data element (OW, defined length) as the remainder of an object in {@code ts}. */
    static byte[] pixelElement(byte[] pixels, TransferSyntax ts) {
        ByteBuffer b = ByteBuffer.allocate(12 + pixels.length)
                .order(ts.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x7FE0).putShort((short) 0x0010);
        if (ts.isExplicitVr()) {
            b.put((byte) 'O').put((byte) 'W').putShort((short) 0).putInt(pixels.length);
        } else {
            b.putInt(pixels.length);
        }
        b.put(pixels);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** Encapsulated Pixel Data (OB, undefined length): an empty offset table, the fragments, the delimiter. */
    static byte[] encapsulated(byte[]... fragments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        h.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'B').putShort((short) 0)
                .putInt(-1);
        out.writeBytes(h.array());
        out.writeBytes(item(0xE000, new byte[0]));
        for (byte[] f : fragments) {
            out.writeBytes(item(0xE000, f));
        }
        out.writeBytes(item(0xE0DD, new byte[0]));
        return out.toByteArray();
    }

    private static byte[] item(int element, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(8 + value.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0xFFFE).putShort((short) element).putInt(value.length).put(value);
        return b.array();
    }

    /** Writes a Part 10 file: File Meta for the header, the header and the remainder, in {@code ts}. */
    static Path write(Path file, Dataset header, byte[] remainder, TransferSyntax ts) throws IOException {
        return write(file, header, remainder, ts, null);
    }

    /** As {@link #write(Path, Dataset, byte[], TransferSyntax)}, with a Source AE Title in File Meta. */
    static Path write(Path file, Dataset header, byte[] remainder, TransferSyntax ts, String sourceAe)
            throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            DicomWriter.writeFile(out, null, DicomWriter.fileMeta(header, ts, sourceAe), header,
                    new ByteArrayInputStream(remainder), ts, ItemRef.NONE);
        }
        return file;
    }

    /** An explicit VR little endian CT file with 32 bytes of pixel data. */
    static Path write(Path file, String study, String series, String sop) throws IOException {
        return write(file, header(study, series, sop),
                pixelElement(pixels(32, sop.hashCode()), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /** An instance in explicit VR little endian whose remainder is {@code remainder}. */
    static DicomInstance instance(Dataset header, byte[] remainder, long declaredLength) {
        return new DicomInstance(InstanceDescriptor.of(header, -1), header, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                new ByteArrayInputStream(remainder), declaredLength);
    }

    /** What a consumer got of one instance. */
    record Got(InstanceDescriptor descriptor, Dataset header, String transferSyntaxUid, long declaredLength,
               byte[] remainder) {}

    /** Reads each instance whole and keeps it. Not thread-safe: one retrieval at a time. */
    static final class Keeper implements InstanceConsumer {
        final List<Got> got = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void accept(DicomInstance i) throws IOException {
            got.add(new Got(i.descriptor(), i.header(), i.transferSyntaxUid(), i.remainderLength(),
                    i.remainder().readAllBytes()));
        }

        List<String> sops() {
            return got.stream().map(g -> g.descriptor().sopInstanceUid()).toList();
        }

        Got only() {
            if (got.size() != 1) {
                throw new AssertionError("expected one instance, got " + got.size());
            }
            return got.get(0);
        }
    }
}
