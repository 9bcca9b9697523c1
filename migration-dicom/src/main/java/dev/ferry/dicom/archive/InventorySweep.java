package dev.ferry.dicom.archive;

import dev.ferry.api.DateRange;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StudyDescriptor;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists every study of a slice of an archive that caps its query results, by splitting each capped
 * slice until every slice is complete: a date range in halves down to single days, a day into its
 * 24 hours, an hour by modality. When a slice cannot be split further and is still capped, it
 * throws, naming the slice: a partial inventory is never returned as if it were complete.
 *
 * <p>When is a slice capped? With a configured cap, when it returned at least that
 * many matches. Without one, when the peer ended the query with a status that says it gave up
 * (A700H out of resources, say), or when the count is one of the round numbers archives cap at
 * (100, 500, 1,000 ...): such a slice is split once as a probe, and if its parts hold more studies
 * than it did, the cap is proven and learned for the rest of the sweep. A cap that is no round
 * number must be configured.
 *
 * <p>Studies found twice (a study in two modality slices, or in a capped slice and again in its
 * parts) go to the sink once: the sweep keeps the UIDs it has emitted, about 100 bytes a study.
 *
 * <p>What cannot be proven: studies without a Study Date are only listed by an unbounded query, so
 * an unbounded query that is capped throws; studies without a Study Time in a capped day, or
 * without a modality in a capped hour, make the sweep throw too (they cannot be reached by a finer
 * slice).
 *
 * <p>Shared by the DIMSE source (C-FIND) and the DICOMweb source (QIDO-RS), whose {@link Finder}s
 * run one slice's query each.
 *
 * <p>Not thread-safe: one sweep per query, on the calling thread.
 */
public final class InventorySweep {
    private static final Logger LOG = LoggerFactory.getLogger(InventorySweep.class);

    /** Counts at which archives are known to cap silently; a slice returning one is probed. */
    public static final Set<Integer> ROUND_CAPS = Set.of(50, 100, 200, 250, 300, 500, 1000, 1500, 2000, 2500, 3000, 5000,
            10000, 20000, 25000, 50000, 65535, 100000);

    /** Modalities tried when a capped hour is split, besides those seen in its matches. */
    static final List<String> COMMON_MODALITIES = List.of("CT", "MR", "CR", "DX", "US", "MG", "XA", "RF", "NM", "PT",
            "OT", "SR", "KO", "PR", "SC", "ES", "IO", "PX", "RG", "DOC", "OP", "OPT", "XC", "ECG", "RTSTRUCT",
            "RTPLAN", "RTDOSE", "RTIMAGE", "SEG", "BMD", "HD", "AU", "GM", "SM", "TG", "LS", "IVUS", "OCT");

    /** Dates before this bound an open-ended range's lower slice. */
    static final LocalDate FLOOR = LocalDate.of(1900, 1, 1);

    /** One slice of the query: a date range, optionally one hour of a single day, optionally one modality. */
    public record Slice(DateRange dates, Integer hour, String modality) {
        public Slice {
            Objects.requireNonNull(dates, "dates");
            if (hour != null && (dates.from() == null || !dates.from().equals(dates.to()) || hour < 0 || hour > 23)) {
                throw new IllegalArgumentException("an hour slice needs a single day and an hour 0-23");
            }
        }

        boolean singleDay() {
            return dates.from() != null && dates.from().equals(dates.to());
        }

        @Override
        public String toString() {
            return "dates " + dates + (hour == null ? "" : String.format(" hour %02d", hour))
                    + (modality == null ? "" : " modality " + modality);
        }
    }

    /**
     * How one slice's query ended.
     *
     * @param matches how many matches the peer returned
     * @param peerGaveUp whether the peer ended with a status that says it stopped before the end
     */
    public record Outcome(int matches, boolean peerGaveUp) {}

    /** Runs one slice's query, handing each match to {@code onMatch}. */
    @FunctionalInterface
    public interface Finder {
        Outcome find(Slice slice, Consumer<StudyDescriptor> onMatch) throws IOException;
    }

    private final Finder finder;
    private final int configuredCap;
    private final LocalDate today;
    private int learnedCap = Integer.MAX_VALUE;
    private final Set<String> emitted = new java.util.HashSet<>();
    private int queries;

    /**
     * @param configuredCap the archive's known result cap, or 0 to detect it
     * @param today the upper end of dated slices of an open-ended range (tomorrow is the bound)
     */
    public InventorySweep(Finder finder, int configuredCap, LocalDate today) {
        this.finder = Objects.requireNonNull(finder, "finder");
        if (configuredCap < 0) {
            throw new IllegalArgumentException("resultCap must be 0 (detect) or more: " + configuredCap);
        }
        this.configuredCap = configuredCap;
        this.today = Objects.requireNonNull(today, "today");
    }

    /** Lists every study of {@code slice} to {@code sink}, each once. */
    public void sweep(Slice slice, Consumer<StudyDescriptor> sink) throws IOException {
        walk(slice, d -> {
            if (emitted.add(d.studyInstanceUid())) {
                sink.accept(d);
            }
        });
    }

    /** What a slice's matches say about finer slices: all it keeps of them. */
    private static final class Seen {
        boolean withoutTime;
        boolean withoutModality;
        final Set<String> modalities = new LinkedHashSet<>();

        void add(StudyDescriptor d) {
            withoutTime |= d.studyTime() == null;
            withoutModality |= d.modalities().isEmpty();
            modalities.addAll(d.modalities());
        }
    }

    /** Hands every match of the slice and of its parts to {@code observer}, duplicates included. */
    private void walk(Slice slice, Consumer<StudyDescriptor> observer) throws IOException {
        Seen seen = new Seen();
        queries++;
        Outcome o = finder.find(slice, d -> {
            seen.add(d);
            observer.accept(d);
        });
        Boolean capped = capped(o);
        if (Boolean.FALSE.equals(capped)) {
            return;
        }
        boolean probe = capped == null;
        List<Slice> parts = split(slice, seen, !probe);
        if (parts.isEmpty()) {
            return; // a probe of a slice that cannot be split: taken as complete
        }
        LOG.debug("inventory: {} returned {} matches{}; splitting it into {} slices", slice, o.matches(),
                probe ? " (a round number: probing)" : " (capped)", parts.size());
        Set<String> found = new java.util.HashSet<>();
        for (Slice p : parts) {
            walk(p, d -> {
                found.add(d.studyInstanceUid());
                observer.accept(d);
            });
        }
        if (probe && found.size() > o.matches()) {
            learnedCap = Math.min(learnedCap, o.matches());
            LOG.info("inventory: the archive caps C-FIND results at {} matches; capped slices are split", learnedCap);
            if (slice.dates().from() == null && slice.dates().to() == null) {
                throw unboundedCapped(slice);
            }
        }
    }

    /** How many C-FIND queries the sweep has sent. */
    public int queries() {
        return queries;
    }

    /** The cap the sweep learned, or 0 if none. */
    public int learnedCap() {
        return learnedCap == Integer.MAX_VALUE ? 0 : learnedCap;
    }

    /** TRUE capped, FALSE complete, null worth a probe. */
    private Boolean capped(Outcome o) {
        if (o.peerGaveUp()) {
            return Boolean.TRUE;
        }
        if (configuredCap > 0) {
            return o.matches() >= configuredCap;
        }
        if (o.matches() >= learnedCap) {
            return Boolean.TRUE;
        }
        return ROUND_CAPS.contains(o.matches()) ? null : Boolean.FALSE;
    }

    private PermanentMigrationException unboundedCapped(Slice slice) {
        return incomplete(slice, "studies without a Study Date are only listed by an unbounded query, and the"
                + " archive capped it; query a date range instead (e.g. 1900-01-01 to today), and find undated"
                + " studies by patient or study UID");
    }

    /**
     * The parts of a capped slice; empty for a probe that cannot be split.
     *
     * @throws PermanentMigrationException if a capped slice cannot be split any further
     */
    private List<Slice> split(Slice slice, Seen seen, boolean mustSplit) {
        DateRange d = slice.dates();
        List<Slice> parts = new ArrayList<>();
        if (d.from() == null && d.to() == null) {
            if (mustSplit) {
                throw unboundedCapped(slice);
            }
            // A probe: an archive that holds a round number of studies must not fail the inventory.
            // The dated studies are reached by the two open-ended halves; should they prove a cap, the
            // undated ones cannot be reached, and walk() throws.
            LocalDate ceiling = today.plusDays(1);
            parts.add(new Slice(new DateRange(null, ceiling), null, slice.modality()));
            parts.add(new Slice(new DateRange(ceiling.plusDays(1), null), null, slice.modality()));
        } else if (d.from() == null) {
            if (d.to().isBefore(FLOOR)) {
                return cannotSplit(slice, mustSplit, "it is open-ended before " + FLOOR);
            }
            parts.add(new Slice(new DateRange(null, FLOOR.minusDays(1)), null, slice.modality()));
            parts.add(new Slice(DateRange.between(FLOOR, d.to()), null, slice.modality()));
        } else if (d.to() == null) {
            LocalDate ceiling = today.plusDays(1);
            if (d.from().isAfter(ceiling)) {
                return cannotSplit(slice, mustSplit, "it is open-ended after " + ceiling);
            }
            parts.add(new Slice(DateRange.between(d.from(), ceiling), null, slice.modality()));
            parts.add(new Slice(new DateRange(ceiling.plusDays(1), null), null, slice.modality()));
        } else if (!slice.singleDay()) {
            long days = d.to().toEpochDay() - d.from().toEpochDay();
            LocalDate mid = d.from().plusDays(days / 2);
            parts.add(new Slice(DateRange.between(d.from(), mid), null, slice.modality()));
            parts.add(new Slice(DateRange.between(mid.plusDays(1), d.to()), null, slice.modality()));
        } else if (slice.hour() == null) {
            if (mustSplit && seen.withoutTime) {
                throw incomplete(slice, "studies without a Study Time on a day holding more studies than the cap"
                        + " cannot be reached by hour");
            }
            for (int h = 0; h < 24; h++) {
                parts.add(new Slice(d, h, slice.modality()));
            }
        } else if (slice.modality() == null) {
            if (mustSplit && seen.withoutModality) {
                throw incomplete(slice, "studies without Modalities in Study in an hour holding more studies than"
                        + " the cap cannot be reached by modality");
            }
            Set<String> modalities = new LinkedHashSet<>(seen.modalities);
            modalities.addAll(COMMON_MODALITIES);
            for (String m : modalities) {
                parts.add(new Slice(d, slice.hour(), m));
            }
        } else {
            return cannotSplit(slice, mustSplit, "one hour of one modality is the finest slice");
        }
        return parts;
    }

    private List<Slice> cannotSplit(Slice slice, boolean mustSplit, String why) {
        if (mustSplit) {
            throw incomplete(slice, why);
        }
        return List.of();
    }

    private static PermanentMigrationException incomplete(Slice slice, String why) {
        return new PermanentMigrationException(ReasonCode.REFUSED, ItemRef.NONE, "the archive capped the C-FIND"
                + " results of " + slice + " and the slice cannot be split further (" + why + "), so the inventory"
                + " cannot be proven complete");
    }
}
