package dev.ferry.testkit.tck;

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
import dev.ferry.testkit.memory.InMemoryArchive;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** An archive that forwards to an in-memory one; broken archives override one method to break it. */
class ForwardingArchive implements SourceArchive, DestinationArchive {
    final InMemoryArchive delegate = new InMemoryArchive("forwarding");

    ForwardingArchive() {}

    ForwardingArchive(List<DicomInstance> content) throws IOException {
        for (DicomInstance i : content) {
            delegate.put(i);
        }
    }

    @Override
    public String name() {
        return "forwarding";
    }

    @Override
    public void query(StudyQuery query, Consumer<? super StudyDescriptor> sink) throws IOException {
        delegate.query(query, sink);
    }

    @Override
    public Optional<StudyManifest> describe(String studyInstanceUid) throws IOException {
        return delegate.describe(studyInstanceUid);
    }

    @Override
    public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
        return delegate.retrieve(request, consumer);
    }

    @Override
    public StoreResult store(DicomInstance instance) throws IOException {
        return delegate.store(instance);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
