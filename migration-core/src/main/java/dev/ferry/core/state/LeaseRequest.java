package dev.ferry.core.state;

import dev.ferry.core.Lane;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link StateStore#lease} may hand out.
 *
 * @param owner the leasing process's owner id
 * @param max at most this many studies
 * @param lanes only from these lanes (a paused lane is left out)
 * @param excludedModalityGroups none from these groups (a group at its throttle limit)
 * @param sampleOnly only studies the test migration chose
 * @param now the current time (PENDING studies whose next attempt is later are not ready)
 * @param leaseFor how long the lease lasts unless renewed
 */
public record LeaseRequest(String owner, int max, Set<Lane> lanes, Set<String> excludedModalityGroups,
                           boolean sampleOnly, Instant now, Duration leaseFor) {
    public LeaseRequest {
        Objects.requireNonNull(owner, "owner");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, not " + max);
        }
        lanes = lanes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(lanes));
        excludedModalityGroups = Set.copyOf(excludedModalityGroups);
        Objects.requireNonNull(now, "now");
        if (leaseFor.isNegative() || leaseFor.isZero()) {
            throw new IllegalArgumentException("leaseFor must be positive, not " + leaseFor);
        }
    }
}
