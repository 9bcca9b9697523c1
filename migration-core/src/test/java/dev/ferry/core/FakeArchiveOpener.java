package dev.ferry.core;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** An {@link ArchiveOpener} that records what it opens; it can be told to fail opening one side. */
final class FakeArchiveOpener implements ArchiveOpener {
    final List<FakeArchive> opened = new ArrayList<>();
    RuntimeException failSource;
    RuntimeException failDestination;
    IOException ioFailDestination;

    @Override
    public SourceArchive openSource(String uri, Map<String, String> options) {
        if (failSource != null) {
            throw failSource;
        }
        return open(uri, options);
    }

    @Override
    public DestinationArchive openDestination(String uri, Map<String, String> options) throws IOException {
        if (failDestination != null) {
            throw failDestination;
        }
        if (ioFailDestination != null) {
            throw ioFailDestination;
        }
        return open(uri, options);
    }

    private FakeArchive open(String uri, Map<String, String> options) {
        FakeArchive a = new FakeArchive(uri, Map.copyOf(options));
        opened.add(a);
        return a;
    }

    /** Both kinds of archive, doing nothing but count its closes. */
    static final class FakeArchive implements SourceArchive, DestinationArchive {
        final String uri;
        final Map<String, String> options;
        int closes;

        FakeArchive(String uri, Map<String, String> options) {
            this.uri = uri;
            this.options = options;
        }

        @Override
        public String name() {
            return uri;
        }

        @Override
        public Optional<StudyManifest> describe(String studyInstanceUid) {
            return Optional.empty();
        }

        @Override
        public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void query(StudyQuery query, Consumer<? super StudyDescriptor> sink) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StoreResult store(DicomInstance instance) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closes++;
        }
    }
}
