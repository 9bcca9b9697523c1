package dev.ferry.cli;

import dev.ferry.core.ArchiveOpener;
import dev.ferry.dicom.archive.ArchiveUri;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens the archives a plan file names by URI, with the command line's network and identity options
 * as defaults and the plan's archive options ({@code local}, {@code maxAssociations},
 * {@code resultCap}) over them.
 */
final class UriArchiveOpener implements ArchiveOpener {
    private static final Set<String> KNOWN = Set.of("local", "maxAssociations", "resultCap");

    private final NetworkOptions network;
    private final UserIdentityOptions identity;
    private final ArchiveOptions defaults;

    UriArchiveOpener(NetworkOptions network, UserIdentityOptions identity, ArchiveOptions defaults) {
        this.network = network;
        this.identity = identity;
        this.defaults = defaults;
    }

    @Override
    public SourceArchive openSource(String uri, Map<String, String> options) throws IOException {
        return with(options).openSource(ArchiveUri.parse(uri), network, identity);
    }

    @Override
    public DestinationArchive openDestination(String uri, Map<String, String> options) throws IOException {
        return with(options).openDestination(ArchiveUri.parse(uri), network, identity);
    }

    private ArchiveOptions with(Map<String, String> options) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown archive options " + unknown + "; known: " + new TreeSet<>(KNOWN));
        }
        ArchiveOptions o = new ArchiveOptions();
        o.local = defaults.local;
        o.resultCap = defaults.resultCap;
        o.maxAssociations = defaults.maxAssociations;
        if (options.containsKey("local")) {
            o.local = new NetworkOptions.BindConverter().convert(options.get("local"));
        }
        if (options.containsKey("maxAssociations")) {
            o.maxAssociations = positive("maxAssociations", options.get("maxAssociations"));
        }
        if (options.containsKey("resultCap")) {
            o.resultCap = positive("resultCap", options.get("resultCap"));
        }
        return o;
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least 0, not '" + value + "'");
    }

    static RemoteAe unused() {
        return null;
    }
}
