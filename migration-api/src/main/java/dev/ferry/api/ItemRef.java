package dev.ferry.api;

/**
 * Names the study, series or instance that something concerns, by UID only: what an exception,
 * a finding or a log line may carry instead of patient data. Any part may be {@code null}.
 */
public record ItemRef(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid) {
    /** Nothing in particular (a whole run, a configuration). */
    public static final ItemRef NONE = new ItemRef(null, null, null);

    public static ItemRef study(String studyInstanceUid) {
        return new ItemRef(studyInstanceUid, null, null);
    }

    public static ItemRef instance(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid) {
        return new ItemRef(studyInstanceUid, seriesInstanceUid, sopInstanceUid);
    }

    public static ItemRef of(InstanceDescriptor i) {
        return new ItemRef(i.studyInstanceUid(), i.seriesInstanceUid(), i.sopInstanceUid());
    }

    @Override
    public String toString() {
        if (studyInstanceUid == null && sopInstanceUid == null && seriesInstanceUid == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        if (studyInstanceUid != null) {
            sb.append("study ").append(studyInstanceUid);
        }
        if (seriesInstanceUid != null) {
            sb.append(sb.length() == 0 ? "" : " ").append("series ").append(seriesInstanceUid);
        }
        if (sopInstanceUid != null) {
            sb.append(sb.length() == 0 ? "" : " ").append("instance ").append(sopInstanceUid);
        }
        return sb.toString();
    }
}
