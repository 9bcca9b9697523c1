package dev.ferry.dicom.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The third-party DICOM files copied beside these tests, under {@code corpus/} in the test
 * resources: their NOTICE is the list of files (each with its source and licence), so a file
 * cannot be used without being accounted for there.
 */
final class Corpus {
    static final String ROOT = "corpus/";

    private Corpus() {}

    /** Every data file NOTICE lists, as a path relative to the corpus folder, in NOTICE order. */
    static List<String> files() {
        String[] lines = new String(resource("NOTICE"), StandardCharsets.UTF_8).split("\n");
        List<String> files = new ArrayList<>();
        for (int i = 0; i + 1 < lines.length; i++) {
            if (!lines[i].isBlank() && !lines[i].startsWith(" ") && lines[i + 1].startsWith("  what:")) {
                files.add(lines[i].strip());
            }
        }
        return files;
    }

    /** The bytes of a corpus file. */
    static byte[] bytes(String path) {
        return resource(path);
    }

    /** Reads a corpus file with the standard reader, the path as the source name. */
    static DicomObject read(String path) throws IOException {
        return DicomReader.standard().read(new ByteArrayInputStream(bytes(path)), path);
    }

    /** The corpus folder on disk (test resources are a directory when Surefire runs). */
    static Path directory() {
        URL url = Corpus.class.getResource(ROOT + "NOTICE");
        if (url == null) {
            throw new IllegalStateException("corpus NOTICE not on the test class path");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = Corpus.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
