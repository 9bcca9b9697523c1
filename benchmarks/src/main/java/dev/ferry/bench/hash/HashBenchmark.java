package dev.ferry.bench.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import net.openhft.hashing.LongHashFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hashes an integrity check can use, over one buffer of {@code size} bytes, single thread:
 * SHA-256 (Ferry's default, as audit practice expects: what the engine computes over every
 * instance as it streams, through {@link MessageDigest} in 64 KiB reads), SHA-1, MD5, CRC32C and
 * xxHash3 (non-cryptographic). The score is hashes per second; multiply by the size for bytes per
 * second. Compare SHA-256 with {@code openssl speed -seconds 3 -bytes 16384 -evp sha256} on the same
 * machine (single core).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar HashBenchmark -prof gc -rf json -rff hash.json
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class HashBenchmark {
    /** The read size the engine's stream hashing sees. */
    private static final int CHUNK = 64 * 1024;

    @Param({"4096", "65536", "1048576", "67108864"})
    int size;

    private byte[] data;
    private MessageDigest sha256;
    private MessageDigest sha1;
    private MessageDigest md5;
    private final CRC32C crc = new CRC32C();
    private final LongHashFunction xxh3 = LongHashFunction.xx3();

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        data = new byte[size];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < size; i++) {
            data[i] = (byte) r.nextInt(256);
        }
        sha256 = MessageDigest.getInstance("SHA-256");
        sha1 = MessageDigest.getInstance("SHA-1");
        md5 = MessageDigest.getInstance("MD5");
    }

    /** SHA-256 as the engine computes it: the bytes arrive in reads of at most 64 KiB. */
    @Benchmark
    public byte[] sha256() {
        return chunked(sha256);
    }

    @Benchmark
    public byte[] sha1() {
        return chunked(sha1);
    }

    @Benchmark
    public byte[] md5() {
        return chunked(md5);
    }

    @Benchmark
    public long crc32c() {
        crc.reset();
        crc.update(data, 0, data.length);
        return crc.getValue();
    }

    @Benchmark
    public long xxh3() {
        return xxh3.hashBytes(data);
    }

    private byte[] chunked(MessageDigest md) {
        for (int off = 0; off < data.length; off += CHUNK) {
            md.update(data, off, Math.min(CHUNK, data.length - off));
        }
        return md.digest();
    }
}
