package dev.ferry.hl7.orders;

import dev.ferry.api.PatientIdentity;
import dev.ferry.api.Redaction;
import dev.ferry.hl7.adt.Origin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Finds accession number collisions between the studies of a migration and against an order export:
 *
 * <ul>
 * <li>{@link Rule#ONE_ACCESSION_TWO_PATIENTS}: one accession on studies of two patients;</li>
 * <li>{@link Rule#ONE_ACCESSION_TWO_STUDIES}: one accession on more studies of one patient than the
 *     order export explains (one, unless its orders for that accession name several Study Instance UIDs
 *     or one message orders it several times); an accession no order mentions explains one study, or any
 *     number when {@link Builder#unexplained(Unexplained) configured} so;</li>
 * <li>{@link Rule#ORDER_NAMES_ANOTHER_PATIENT}: a study whose accession the order export gives to
 *     another patient.</li>
 * </ul>
 *
 * <p>Accessions are compared after normalisation: the orders' through the {@link AccessionRules}
 * given here (an order whose accession cannot be normalised is counted in {@link #refusedOrders()} and
 * left out), the studies' by the caller, with the same rules. Two patients are the same when their IDs
 * are equal and their issuers are equal or one is unknown (empty), after the optional
 * {@link Builder#patientKey patient key} (a merge history's survivor, say).
 *
 * <p>The order export is indexed when this object is built (bounded by its distinct accessions). Studies
 * are then streamed through a {@link Walk}, which holds only the accession index: for each distinct
 * accession, the first study's UID and patient and a count. A collision names its two sides by Study
 * Instance UID (the other side of an order rule is the order's study UID when it names one, and its
 * file and line) and the rule, never an accession or a patient value. For a given order of studies the
 * result is always the same; a study is compared with the first study of its accession.
 *
 * <p>Immutable and thread-safe; a {@link Walk} is not thread-safe.
 */
public final class AccessionCollisions {
    /** The collision rules. */
    public enum Rule {
        ONE_ACCESSION_TWO_PATIENTS,
        ONE_ACCESSION_TWO_STUDIES,
        ORDER_NAMES_ANOTHER_PATIENT
    }

    /** What a second study of one patient under an accession no order mentions is. */
    public enum Unexplained {
        /** A collision (the default): one accession, one study. */
        COLLISION,
        /** Allowed: without an order, the number of studies is not known. */
        ALLOW
    }

    /**
     * One collision.
     *
     * @param rule the rule broken
     * @param studyInstanceUid the study it was found on
     * @param otherStudyInstanceUid the other side's study (the first study of the accession, or the study
     *     the order names); empty when the other side is an order that names none
     * @param orderReference the order's file and line (and MSH-10) for {@link Rule#ORDER_NAMES_ANOTHER_PATIENT};
     *     empty otherwise
     */
    public record Collision(Rule rule, String studyInstanceUid, String otherStudyInstanceUid, String orderReference) {
        public Collision {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
            otherStudyInstanceUid = otherStudyInstanceUid == null ? "" : otherStudyInstanceUid;
            orderReference = orderReference == null ? "" : orderReference;
        }

        /** The rule and the other side, without values: what an exception's detail says. */
        public String detail() {
            StringBuilder sb = new StringBuilder("accession collision ").append(rule);
            if (!otherStudyInstanceUid.isEmpty()) {
                sb.append(" with study ").append(otherStudyInstanceUid);
            }
            if (!orderReference.isEmpty()) {
                sb.append(otherStudyInstanceUid.isEmpty() ? " with " : " and ").append("order ").append(orderReference);
            }
            return sb.toString();
        }

        @Override
        public String toString() {
            return "Collision[study " + studyInstanceUid + ": " + detail() + "]";
        }
    }

    /**
     * A study as the check sees it.
     *
     * @param studyInstanceUid the study key
     * @param patient its patient; {@code null} when unknown (then only the count rule applies)
     * @param accession its accession number, normalised; empty for none (then no rule applies)
     */
    public record StudyKey(String studyInstanceUid, PatientIdentity patient, String accession) {
        public StudyKey {
            Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
            accession = accession == null ? "" : accession;
        }

        @Override
        public String toString() {
            return "StudyKey[" + studyInstanceUid + ", patient=" + patient + ", accession="
                    + Redaction.token(accession) + "]";
        }
    }

    /** What the order export says about one accession. */
    private static final class OrderEntry {
        final List<PatientIdentity> patients = new ArrayList<>(1);
        final Set<String> studyUids = new LinkedHashSet<>(1);
        String firstReference;
        String firstStudyUid = "";
        Origin lastOrigin;
        int inLastMessage;
        int maxPerMessage;

        int explains() {
            return Math.max(1, Math.max(studyUids.size(), maxPerMessage));
        }
    }

    private final Map<String, OrderEntry> orders;
    private final Unexplained unexplained;
    private final UnaryOperator<PatientIdentity> patientKey;
    private final int refusedOrders;
    private final int orderCount;

    private AccessionCollisions(Builder b) {
        this.unexplained = b.unexplained;
        this.patientKey = b.patientKey;
        this.orders = b.index;
        this.refusedOrders = b.refused;
        this.orderCount = b.count;
    }

    public static Builder builder(AccessionRules rules) {
        return new Builder(rules);
    }

    /** Orders left out because their accession could not be normalised. */
    public int refusedOrders() {
        return refusedOrders;
    }

    /** Orders indexed. */
    public int orders() {
        return orderCount;
    }

    /** Distinct (normalised) accessions of the order export. */
    public int orderAccessions() {
        return orders.size();
    }

    /** A new walk over studies, with an empty accession index. */
    public Walk walk() {
        return new Walk();
    }

    /** Checks studies in the order given; for a small set (a streaming caller uses {@link #walk()}). */
    public List<Collision> check(Iterable<StudyKey> studies) {
        Walk w = walk();
        List<Collision> out = new ArrayList<>();
        for (StudyKey s : studies) {
            out.addAll(w.accept(s));
        }
        return out;
    }

    /** One pass over a migration's studies. Holds one entry per distinct accession seen. */
    public final class Walk {
        private final Map<String, Seen> seen = new HashMap<>();

        private Walk() {}

        /** The first study of an accession, and how many of that patient's studies carry it. */
        private static final class Seen {
            final String study;
            final PatientIdentity patient;
            int samePatient = 1;

            Seen(String study, PatientIdentity patient) {
                this.study = study;
                this.patient = patient;
            }
        }

        /** Checks one study against the order export and the studies before it; returns its collisions. */
        public List<Collision> accept(StudyKey study) {
            Objects.requireNonNull(study, "study");
            if (study.accession().isEmpty()) {
                return List.of();
            }
            List<Collision> out = new ArrayList<>(1);
            PatientIdentity patient = study.patient() == null ? null : patientKey.apply(study.patient());
            OrderEntry order = orders.get(study.accession());
            if (order != null && patient != null && order.patients.stream().noneMatch(p -> same(p, patient))) {
                out.add(new Collision(Rule.ORDER_NAMES_ANOTHER_PATIENT, study.studyInstanceUid(), order.firstStudyUid,
                        order.firstReference));
            }
            Seen first = seen.get(study.accession());
            if (first == null) {
                seen.put(study.accession(), new Seen(study.studyInstanceUid(), patient));
            } else if (first.study.equals(study.studyInstanceUid())) {
                return out; // the same study twice: nothing new
            } else if (patient != null && first.patient != null && !same(first.patient, patient)) {
                out.add(new Collision(Rule.ONE_ACCESSION_TWO_PATIENTS, study.studyInstanceUid(), first.study, ""));
            } else {
                first.samePatient++;
                boolean explainedByAny = order == null && unexplained == Unexplained.ALLOW;
                int allowed = order == null ? 1 : order.explains();
                if (!explainedByAny && first.samePatient > allowed) {
                    out.add(new Collision(Rule.ONE_ACCESSION_TWO_STUDIES, study.studyInstanceUid(), first.study, ""));
                }
            }
            return out;
        }

        /** Distinct accessions seen so far. */
        public int accessions() {
            return seen.size();
        }
    }

    /** Same patient: equal IDs, and equal issuers or one of them unknown. */
    static boolean same(PatientIdentity a, PatientIdentity b) {
        return a.id().equals(b.id()) && (a.issuer().equals(b.issuer()) || a.issuer().isEmpty() || b.issuer().isEmpty());
    }

    /** Builds the order index. */
    public static final class Builder {
        private final AccessionRules rules;
        private final Map<String, OrderEntry> index = new HashMap<>();
        private Unexplained unexplained = Unexplained.COLLISION;
        private UnaryOperator<PatientIdentity> patientKey = UnaryOperator.identity();
        private int refused;
        private int count;
        private boolean built;

        private Builder(AccessionRules rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
        }

        /** Whether studies sharing an accession no order mentions collide; default {@link Unexplained#COLLISION}. */
        public Builder unexplained(Unexplained unexplained) {
            this.unexplained = Objects.requireNonNull(unexplained, "unexplained");
            return this;
        }

        /**
         * Maps a patient (of a study or an order) to the identity compared, e.g. its surviving identity
         * after merges; applied to orders as they are added and to studies as they are walked. Set it before
         * adding orders.
         */
        public Builder patientKey(UnaryOperator<PatientIdentity> patientKey) {
            if (count > 0) {
                throw new IllegalStateException("patientKey: set it before adding orders");
            }
            this.patientKey = Objects.requireNonNull(patientKey, "patientKey");
            return this;
        }

        /** Adds one order (orders of one message are expected one after another, as they are read). */
        public Builder add(Order order) {
            if (built) {
                throw new IllegalStateException("already built");
            }
            Objects.requireNonNull(order, "order");
            if (!(rules.normalise(order.accession()) instanceof AccessionRules.Outcome.Normalised n)) {
                refused++;
                return this;
            }
            count++;
            OrderEntry e = index.computeIfAbsent(n.value(), k -> new OrderEntry());
            PatientIdentity p = patientKey.apply(order.patient());
            if (e.patients.stream().noneMatch(q -> q.equals(p))) {
                e.patients.add(p);
            }
            if (!order.studyInstanceUid().isEmpty()) {
                e.studyUids.add(order.studyInstanceUid());
            }
            if (e.firstReference == null) {
                e.firstReference = order.reference();
                e.firstStudyUid = order.studyInstanceUid();
            }
            if (order.origin().equals(e.lastOrigin)) {
                e.inLastMessage++;
            } else {
                e.lastOrigin = order.origin();
                e.inLastMessage = 1;
            }
            e.maxPerMessage = Math.max(e.maxPerMessage, e.inLastMessage);
            return this;
        }

        /** Adds orders. */
        public Builder addAll(Iterable<Order> orders) {
            for (Order o : orders) {
                add(o);
            }
            return this;
        }

        public AccessionCollisions build() {
            built = true;
            return new AccessionCollisions(this);
        }
    }

    @Override
    public String toString() {
        return "AccessionCollisions[orders=" + orderCount + ", accessions=" + orders.size() + ", unexplained="
                + unexplained + "]";
    }
}
