package dev.ferry.dicom.archive;

import dev.ferry.dicom.net.RemoteAe;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where an archive is, written the same way everywhere on the command line and in plans:
 * <ul>
 *   <li>{@code folder:PATH}: a folder of Part 10 files or a DICOMDIR (relative paths from the
 *       working folder);
 *   <li>{@code dimse:AET@host:port}: a DICOM application entity (C-FIND, C-MOVE or C-GET, C-STORE);
 *   <li>{@code dicomweb:URL}: a DICOMweb service root, {@code http} or {@code https} (QIDO-RS,
 *       WADO-RS, STOW-RS), e.g. {@code dicomweb:https://pacs.example.org/dicom-web}.
 * </ul>
 * Credentials never go in the URI (it ends up in reports and logs): give them apart.
 *
 * @param scheme which kind
 * @param folder the folder, for {@link Scheme#FOLDER}
 * @param ae the application entity, for {@link Scheme#DIMSE}
 * @param url the service root, for {@link Scheme#DICOMWEB}
 */
public record ArchiveUri(Scheme scheme, Path folder, RemoteAe ae, URI url) {
    /** The three kinds of archive URI. */
    public enum Scheme { FOLDER, DIMSE, DICOMWEB }

    public ArchiveUri {
        Objects.requireNonNull(scheme, "scheme");
    }

    /**
     * Parses an archive URI.
     *
     * @throws IllegalArgumentException naming the URI and what is wrong with it
     */
    public static ArchiveUri parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        int colon = t.indexOf(':');
        String scheme = colon < 0 ? "" : t.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : t.substring(colon + 1);
        switch (scheme) {
            case "folder" -> {
                if (rest.isEmpty()) {
                    throw bad(text, "no path after \"folder:\"");
                }
                try {
                    return new ArchiveUri(Scheme.FOLDER, Path.of(rest), null, null);
                } catch (InvalidPathException e) {
                    throw bad(text, "not a valid path: " + e.getReason());
                }
            }
            case "dimse" -> {
                try {
                    RemoteAe ae = RemoteAe.parse(rest);
                    if (ae.port() == 0) {
                        throw bad(text, "port 0 is no peer's port");
                    }
                    return new ArchiveUri(Scheme.DIMSE, null, ae, null);
                } catch (IllegalArgumentException e) {
                    throw e.getMessage().startsWith("archive URI") ? e : bad(text, e.getMessage());
                }
            }
            case "dicomweb" -> {
                URI url;
                try {
                    url = new URI(rest);
                } catch (URISyntaxException e) {
                    throw bad(text, "not a URL: " + e.getReason());
                }
                String s = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
                if (!s.equals("http") && !s.equals("https") || url.getHost() == null) {
                    throw bad(text, "expected an http:// or https:// URL with a host after \"dicomweb:\"");
                }
                if (url.getUserInfo() != null) {
                    throw bad(text.replace(url.getRawUserInfo(), "***"), "credentials do not go in the URI (it ends"
                            + " up in reports and logs): give them with the options for them");
                }
                return new ArchiveUri(Scheme.DICOMWEB, null, null, url);
            }
            default -> throw bad(text, "expected folder:PATH, dimse:AET@host:port or dicomweb:URL");
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("archive URI \"" + text + "\": " + why);
    }

    @Override
    public String toString() {
        return switch (scheme) {
            case FOLDER -> "folder:" + folder;
            case DIMSE -> "dimse:" + ae;
            case DICOMWEB -> "dicomweb:" + url;
        };
    }
}
