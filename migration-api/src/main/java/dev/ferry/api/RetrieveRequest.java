package dev.ferry.api;

import java.util.Objects;
import java.util.Set;

/**
 * What to retrieve: a whole study, or only some of its instances (a resume redoes only what is
 * unfinished).
 *
 * @param studyInstanceUid the study
 * @param sopInstanceUids the instances wanted; empty for all of the study's instances
 */
public record RetrieveRequest(String studyInstanceUid, Set<String> sopInstanceUids) {
    public RetrieveRequest {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        sopInstanceUids = sopInstanceUids == null ? Set.of() : Set.copyOf(sopInstanceUids);
    }

    public static RetrieveRequest study(String studyInstanceUid) {
        return new RetrieveRequest(studyInstanceUid, Set.of());
    }

    public static RetrieveRequest instances(String studyInstanceUid, Set<String> sopInstanceUids) {
        if (sopInstanceUids.isEmpty()) {
            throw new IllegalArgumentException("no instances named for study " + studyInstanceUid);
        }
        return new RetrieveRequest(studyInstanceUid, sopInstanceUids);
    }

    public boolean wholeStudy() {
        return sopInstanceUids.isEmpty();
    }

    public boolean wants(String sopInstanceUid) {
        return sopInstanceUids.isEmpty() || sopInstanceUids.contains(sopInstanceUid);
    }

    @Override
    public String toString() {
        return "RetrieveRequest[" + studyInstanceUid + (wholeStudy() ? ", whole study" : ", "
                + sopInstanceUids.size() + " instances") + "]";
    }
}
