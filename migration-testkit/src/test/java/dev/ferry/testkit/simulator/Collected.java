package dev.ferry.testkit.simulator;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceConsumer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A consumer that reads each delivered instance to its end and keeps its SOP Instance UID. */
final class Collected implements InstanceConsumer {
    final List<String> sopInstanceUids = new CopyOnWriteArrayList<>();
    /** The remainder bytes each instance brought, by SOP Instance UID. */
    final Map<String, Long> remainderBytes = new ConcurrentHashMap<>();

    @Override
    public void accept(DicomInstance instance) throws IOException {
        long n = instance.remainder().transferTo(OutputStream.nullOutputStream());
        sopInstanceUids.add(instance.descriptor().sopInstanceUid());
        remainderBytes.put(instance.descriptor().sopInstanceUid(), n);
    }

    List<String> received() {
        return sopInstanceUids;
    }
}
