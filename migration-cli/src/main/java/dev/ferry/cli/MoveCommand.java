package dev.ferry.cli;

import dev.ferry.api.Dataset;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.Association;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.AssociationRequest;
import dev.ferry.dicom.net.QueryRetrieveScu;
import dev.ferry.dicom.net.QueryRetrieveScu.RetrieveResult;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.dimse.CommandField;
import dev.ferry.dicom.net.dimse.Priority;
import dev.ferry.dicom.net.dimse.SubOperations;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ferry move -c AET@host:port --dest AET -m StudyInstanceUID=...}: C-MOVE, as dcmtk's movescu. */
@Command(name = "move",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Asks a peer to send what matches to another AE (C-MOVE).",
        description = {
            "Asks a peer with C-MOVE (PS3.4 C.4.2) to send what the -m keys match to another AE, --dest, which "
                    + "the peer must know by AE title (with its host and port). Prints the sub-operation counts as "
                    + "the peer reports them, then the final status, counts and the SOP Instance UIDs that failed.",
            "Ctrl-C cancels the move (C-CANCEL-RQ).",
            "Exit status: 0 when every sub-operation completed (warnings allowed), 1 when any failed, the peer "
                    + "refused or could not be reached, 2 for a wrong command line."
        })
final class MoveCommand extends NetworkCommand {
    @picocli.CommandLine.Mixin
    UserIdentityOptions identity;

    @Option(names = {"-c", "--connect"}, paramLabel = "AET@HOST:PORT", required = true,
            converter = NetworkOptions.PeerConverter.class,
            description = "The peer to move from: its AE title, host and port.")
    RemoteAe peer;

    @Option(names = "--dest", paramLabel = "AET", required = true,
            description = "The Move Destination: the AE title the peer sends the instances to.")
    String destination;

    @Mixin
    QueryOptions query;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws IOException {
        if (query.matches == null || query.matches.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "move needs at least one -m key, "
                    + "e.g. -m StudyInstanceUID=1.2.3");
        }
        try {
            RemoteAe.requireAeTitle(destination, "--dest");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        QueryOptions.Level level = query.level(QueryOptions.Level.STUDY);
        Dataset keys = query.identifier(level, List.of());
        AssociationOptions options = network.associationOptions(false);
        String moveClass = query.informationModel().move();
        AssociationRequest.Builder request = identity.apply(AssociationRequest.builder(peer.aeTitle(),
                network.callingAeTitle()));
        request.addContext(moveClass, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        long start = System.nanoTime();
        RetrieveResult result;
        try (Association as = Association.connect(peer, request.build(), options);
             CancelOnSignal signal = new CancelOnSignal("ferry-move", 30_000)) {
            result = QueryRetrieveScu.move(as, moveClass, destination, keys, Priority.MEDIUM,
                    counts -> out.println("Pending: " + counts(counts)), signal::requested);
        }
        double seconds = Math.max(System.nanoTime() - start, 1_000_000L) / 1e9;
        return report("C-MOVE of " + level + " to " + destination, result, CommandField.C_MOVE_RSP, seconds, out, err);
    }

    /**
     * Prints the final line and the failed UIDs of a C-MOVE or C-GET; returns the exit status: OK when
     * the status is success or warning and no sub-operation failed.
     */
    static int report(String what, RetrieveResult r, CommandField field, double seconds, PrintWriter out,
                      PrintWriter err) {
        SubOperations last = r.last();
        int completed = last.completed() == null ? 0 : last.completed();
        int failed = Math.max(last.failed() == null ? 0 : last.failed(), r.failedSopInstanceUids().size());
        out.println(String.format(Locale.ROOT, "%s: %s (%04XH); %s in %.2f s (%.1f instances/s)", what,
                r.status().describe(field), r.status().code(), counts(last), seconds, completed / seconds));
        for (String uid : r.failedSopInstanceUids()) {
            out.println("  failed: " + uid);
        }
        boolean ok = (r.status().isSuccess() || r.status().isWarning()) && failed == 0;
        if (!ok) {
            err.println("ferry " + (field == CommandField.C_MOVE_RSP ? "move" : "get") + ": " + what + " ended with "
                    + String.format("%04XH", r.status().code()) + ", " + failed + " failed");
        }
        return ok ? OK : FAILED;
    }

    /** {@code 3 remaining, 5 completed, 0 failed, 0 warning}, leaving out the counts the peer did not send. */
    static String counts(SubOperations s) {
        StringBuilder sb = new StringBuilder();
        append(sb, s.remaining(), "remaining");
        append(sb, s.completed(), "completed");
        append(sb, s.failed(), "failed");
        append(sb, s.warning(), "warning");
        return sb.length() == 0 ? "no counts" : sb.toString();
    }

    private static void append(StringBuilder sb, Integer n, String what) {
        if (n != null) {
            sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ').append(what);
        }
    }
}
