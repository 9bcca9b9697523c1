package dev.ferry.core.verify;

import dev.ferry.api.Dataset;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.spi.DestinationArchive;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads instance headers back from a destination for a check, without reading their remainders
 * (the archive skips what the consumer leaves). Stateless.
 */
final class ReadBack {
    private ReadBack() {}

    /** Checks one header read back; may be called from the archive's thread, one instance at a time. */
    @FunctionalInterface
    interface HeaderCheck {
        void check(InstanceDescriptor instance, Dataset header);
    }

    /**
     * What became of the instances asked for.
     *
     * @param missing instances the destination reported it does not hold ({@link ReasonCode#MISSING_INSTANCE})
     * @param undelivered instances neither delivered nor reported missing (another failure, or unaccounted)
     */
    record Outcome(Set<String> missing, Set<String> undelivered) {
        boolean complete() {
            return missing.isEmpty() && undelivered.isEmpty();
        }
    }

    /**
     * Retrieves {@code wanted} (instances of {@code study}) from the destination and hands each
     * header to {@code check}; instances delivered but not wanted are ignored.
     *
     * @param wholeStudy whether {@code wanted} is every instance of the study (one study-level retrieve)
     */
    static Outcome headers(DestinationArchive destination, String study, Collection<InstanceDescriptor> wanted,
                           boolean wholeStudy, HeaderCheck check) throws IOException {
        Map<String, InstanceDescriptor> bySop = new ConcurrentHashMap<>();
        wanted.forEach(i -> bySop.put(i.sopInstanceUid(), i));
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        if (bySop.isEmpty()) {
            return new Outcome(Set.of(), Set.of());
        }
        RetrieveRequest request = wholeStudy ? RetrieveRequest.study(study)
                : RetrieveRequest.instances(study, bySop.keySet());
        RetrieveResult result = destination.retrieve(request, instance -> {
            String sop = instance.descriptor().sopInstanceUid();
            InstanceDescriptor source = bySop.get(sop);
            if (source != null && delivered.add(sop)) {
                check.check(source, instance.header());
            }
        });
        Set<String> missing = new LinkedHashSet<>();
        for (Finding f : result.failures()) {
            String sop = f.item().sopInstanceUid();
            if (sop != null && f.reason() == ReasonCode.MISSING_INSTANCE && bySop.containsKey(sop)
                    && !delivered.contains(sop)) {
                missing.add(sop);
            }
        }
        Set<String> undelivered = new LinkedHashSet<>();
        for (InstanceDescriptor i : wanted) {
            String sop = i.sopInstanceUid();
            if (!delivered.contains(sop) && !missing.contains(sop)) {
                undelivered.add(sop);
            }
        }
        return new Outcome(missing, undelivered);
    }
}
