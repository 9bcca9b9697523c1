package dev.ferry.dicom.archive.folder;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a DICOMDIR's Referenced File ID (0004,1500) under the root of a file-set (PS3.10 8.5,
 * PS3.12 for the media's naming): each component names one level, and none may leave the root,
 * whatever the DICOMDIR says. A component that is not there exactly is looked up ignoring case and
 * the ISO 9660 decorations ({@code ;1} version suffix, trailing dot), since media written in upper
 * case are often copied to case-sensitive file systems in lower case.
 *
 * <p>One instance per indexing pass: it caches directory listings. Not thread-safe.
 */
final class MediaPaths {
    private static final Logger LOG = LoggerFactory.getLogger(MediaPaths.class);
    private static final int MAX_COMPONENTS = 64;
    private static final int MAX_COMPONENT_LENGTH = 255;

    private final Path root;
    private final Path realRoot;
    private final Map<Path, Map<String, Path>> listings = new HashMap<>();

    MediaPaths(Path root) throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
    }

    /**
     * Why the components cannot name a file under the root ({@code ..}, a separator, an absolute
     * path, an empty component), or {@code null} if they can. Says which component, not what it holds.
     */
    static String refusal(List<String> components) {
        if (components.isEmpty()) {
            return "is empty";
        }
        if (components.size() > MAX_COMPONENTS) {
            return "has " + components.size() + " components, more than " + MAX_COMPONENTS;
        }
        for (int i = 0; i < components.size(); i++) {
            String c = components.get(i).strip();
            String where = "component " + (i + 1) + " of " + components.size();
            if (c.isEmpty()) {
                return where + " is empty";
            }
            if (c.equals(".") || c.equals("..")) {
                return where + " is '" + c + "', which would leave its folder";
            }
            if (c.length() > MAX_COMPONENT_LENGTH) {
                return where + " is longer than " + MAX_COMPONENT_LENGTH + " characters";
            }
            for (int k = 0; k < c.length(); k++) {
                char ch = c.charAt(k);
                if (ch == '/' || ch == '\\' || ch == ':' || ch == '\0') {
                    return where + " holds a path separator or drive character";
                }
            }
        }
        return null;
    }

    /**
     * The regular file the components name, exactly or else ignoring case and ISO 9660 decorations;
     * {@code null} if there is none. The components must have passed {@link #refusal}.
     */
    Path find(List<String> components) throws IOException {
        Path p = root;
        for (String raw : components) {
            String c = raw.strip();
            Path exact = p.resolve(c);
            if (Files.exists(exact, LinkOption.NOFOLLOW_LINKS)) {
                p = exact;
                continue;
            }
            Path loose = listing(p).get(normalize(c));
            if (loose == null) {
                return null;
            }
            p = loose;
        }
        return Files.isRegularFile(p) ? p : null;
    }

    /** Whether the file, links resolved, is inside the root (a link on the media may point anywhere). */
    boolean inside(Path file) throws IOException {
        return file.toRealPath().startsWith(realRoot);
    }

    private Map<String, Path> listing(Path dir) {
        return listings.computeIfAbsent(dir, d -> {
            Map<String, Path> names = new HashMap<>();
            if (!Files.isDirectory(d)) {
                return names;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
                for (Path e : entries) {
                    names.putIfAbsent(normalize(e.getFileName().toString()), e);
                }
            } catch (IOException e) {
                // An unreadable folder holds nothing we can find: its files are reported absent.
                LOG.debug("cannot list {} to look up a Referenced File ID: {}", root.relativize(d), e.toString());
            }
            return names;
        });
    }

    /** Upper case, without an ISO 9660 version suffix ({@code ;1}) or a trailing dot. */
    static String normalize(String name) {
        String n = name;
        int semicolon = n.lastIndexOf(';');
        if (semicolon > 0 && semicolon < n.length() - 1 && n.substring(semicolon + 1).chars().allMatch(Character::isDigit)) {
            n = n.substring(0, semicolon);
        }
        if (n.length() > 1 && n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        return n.toUpperCase(Locale.ROOT);
    }
}
