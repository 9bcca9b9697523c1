package dev.ferry.cli;

import dev.ferry.dicom.io.DicomDump;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomParseException;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.ParseWarning;
import dev.ferry.dicom.json.DicomJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry dump FILE}: prints a DICOM file's File Meta and header, one element a line; with
 * {@code --json}, its data set as the DICOM JSON Model (PS3.18 F.2), as dcmtk's dcm2json does.
 */
@Command(name = "dump",
        mixinStandardHelpOptions = true,
        header = "Prints a DICOM file readably, or as DICOM JSON.",
        description = {
            "Prints a DICOM file (Part 10, or a bare data set) readably: File Meta, then the header, one "
                    + "element a line with tag, VR, value, length and keyword; items of sequences indented. "
                    + "Pixel data is not read: its size is shown.",
            "With --json, prints the data set (without File Meta, as dcmtk's dcm2json does) as the DICOM JSON "
                    + "Model of PS3.18 Annex F. Pixel Data, and any top-level value the reader leaves in the file "
                    + "(over 1 MiB), get a BulkDataURI naming the file and the value's bytes, "
                    + "file:///path/x.dcm?offset=N&length=M (in a deflated file: ?tag=7FE00010); other binary "
                    + "values are InlineBinary (base64) unless --bulk-threshold is given. A file whose Pixel Data "
                    + "is cut short is an error here, as no byte range can name it.",
            "Values are shown as they are, patient data included: this is for an operator's terminal, not "
                    + "for logs.",
            "Exit status: 0 when the file was read, 1 when it is not readable DICOM (one line on standard "
                    + "error naming the file, byte offset and tag path), 2 for a wrong command line."
        })
final class DumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The DICOM file to print.")
    Path file;

    @Option(names = "--width", paramLabel = "N", defaultValue = "64",
            description = "Cut values longer than N characters (default: ${DEFAULT-VALUE}; not with --json).")
    int width;

    @Option(names = "--warnings",
            description = "Also list what the reader tolerated (odd lengths, missing File Meta, ...); "
                    + "with --json, on standard error.")
    boolean warnings;

    @Option(names = "--json", description = "Print the data set as the DICOM JSON Model (PS3.18 F.2) instead.")
    boolean json;

    @Option(names = "--bulk-threshold", paramLabel = "BYTES",
            description = "With --json: binary values longer than BYTES get a BulkDataURI naming the element "
                    + "(file:///path/x.dcm?tag=00880200/0/7FE00010) instead of InlineBinary (default: none do).")
    Long bulkThreshold;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (width < 8) {
            err.println("ferry dump: --width must be at least 8");
            return 2;
        }
        if (bulkThreshold != null && (!json || bulkThreshold < 0)) {
            err.println("ferry dump: --bulk-threshold needs --json and a number of bytes >= 0");
            return 2;
        }
        if (json) {
            return printJson(out, err);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             DicomObject object = DicomReader.standard().read(in, file.toString())) {
            DicomDump dump = new DicomDump(width);
            out.println("# File Meta Information" + (object.fileMeta().isEmpty() ? ": none" : ""));
            dump.print(object.fileMeta(), out);
            out.println("# Data set: " + object.transferSyntax().keyword() + " (" + object.transferSyntax().uid() + ")");
            dump.print(object.header(), out);
            if (object.stoppedAtBulk()) {
                long rest = object.remainder().transferTo(OutputStream.nullOutputStream());
                out.println("# then " + rest + " bytes of pixel or bulk data, not shown");
            }
            if (warnings) {
                for (ParseWarning w : object.warnings()) {
                    out.println("# warning: " + w);
                }
            } else if (!object.warnings().isEmpty()) {
                out.println("# " + object.warnings().size() + " warning(s); --warnings lists them");
            }
            out.flush();
            return 0;
        } catch (DicomParseException | IOException e) {
            return failed(err, e);
        }
    }

    /**
     * The JSON on standard output, warnings on standard error. The file is read to its end before the
     * first character is printed, so a file that cannot be read prints no partial JSON.
     */
    private int printJson(PrintWriter out, PrintWriter err) {
        try {
            List<ParseWarning> tolerated = DicomJson.builder().prettyPrint(true).build()
                    .writeFile(file, bulkThreshold == null ? Long.MAX_VALUE : bulkThreshold, out);
            out.println();
            out.flush();
            if (warnings) {
                for (ParseWarning w : tolerated) {
                    err.println("ferry dump: warning: " + w);
                }
            } else if (!tolerated.isEmpty()) {
                err.println("ferry dump: " + tolerated.size() + " warning(s); --warnings lists them");
            }
            err.flush();
            return 0;
        } catch (DicomParseException | IOException e) {
            return failed(err, e);
        }
    }

    private int failed(PrintWriter err, Exception e) {
        if (e instanceof DicomParseException) {
            err.println("ferry dump: " + e.getMessage());
        } else if (e instanceof NoSuchFileException) {
            err.println("ferry dump: " + file + ": no such file");
        } else {
            err.println("ferry dump: " + file + ": " + e.getMessage());
        }
        return 1;
    }
}
