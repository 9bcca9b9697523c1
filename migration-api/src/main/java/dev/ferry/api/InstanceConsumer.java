package dev.ferry.api;

import java.io.IOException;

/**
 * Receives the instances of a retrieval, one at a time. The archive owns each instance and closes
 * it after {@code accept} returns, so the consumer reads the remainder within the call.
 *
 * <p>An archive never calls one consumer from two threads at once, but may call it from a thread
 * other than the one that started the retrieval. An exception thrown here aborts the retrieval and
 * propagates from it: a consumer that wants to go on after one bad instance handles that itself.
 */
@FunctionalInterface
public interface InstanceConsumer {
    void accept(DicomInstance instance) throws IOException;
}
