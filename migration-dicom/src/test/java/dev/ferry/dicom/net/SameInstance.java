package dev.ferry.dicom.net;

import dev.ferry.api.Tag;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * What must survive a transfer through a peer that re-encodes (dcmtk drops trailing padding and
 * rewrites group lengths): the identifying attributes and the Pixel Data value, hashed.
 */
final class SameInstance {
    private SameInstance() {}

    /** SOP class and instance, study, patient ID and the SHA-256 of the Pixel Data value. */
    static String summary(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file);
             DicomObject obj = DicomReader.standard().read(in, file.toString())) {
            var h = obj.header();
            byte[] rest = obj.remainder().readAllBytes();
            return String.join("|", h.getString(Tag.SOPClassUID, ""), h.getString(Tag.SOPInstanceUID, ""),
                    h.getString(Tag.StudyInstanceUID, ""), h.getString(Tag.PatientID, ""),
                    pixelDataHash(rest, obj.transferSyntax().isBigEndian(),
                            obj.explicitVr()));
        }
    }

    /** The hash of the Pixel Data value at the start of {@code rest} (native or encapsulated), or "none". */
    private static String pixelDataHash(byte[] rest, boolean bigEndian, boolean explicit) throws Exception {
        if (rest.length < 8) {
            return "none";
        }
        ByteBuffer b = ByteBuffer.wrap(rest).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int tag = (b.getShort(0) & 0xFFFF) << 16 | (b.getShort(2) & 0xFFFF);
        if (tag != Tag.PixelData) {
            return "none";
        }
        int at;
        long length;
        if (explicit) {
            at = 12;
            length = b.getInt(8) & 0xFFFFFFFFL;
        } else {
            at = 8;
            length = b.getInt(4) & 0xFFFFFFFFL;
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        if (length != 0xFFFFFFFFL) {
            sha.update(rest, at, (int) length);
        } else {
            // Encapsulated: items up to the sequence delimiter; hash each fragment's value.
            while (at + 8 <= rest.length) {
                int item = (b.getShort(at) & 0xFFFF) << 16 | (b.getShort(at + 2) & 0xFFFF);
                int len = b.getInt(at + 4);
                at += 8;
                if (item == 0xFFFEE0DD) {
                    break;
                }
                sha.update(rest, at, len);
                at += len;
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

}
