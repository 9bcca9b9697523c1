package dev.ferry.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyManifest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DestinationArchiveTest {
    /** A destination that holds nothing; enough for a value test. */
    static class EmptyDestination implements DestinationArchive {
        @Override
        public String name() {
            return "empty";
        }

        @Override
        public Optional<StudyManifest> describe(String studyInstanceUid) {
            return Optional.empty();
        }

        @Override
        public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) {
            return RetrieveResult.complete(0);
        }

        @Override
        public StoreResult store(DicomInstance instance) {
            return StoreResult.stored(instance.descriptor().sopInstanceUid());
        }

        @Override
        public void close() {}
    }

    @Test
    void destinationsCanBeReadBackUnlessTheySayOtherwise() {
        assertThat(new EmptyDestination().supportsReadBack()).isTrue();
        DestinationArchive stowOnly = new EmptyDestination() {
            @Override
            public boolean supportsReadBack() {
                return false;
            }
        };
        assertThat(stowOnly.supportsReadBack()).isFalse();
    }
}
