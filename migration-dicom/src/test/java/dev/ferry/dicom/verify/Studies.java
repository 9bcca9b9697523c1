package dev.ferry.dicom.verify;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.VerificationContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Manifests and contexts for the storage commitment verifier's tests, which never read the archive. */
final class Studies {
    private Studies() {}

    /** A study of the given instances, each {@code sopClass:sopInstanceUid}, in one series. */
    static VerificationContext context(String study, List<String> instances) {
        List<InstanceDescriptor> list = instances.stream().map(s -> {
            int colon = s.indexOf(':');
            return new InstanceDescriptor(study, study + ".1", s.substring(colon + 1), s.substring(0, colon), 100);
        }).toList();
        StudyManifest m = new StudyManifest(StudyDescriptor.ofUid(study),
                List.of(new SeriesDescriptor(study, study + ".1", "CT", 1, list.size())), list);
        return new VerificationContext(m, null, Map.of(), UNUSED);
    }

    /** A destination the verifier must not touch: it talks DIMSE to the AE it is configured with. */
    static final DestinationArchive UNUSED = new DestinationArchive() {
        @Override
        public StoreResult store(DicomInstance instance) {
            throw new AssertionError("store");
        }

        @Override
        public String name() {
            return "unused";
        }

        @Override
        public Optional<StudyManifest> describe(String studyInstanceUid) {
            throw new AssertionError("describe");
        }

        @Override
        public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) {
            throw new AssertionError("retrieve");
        }

        @Override
        public void close() {}
    };
}
