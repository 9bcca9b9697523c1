package dev.ferry.dicom.net.pdu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates while running something: to prove a length was not trusted. */
final class Allocations {
    private Allocations() {}

    interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} and returns the bytes this thread allocated meanwhile; skips the test where the JVM cannot tell. */
    static long of(Action action) throws Exception {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counter");
        long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
