package dev.ferry.testkit.tck;

import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.PatientIdentity;
import dev.ferry.spi.IdentityResolver;
import dev.ferry.testkit.TestInstances;
import java.util.List;
import java.util.Map;

/** The identity kit against the table-driven resolver. */
class TableIdentityResolverConformanceTest extends IdentityResolverConformance {
    static final PatientIdentity MERGED = PatientIdentity.of("MRN-OLD-4711", "HOSP_A");
    static final PatientIdentity SURVIVOR = PatientIdentity.of("MRN-NEW-0815", "HOSP_A");
    static final PatientIdentity CHECKED = PatientIdentity.of("MRN-CHK-2024", "HOSP_B");
    static final Demographics CHECKED_DEMOGRAPHICS = new Demographics("GARCIA^MARIA", "19811203", "F");

    static Map<PatientIdentity, TableIdentityResolver.Row> table() {
        return Map.of(
                MERGED, new TableIdentityResolver.Row(SURVIVOR, new Demographics("SCHMIDT^ANNA", "19650412", "F"), null),
                CHECKED, new TableIdentityResolver.Row(PatientIdentity.of("MRN-CHK-2024", "HOSP_A"),
                        Demographics.UNKNOWN, CHECKED_DEMOGRAPHICS));
    }

    @Override
    protected IdentityResolver createResolver() {
        return new TableIdentityResolver(table());
    }

    @Override
    protected List<IdentityContext> sampleContexts() {
        return List.of(
                context(1, MERGED, new Demographics("SCHMIDT^ANNA", "19650412", "F"), "ACC-55501"),
                context(2, CHECKED, CHECKED_DEMOGRAPHICS, "ACC-55502"),
                context(3, PatientIdentity.of("MRN-NONE-9999", "HOSP_A"), new Demographics("LEE^KIM", "19900101", "M"),
                        "ACC-55503"),
                context(4, null, Demographics.UNKNOWN, ""),
                context(5, PatientIdentity.of("MRN-OLD-4711", ""), new Demographics("SCHMIDT^ANNA", "19650412", "F"),
                        "ACC-55505"));
    }

    @Override
    protected List<IdentityContext> contextsThatMustBeRefused() {
        return List.of(context(6, CHECKED, new Demographics("GARCIA^MARIA", "19811204", "F"), "ACC-55506"));
    }

    static IdentityContext context(int n, PatientIdentity patient, Demographics demographics, String accession) {
        return new IdentityContext("legacy-pacs", TestInstances.study(7000 + n)
                .patient(patient == null ? null : patient.id(), patient == null ? null : patient.issuer())
                .patientName(demographics.name())
                .birthDate(demographics.birthDate())
                .sex(demographics.sex())
                .accessionNumber(accession)
                .build()
                .descriptor());
    }
}
