package dev.ferry.dicom.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real DICOM files other packages' tests keep (read only): the codec corpus and pydicom's
 * character set files, each listed with its source and licence in the NOTICE beside it. Listed
 * from the directories at test time, so that a file added there is tested here too.
 */
final class TestFiles {
    static final String CORPUS = "/dev/ferry/dicom/io/corpus";
    static final String CHARSET_FILES = "/dev/ferry/dicom/charset/pydicom/charset_files";

    private TestFiles() {}

    /** Every file of both folders except notices and licences, as "folder/relative/path", sorted. */
    static List<String> all() {
        List<String> names = new ArrayList<>();
        for (String folder : List.of(CORPUS, CHARSET_FILES)) {
            Path dir = directory(folder);
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile)
                        .filter(f -> !f.getFileName().toString().startsWith("NOTICE")
                                && !f.getFileName().toString().startsWith("LICENSE"))
                        .map(f -> label(folder) + "/" + dir.relativize(f).toString().replace('\\', '/'))
                        .sorted()
                        .forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    /** The file a name from {@link #all()} stands for. */
    static Path path(String name) {
        int slash = name.indexOf('/');
        String label = name.substring(0, slash);
        String folder = label.equals(label(CORPUS)) ? CORPUS : CHARSET_FILES;
        return directory(folder).resolve(name.substring(slash + 1));
    }

    private static String label(String folder) {
        return folder.equals(CORPUS) ? "corpus" : "charset_files";
    }

    private static Path directory(String folder) {
        URL url = TestFiles.class.getResource(folder);
        if (url == null) {
            throw new IllegalStateException(folder + " is not on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
