package dev.ferry.core.state;

/**
 * The state database failed to do what was asked: it is unreachable, a statement failed, or a lock
 * could not be had in time. The message names the migration and study and the operation, never
 * patient data; the cause is the driver's exception. Nothing of the failed operation was committed.
 */
public final class StateStoreException extends RuntimeException {
    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
