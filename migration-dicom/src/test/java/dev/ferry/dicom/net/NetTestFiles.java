package dev.ferry.dicom.net;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The corpus files the network tests send (copied from pydicom's test files; see the corpus NOTICE). */
final class NetTestFiles {
    private NetTestFiles() {}

    static Path corpus(String name) {
        URL url = NetTestFiles.class.getResource("/dev/ferry/dicom/io/corpus/pydicom/test_files/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no corpus file " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
