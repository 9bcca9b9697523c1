package dev.ferry.core;

import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import java.util.Map;

/**
 * Opens the archives a plan file names, so that {@link PlanReader} needs no DICOM code: the CLI
 * implements it over migration-dicom, an embedding product over its own archives.
 *
 * <p>The URIs are those of the rest of Ferry: {@code folder:PATH}, {@code dimse:AET@host:port},
 * {@code dicomweb:URL} (credentials never go in a URI). The options are the other keys of the
 * archive's mapping in the plan file, as written there, all as strings: for example
 * {@code local=FERRY@0.0.0.0:11112}, {@code maxAssociations=4}, {@code resultCap=500},
 * {@code readBack=true}. An implementation rejects an option it does not know rather than ignore
 * it, naming the option in the message (the reader then points at that option's line).
 *
 * <p>The caller of {@link PlanReader} owns what is opened through the {@link LoadedPlan}, which
 * closes it.
 */
public interface ArchiveOpener {

    /**
     * @param uri the archive, as written in the plan (never empty)
     * @param options the archive's options in the plan's order; empty when the plan gives only a URI
     * @return a new, open source archive; never {@code null}
     * @throws IllegalArgumentException or {@link dev.ferry.api.ConfigurationException} when the URI or
     *     an option is wrong (the message names which)
     * @throws IOException when the archive cannot be opened
     */
    SourceArchive openSource(String uri, Map<String, String> options) throws IOException;

    /** As {@link #openSource}, for the destination. */
    DestinationArchive openDestination(String uri, Map<String, String> options) throws IOException;
}
