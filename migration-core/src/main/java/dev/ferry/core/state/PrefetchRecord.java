package dev.ferry.core.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One pre-fetch request and how far it got: the patient's studies that were not yet on the
 * destination when it arrived, and when the last of them got there.
 *
 * @param id the request's id in the state store
 * @param trigger what asked for it, without patient data (e.g. "HL7 ADT^A04 control ID 123")
 * @param requestedAt when it arrived
 * @param alreadyDone the patient's studies that were already DONE when it arrived
 * @param studies the patient's studies it waited for (pending or in progress when it arrived)
 * @param done how many of those are DONE now
 * @param lastDoneAt when the last of those became DONE, or {@code null} while any is not
 * @param blocked how many of those not DONE are on the exception list: they arrive only once an operator acts
 */
public record PrefetchRecord(long id, String trigger, Instant requestedAt, int alreadyDone, int studies, int done,
                             Instant lastDoneAt, int blocked) {
    public PrefetchRecord {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** Whether every study it waited for is on the destination. */
    public boolean satisfied() {
        return done == studies;
    }

    /**
     * The time from the request to the patient's priors being on the destination: zero when there
     * was nothing to wait for; empty while any study is not done.
     */
    public Optional<Duration> latency() {
        if (!satisfied()) {
            return Optional.empty();
        }
        return Optional.of(studies == 0 || lastDoneAt == null ? Duration.ZERO : Duration.between(requestedAt, lastDoneAt));
    }
}
