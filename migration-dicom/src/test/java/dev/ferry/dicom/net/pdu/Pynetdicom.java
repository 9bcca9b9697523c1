package dev.ferry.dicom.net.pdu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The pynetdicom files copied into this package's test resources (see the NOTICE there). */
final class Pynetdicom {
    private Pynetdicom() {}

    static byte[] file(String name) {
        String path = "/dev/ferry/dicom/net/pdu/pynetdicom/" + name;
        try (InputStream in = Pynetdicom.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
