package dev.ferry.hl7.identity;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.spi.IdentityResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Identity resolvers composed with a fixed, documented precedence, as one {@link IdentityResolver}.
 *
 * <ol>
 *   <li><b>Normalisers</b> ({@link Builder#normaliser}, e.g. {@link MrnFormatResolver}), in order: one
 *       that resolves replaces the study's Patient ID and issuer for every later step; one that abstains
 *       changes nothing; one that refuses stops the pipeline with its refusal.
 *   <li><b>Resolvers</b> ({@link Builder#resolver}, e.g. the merge history, then MPI lookups), in order,
 *       each asked about the normalised identity (not about an earlier resolver's answer): the first that
 *       resolves wins and later plain resolvers are not asked; a refusal stops the pipeline.
 *   <li><b>Cross-checks</b>: a resolver added with {@link Builder#crossCheck} is an authoritative source.
 *       It takes its place in the order like any resolver (it may be the one that resolves), and it is
 *       also asked when an earlier resolver already won: if it resolves to a different patient (ID or
 *       issuer), the study is refused ({@link ReasonCode#IDENTITY_CONFLICT}) with a detail naming both
 *       resolvers, never the identities; if it refuses, its refusal stands; if it abstains, the winner
 *       stands. Cross-checked sources must answer in the same namespace as the resolvers before them.
 *   <li><b>Demographics</b>: the demographics of every resolver that resolved (the winner and agreeing
 *       cross-checks; a merge history carries its survivor's, an MPI row may carry them) are compared with
 *       the study's header by the {@link DemographicsCheck}; a difference beyond its tolerance is refused
 *       ({@link ReasonCode#IDENTITY_CONFLICT}) with a detail naming the resolver and the fields, never the
 *       values. A resolver without demographics is not checked.
 * </ol>
 * The result is the winner's identity, demographics and accession (the study's when the winner gives
 * none), with the normalisers' and the
 * winner's evidence, each step prefixed by the name of the step that gave it. When no resolver resolved
 * but a normaliser changed the identity, the normalised identity is the result. The pipeline abstains
 * only when every step abstained. A {@link dev.ferry.api.TransientMigrationException} from any step
 * (an MPI that is down) propagates: the study is retried, never moved under a guess.
 *
 * <p>Thread-safe and deterministic when its steps are.
 */
public final class IdentityPipeline implements IdentityResolver {
    private final String name;
    private final List<IdentityResolver> normalisers;
    private final List<Step> resolvers;
    private final DemographicsCheck demographics;

    private record Step(IdentityResolver resolver, boolean crossCheck) {}

    private IdentityPipeline(Builder b) {
        this.name = b.name;
        this.normalisers = List.copyOf(b.normalisers);
        this.resolvers = List.copyOf(b.resolvers);
        this.demographics = b.demographics;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public IdentityDecision resolve(IdentityContext context) {
        StudyDescriptor original = context.study();
        IdentityContext current = context;
        List<String> evidence = new ArrayList<>();
        boolean normalised = false;
        for (IdentityResolver n : normalisers) {
            IdentityDecision d = Objects.requireNonNull(n.resolve(current), () -> n.name() + " returned null");
            if (d instanceof IdentityDecision.Refused r) {
                return refusedBy(n, r);
            }
            if (d instanceof IdentityDecision.Resolved r) {
                current = withIdentity(current, r.identity());
                addEvidence(evidence, n, r.identity());
                normalised = true;
            }
        }

        IdentityResolver winner = null;
        ResolvedIdentity won = null;
        List<IdentityResolver> agreeing = new ArrayList<>();
        List<ResolvedIdentity> agreed = new ArrayList<>();
        for (Step s : resolvers) {
            if (winner != null && !s.crossCheck()) {
                continue;
            }
            IdentityResolver r = s.resolver();
            IdentityDecision d = Objects.requireNonNull(r.resolve(current), () -> r.name() + " returned null");
            if (d instanceof IdentityDecision.Refused ref) {
                return refusedBy(r, ref);
            }
            if (d instanceof IdentityDecision.Resolved res) {
                if (winner == null) {
                    winner = r;
                    won = res.identity();
                } else if (!sameLabel(won.patient(), res.identity().patient())) {
                    return IdentityDecision.refused(ReasonCode.IDENTITY_CONFLICT, "cross-check " + r.name()
                            + " resolves the study to a different patient than " + winner.name());
                } else {
                    agreeing.add(r);
                    agreed.add(res.identity());
                }
            }
        }

        if (winner == null) {
            if (!normalised) {
                return IdentityDecision.abstain("every normaliser and resolver of " + name + " abstained");
            }
            return IdentityDecision.resolved(new ResolvedIdentity(current.study().patient(), null,
                    current.study().accession(), evidence));
        }
        String conflict = demographicsConflict(winner, won, original);
        for (int i = 0; conflict == null && i < agreeing.size(); i++) {
            conflict = demographicsConflict(agreeing.get(i), agreed.get(i), original);
        }
        if (conflict != null) {
            return IdentityDecision.refused(ReasonCode.IDENTITY_CONFLICT, conflict);
        }
        addEvidence(evidence, winner, won);
        for (int i = 0; i < agreeing.size(); i++) {
            evidence.add(agreeing.get(i).name() + ": agrees (cross-check)");
        }
        return IdentityDecision.resolved(new ResolvedIdentity(won.patient(), won.demographics(),
                won.accession().isEmpty() ? current.study().accession() : won.accession(), evidence));
    }

    private static boolean sameLabel(PatientIdentity a, PatientIdentity b) {
        return a.equals(b);
    }

    private String demographicsConflict(IdentityResolver r, ResolvedIdentity id, StudyDescriptor study) {
        if (demographics == null) {
            return null;
        }
        List<String> fields = demographics.differences(id.demographics(), study.demographics());
        if (fields.isEmpty()) {
            return null;
        }
        return "the study's " + String.join(", ", fields) + " differ" + (fields.size() == 1 ? "s" : "")
                + " from " + r.name() + "'s beyond tolerance";
    }

    private static IdentityDecision refusedBy(IdentityResolver r, IdentityDecision.Refused refused) {
        return IdentityDecision.refused(refused.reason(), r.name() + ": " + refused.detail());
    }

    private static void addEvidence(List<String> evidence, IdentityResolver r, ResolvedIdentity id) {
        if (id.evidence().isEmpty()) {
            evidence.add(r.name() + ": resolved");
        }
        for (String e : id.evidence()) {
            evidence.add(r.name() + ": " + e);
        }
    }

    /** The context as a normaliser left it: its patient, and its accession when it gave one. */
    private static IdentityContext withIdentity(IdentityContext c, ResolvedIdentity id) {
        StudyDescriptor s = c.study();
        return new IdentityContext(c.sourceName(), new StudyDescriptor(s.studyInstanceUid(), id.patient(),
                s.demographics(), id.accession().isEmpty() ? s.accession() : id.accession(), s.studyDate(),
                s.studyTime(), s.modalities(), s.seriesCount(), s.instanceCount(), s.sizeBytes()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append("[normalisers=");
        sb.append(normalisers.stream().map(IdentityResolver::name).toList()).append(", resolvers=[");
        for (int i = 0; i < resolvers.size(); i++) {
            Step s = resolvers.get(i);
            sb.append(i == 0 ? "" : ", ").append(s.resolver().name()).append(s.crossCheck() ? " (cross-check)" : "");
        }
        return sb.append("], ").append(demographics == null ? "no demographics check" : demographics).append(']')
                .toString();
    }

    /** Assembles a pipeline; order of calls is order of precedence within each kind. Not thread-safe. */
    public static final class Builder {
        private String name = "IdentityPipeline";
        private final List<IdentityResolver> normalisers = new ArrayList<>();
        private final List<Step> resolvers = new ArrayList<>();
        private DemographicsCheck demographics = DemographicsCheck.strict();

        private Builder() {}

        /** The pipeline's {@link IdentityResolver#name()}; {@code IdentityPipeline} by default. */
        public Builder name(String pipelineName) {
            Objects.requireNonNull(pipelineName, "name");
            if (pipelineName.isBlank()) {
                throw new ConfigurationException("the pipeline's name must not be blank");
            }
            this.name = pipelineName;
            return this;
        }

        /** Adds a normaliser: what it resolves to replaces the study's identity for every later step. */
        public Builder normaliser(IdentityResolver normaliser) {
            normalisers.add(Objects.requireNonNull(normaliser, "normaliser"));
            return this;
        }

        /** Adds a resolver: asked only while no earlier resolver has resolved. */
        public Builder resolver(IdentityResolver resolver) {
            resolvers.add(new Step(Objects.requireNonNull(resolver, "resolver"), false));
            return this;
        }

        /** Adds an authoritative resolver: asked even after an earlier one resolved, and must agree with it. */
        public Builder crossCheck(IdentityResolver resolver) {
            resolvers.add(new Step(Objects.requireNonNull(resolver, "resolver"), true));
            return this;
        }

        /** The demographics check; {@link DemographicsCheck#strict()} by default. */
        public Builder demographics(DemographicsCheck check) {
            this.demographics = Objects.requireNonNull(check, "check");
            return this;
        }

        /** Turns the demographics check off: a resolver's demographics are carried but never compared. */
        public Builder withoutDemographicsCheck() {
            this.demographics = null;
            return this;
        }

        public IdentityPipeline build() {
            if (normalisers.isEmpty() && resolvers.isEmpty()) {
                throw new ConfigurationException("an identity pipeline needs at least one normaliser or resolver");
            }
            List<String> names = new ArrayList<>();
            for (Step s : resolvers) {
                names.add(s.resolver().name());
            }
            for (IdentityResolver n : normalisers) {
                names.add(n.name());
            }
            for (int i = 0; i < names.size(); i++) {
                if (names.indexOf(names.get(i)) != i) {
                    throw new ConfigurationException("two steps of the identity pipeline are named " + names.get(i)
                            + ": name them apart (IdentityResolver.named) so refusals say which one");
                }
            }
            return new IdentityPipeline(this);
        }
    }
}
