package dev.ferry.api;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * The hash chain every {@code CustodyLog} implementation shares, so that a chain written by one can
 * be checked by any other, years later:
 *
 * <pre>hash(n) = SHA-256( bytes(hash(n-1)) || canonical(n, event(n)) ),  hash(0) = 32 zero bytes</pre>
 *
 * where {@code canonical} is a length-prefixed encoding of the version tag {@code ferry-custody-1},
 * the sequence number, the time in epoch milliseconds, the type name, the actor, the item's three
 * UIDs and the details in key order (see {@link #canonical(long, CustodyEvent)}). Changing a field,
 * dropping, inserting or reordering a record breaks the chain at that record. Thread-safe.
 */
public final class CustodyChain {
    /** The previous hash of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private static final String VERSION = "ferry-custody-1";
    private static final HexFormat HEX = HexFormat.of();

    private CustodyChain() {}

    /** The canonical encoding of a record's content. */
    public static byte[] canonical(long sequence, CustodyEvent e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            string(out, VERSION);
            out.writeLong(sequence);
            out.writeLong(e.time().toEpochMilli());
            string(out, e.type().name());
            string(out, e.actor());
            optional(out, e.item().studyInstanceUid());
            optional(out, e.item().seriesInstanceUid());
            optional(out, e.item().sopInstanceUid());
            out.writeInt(e.details().size());
            for (Map.Entry<String, String> d : e.details().entrySet()) {
                string(out, d.getKey());
                string(out, d.getValue());
            }
        } catch (IOException impossible) {
            throw new AssertionError(impossible);
        }
        return bytes.toByteArray();
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void optional(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
        } else {
            string(out, s);
        }
    }

    /** The hash of a record, in lower-case hexadecimal. */
    public static String hash(String previousHash, long sequence, CustodyEvent event) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(HEX.parseHex(previousHash));
            md.update(canonical(sequence, event));
            return HEX.formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /**
     * Checks a whole chain, read in sequence order from the first record, and names the first broken
     * link. A log that was truncated at its end, or rewritten from some point on with every later
     * hash recomputed, is internally consistent: compare {@link ChainVerification.Intact#headHash()}
     * with a head hash kept elsewhere (the sign-off report) to catch that.
     */
    public static ChainVerification verify(Iterator<CustodyRecord> records) {
        String previousHash = GENESIS;
        long expected = 1;
        while (records.hasNext()) {
            CustodyRecord r = records.next();
            if (r.sequence() != expected) {
                return new ChainVerification.Broken(expected, ChainVerification.Problem.SEQUENCE_BREAK,
                        "expected record " + expected + " but found record " + r.sequence()
                                + (r.sequence() > expected ? " (records missing)" : " (record inserted or moved)"));
            }
            if (!r.previousHash().equals(previousHash)) {
                return new ChainVerification.Broken(expected, ChainVerification.Problem.LINK_BROKEN,
                        "record " + expected + " does not follow the hash of record " + (expected - 1));
            }
            String recomputed = hash(r.previousHash(), r.sequence(), r.event());
            if (!recomputed.equals(r.hash())) {
                return new ChainVerification.Broken(expected, ChainVerification.Problem.CONTENT_MODIFIED,
                        "record " + expected + " was modified after it was written");
            }
            previousHash = r.hash();
            expected++;
        }
        return new ChainVerification.Intact(expected - 1, previousHash);
    }
}
