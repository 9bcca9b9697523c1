package dev.ferry.cli;

import dev.ferry.dicom.archive.ArchiveUri;
import dev.ferry.dicom.net.DicomServer;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.StorageCommitmentScu.ReportListener;
import dev.ferry.dicom.verify.StorageCommitmentVerifier;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Storage Commitment as a verifier of a {@code dimse:} destination: a picocli mixin. The destination
 * sends its N-EVENT-REPORT on the same association, or, as Orthanc and most archives do, on a new one
 * to Ferry's own AE, which then listens for the length of the migration.
 */
final class CommitmentOptions {
    /** Written alone, {@code --storage-commitment} asks for the reports on the same association. */
    static final String SAME = "same-association";

    @Option(names = "--storage-commitment", paramLabel = "AET@HOST:PORT", arity = "0..1", fallbackValue = SAME,
            description = "Verify every study also by Storage Commitment (dimse: destinations): Ferry asks the "
                    + "destination to commit each instance and a study is verified only when all are. Alone, the "
                    + "destination answers on the same association; with AET@HOST:PORT, Ferry listens there for "
                    + "the destination's N-EVENT-REPORTs on a new association (the destination must know that AE).")
    String mode;

    @Option(names = "--storage-commitment-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for a study's commitment reports before it is 'not committed yet' "
                    + "(default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** What {@link #open} started: the verifier, and the listener it needs (or {@code null}). */
    record Commitment(StorageCommitmentVerifier verifier, DicomServer listener) implements AutoCloseable {
        @Override
        public void close() {
            if (listener != null) {
                listener.close();
            }
        }
    }

    /**
     * The verifier for {@code dest}, with its listener started; {@code null} without the option.
     *
     * @throws ParameterException when the destination is not a dimse: one or the options are wrong
     */
    Commitment open(CommandSpec spec, ArchiveUri dest, NetworkOptions network) throws IOException {
        if (mode == null) {
            return null;
        }
        if (dest == null || dest.scheme() != ArchiveUri.Scheme.DIMSE) {
            throw new ParameterException(spec.commandLine(), "--storage-commitment needs a dimse: destination");
        }
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--storage-commitment-timeout must be at least 1 second");
        }
        StorageCommitmentVerifier.Builder b = StorageCommitmentVerifier.builder(dest.ae(), network.callingAeTitle())
                .options(network.associationOptions(false)).timeout(Duration.ofSeconds(timeoutSeconds));
        if (SAME.equals(mode)) {
            return new Commitment(b.reportsOnSameAssociation().build(), null);
        }
        RemoteAe at;
        try {
            at = RemoteAe.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--storage-commitment: " + e.getMessage());
        }
        ReportListener listener = new ReportListener();
        DicomServer server = listener.registerOn(DicomServer.builder().aeTitle(at.aeTitle()).bind(at.host(), at.port())
                .options(network.associationOptions(true))).build().start();
        return new Commitment(b.reportsTo(listener).build(), server);
    }
}
