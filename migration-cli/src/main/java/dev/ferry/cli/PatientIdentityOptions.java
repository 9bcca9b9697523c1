package dev.ferry.cli;

import dev.ferry.api.ConfigurationException;
import dev.ferry.hl7.adt.AdtProblem;
import dev.ferry.hl7.adt.AdtReader;
import dev.ferry.hl7.adt.MergeGraph;
import dev.ferry.hl7.adt.MergeHistoryResolver;
import dev.ferry.hl7.identity.FhirMpiResolver;
import dev.ferry.hl7.identity.IdentityPipeline;
import dev.ferry.hl7.identity.MrnFormatResolver;
import dev.ferry.hl7.identity.TableMpiResolver;
import dev.ferry.hl7.orders.AccessionNormaliser;
import dev.ferry.hl7.orders.AccessionRules;
import dev.ferry.spi.IdentityResolver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where a migration learns each study's true patient: a picocli mixin that composes an
 * {@link IdentityPipeline} from MRN format rules (normalising first), the HIS's ADT merge history,
 * an MPI table and a FHIR MPI (asked in that order, the first that resolves deciding), and a
 * demographics check that turns a disagreement into an exception instead of a silent overwrite.
 */
final class PatientIdentityOptions {
    /** The name a plan file gives the pipeline in its {@code identityResolvers:} list. */
    static final String COMPONENT = "patient-identity";

    @Option(names = "--accession-rules", paramLabel = "FILE",
            description = "Accession Number rules to the destination's format (setting,value lines: strip-prefix, "
                    + "strip-suffix, add-prefix, add-suffix, max-length, over-length, allowed, disallowed, upper-case): "
                    + "a changed number is written into every header, one that cannot be normalised is an exception.")
    Path accessionRules;

    @Option(names = "--adt-history", paramLabel = "FILE|DIR",
            description = "ADT messages (files, FHS/BHS batches, MLLP captures, or folders of them): merges (A40, "
                    + "A34-A36, A39, A41, A42), identifier changes (A47) and unlinks (A37). A study filed under a "
                    + "merged identifier goes to its survivor; conflicting merges make its studies exceptions.")
    List<Path> adtHistory;

    @Option(names = "--mrn-rules", paramLabel = "CSV",
            description = "MRN format rules per issuer and site, applied before everything else: leading zeros, "
                    + "prefixes, regular expressions, issuer renames (columns: source,issuer,operation,argument,"
                    + "replacement).")
    Path mrnRules;

    @Option(names = "--mpi", paramLabel = "CSV",
            description = "An MPI as a table: local_id,local_issuer,mpi_id,mpi_issuer[,name,birth_date,sex].")
    Path mpi;

    @Option(names = "--fhir-mpi", paramLabel = "URL",
            description = "A FHIR MPI: Patient?identifier=system|value, following replaced-by links.")
    String fhirMpi;

    @Option(names = "--fhir-system", paramLabel = "ISSUER=URI",
            description = "The FHIR identifier system of an issuer (Issuer of Patient ID), for --fhir-mpi.")
    Map<String, String> fhirSystems;

    @Option(names = "--demographics-check", paramLabel = "strict|off", defaultValue = "strict",
            description = "Compare the resolved patient's name, birth date and sex with the study's: a difference "
                    + "is an exception (strict, the default), or not compared (off).")
    String demographicsCheck;

    /**
     * The pipeline, or {@code null} when no option asks for one.
     *
     * @throws ParameterException naming the option whose file is wrong
     */
    IdentityResolver resolver(CommandSpec spec, PrintWriter err) {
        boolean any = (adtHistory != null && !adtHistory.isEmpty()) || mrnRules != null || mpi != null
                || fhirMpi != null || accessionRules != null;
        if (!any) {
            return null;
        }
        if (!demographicsCheck.equals("strict") && !demographicsCheck.equals("off")) {
            throw new ParameterException(spec.commandLine(), "--demographics-check is strict or off, not "
                    + demographicsCheck);
        }
        IdentityPipeline.Builder b = IdentityPipeline.builder().name(COMPONENT);
        try {
            if (accessionRules != null) {
                b.normaliser(new AccessionNormaliser(AccessionRules.read(accessionRules)));
            }
            if (mrnRules != null) {
                b.normaliser(MrnFormatResolver.fromCsv(mrnRules));
            }
            if (adtHistory != null && !adtHistory.isEmpty()) {
                b.resolver(new MergeHistoryResolver(history(err)));
            }
            if (mpi != null) {
                b.resolver(TableMpiResolver.fromCsv(mpi));
            }
            if (fhirMpi != null) {
                if (fhirSystems == null || fhirSystems.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "--fhir-mpi needs --fhir-system ISSUER=URI for "
                            + "the issuers it knows");
                }
                b.resolver(FhirMpiResolver.builder(fhirMpi).systems(fhirSystems).timeout(Duration.ofSeconds(10))
                        .build());
            }
        } catch (ConfigurationException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (java.io.IOException e) {
            throw new ParameterException(spec.commandLine(), "--accession-rules: cannot read " + accessionRules + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (demographicsCheck.equals("off")) {
            b.withoutDemographicsCheck();
        }
        return b.build();
    }

    private MergeGraph history(PrintWriter err) {
        try (AdtReader reader = AdtReader.create()) {
            AdtReader.ReadResult r = reader.read(adtHistory);
            for (AdtProblem p : r.problems()) {
                err.println("ferry: --adt-history: " + p.origin() + ": " + p.kind() + ": " + p.detail() + " (skipped)");
            }
            MergeGraph graph = MergeGraph.of(r.events());
            err.println("ferry: ADT history: " + r.events().size() + " events from " + r.files() + " files, "
                    + graph.conflicts().size() + " conflicts");
            return graph;
        }
    }
}
