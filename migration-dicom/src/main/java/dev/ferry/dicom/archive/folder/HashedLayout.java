package dev.ferry.dicom.archive.folder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Where {@link FolderDestination} keeps an instance:
 * {@code <root>/<aa>/<sha256(study)>/<sha256(sop)>.dcm}, each hash the lower-case hex SHA-256 of the
 * UID's UTF-8 bytes as the header holds it (padding stripped), {@code aa} the study hash's first two
 * characters. Names are made of hex digits only, so no UID (a {@code ../../x}, a thousand characters,
 * a NUL) can choose a name, leave the root or collide with another; 256 top-level folders keep any
 * one folder small. Stateless and thread-safe.
 */
final class HashedLayout {
    private static final Pattern FILE_NAME = Pattern.compile("[0-9a-f]{64}\\.dcm");

    private final Path root;

    HashedLayout(Path root) {
        this.root = root;
    }

    Path studyFolder(String studyInstanceUid) {
        String h = sha256(studyInstanceUid);
        return root.resolve(h.substring(0, 2)).resolve(h);
    }

    Path file(String studyInstanceUid, String sopInstanceUid) {
        return studyFolder(studyInstanceUid).resolve(sha256(sopInstanceUid) + ".dcm");
    }

    /** Whether a name in a study folder is an instance's (not a temporary file or a stranger). */
    static boolean isInstanceFile(String fileName) {
        return FILE_NAME.matcher(fileName).matches();
    }

    static String sha256(String uid) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
