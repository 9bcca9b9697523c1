package dev.ferry.core.state;

import dev.ferry.core.Lane;
import java.util.Map;

/**
 * Counts over one migration, for status and KPIs.
 *
 * @param studies studies by state
 * @param pendingByLane PENDING studies by lane (queue depth)
 * @param instancesStored instance records
 * @param bytesStored their bytes
 * @param openExceptions exceptions with status OPEN
 */
public record StateCounts(Map<StudyState, Long> studies, Map<Lane, Long> pendingByLane, long instancesStored,
                          long bytesStored, long openExceptions) {
    public StateCounts {
        studies = Map.copyOf(studies);
        pendingByLane = Map.copyOf(pendingByLane);
    }

    public long studies(StudyState state) {
        return studies.getOrDefault(state, 0L);
    }

    public long totalStudies() {
        return studies.values().stream().mapToLong(Long::longValue).sum();
    }
}
