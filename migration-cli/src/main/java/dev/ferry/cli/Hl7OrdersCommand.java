package dev.ferry.cli;

import dev.ferry.api.ReasonCode;
import dev.ferry.core.identity.AccessionCollisionCheck;
import dev.ferry.core.state.StateStore;
import dev.ferry.hl7.adt.AdtProblem;
import dev.ferry.hl7.orders.AccessionCollisions;
import dev.ferry.hl7.orders.AccessionRules;
import dev.ferry.hl7.orders.OrderExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry hl7 collisions --orders FILE|DIR... --state DIR}: checks a migration's inventory for
 * accession number collisions, within itself and against an order export, and raises each as an
 * exception on the studies concerned.
 */
@Command(name = "collisions",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Finds accession number collisions in a migration's inventory and against an order export.",
        description = {
            "Reads the order export (ORM^O01 and OMI^O23 messages, accession in IPC-1 or OBR-18, or CSV files with "
                    + "the columns accession, patient_id, issuer and optionally study_instance_uid), then walks the "
                    + "migration's studies in UID order, normalising each accession with --rules (DICOM SH by default).",
            "A collision is one accession on two patients, on more studies than its orders explain (one without an "
                    + "order, unless --unexplained allow), or a study whose accession the orders give to another patient. "
                    + "Each is raised once as an ACCESSION_COLLISION exception on every study concerned (run again, "
                    + "nothing is raised twice) and printed by study UID; no patient value or accession is printed.",
            "Exit status: 0 when there is no collision, 1 when there are, 2 for a wrong command line or state."
        })
final class Hl7OrdersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--orders", required = true, arity = "1..*", paramLabel = "FILE|DIR",
            description = "The order export: HL7 files (ORM^O01, OMI^O23) or CSV files, or directories of them.")
    List<Path> orders;

    @Mixin
    StateOptions state;

    @Option(names = "--name", paramLabel = "NAME", description = "The migration (default: the store's only one).")
    String name;

    @Option(names = "--rules", paramLabel = "FILE", description = "Accession normalisation rules (CSV setting,value).")
    Path rules;

    @Option(names = "--unexplained", paramLabel = "collision|allow", defaultValue = "COLLISION",
            description = "Studies of one patient sharing an accession no order mentions: ${COMPLETION-CANDIDATES} "
                    + "(default: collision).")
    AccessionCollisions.Unexplained unexplained;

    @Option(names = "--obr3", description = "Also take the accession from OBR-3 (filler order number) when IPC-1 and "
            + "OBR-18 are empty.")
    boolean obr3;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (System.getProperty("org.slf4j.simpleLogger.log.ca.uhn.hl7v2") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.ca.uhn.hl7v2", "error");
        }
        try {
            AccessionRules r = rules == null ? AccessionRules.dicomDefaults() : AccessionRules.read(rules);
            AccessionCollisions.Builder index = AccessionCollisions.builder(r).unexplained(unexplained);
            List<OrderExport.AccessionField> fields = new ArrayList<>(List.of(OrderExport.AccessionField.IPC_1,
                    OrderExport.AccessionField.OBR_18));
            if (obr3) {
                fields.add(OrderExport.AccessionField.OBR_3);
            }
            OrderExport.Summary read;
            try (OrderExport export = OrderExport.builder().accessionFields(fields).build()) {
                read = export.read(orders, index::add, (AdtProblem p) -> err.println("ferry hl7 collisions: " + p));
            }
            AccessionCollisions collisions = index.build();
            err.printf("ferry hl7 collisions: %d order(s) from %d file(s), %d accession(s); %d order(s) whose accession "
                            + "cannot be normalised; %d problem(s)%n", collisions.orders(), read.files(),
                    collisions.orderAccessions(), collisions.refusedOrders(), read.problems());
            try (StateStore store = state.openExisting()) {
                String migration = state.migration(store, name, "ferry hl7 collisions", err);
                if (migration == null) {
                    return 2;
                }
                AccessionCollisions.Walk walk = collisions.walk();
                AccessionCollisionCheck.Result result = new AccessionCollisionCheck(store, migration, Clock.systemUTC())
                        .run((uid, patient, accession) -> detect(r, walk, uid, patient, accession));
                out.println("study,reason,detail");
                for (AccessionCollisionCheck.Collision c : result.collisions()) {
                    out.println(Hl7Command.Merges.cell(c.studyInstanceUid()) + "," + c.reason() + ","
                            + Hl7Command.Merges.cell(c.detail()));
                }
                err.printf("ferry hl7 collisions: %d studies, %d collision(s), %d exception(s) raised, %d raised before%n",
                        result.studies(), result.collisions().size(), result.raised(), result.alreadyRaised());
                return result.collisions().isEmpty() ? 0 : 1;
            }
        } catch (dev.ferry.api.ConfigurationException | IllegalArgumentException e) {
            err.println("ferry hl7 collisions: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("ferry hl7 collisions: cannot read " + rules + " (" + e.getClass().getSimpleName() + ")");
            return 2;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Normalises the study's accession and walks it; an accession that cannot be normalised is a finding. */
    private static List<AccessionCollisionCheck.Collision> detect(AccessionRules rules, AccessionCollisions.Walk walk,
            String uid, dev.ferry.api.PatientIdentity patient, String accession) {
        if (accession == null || accession.isBlank()) {
            return List.of();
        }
        AccessionRules.Outcome o = rules.normalise(accession);
        if (o instanceof AccessionRules.Outcome.Refused f) {
            return List.of(new AccessionCollisionCheck.Collision(uid, "", "accession cannot be normalised: "
                    + f.refusal() + ", " + f.detail(), ReasonCode.INVALID_VALUE));
        }
        String value = ((AccessionRules.Outcome.Normalised) o).value();
        List<AccessionCollisionCheck.Collision> out = new ArrayList<>(1);
        for (AccessionCollisions.Collision c : walk.accept(new AccessionCollisions.StudyKey(uid, patient, value))) {
            out.add(new AccessionCollisionCheck.Collision(c.studyInstanceUid(), c.otherStudyInstanceUid(), c.detail()));
        }
        return out;
    }
}
