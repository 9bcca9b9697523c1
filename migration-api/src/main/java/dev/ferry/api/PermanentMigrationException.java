package dev.ferry.api;

/**
 * A failure that will recur on retry: the item goes to the exception list with its reason and waits
 * for remediation (refused by the peer, corrupt object, identity conflict, accession collision).
 */
public non-sealed class PermanentMigrationException extends MigrationException {
    public PermanentMigrationException(ReasonCode reason, ItemRef item, String detail) {
        this(reason, item, detail, null);
    }

    public PermanentMigrationException(ReasonCode reason, ItemRef item, String detail, Throwable cause) {
        super(reason, item, detail, cause);
    }

    @Override
    public final boolean isRetryable() {
        return false;
    }
}
