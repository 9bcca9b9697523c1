package dev.ferry.cli;

import dev.ferry.dicom.archive.ArchiveUri;
import dev.ferry.dicom.archive.dimse.DimseDestination;
import dev.ferry.dicom.archive.dimse.DimseSource;
import dev.ferry.dicom.archive.folder.FolderDestination;
import dev.ferry.dicom.archive.folder.FolderSource;
import dev.ferry.dicom.archive.web.DicomWebDestination;
import dev.ferry.dicom.archive.web.DicomWebSource;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How the commands that work on whole archives open them from an archive URI
 * ({@code folder:PATH}, {@code dimse:AET@host:port}, {@code dicomweb:URL}; see {@link ArchiveUri}):
 * Ferry's own AE for C-MOVE, the result cap, the associations. A picocli mixin. For a dicomweb:
 * archive, --user and --password are HTTP Basic authentication, --user-token FILE a Bearer token
 * (read again for each request, so it can be renewed in place), --tls-truststore the CAs trusted
 * for https.
 */
final class ArchiveOptions {
    @Option(names = "--local", paramLabel = "AET@HOST:PORT", converter = NetworkOptions.BindConverter.class,
            description = "Ferry's own AE for a dimse: source: the move destination the archive must know (with this "
                    + "host and port), and where Ferry listens for the C-MOVE sub-operations. Without it, a dimse: "
                    + "source is retrieved by C-GET.")
    RemoteAe local;

    @Option(names = "--result-cap", paramLabel = "N", defaultValue = "0",
            description = "The result cap of a dimse: (C-FIND) or dicomweb: (QIDO-RS) source, if known: a query "
                    + "returning N matches or more is split (by date, hour, modality) until complete. Default 0: "
                    + "detected when the count is a round number (100, 500, 1000...).")
    int resultCap;

    @Option(names = "--max-associations", paramLabel = "N", defaultValue = "2",
            description = "The most associations open to a dimse: archive at once (default ${DEFAULT-VALUE}).")
    int maxAssociations;

    /** An archive URI given on the command line. */
    static final class UriConverter implements ITypeConverter<ArchiveUri> {
        @Override
        public ArchiveUri convert(String value) {
            try {
                return ArchiveUri.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * Opens {@code uri} as a source.
     *
     * @throws IOException if it cannot be opened (Ferry's Storage SCP cannot listen, say)
     */
    SourceArchive openSource(ArchiveUri uri, NetworkOptions network, UserIdentityOptions identity) throws IOException {
        return switch (uri.scheme()) {
            case DIMSE -> {
                DimseSource.Builder b = DimseSource.builder(uri.ae())
                        .callingAeTitle(local != null ? local.aeTitle() : network.callingAeTitle())
                        .options(network.associationOptions(false))
                        .maxAssociations(maxAssociations)
                        .resultCap(resultCap)
                        .requestCustomizer(identity::apply);
                if (local != null) {
                    b.moveTo(local);
                }
                yield b.build();
            }
            case FOLDER -> {
                if (!java.nio.file.Files.isDirectory(uri.folder())) {
                    throw new java.nio.file.NoSuchFileException(uri.folder().toString(), null, "no such folder");
                }
                yield FolderSource.builder(uri.folder()).build();
            }
            case DICOMWEB -> {
                yield web(DicomWebSource.builder(uri.url()), network, identity).resultCap(resultCap).build();
            }
        };
    }

    /**
     * Opens {@code uri} as a destination: C-STORE over at most --max-associations associations, a
     * folder (created if missing) in Ferry's hashed layout, or STOW-RS.
     *
     * @throws IOException if it cannot be opened
     */
    DestinationArchive openDestination(ArchiveUri uri, NetworkOptions network, UserIdentityOptions identity)
            throws IOException {
        return switch (uri.scheme()) {
            case DIMSE -> DimseDestination.builder(uri.ae())
                    .callingAeTitle(network.callingAeTitle())
                    .options(network.associationOptions(false))
                    .maxAssociations(maxAssociations)
                    .requestCustomizer(identity::apply)
                    .build();
            case FOLDER -> {
                java.nio.file.Files.createDirectories(uri.folder());
                yield FolderDestination.builder(uri.folder()).build();
            }
            case DICOMWEB -> {
                yield web(DicomWebDestination.builder(uri.url()), network, identity).build();
            }
        };
    }

    /** The connect timeout, credentials and trust store of the command line, on a DICOMweb archive's builder. */
    private static <B extends dev.ferry.dicom.web.AbstractDicomWebBuilder<B>> B web(B b, NetworkOptions network,
                                                                              UserIdentityOptions identity) {
        b.connectTimeout(network.connectTimeout);
        identity.applyTo(b);
        if (network.trustStore != null) {
            b.trustStore(network.trustStore, network.trustStorePassword == null ? null
                    : network.trustStorePassword.toCharArray());
        }
        return b;
    }
}
