package dev.ferry.dicom.coerce;

import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyQuery;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Chooses a sample of a source's studies: the {@code n} whose Study Instance UIDs hash lowest
 * (SHA-256), so the same archive gives the same sample, spread over the whole archive rather than
 * its first studies, in memory that grows with {@code n} only. Stateless and thread-safe.
 */
public final class StudySampler {
    /** Every study: no sampling. */
    public static final int ALL = 0;

    private StudySampler() {}

    /**
     * The sampled studies, ordered by their hash (a stable order).
     *
     * @param sample how many studies, or {@link #ALL}
     * @throws IOException if the source's query fails
     */
    public static List<StudyDescriptor> sample(SourceArchive source, StudyQuery query, int sample) throws IOException {
        if (sample < 0) {
            throw new IllegalArgumentException("sample must be >= 0 (0 for all), not " + sample);
        }
        Comparator<Keyed> byKey = Comparator.comparing(Keyed::key);
        PriorityQueue<Keyed> kept = new PriorityQueue<>(byKey.reversed());
        source.query(query, study -> {
            kept.add(new Keyed(key(study.studyInstanceUid()), study));
            if (sample != ALL && kept.size() > sample) {
                kept.poll();
            }
        });
        List<Keyed> sorted = new ArrayList<>(kept);
        sorted.sort(byKey);
        List<StudyDescriptor> out = new ArrayList<>(sorted.size());
        for (Keyed k : sorted) {
            out.add(k.study());
        }
        return out;
    }

    private record Keyed(String key, StudyDescriptor study) {}

    private static String key(String uid) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.US_ASCII));
            return java.util.HexFormat.of().formatHex(d, 0, 12) + uid;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
