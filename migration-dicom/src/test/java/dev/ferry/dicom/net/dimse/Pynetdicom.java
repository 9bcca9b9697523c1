package dev.ferry.dicom.net.dimse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The DIMSE command sets encoded by pynetdicom, copied under {@code pynetdicom/} in the test
 * resources. Their NOTICE lists every file with its source and licence, so a file cannot be used
 * without being accounted for there.
 */
final class Pynetdicom {
    private static final String ROOT = "pynetdicom/";
    /** The message control header of a PDV holding a whole command: command, last fragment (PS3.8 E.2). */
    static final int COMMAND_LAST = 0x03;

    private Pynetdicom() {}

    /** Every file NOTICE lists, relative to the pynetdicom folder, in NOTICE order. */
    static List<String> files() {
        String[] lines = new String(resource("NOTICE"), StandardCharsets.UTF_8).split("\n");
        List<String> files = new ArrayList<>();
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].endsWith(".bin") && lines[i + 1].startsWith("  what:")) {
                files.add(lines[i].strip());
            }
        }
        return files;
    }

    /** The command set of a file: its bytes after the PDV message control header, which must be 03H. */
    static byte[] command(String file) {
        byte[] pdv = resource(file);
        if (pdv.length == 0 || pdv[0] != COMMAND_LAST) {
            throw new IllegalStateException(file + " is not a whole command PDV");
        }
        return Arrays.copyOfRange(pdv, 1, pdv.length);
    }

    private static byte[] resource(String path) {
        try (InputStream in = Pynetdicom.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + ROOT + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
