package dev.ferry.dicom.web;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Small DICOM objects for the DICOMweb tests: UIDs, a modality, and pixel data of a chosen size. Stateless. */
public final class WebTestObjects {
    private WebTestObjects() {}

    /** A CT header with the given UIDs. */
    public static Dataset header(String study, String series, String sop) {
        Dataset h = new Dataset();
        h.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        h.setString(Tag.SOPInstanceUID, VR.UI, sop);
        h.setString(Tag.StudyDate, VR.DA, "20240115");
        h.setString(Tag.Modality, VR.CS, "CT");
        h.setString(Tag.PatientID, VR.LO, "MRN-WEB-1");
        h.setString(Tag.StudyInstanceUID, VR.UI, study);
        h.setString(Tag.SeriesInstanceUID, VR.UI, series);
        return h;
    }

    /** The encoded Pixel Data element (OW, explicit VR little endian) of {@code n} seeded bytes: a remainder. */
    public static byte[] remainder(int n, long seed) {
        byte[] pixels = new byte[n + (n & 1)];
        new Random(seed).nextBytes(pixels);
        ByteBuffer b = ByteBuffer.allocate(12 + pixels.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'W').putShort((short) 0)
                .putInt(pixels.length).put(pixels);
        return b.array();
    }

    /** A Part 10 file of the header and a remainder of {@code pixelBytes}. */
    public static byte[] part10(String study, String series, String sop, int pixelBytes, long seed) {
        Dataset h = header(study, series, sop);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            DicomWriter.writeFile(out, null, DicomWriter.fileMeta(h, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null), h,
                    new ByteArrayInputStream(remainder(pixelBytes, seed)), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                    ItemRef.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An instance in flight with a remainder of {@code pixelBytes}. */
    public static DicomInstance instance(String study, String series, String sop, int pixelBytes, long seed) {
        Dataset h = header(study, series, sop);
        byte[] r = remainder(pixelBytes, seed);
        return new DicomInstance(InstanceDescriptor.of(h, -1), h, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                new ByteArrayInputStream(r), r.length);
    }
}
