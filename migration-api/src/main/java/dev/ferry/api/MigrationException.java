package dev.ferry.api;

import java.util.Objects;

/**
 * The root of every failure Ferry reports about an item it works on. Unchecked and sealed into four
 * branches the engine treats differently:
 * <ul>
 *   <li>{@link TransientMigrationException}: may succeed if tried again (network, timeout, busy peer);
 *   <li>{@link PermanentMigrationException}: will fail the same way again (refused, corrupt, identity
 *       conflict) and becomes an entry in the exception list;
 *   <li>{@link VerificationException}: the item moved but the proof that it arrived intact failed;
 *   <li>{@link ConfigurationException}: the plan or a component is wrong; no item can succeed.
 * </ul>
 * Each names the {@link ItemRef item} it concerns and a {@link ReasonCode}. Messages never contain
 * patient data (names, IDs, birth dates, accession numbers): throwers name UIDs, tags and counts.
 * Transport methods of the SPI also declare {@link java.io.IOException} for raw I/O failures,
 * which the engine treats as transient.
 */
public abstract sealed class MigrationException extends RuntimeException
        permits TransientMigrationException, PermanentMigrationException, VerificationException,
                ConfigurationException {

    private final ReasonCode reason;
    private final ItemRef item;

    protected MigrationException(ReasonCode reason, ItemRef item, String detail, Throwable cause) {
        super(compose(reason, item, detail), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.item = item == null ? ItemRef.NONE : item;
    }

    private static String compose(ReasonCode reason, ItemRef item, String detail) {
        StringBuilder sb = new StringBuilder().append(reason);
        if (item != null && !ItemRef.NONE.equals(item)) {
            sb.append(" [").append(item).append(']');
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }

    public ReasonCode reason() {
        return reason;
    }

    /** The study/series/instance concerned; {@link ItemRef#NONE} when the failure is not about one. */
    public ItemRef item() {
        return item;
    }

    /** Whether retrying the same operation can succeed. */
    public abstract boolean isRetryable();
}
