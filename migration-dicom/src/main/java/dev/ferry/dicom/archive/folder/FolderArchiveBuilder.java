package dev.ferry.dicom.archive.folder;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link FolderSource.Builder} and {@link FolderDestination.Builder} share: the root folder,
 * made absolute and normal, and the name. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class FolderArchiveBuilder<B extends FolderArchiveBuilder<B>> {
    final Path root;
    private String name;

    FolderArchiveBuilder(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** What {@code name()} returns; default {@code folder:<root>}. */
    @SuppressWarnings("unchecked")
    public B name(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.name = name;
        return (B) this;
    }

    /** The name given, or {@code folder:<root>}. */
    String nameOrDefault() {
        return name != null ? name : "folder:" + root;
    }
}
