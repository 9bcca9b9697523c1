package dev.ferry.bench.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A dcmtk process: storescp on a free port, or a client run to its end. */
final class DcmtkProcess implements AutoCloseable {
    final Process process;
    final int port;

    private DcmtkProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** storescp with a 128 KiB PDU, discarding what it receives unless {@code --disk}. */
    static DcmtkProcess storescp(Path out, boolean fork, boolean ignore) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return storescp(out, fork, ignore, port);
    }

    /** The same on a given port (a peer that moves to it knows it already). */
    static DcmtkProcess storescp(Path out, boolean fork, boolean ignore, int port)
            throws IOException, InterruptedException {
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>(List.of("storescp", "-aet", "STORESCP", "-pdu", String.valueOf(StoreBench.PDU),
                "-dhl", "-od", out.toString()));
        if (ignore) {
            cmd.add("--ignore");
        }
        if (fork) {
            cmd.add("--fork");
        }
        cmd.add(String.valueOf(port));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(out.resolveSibling(out.getFileName() + ".storescp.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("storescp did not start on port " + port, e);
                }
                Thread.sleep(50);
            }
        }
        return new DcmtkProcess(p, port);
    }

    static void run(List<String> cmd, Path log) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("TCP_NODELAY", "1");
            Process p = pb.start();
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd.get(0) + " failed: "
                        + Files.readString(log, StandardCharsets.UTF_8).lines().limit(20).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
