package dev.ferry.api;

/** A failure that may not happen again: retry with back-off (network, timeout, busy peer). */
public non-sealed class TransientMigrationException extends MigrationException {
    public TransientMigrationException(ReasonCode reason, ItemRef item, String detail) {
        this(reason, item, detail, null);
    }

    public TransientMigrationException(ReasonCode reason, ItemRef item, String detail, Throwable cause) {
        super(reason, item, detail, cause);
    }

    @Override
    public final boolean isRetryable() {
        return true;
    }
}
