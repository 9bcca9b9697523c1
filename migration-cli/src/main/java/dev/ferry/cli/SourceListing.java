package dev.ferry.cli;

import dev.ferry.api.Dataset;
import dev.ferry.api.DateRange;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.archive.Descriptors;
import dev.ferry.dicom.json.DicomJson;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code ferry find --source URI}: lists what an archive holds through the {@link SourceArchive}
 * SPI, the way a migration sees it: studies by {@link SourceArchive#query} (complete, however the
 * archive caps results), series and instances by {@link SourceArchive#describe}. Each entry is
 * printed as {@code find -c} prints a match, or as DICOM JSON. Not thread-safe.
 */
final class SourceListing {
    private static final Set<Integer> STUDY_KEYS = Set.of(Tag.StudyDate, Tag.ModalitiesInStudy, Tag.PatientID,
            Tag.IssuerOfPatientID, Tag.StudyInstanceUID);

    private final CommandLine commandLine;
    private final QueryOptions query;
    private final boolean json;

    SourceListing(CommandLine commandLine, QueryOptions query, boolean json) {
        this.commandLine = commandLine;
        this.query = query;
        this.json = json;
    }

    int list(SourceArchive source, PrintWriter out, PrintWriter err) throws IOException {
        try (source) {
            List<Dataset> entries = new ArrayList<>();
            Printer printer = new Printer(out);
            switch (query.level) {
                case STUDY -> source.query(studyQuery(), d -> printer.print(study(d)));
                case SERIES, IMAGE -> {
                    String uid = keys().getString(Tag.StudyInstanceUID, "").strip();
                    if (uid.isEmpty() || uid.contains("\\")) {
                        throw new ParameterException(commandLine, "--source at " + query.level
                                + " level needs -m StudyInstanceUID=UID (one study)");
                    }
                    Optional<StudyManifest> m = source.describe(uid);
                    if (m.isPresent()) {
                        if (query.level == QueryOptions.Level.SERIES) {
                            m.get().series().forEach(s -> printer.print(series(s)));
                        } else {
                            m.get().instances().forEach(i -> printer.print(instance(i)));
                        }
                    }
                }
                default -> throw new ParameterException(commandLine, "--source lists STUDY, SERIES or IMAGE level");
            }
            printer.end();
            String count = printer.count + (printer.count == 1 ? " match" : " matches") + " in " + source.name();
            (json ? err : out).println(count);
            return NetworkCommand.OK;
        }
    }

    private Dataset keys() {
        return query.identifier(query.level, List.of());
    }

    /** The -m keys as a {@link StudyQuery}; a key the SPI cannot express is a command-line error. */
    StudyQuery studyQuery() {
        Dataset keys = keys();
        StudyQuery.Builder b = StudyQuery.builder();
        for (int tag : keys.tags()) {
            String v = keys.getString(tag, "").strip();
            if (tag == Tag.QueryRetrieveLevel || tag == Tag.SpecificCharacterSet || v.isEmpty()) {
                continue;
            }
            if (!STUDY_KEYS.contains(tag)) {
                throw new ParameterException(commandLine, "with --source, -m takes StudyDate, ModalitiesInStudy, "
                        + "PatientID, IssuerOfPatientID and StudyInstanceUID, not " + Tags.keyword(tag));
            }
            switch (tag) {
                case Tag.StudyDate -> b.dates(dates(v));
                case Tag.ModalitiesInStudy -> b.modality(v.split("\\\\"));
                case Tag.StudyInstanceUID -> b.study(v.split("\\\\"));
                default -> { } // patient below
            }
        }
        String id = keys.getString(Tag.PatientID, "").strip();
        String issuer = keys.getString(Tag.IssuerOfPatientID, "").strip();
        if (!id.isEmpty()) {
            b.patient(PatientIdentity.of(id, issuer));
        } else if (!issuer.isEmpty()) {
            throw new ParameterException(commandLine, "-m IssuerOfPatientID needs -m PatientID");
        }
        return b.build();
    }

    private DateRange dates(String v) {
        int dash = v.indexOf('-');
        String from = dash < 0 ? v : v.substring(0, dash);
        String to = dash < 0 ? v : v.substring(dash + 1);
        java.time.LocalDate f = from.isEmpty() ? null : Descriptors.date(from);
        java.time.LocalDate t = to.isEmpty() ? null : Descriptors.date(to);
        if ((!from.isEmpty() && f == null) || (!to.isEmpty() && t == null) || (f != null && t != null && f.isAfter(t))) {
            throw new ParameterException(commandLine, "-m StudyDate=" + v + " is not a date (YYYYMMDD) or a range of"
                    + " dates (YYYYMMDD-YYYYMMDD, open at either end)");
        }
        return new DateRange(f, t);
    }

    private static Dataset study(StudyDescriptor d) {
        Dataset ds = new Dataset();
        ds.setString(Tag.StudyInstanceUID, VR.UI, d.studyInstanceUid());
        if (d.studyDate() != null) {
            ds.setString(Tag.StudyDate, VR.DA, d.studyDate().toString().replace("-", ""));
        }
        if (d.studyTime() != null) {
            ds.setString(Tag.StudyTime, VR.TM, d.studyTime().toString().replace(":", ""));
        }
        if (d.patient() != null) {
            ds.setString(Tag.PatientID, VR.LO, d.patient().id());
            if (d.patient().hasIssuer()) {
                ds.setString(Tag.IssuerOfPatientID, VR.LO, d.patient().issuer());
            }
        }
        if (!d.accession().isEmpty()) {
            ds.setString(Tag.AccessionNumber, VR.SH, d.accession().number());
        }
        if (!d.modalities().isEmpty()) {
            ds.setString(Tag.ModalitiesInStudy, VR.CS, String.join("\\", d.modalities()));
        }
        count(ds, Tag.NumberOfStudyRelatedSeries, d.seriesCount());
        count(ds, Tag.NumberOfStudyRelatedInstances, d.instanceCount());
        return ds;
    }

    private static Dataset series(SeriesDescriptor s) {
        Dataset ds = new Dataset();
        ds.setString(Tag.StudyInstanceUID, VR.UI, s.studyInstanceUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, s.seriesInstanceUid());
        if (!s.modality().isEmpty()) {
            ds.setString(Tag.Modality, VR.CS, s.modality());
        }
        if (s.seriesNumber() != null) {
            ds.setString(Tag.SeriesNumber, VR.IS, s.seriesNumber().toString());
        }
        count(ds, Tag.NumberOfSeriesRelatedInstances, s.instanceCount());
        return ds;
    }

    private static Dataset instance(InstanceDescriptor i) {
        Dataset ds = new Dataset();
        ds.setString(Tag.StudyInstanceUID, VR.UI, i.studyInstanceUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, i.seriesInstanceUid());
        ds.setString(Tag.SOPInstanceUID, VR.UI, i.sopInstanceUid());
        ds.setString(Tag.SOPClassUID, VR.UI, i.sopClassUid());
        return ds;
    }

    private static void count(Dataset ds, int tag, int n) {
        if (n != StudyDescriptor.UNKNOWN) {
            ds.setString(tag, VR.IS, Integer.toString(n));
        }
    }

    /** Prints entries as lines or as one JSON array; counts them. */
    private final class Printer {
        private final PrintWriter out;
        private final DicomJson writer = DicomJson.standard();
        int count;

        Printer(PrintWriter out) {
            this.out = out;
            if (json) {
                out.print("[");
            }
        }

        void print(Dataset ds) {
            if (json) {
                try {
                    out.print(count == 0 ? "\n" : ",\n");
                    writer.write(ds, out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                out.println(FindCommand.line(ds));
            }
            count++;
        }

        void end() {
            if (json) {
                out.println(count == 0 ? "]" : "\n]");
            }
        }
    }
}
