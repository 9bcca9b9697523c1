package dev.ferry.cli;

import dev.ferry.api.Dataset;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.Association;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.AssociationRequest;
import dev.ferry.dicom.net.DicomServer;
import dev.ferry.dicom.net.QueryRetrieveScu;
import dev.ferry.dicom.net.QueryRetrieveScu.RetrieveResult;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.SpoolFolderSink;
import dev.ferry.dicom.net.dimse.CommandField;
import dev.ferry.dicom.net.dimse.Priority;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ferry get -c AET@host:port --dir OUT -m ...}: C-GET into a folder, as dcmtk's getscu. */
@Command(name = "get",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Retrieves what matches from a peer into a folder (C-GET).",
        description = {
            "Retrieves what the -m keys match with C-GET (PS3.4 C.4.3): the peer sends the instances back on the "
                    + "same association, and each is written to --dir as <SOP Instance UID>.dcm, its data set as "
                    + "received. Prints the sub-operation counts as the peer reports them, then the summary.",
            "Ferry proposes to receive the common storage SOP classes (CT, MR, CR, DX, MG, US, SC, XA, NM, PET, RT, "
                    + "SR, PDF, presentation states, segmentations, VL, ...) in every transfer syntax it knows, "
                    + "uncompressed first; --storage-class names others (PS3.8 allows 128 contexts in all).",
            "Ctrl-C cancels the retrieval (C-CANCEL-RQ).",
            "Exit status: 0 when every sub-operation completed (warnings allowed), 1 when any failed, the peer "
                    + "refused or could not be reached, 2 for a wrong command line."
        })
final class GetCommand extends NetworkCommand {
    @picocli.CommandLine.Mixin
    UserIdentityOptions identity;

    /** The storage classes proposed by default: what archives commonly hold. */
    static final List<String> COMMON_STORAGE_CLASSES = List.of(
            UID.CTImageStorage, UID.EnhancedCTImageStorage, UID.MRImageStorage, UID.EnhancedMRImageStorage,
            UID.MRSpectroscopyStorage, UID.ComputedRadiographyImageStorage,
            UID.DigitalXRayImageStorageForPresentation, UID.DigitalXRayImageStorageForProcessing,
            UID.DigitalMammographyXRayImageStorageForPresentation, UID.DigitalMammographyXRayImageStorageForProcessing,
            UID.DigitalIntraOralXRayImageStorageForPresentation, UID.BreastTomosynthesisImageStorage,
            UID.UltrasoundImageStorage, UID.UltrasoundMultiFrameImageStorage, UID.SecondaryCaptureImageStorage,
            UID.MultiFrameSingleBitSecondaryCaptureImageStorage, UID.MultiFrameGrayscaleByteSecondaryCaptureImageStorage,
            UID.MultiFrameGrayscaleWordSecondaryCaptureImageStorage, UID.MultiFrameTrueColorSecondaryCaptureImageStorage,
            UID.XRayAngiographicImageStorage, UID.EnhancedXAImageStorage, UID.XRayRadiofluoroscopicImageStorage,
            UID.XRay3DAngiographicImageStorage, UID.NuclearMedicineImageStorage,
            UID.PositronEmissionTomographyImageStorage, UID.EnhancedPETImageStorage, UID.RTImageStorage,
            UID.RTDoseStorage, UID.RTStructureSetStorage, UID.RTPlanStorage, UID.RTIonPlanStorage,
            UID.RTBeamsTreatmentRecordStorage, UID.BasicTextSRStorage, UID.EnhancedSRStorage,
            UID.ComprehensiveSRStorage, UID.Comprehensive3DSRStorage, UID.KeyObjectSelectionDocumentStorage,
            UID.XRayRadiationDoseSRStorage, UID.MammographyCADSRStorage, UID.EncapsulatedPDFStorage,
            UID.GrayscaleSoftcopyPresentationStateStorage, UID.SegmentationStorage, UID.SpatialRegistrationStorage,
            UID.VLEndoscopicImageStorage, UID.VLPhotographicImageStorage, UID.VLMicroscopicImageStorage,
            UID.VLWholeSlideMicroscopyImageStorage, UID.OphthalmicPhotography8BitImageStorage, UID.RawDataStorage);

    @Option(names = {"-c", "--connect"}, paramLabel = "AET@HOST:PORT", required = true,
            converter = NetworkOptions.PeerConverter.class,
            description = "The peer to retrieve from: its AE title, host and port.")
    RemoteAe peer;

    @Option(names = "--dir", paramLabel = "OUT", required = true,
            description = "The folder to write the instances to (created if missing).")
    Path dir;

    @Option(names = "--storage-class", paramLabel = "UID|KEYWORD",
            description = "One more storage SOP class to accept, by UID or PS3.6 keyword; repeatable.")
    List<String> storageClasses;

    @Mixin
    QueryOptions query;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws IOException {
        if (query.matches == null || query.matches.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "get needs at least one -m key, "
                    + "e.g. -m StudyInstanceUID=1.2.3");
        }
        QueryOptions.Level level = query.level(QueryOptions.Level.STUDY);
        Dataset keys = query.identifier(level, List.of());
        AssociationOptions options = network.associationOptions(false);
        String getClass = query.informationModel().get();
        AssociationRequest.Builder request = identity.apply(AssociationRequest.builder(peer.aeTitle(),
                network.callingAeTitle()));
        try {
            QueryRetrieveScu.proposeGet(request, getClass, storageClasses(), DicomServer.Builder.ALL_TRANSFER_SYNTAXES);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--storage-class: " + e.getMessage());
        }
        TransferStats stats = new TransferStats();
        SpoolFolderSink sink;
        try {
            sink = new SpoolFolderSink(dir, false, s -> {
                stats.transferred(s.bytes(), false);
                if (network.verbose) {
                    out.println("received " + UID.nameOf(s.instance().sopClassUid()) + ": " + s.file());
                }
            });
        } catch (IOException e) {
            throw new IOException("cannot create " + dir + ": " + message(e), e);
        }
        long start = System.nanoTime();
        RetrieveResult result;
        try (Association as = Association.connect(peer, request.build(), options);
             CancelOnSignal signal = new CancelOnSignal("ferry-get", 30_000)) {
            result = QueryRetrieveScu.get(as, getClass, keys, Priority.MEDIUM, sink,
                    counts -> out.println("Pending: " + MoveCommand.counts(counts)), signal::requested);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        int failed = Math.max(result.last().failed() == null ? 0 : result.last().failed(),
                result.failedSopInstanceUids().size());
        stats.failed(failed);
        int status = MoveCommand.report("C-GET of " + level, result, CommandField.C_GET_RSP,
                Math.max(elapsed.toNanos(), 1_000_000L) / 1e9, out, err);
        out.println(stats.summary("Retrieved", elapsed) + " into " + dir);
        return status;
    }

    private List<String> storageClasses() {
        Set<String> classes = new LinkedHashSet<>(COMMON_STORAGE_CLASSES);
        if (storageClasses != null) {
            for (String c : storageClasses) {
                String uid = c.strip();
                if (!Character.isDigit(uid.isEmpty() ? 'x' : uid.charAt(0))) {
                    try {
                        uid = UID.forKeyword(uid);
                    } catch (IllegalArgumentException e) {
                        throw new ParameterException(spec.commandLine(), "--storage-class: " + e.getMessage());
                    }
                }
                classes.add(uid);
            }
        }
        return new ArrayList<>(classes);
    }
}
