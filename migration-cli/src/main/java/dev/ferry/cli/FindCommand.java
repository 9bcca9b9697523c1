package dev.ferry.cli;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.archive.ArchiveUri;
import dev.ferry.dicom.json.DicomJson;
import dev.ferry.dicom.net.Association;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.AssociationRequest;
import dev.ferry.dicom.net.QueryRetrieveScu;
import dev.ferry.dicom.net.QueryRetrieveScu.FindResult;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.dimse.CommandField;
import dev.ferry.dicom.net.dimse.Priority;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ferry find -c AET@host:port -L LEVEL -m Keyword=value ...}: C-FIND, as dcmtk's findscu. */
@Command(name = "find",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Queries a peer (C-FIND), or lists what an archive holds (--source).",
        description = {
            "Queries a peer with C-FIND (PS3.4 C.4.1) and prints each match on a line, Keyword=value, then the "
                    + "count; with --json, a JSON array of the matches in the DICOM JSON Model (PS3.18 F.2) on "
                    + "standard output and the count on standard error.",
            "Without -r, the usual attributes of the level are asked for; with -r, those named and the -m keys. "
                    + "The unique key of the level is always asked for.",
            "With --source URI instead of -c, lists what an archive holds the way a migration sees it: "
                    + "folder:PATH (Part 10 files or a DICOMDIR), dimse:AET@host:port (C-FIND, split by date, hour "
                    + "and modality until complete when the archive caps its results) or dicomweb:URL (QIDO-RS). "
                    + "For a dicomweb: archive, --user and --password are HTTP Basic authentication, --user-token "
                    + "FILE a Bearer token, --tls-truststore the CAs trusted for https.",
            "Values are shown as they are, patient data included: this is for an operator's terminal, not for "
                    + "logs. Ctrl-C cancels the query (C-CANCEL-RQ).",
            "Exit status: 0 when the peer answered Success, 1 when it answered a failure or could not be "
                    + "reached, 2 for a wrong command line."
        })
final class FindCommand extends NetworkCommand {
    @picocli.CommandLine.Mixin
    UserIdentityOptions identity;

    /** What is asked for at each level when no -r is given. */
    private static final List<List<String>> DEFAULT_RETURN_KEYS = List.of(
            List.of("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "NumberOfPatientRelatedStudies"),
            List.of("StudyInstanceUID", "StudyDate", "StudyTime", "AccessionNumber", "PatientName", "PatientID",
                    "StudyDescription", "ModalitiesInStudy", "NumberOfStudyRelatedSeries",
                    "NumberOfStudyRelatedInstances"),
            List.of("StudyInstanceUID", "SeriesInstanceUID", "Modality", "SeriesNumber", "SeriesDescription",
                    "NumberOfSeriesRelatedInstances"),
            List.of("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "SOPClassUID", "InstanceNumber"));

    @Option(names = {"-c", "--connect"}, paramLabel = "AET@HOST:PORT",
            converter = NetworkOptions.PeerConverter.class,
            description = "The peer to query with one C-FIND: its AE title, host and port.")
    RemoteAe peer;

    @Option(names = "--source", paramLabel = "URI", converter = ArchiveOptions.UriConverter.class,
            description = "Instead of -c: an archive to list, folder:PATH, dimse:AET@host:port or dicomweb:URL. "
                    + "At STUDY level every matching study is listed once, however the archive caps its results; "
                    + "-m takes StudyDate (a date or range), ModalitiesInStudy, PatientID, IssuerOfPatientID and "
                    + "StudyInstanceUID. At SERIES and IMAGE level, -m StudyInstanceUID=UID lists what the archive "
                    + "holds of that study.")
    ArchiveUri source;

    @Mixin
    ArchiveOptions archive;

    @Mixin
    QueryOptions query;

    @Option(names = {"-r", "--return"}, paramLabel = "KEYWORD",
            description = "An attribute to return (keyword or tag), besides the -m keys; repeatable. Replaces the "
                    + "default set of the level.")
    List<String> returnKeys;

    @Option(names = "--json", description = "Print the matches as a JSON array in the DICOM JSON Model.")
    boolean json;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws IOException {
        if (query.level == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--level=LEVEL' (-L)");
        }
        if ((peer == null) == (source == null)) {
            throw new ParameterException(spec.commandLine(), "give either -c AET@HOST:PORT or --source URI");
        }
        if (source != null) {
            return new SourceListing(spec.commandLine(), query, json).list(archive.openSource(source, network,
                    identity), out, err);
        }
        Dataset keys = query.identifier(query.level,
                returnKeys != null ? returnKeys : DEFAULT_RETURN_KEYS.get(query.level.ordinal()));
        AssociationOptions options = network.associationOptions(false);
        String findClass = query.informationModel().find();
        AssociationRequest.Builder request = identity.apply(AssociationRequest.builder(peer.aeTitle(),
                network.callingAeTitle()));
        request.addContext(findClass, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        DicomJson writer = DicomJson.standard();
        FindResult result;
        try (Association as = Association.connect(peer, request.build(), options);
             CancelOnSignal signal = new CancelOnSignal("ferry-find", 10_000)) {
            if (json) {
                out.print("[");
            }
            boolean[] first = {true};
            result = QueryRetrieveScu.find(as, findClass, keys, Priority.MEDIUM, match -> {
                if (json) {
                    try {
                        out.print(first[0] ? "\n" : ",\n");
                        first[0] = false;
                        writer.write(match, out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                } else {
                    out.println(line(match));
                }
                return !signal.requested();
            });
            if (json) {
                out.println(result.matches() == 0 ? "]" : "\n]");
            }
        }
        String count = result.matches() + (result.matches() == 1 ? " match" : " matches")
                + (result.cancelled() ? " (cancelled)" : "");
        (json ? err : out).println(count);
        if (result.status().isSuccess() || result.status().isCancel() && result.cancelled()) {
            return OK;
        }
        err.println(name() + ": " + peer + " answered " + String.format("%04XH", result.status().code()) + " ("
                + result.status().describe(CommandField.C_FIND_RSP) + ")");
        return FAILED;
    }

    /** {@code PatientID=123 PatientName="Doe^John" ...}: every attribute but the level and character set. */
    static String line(Dataset match) {
        StringBuilder sb = new StringBuilder();
        for (int tag : match.tags()) {
            if (tag == Tag.QueryRetrieveLevel || tag == Tag.SpecificCharacterSet) {
                continue;
            }
            String keyword = Tags.keyword(tag);
            String value = match.valueAsText(tag);
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(keyword == null ? Tags.format(tag) : keyword).append('=').append(quote(value == null ? "" : value));
        }
        return sb.toString();
    }

    private static String quote(String v) {
        boolean plain = !v.isEmpty() && v.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c < 0x20);
        if (plain) {
            return v;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
