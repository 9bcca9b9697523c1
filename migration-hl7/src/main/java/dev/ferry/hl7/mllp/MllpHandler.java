package dev.ferry.hl7.mllp;

import dev.ferry.hl7.adt.Origin;

/**
 * What an {@link MllpListener} does with each message it receives: process it and return the
 * acknowledgment to send back. Called from the listener's connection threads, one message at a time
 * per connection, so an implementation is thread-safe.
 */
@FunctionalInterface
public interface MllpHandler {
    /**
     * @param message the frame's content, as received
     * @param origin the connection ({@code mllp://127.0.0.1:50312}) and the message's number on it
     * @return the acknowledgment (ER7), never null; should not throw (the listener answers AE if it does)
     */
    String handle(byte[] message, Origin origin);
}
