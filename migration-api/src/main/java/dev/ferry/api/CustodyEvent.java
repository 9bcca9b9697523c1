package dev.ferry.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Something that happened to an item, for the chain-of-custody record.
 *
 * @param time when it happened (from the engine's clock), truncated to milliseconds when hashed
 * @param type what happened
 * @param actor who or what did it: a component ("engine", "verifier:pixel"), or an operator's name
 *     for {@link Type#OPERATOR_ACTION} and {@link Type#EXCEPTION_RESOLVED}
 * @param item the study or instance concerned
 * @param details the evidence, sorted by key (e.g. {@code sha256}, {@code status}, {@code change.1});
 *     may hold patient data (old and new values of a coerced tag): it is the proof, not a log line
 */
public record CustodyEvent(Instant time, Type type, String actor, ItemRef item, SortedMap<String, String> details) {
    /** Custody event types; stable names, since they are hashed into the chain. */
    public enum Type {
        QUEUED, RETRIEVED, COERCED, STORED, VERIFIED, EXCEPTION_RAISED, EXCEPTION_RESOLVED, OPERATOR_ACTION
    }

    public CustodyEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(item, "item");
        TreeMap<String, String> copy = new TreeMap<>();
        if (details != null) {
            details.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "detail key"),
                    Objects.requireNonNull(v, () -> "value of detail " + k)));
        }
        details = java.util.Collections.unmodifiableSortedMap(copy);
        time = Instant.ofEpochMilli(time.toEpochMilli());
    }

    public static CustodyEvent of(Instant time, Type type, String actor, ItemRef item, Map<String, String> details) {
        return new CustodyEvent(time, type, actor, item, new TreeMap<>(details));
    }

    /** Detail values are redacted: they may hold patient data. */
    @Override
    public String toString() {
        return "CustodyEvent[" + time + " " + type + " by " + actor + " on " + item + ", details=" + details.keySet() + "]";
    }
}
