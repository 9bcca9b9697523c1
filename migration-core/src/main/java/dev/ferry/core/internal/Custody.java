package dev.ferry.core.internal;

import dev.ferry.api.CustodyEvent;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.TagChange;
import dev.ferry.spi.CustodyLog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the engine's events to the migration's custody log (the plan's, or the state store's). A custody write is
 * synchronous, and when it fails the item fails (CUSTODY_FAILURE): an instance moved without its
 * record is not an instance moved. Thread-safe if the log is.
 */
final class Custody {
    private final CustodyLog log;
    private final Clock clock;
    private final String actor;

    Custody(CustodyLog log, Clock clock, String actor) {
        this.log = log;
        this.clock = clock;
        this.actor = actor;
    }

    void record(CustodyEvent.Type type, ItemRef item, Map<String, String> details) {
        try {
            log.append(CustodyEvent.of(clock.instant(), type, actor, item, details));
        } catch (RuntimeException e) {
            throw new PermanentMigrationException(ReasonCode.CUSTODY_FAILURE, item,
                    "the custody log refused a " + type + " event: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Two events about one item, as consecutive records in one append. */
    void record(ItemRef item, CustodyEvent.Type first, Map<String, String> firstDetails, CustodyEvent.Type second,
                Map<String, String> secondDetails) {
        java.time.Instant now = clock.instant();
        try {
            log.appendAll(List.of(CustodyEvent.of(now, first, actor, item, firstDetails),
                    CustodyEvent.of(now, second, actor, item, secondDetails)));
        } catch (RuntimeException e) {
            throw new PermanentMigrationException(ReasonCode.CUSTODY_FAILURE, item,
                    "the custody log refused " + first + " and " + second + " events: " + e.getClass().getSimpleName(),
                    e);
        }
    }

    /** The same event for many items, as consecutive records in one append. */
    void recordAll(CustodyEvent.Type type, List<ItemRef> items, Map<String, String> details) {
        if (items.isEmpty()) {
            return;
        }
        java.time.Instant now = clock.instant();
        List<CustodyEvent> events = new java.util.ArrayList<>(items.size());
        for (ItemRef item : items) {
            events.add(CustodyEvent.of(now, type, actor, item, details));
        }
        try {
            log.appendAll(events);
        } catch (RuntimeException e) {
            throw new PermanentMigrationException(ReasonCode.CUSTODY_FAILURE, items.get(0),
                    "the custody log refused " + items.size() + " " + type + " events: " + e.getClass().getSimpleName(),
                    e);
        }
    }

    /** Changes as details {@code change.N = path: before -> after (rule)}, numbered from 1. */
    static Map<String, String> changes(List<TagChange> changes) {
        Map<String, String> d = new LinkedHashMap<>();
        int i = 1;
        for (TagChange c : changes) {
            d.put(String.format("change.%03d", i++), c.path() + " " + c.kind() + ": " + c.before() + " -> "
                    + c.after() + " (" + c.rule() + ")");
        }
        return d;
    }
}
