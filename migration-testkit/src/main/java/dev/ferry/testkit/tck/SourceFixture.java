package dev.ferry.testkit.tck;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.Digest;
import dev.ferry.api.StudyQuery;
import dev.ferry.testkit.SyntheticInstance;
import dev.ferry.testkit.SyntheticStudy;
import dev.ferry.testkit.TestInstances;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The content {@link SourceArchiveConformance} seeds: nine studies whose dates, modalities,
 * patients and issuers make every query criterion and its edges matter.
 *
 * <pre>
 *  study  date         patient / issuer     series           notes
 *  S1     2024-01-01   MRN-TCK-0001/HOSP_A  CT×3, SR×1       lower bound of January; an SR
 *  S2     2024-01-15   MRN-TCK-0001/HOSP_B  MR×2             same ID, other issuer
 *  S3     2024-01-31   MRN-TCK-0001/-       CT×2             same ID, no issuer; upper bound
 *  S4     2023-12-31   MRN-TCK-0002/HOSP_A  CR×1             a day before January
 *  S5     2024-02-01   MRN-TCK-0003/HOSP_A  MR×1, CT×1       a day after January
 *  S6     (none)       MRN-TCK-0002/HOSP_A  CT×1             no Study Date
 *  S7     20241345     MRN-TCK-0004/HOSP_A  US×1             malformed Study Date
 *  S8     2024-01-10   (none)               CT×1             no Patient ID
 *  S9     2022-06-01   MRN-TCK-0005/HOSP_A  CT×3             256 KiB remainders, for partial reads
 * </pre>
 *
 * <p>Not changed after construction, so safe to read from the kit's concurrent tasks.
 */
final class SourceFixture {
    static final String P1 = "MRN-TCK-0001";
    static final String P2 = "MRN-TCK-0002";

    final SyntheticStudy s1;
    final SyntheticStudy s2;
    final SyntheticStudy s3;
    final SyntheticStudy s4;
    final SyntheticStudy s5;
    final SyntheticStudy s6;
    final SyntheticStudy s7;
    final SyntheticStudy s8;
    final SyntheticStudy s9;
    final List<SyntheticStudy> studies;
    private final Map<String, SyntheticStudy> byUid = new HashMap<>();
    private final Map<String, SyntheticInstance> bySop = new HashMap<>();
    private final Map<String, Digest> digests = new HashMap<>();

    SourceFixture() {
        s1 = study(9101, LocalDate.of(2024, 1, 1), P1, "HOSP_A").series("CT", 3).series("SR", 1).build();
        s2 = study(9102, LocalDate.of(2024, 1, 15), P1, "HOSP_B").series("MR", 2).build();
        s3 = study(9103, LocalDate.of(2024, 1, 31), P1, null).series("CT", 2).build();
        s4 = study(9104, LocalDate.of(2023, 12, 31), P2, "HOSP_A").series("CR", 1).build();
        s5 = study(9105, LocalDate.of(2024, 2, 1), "MRN-TCK-0003", "HOSP_A").series("MR", 1).series("CT", 1).build();
        s6 = study(9106, null, P2, "HOSP_A").series("CT", 1).build();
        s7 = study(9107, null, "MRN-TCK-0004", "HOSP_A").malformedStudyDate("20241345").series("US", 1).build();
        s8 = study(9108, LocalDate.of(2024, 1, 10), null, null).series("CT", 1).build();
        s9 = study(9109, LocalDate.of(2022, 6, 1), "MRN-TCK-0005", "HOSP_A").series("CT", 3)
                .pixels(256, 512, 1).build();
        studies = List.of(s1, s2, s3, s4, s5, s6, s7, s8, s9);
        for (SyntheticStudy s : studies) {
            byUid.put(s.studyInstanceUid(), s);
            for (SyntheticInstance i : s.instances()) {
                bySop.put(i.sopInstanceUid(), i);
                digests.put(i.sopInstanceUid(), i.remainderSha256());
            }
        }
    }

    private static SyntheticStudy.Builder study(long seed, LocalDate date, String patientId, String issuer) {
        return TestInstances.study(seed)
                .patient(patientId, issuer)
                .studyDate(date)
                .studyTime(LocalTime.of(8, 30, 15))
                .eachInstance(Fixtures::decorate);
    }

    /** Fresh instances of every study; the caller closes them. */
    List<DicomInstance> newInstances() {
        List<DicomInstance> out = new ArrayList<>();
        for (SyntheticStudy s : studies) {
            out.addAll(s.newInstances());
        }
        return out;
    }

    SyntheticStudy study(String uid) {
        return byUid.get(uid);
    }

    SyntheticInstance instance(String sop) {
        return bySop.get(sop);
    }

    Digest remainderSha256(String sop) {
        return digests.get(sop);
    }

    /** The UIDs of the studies the query must list: those whose expected descriptor it matches. */
    Set<String> expected(StudyQuery query) {
        Set<String> out = new LinkedHashSet<>();
        for (SyntheticStudy s : studies) {
            if (query.matches(s.descriptor())) {
                out.add(s.studyInstanceUid());
            }
        }
        return out;
    }

    Set<String> uids(SyntheticStudy... of) {
        Set<String> out = new LinkedHashSet<>();
        for (SyntheticStudy s : of) {
            out.add(s.studyInstanceUid());
        }
        return out;
    }
}
