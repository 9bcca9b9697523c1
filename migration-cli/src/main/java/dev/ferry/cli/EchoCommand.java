package dev.ferry.cli;

import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.Association;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.AssociationRequest;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.dimse.CommandField;
import dev.ferry.dicom.net.dimse.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry echo -c AET@host:port}: C-ECHO, as dcmtk's echoscu. */
@Command(name = "echo",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Checks that a DICOM peer answers (C-ECHO).",
        description = {
            "Checks that a DICOM peer answers: opens an association proposing the Verification SOP Class, sends "
                    + "C-ECHO (PS3.7 9.1.5), prints the status and the round-trip time, and releases the association.",
            "Exit status: 0 when the peer answered Success, 1 when it could not be reached, refused the "
                    + "association or answered anything else (one line on standard error), 2 for a wrong command line."
        })
final class EchoCommand extends NetworkCommand {
    @picocli.CommandLine.Mixin
    UserIdentityOptions identity;

    @Option(names = {"-c", "--connect"}, paramLabel = "AET@HOST:PORT", required = true,
            converter = NetworkOptions.PeerConverter.class,
            description = "The peer to call: its AE title, host and port (IPv6 in brackets: AET@[::1]:104).")
    RemoteAe peer;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws IOException {
        AssociationOptions options = network.associationOptions(false);
        AssociationRequest.Builder request = identity.apply(AssociationRequest.builder(peer.aeTitle(),
                network.callingAeTitle()));
        request.addContext(UID.Verification, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        long start = System.nanoTime();
        try (Association as = Association.connect(peer, request.build(), options)) {
            long open = System.nanoTime();
            Status status = as.echo();
            long answered = System.nanoTime();
            as.release();
            String line = String.format(Locale.ROOT, "C-ECHO %s -> %s%s: %s (%04XH), round trip %.1f ms "
                            + "(association set up in %.1f ms)", network.callingAeTitle(), peer, as.isTls() ? " (TLS)" : "",
                    status.describe(CommandField.C_ECHO_RSP), status.code(), (answered - open) / 1e6, (open - start) / 1e6);
            if (status.isSuccess()) {
                out.println(line);
                return OK;
            }
            err.println(name() + ": " + line);
            return FAILED;
        }
    }
}
