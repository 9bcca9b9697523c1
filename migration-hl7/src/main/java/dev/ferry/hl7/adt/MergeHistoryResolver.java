package dev.ferry.hl7.adt;

import dev.ferry.api.Demographics;
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
 * The identity resolver of the ADT merge history: a study filed under a retired identifier moves under
 * its survivor, with the chain of merge events as evidence; a study whose identifier the history
 * contradicts itself about is refused ({@link ReasonCode#IDENTITY_CONFLICT}); a study whose identifier
 * was never merged, or is not in the history, is left to the next resolver (abstain).
 *
 * <p>The survivor's latest demographics from the history (PID-5/7/8) are carried when the history has
 * them; comparing them with the study's header is a demographics rule's job, further down the chain.
 *
 * <p>Thread-safe and deterministic: it reads an immutable {@link MergeGraph}.
 */
public final class MergeHistoryResolver implements IdentityResolver {
    private final MergeGraph graph;

    public MergeHistoryResolver(MergeGraph graph) {
        this.graph = Objects.requireNonNull(graph, "graph");
    }

    @Override
    public IdentityDecision resolve(IdentityContext context) {
        StudyDescriptor study = context.study();
        PatientIdentity patient = study.patient();
        if (patient == null) {
            return IdentityDecision.abstain("the study has no patient identifier");
        }
        Resolution r = graph.survivor(patient);
        return switch (r.status()) {
            case UNKNOWN -> IdentityDecision.abstain("not in the ADT history");
            case ACTIVE -> IdentityDecision.abstain("not merged in the ADT history");
            case CONFLICT -> IdentityDecision.refused(ReasonCode.IDENTITY_CONFLICT,
                    "ADT merge history contradicts itself: " + describe(r.conflicts()));
            case MERGED -> {
                List<String> evidence = new ArrayList<>(r.chain().size());
                for (MergeStep s : r.chain()) {
                    evidence.add((s.kind() == EventKind.CHANGE_ID ? "identifier changed by " : "merged by ")
                            + s.event().describe());
                }
                Demographics d = graph.demographics(r.survivor()).orElse(Demographics.UNKNOWN);
                yield IdentityDecision.resolved(new ResolvedIdentity(r.survivor(), d, study.accession(), evidence));
            }
        };
    }

    private static String describe(List<MergeConflict> conflicts) {
        StringBuilder sb = new StringBuilder();
        for (MergeConflict c : conflicts) {
            sb.append(sb.length() == 0 ? "" : "; ").append(c.describe());
        }
        return sb.toString();
    }

    @Override
    public String name() {
        return "MergeHistoryResolver";
    }

    @Override
    public String toString() {
        return "MergeHistoryResolver[" + graph + "]";
    }
}
