package dev.ferry.dicom.net.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free TCP ports on 127.0.0.1, chosen by the kernel. A port is free when returned, not reserved: a
 * peer must bind it soon, and another process may still take it in between (rare with ephemeral
 * ports, which the kernel hands out in turn). Thread-safe.
 */
public final class FreePorts {
    private FreePorts() {}

    /** One port that nothing listened on when asked. */
    public static int allocate() throws IOException {
        return allocate(1)[0];
    }

    /** {@code count} distinct ports: all are held open until every one is chosen. */
    public static int[] allocate(int count) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("count: at least 1, was " + count);
        }
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket();
                held.add(s);
                s.bind(new InetSocketAddress(Tools.LOOPBACK, 0), 1);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }
}
