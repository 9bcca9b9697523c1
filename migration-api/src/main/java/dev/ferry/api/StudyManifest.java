package dev.ferry.api;

import java.util.List;
import java.util.Objects;

/**
 * Everything an archive holds for one study, down to instances: what counts verification and
 * resumption compare. Series and instances are in the archive's order.
 */
public record StudyManifest(StudyDescriptor study, List<SeriesDescriptor> series, List<InstanceDescriptor> instances) {
    public StudyManifest {
        Objects.requireNonNull(study, "study");
        series = List.copyOf(series);
        instances = List.copyOf(instances);
    }

    public int instanceCount() {
        return instances.size();
    }

    /** The sum of the instances' sizes, or {@link StudyDescriptor#UNKNOWN} if any is unknown. */
    public long sizeBytes() {
        long total = 0;
        for (InstanceDescriptor i : instances) {
            if (i.sizeBytes() < 0) {
                return StudyDescriptor.UNKNOWN;
            }
            total += i.sizeBytes();
        }
        return total;
    }
}
