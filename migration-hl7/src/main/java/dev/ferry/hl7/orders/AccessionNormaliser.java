package dev.ferry.hl7.orders;

import dev.ferry.api.Accession;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.spi.IdentityResolver;
import java.util.List;
import java.util.Objects;

/**
 * {@link AccessionRules} as an identity normaliser: a study whose Accession Number is not in the
 * destination's format resolves to the same patient with the normalised accession, which the engine
 * writes into every header (the original kept in the Original Attributes Sequence); one in format
 * abstains; one that cannot be normalised is refused (INVALID_VALUE), an exception naming the rule,
 * never guessed. Put it first in an {@link dev.ferry.hl7.identity.IdentityPipeline} as a normaliser.
 *
 * <p>Thread-safe, like the rules.
 */
public final class AccessionNormaliser implements IdentityResolver {
    private final AccessionRules rules;

    public AccessionNormaliser(AccessionRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    @Override
    public String name() {
        return "accession-rules";
    }

    @Override
    public IdentityDecision resolve(IdentityContext context) {
        StudyDescriptor study = context.study();
        String number = study.accession().number();
        if (number.isBlank()) {
            return IdentityDecision.abstain("the study has no Accession Number");
        }
        if (study.patient() == null) {
            return IdentityDecision.abstain("the study has no patient identifier to carry");
        }
        AccessionRules.Outcome o = rules.normalise(number);
        if (o instanceof AccessionRules.Outcome.Refused r) {
            return IdentityDecision.refused(ReasonCode.INVALID_VALUE, "the Accession Number cannot be normalised: "
                    + r.refusal() + (r.detail().isEmpty() ? "" : " (" + r.detail() + ")"));
        }
        AccessionRules.Outcome.Normalised n = (AccessionRules.Outcome.Normalised) o;
        if (n.value().equals(number)) {
            return IdentityDecision.abstain("the Accession Number is in the destination's format");
        }
        return IdentityDecision.resolved(new ResolvedIdentity(study.patient(), study.demographics(),
                new Accession(n.value(), study.accession().issuer()), List.of("accession normalised: " + n.steps())));
    }
}
