package dev.ferry.testkit.tck;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.VR;
import dev.ferry.spi.DestinationArchive;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The destination kit fails destinations that break its contract, each in one way. */
class DestinationKitCatchesBrokenDestinationsTest {

    /** Keeps a new copy each time an instance is stored, as a destination without a UID index would. */
    @BrokenOnPurpose
    static class DuplicatesOnRestore extends DestinationArchiveConformance {
        @Override
        protected DestinationArchive createDestination() {
            Map<String, AtomicInteger> copies = new ConcurrentHashMap<>();
            return new ForwardingArchive() {
                @Override
                public StoreResult store(DicomInstance instance) throws IOException {
                    copies.computeIfAbsent(instance.descriptor().sopInstanceUid(), k -> new AtomicInteger())
                            .incrementAndGet();
                    return delegate.store(instance);
                }

                @Override
                public Optional<StudyManifest> describe(String studyInstanceUid) throws IOException {
                    return delegate.describe(studyInstanceUid).map(m -> {
                        List<InstanceDescriptor> all = new ArrayList<>();
                        for (InstanceDescriptor i : m.instances()) {
                            for (int k = copies.getOrDefault(i.sopInstanceUid(), new AtomicInteger(1)).get(); k > 0; k--) {
                                all.add(i);
                            }
                        }
                        return new StudyManifest(m.study(), m.series(), all);
                    });
                }
            };
        }

        @Override
        protected boolean buffersInMemory() {
            return true;
        }
    }

    /** Sizes its read of the remainder with {@code available()}, as if it were the remaining length. */
    @BrokenOnPurpose
    static class TrustsAvailable extends DestinationArchiveConformance {
        @Override
        protected DestinationArchive createDestination() {
            return new ForwardingArchive() {
                @Override
                public StoreResult store(DicomInstance instance) throws IOException {
                    InputStream in = instance.remainder();
                    byte[] r = in.readNBytes(in.available());
                    try (DicomInstance copy = new DicomInstance(instance.descriptor(), instance.header(),
                            instance.transferSyntaxUid(), new ByteArrayInputStream(r), r.length)) {
                        return delegate.store(copy);
                    }
                }
            };
        }

        @Override
        protected boolean buffersInMemory() {
            return true;
        }
    }

    /** Writes no sequences, as a writer that cannot encode SQ elements would. */
    @BrokenOnPurpose
    static class DropsSequences extends DestinationArchiveConformance {
        @Override
        protected DestinationArchive createDestination() {
            return new ForwardingArchive() {
                @Override
                public StoreResult store(DicomInstance instance) throws IOException {
                    Dataset h = instance.header();
                    for (int tag : h.tags()) {
                        if (h.vr(tag) == VR.SQ) {
                            h.remove(tag);
                        }
                    }
                    return delegate.store(instance);
                }
            };
        }

        @Override
        protected boolean buffersInMemory() {
            return true;
        }
    }

    @Test
    void duplicatingOnRestoreFailsIdempotency() {
        KitRun.of(DuplicatesOnRestore.class)
                .failed("storeIsIdempotentBySopInstanceUid")
                .failed("concurrentStoresOfTheSameInstanceLeaveOneCopy")
                .passed("storedStudyIsDescribedWithItsSeriesAndInstances");
    }

    @Test
    void trustingAvailableFailsTheTrickleTests() {
        KitRun.of(TrustsAvailable.class)
                .failed("remainderDeliveredInTricklesIsStoredWhole")
                .failed("remainderOfUnknownLengthDeliveredInTricklesIsStoredWhole")
                .passed("storedInstancesReadBackWithTheSameHeaderAndRemainder");
    }

    @Test
    void droppingSequencesFailsTheReadBack() {
        KitRun.of(DropsSequences.class)
                .failed("storedInstancesReadBackWithTheSameHeaderAndRemainder")
                .failed("storeWritesTheHeaderAsItIsNow")
                .passed("storedStudyIsDescribedWithItsSeriesAndInstances")
                .passed("describeUnknownStudyIsEmpty");
    }
}
