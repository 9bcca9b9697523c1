package dev.ferry.cli;

import dev.ferry.dicom.archive.ArchiveUri;
import dev.ferry.dicom.privatetags.KnownPrivateContent;
import dev.ferry.dicom.privatetags.PrivateTagAudit;
import dev.ferry.dicom.privatetags.PrivateTagReport;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry audit-private-tags --source URI [--sample N] --out DIR}: the private tag audit. */
@Command(name = "audit-private-tags",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Surveys the private tags of a source archive, flagging clinically relevant content.",
        description = {
            "Reads the headers of a sample of the source's studies (or all of them) and lists, per manufacturer, "
                    + "model and modality, the private groups, creators and elements with their counts, VRs and value "
                    + "shapes (length, numeric, text or binary, multiplicity). Values are never shown. Elements known to "
                    + "hold radiation dose, shutters, display settings or SR references are flagged.",
            "Writes private-tags.json, private-tags.csv and private-tags.html into --out.",
            "Exit status: 0 when the audit completed, 1 when it could not, 2 for a wrong command line."
        })
final class AuditPrivateTagsCommand extends NetworkCommand {
    @Option(names = "--source", required = true, paramLabel = "URI", converter = ArchiveOptions.UriConverter.class,
            description = "The archive to audit: folder:PATH, dimse:AET@host:port or dicomweb:URL.")
    ArchiveUri source;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "0",
            description = "Audit N studies, chosen evenly over the archive (default: every study).")
    int sample;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write the reports to.")
    Path out;

    @Option(names = "--known", paramLabel = "FILE",
            description = "More known private elements to flag, as CSV lines creator,group,offset,category,description,"
                    + "source (category RADIATION_DOSE, SHUTTER, DISPLAY or SR_REFERENCE).")
    Path known;

    @Mixin
    ArchiveOptions archive;

    @Mixin
    UserIdentityOptions identity;

    @Override
    int execute(PrintWriter stdout, PrintWriter err) throws IOException {
        if (sample < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--sample must be 0 (every study) or more, not " + sample);
        }
        KnownPrivateContent table = KnownPrivateContent.builtIn();
        if (known != null) {
            table = table.with(KnownPrivateContent.read(known));
        }
        PrivateTagReport report;
        try (SourceArchive s = archive.openSource(source, network, identity)) {
            report = PrivateTagAudit.builder().sample(sample).known(table).build().run(s);
        }
        Files.createDirectories(out);
        try (Writer w = Files.newBufferedWriter(out.resolve("private-tags.json"), StandardCharsets.UTF_8)) {
            report.writeJson(w);
        }
        try (Writer w = Files.newBufferedWriter(out.resolve("private-tags.csv"), StandardCharsets.UTF_8)) {
            report.writeCsv(w);
        }
        try (Writer w = Files.newBufferedWriter(out.resolve("private-tags.html"), StandardCharsets.UTF_8)) {
            report.writeHtml(w);
        }
        stdout.println(report.studies() + " studies, " + report.instances() + " instances: " + report.rows().size()
                + " private elements by equipment, " + report.flagged().size() + " flagged as clinically relevant");
        stdout.println("wrote " + out.resolve("private-tags.html"));
        return OK;
    }
}
