package dev.ferry.api;

/** The item was stored, but proving that it arrived intact and under the right identity failed. */
public non-sealed class VerificationException extends MigrationException {
    public VerificationException(ReasonCode reason, ItemRef item, String detail) {
        this(reason, item, detail, null);
    }

    public VerificationException(ReasonCode reason, ItemRef item, String detail, Throwable cause) {
        super(reason, item, detail, cause);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
