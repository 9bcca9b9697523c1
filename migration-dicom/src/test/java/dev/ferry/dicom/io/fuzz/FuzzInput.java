package dev.ferry.dicom.io.fuzz;

import dev.ferry.api.Dataset;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A fuzzer's bytes turned into what a {@link dev.ferry.dicom.io.DicomReader} reads. The first byte
 * steers, the rest is the payload, so that random payloads reach data set parsing in every encoding
 * instead of dying in encoding detection:
 *
 * <ul>
 *   <li>bits 0-2, the encoding: 0, 6 and 7 the payload as it is (the reader detects, or reads the
 *       payload's own File Meta); 1 Implicit VR Little Endian, 2 Explicit VR Little Endian, 3 Explicit
 *       VR Big Endian, 4 Deflated Explicit VR Little Endian with the payload deflated here (so it is
 *       what the reader inflates), 5 deflated with the payload taken as the deflate stream itself;
 *   <li>bits 3-4, the framing of a forced encoding: 0 and 3 a Part 10 preamble, {@code DICM} and File
 *       Meta naming the transfer syntax; 1 File Meta alone; 2 {@code DICM} and File Meta. For the
 *       payload as it is: 1 a preamble and {@code DICM} in front, 2 {@code DICM} alone, else nothing;
 *   <li>bits 5-7, how the stream delivers: 0 everything at once, k the most bytes one
 *       {@code read} returns, 2^(k-1), so that the reader's buffering sees short reads.
 * </ul>
 * Immutable.
 */
final class FuzzInput {
    /** An inflated payload bigger than this is not measured further: the bound only has to be an upper one. */
    private static final int INFLATE_LIMIT = 64 << 20;
    private static final byte[] DICM = "DICM".getBytes(StandardCharsets.US_ASCII);
    private static final TransferSyntax[] FORCED = {
        null,
        TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
        TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
        TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
        TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
        null,
        null,
    };
    private static final byte[][] FORCED_META = Arrays.stream(FORCED)
            .map(ts -> ts == null ? null : fileMeta(ts))
            .toArray(byte[][]::new);

    private static final byte[][] DEFLATED_UIDS = TransferSyntax.all().stream()
            .filter(TransferSyntax::isDeflated)
            .map(ts -> ts.uid().getBytes(StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);

    private final byte[] bytes;
    private final int chunk;
    private final long logicalLength;
    private final TransferSyntax forced;
    private final boolean deflated;

    private FuzzInput(byte[] bytes, int chunk, long logicalLength, TransferSyntax forced, boolean deflated) {
        this.bytes = bytes;
        this.chunk = chunk;
        this.logicalLength = logicalLength;
        this.forced = forced;
        this.deflated = deflated;
    }

    static FuzzInput of(byte[] data) {
        if (data.length == 0) {
            return new FuzzInput(data, 0, 0, null, false);
        }
        int control = data[0] & 0xFF;
        int encoding = control & 7;
        int framing = (control >>> 3) & 3;
        int k = control >>> 5;
        int chunk = k == 0 ? 0 : 1 << (k - 1);
        byte[] payload = Arrays.copyOfRange(data, 1, data.length);
        TransferSyntax ts = FORCED[encoding];
        if (ts == null) {
            byte[] prefix = switch (framing) {
                case 1 -> concat(new byte[128], DICM);
                case 2 -> DICM;
                default -> new byte[0];
            };
            byte[] bytes = concat(prefix, payload);
            boolean deflated = namesDeflatedSyntax(bytes);
            return new FuzzInput(bytes, chunk, deflated ? maxInflatedLength(bytes) : bytes.length, null, deflated);
        }
        byte[] meta = FORCED_META[encoding];
        byte[] prefix = switch (framing) {
            case 1 -> meta;
            case 2 -> concat(DICM, meta);
            default -> concat(new byte[128], DICM, meta);
        };
        byte[] body = encoding == 4 ? deflate(payload) : payload;
        byte[] bytes = concat(prefix, body);
        if (body.length >= 2 && body[0] == 2 && body[1] == 0) {
            // The body goes on with File Meta elements, which may name another transfer syntax, and a
            // deflated data set then starts further on than the bounds below assume.
            boolean deflated = ts.isDeflated() || namesDeflatedSyntax(bytes);
            return new FuzzInput(bytes, chunk, deflated ? maxInflatedLength(bytes) : bytes.length, ts, deflated);
        }
        long inflated = switch (encoding) {
            case 4 -> payload.length;
            case 5 -> inflatedLength(body);
            default -> -1;
        };
        long logical = inflated < 0 ? bytes.length : Math.max(bytes.length, prefix.length + inflated);
        return new FuzzInput(bytes, chunk, logical, ts, inflated >= 0);
    }

    /** A Part 10 file: zero preamble, {@code DICM}, Ferry's File Meta for {@code ts}, then {@code body} as given. */
    static byte[] part10(TransferSyntax ts, byte[] body) {
        return concat(new byte[128], DICM, fileMeta(ts), body);
    }

    /** A stream over the bytes, delivering at most the chosen number of bytes a read. */
    InputStream stream() {
        InputStream in = new ByteArrayInputStream(bytes);
        if (chunk == 0) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    /**
     * An upper bound of how many bytes the reader can consume: the input's length, or for a deflated
     * data set its File Meta plus what the data set inflates to. Offsets it reports lie within it,
     * and what it allocates is measured against it.
     */
    long logicalLength() {
        return logicalLength;
    }

    /** Whether the data set may be deflated: then its remainder is an inflating stream, which may fail as one. */
    boolean mayBeDeflated() {
        return deflated;
    }

    @Override
    public String toString() {
        return "FuzzInput[" + bytes.length + " bytes, " + (forced == null ? "as is" : forced.keyword())
                + (chunk == 0 ? "" : ", reads of " + chunk) + "]";
    }

    private static byte[] fileMeta(TransferSyntax ts) {
        try {
            return DicomWriter.encode(DicomWriter.fileMeta(new Dataset(), ts, null),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Whether the bytes hold the UID of a deflated transfer syntax, as File Meta the payload brings itself would. */
    private static boolean namesDeflatedSyntax(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        for (byte[] uid : DEFLATED_UIDS) {
            if (text.contains(new String(uid, StandardCharsets.ISO_8859_1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a data set deflated in the payload's own File Meta could inflate to at most: it may start
     * anywhere, so this takes the input length plus the largest expansion deflate allows (1032:1).
     */
    private static long maxInflatedLength(byte[] bytes) {
        return bytes.length + 1032L * bytes.length;
    }

    /** What {@link java.util.zip.InflaterInputStream} yields from a raw deflate stream before it ends or fails. */
    private static long inflatedLength(byte[] stream) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(stream);
            byte[] buf = new byte[8192];
            long total = 0;
            while (total < INFLATE_LIMIT) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.finished() || inflater.needsDictionary() || inflater.needsInput())) {
                    break;
                }
                total += n;
            }
            return total;
        } catch (DataFormatException e) {
            return inflater.getTotalOut();
        } finally {
            inflater.end();
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
