package dev.ferry.testkit.tck;

import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.spi.IdentityResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A resolver driven by a fixed table: a source identity found in the table resolves to its target
 * (keeping the study's accession), unless the table also records the patient's demographics and the
 * study's disagree, which is refused; anything not in the table is abstained on. Immutable, so
 * thread-safe and deterministic.
 */
final class TableIdentityResolver implements IdentityResolver {
    /**
     * One row: who the source identity is in the destination, and optionally the demographics the
     * source must show for it ({@code null} to not check).
     */
    record Row(PatientIdentity target, Demographics targetDemographics, Demographics expected) {}

    private final Map<PatientIdentity, Row> table;

    TableIdentityResolver(Map<PatientIdentity, Row> table) {
        this.table = Map.copyOf(table);
    }

    @Override
    public IdentityDecision resolve(IdentityContext context) {
        PatientIdentity source = context.study().patient();
        if (source == null) {
            return IdentityDecision.abstain("the study has no Patient ID");
        }
        Row row = table.get(source);
        if (row == null) {
            return IdentityDecision.abstain("not in the table");
        }
        if (row.expected() != null) {
            List<String> differing = differences(row.expected(), context.study().demographics());
            if (!differing.isEmpty()) {
                return IdentityDecision.refused(ReasonCode.IDENTITY_CONFLICT,
                        "the study's " + String.join(", ", differing) + " differ from the table's");
            }
        }
        return IdentityDecision.resolved(new ResolvedIdentity(row.target(), row.targetDemographics(),
                context.study().accession(), List.of("table row for the source identity")));
    }

    /** Names of the fields (never their values) where a non-empty expected value differs. */
    private static List<String> differences(Demographics expected, Demographics actual) {
        List<String> out = new ArrayList<>();
        if (!expected.name().isEmpty() && !expected.name().equals(actual.name())) {
            out.add("name");
        }
        if (!expected.birthDate().isEmpty() && !expected.birthDate().equals(actual.birthDate())) {
            out.add("birth date");
        }
        if (!expected.sex().isEmpty() && !expected.sex().equals(actual.sex())) {
            out.add("sex");
        }
        return out;
    }

    @Override
    public String name() {
        return "table";
    }
}
