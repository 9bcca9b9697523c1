package dev.ferry.api;

/**
 * The plan, a URI or a component is misconfigured; nothing will succeed until it is fixed. The
 * message names the setting (field, option, line) at fault.
 */
public non-sealed class ConfigurationException extends MigrationException {
    public ConfigurationException(String detail) {
        this(detail, null);
    }

    public ConfigurationException(String detail, Throwable cause) {
        super(ReasonCode.CONFIGURATION, ItemRef.NONE, detail, cause);
    }

    @Override
    public final boolean isRetryable() {
        return false;
    }
}
