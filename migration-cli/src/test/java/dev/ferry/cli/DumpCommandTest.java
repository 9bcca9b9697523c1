package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static byte[] part10(Dataset header, TransferSyntax ts, byte[] pixelElement) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DicomWriter.writeFile(file, null, DicomWriter.fileMeta(header, ts, "TESTSCU"), header,
                InputStream.nullInputStream(), ts, dev.ferry.api.ItemRef.NONE);
        file.write(pixelElement);
        return file.toByteArray();
    }

    private static Dataset header() {
        Dataset ds = new Dataset()
                .setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2")
                .setString(Tag.SOPInstanceUID, VR.UI, "2.25.1")
                .setString(Tag.Modality, VR.CS, "CT")
                .setInts(Tag.Rows, VR.US, 2);
        ds.newSequence(Tag.ReferencedImageSequence).addItem().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "2.25.2");
        return ds;
    }

    @Test
    void printsFileMetaHeaderAndPixelDataSize() throws IOException {
        // Explicit VR LE Pixel Data: (7FE0,0010) OW, 2 reserved bytes, length 8, then 8 bytes.
        byte[] pixel = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0, 8, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
        Path file = dir.resolve("ct.dcm");
        Files.write(file, part10(header(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, pixel));

        assertThat(run("dump", file.toString())).isZero();
        assertThat(out.toString())
                .contains("(0002,0010) UI [1.2.840.10008.1.2.1]", "TransferSyntaxUID")
                .contains("(0008,0060) CS [CT]", "Modality")
                .contains("(0028,0010) US 2", "Rows")
                .contains("(0008,1140) SQ (1 item)", "> item 1", "(0008,1155) UI [2.25.2]")
                .contains("# then 20 bytes of pixel or bulk data, not shown");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aTruncatedFileIsOneLineNamingFileOffsetAndTag() throws IOException {
        byte[] whole = part10(header(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, new byte[0]);
        Path file = dir.resolve("truncated.dcm");
        Files.write(file, Arrays.copyOf(whole, whole.length - 1)); // cut inside Rows, the last element

        assertThat(run("dump", file.toString())).isEqualTo(1);
        assertThat(err.toString().strip())
                .doesNotContain("\n")
                .contains(file.toString(), "offset", "(0028,0010)");
    }

    @Test
    void aCutInsideAnItemNamesTheNestedPath() throws IOException {
        Dataset header = header();
        header.remove(Tag.Rows);
        header.getSequence(Tag.ReferencedImageSequence).setUndefinedLength(false); // so the file ends in the UID
        header.getSequence(Tag.ReferencedImageSequence).get(0).setUndefinedLength(false);
        byte[] whole = part10(header, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, new byte[0]);
        Path file = dir.resolve("cut-in-item.dcm");
        Files.write(file, Arrays.copyOf(whole, whole.length - 3)); // inside the referenced UID's value

        assertThat(run("dump", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("(0008,1140)[0].(0008,1155)");
    }

    @Test
    void aMissingFileIsAnError() {
        assertThat(run("dump", dir.resolve("nope.dcm").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("nope.dcm: no such file");
    }

    @Test
    void jsonPrintsTheDataSetAsTheDicomJsonModelWithPixelDataAsARangeOfTheFile() throws IOException {
        byte[] pixel = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0, 8, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
        Path file = dir.resolve("ct.dcm");
        Files.write(file, part10(header(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, pixel));
        long offset = Files.size(file) - 8;

        assertThat(run("dump", "--json", file.toString())).isZero();

        String json = out.toString();
        assertThat(json)
                .startsWith("{\n  \"00080016\": {\n    \"vr\": \"UI\",\n    \"Value\": [\n"
                        + "      \"1.2.840.10008.5.1.4.1.1.2\"\n    ]\n  },")
                .contains("\"00080060\": {\n    \"vr\": \"CS\",\n    \"Value\": [\n      \"CT\"\n    ]\n  }")
                .contains("\"00081155\": {\n          \"vr\": \"UI\"")
                .contains("\"00280010\": {\n    \"vr\": \"US\",\n    \"Value\": [\n      2\n    ]\n  }")
                .endsWith("\"7FE00010\": {\n    \"vr\": \"OW\",\n    \"BulkDataURI\": \"" + file.toUri()
                        + "?offset=" + offset + "&length=8\"\n  }\n}" + System.lineSeparator())
                .doesNotContain("00020010", "# ");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void jsonWithABulkThresholdNamesLongValuesByTheirPath() throws IOException {
        Dataset header = header();
        header.setBytes(0x00091001, VR.OB, new byte[16]);
        Path file = dir.resolve("private.dcm");
        Files.write(file, part10(header, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, new byte[0]));

        assertThat(run("dump", "--json", "--bulk-threshold", "8", file.toString())).isZero();

        assertThat(out.toString()).contains("\"BulkDataURI\": \"" + file.toUri() + "?tag=00091001\"");
    }

    @Test
    void jsonOfAFileWhosePixelDataIsCutIsAnErrorWithNoJsonPrinted() throws IOException {
        byte[] pixel = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0, 8, 0, 0, 0, 1, 2, 3};
        Path file = dir.resolve("cut.dcm");
        Files.write(file, part10(header(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, pixel));

        assertThat(run("dump", "--json", file.toString())).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().strip()).doesNotContain("\n").contains(file.toString(), "ends inside (7FE0,0010)");
    }

    @Test
    void jsonWarningsGoToStandardError() throws IOException {
        byte[] withoutMeta = DicomWriter.encode(header(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        Path file = dir.resolve("bare.dcm");
        Files.write(file, withoutMeta);

        assertThat(run("dump", "--json", file.toString())).isZero();
        assertThat(out.toString()).contains("\"00080060\"").doesNotContain("warning");
        assertThat(err.toString()).contains("warning(s); --warnings lists them");

        err.getBuffer().setLength(0);
        assertThat(run("dump", "--json", "--warnings", file.toString())).isZero();
        assertThat(err.toString()).contains("ferry dump: warning: ", "File Meta");
    }

    @Test
    void aBulkThresholdWithoutJsonIsAWrongCommandLine() {
        assertThat(run("dump", "--bulk-threshold", "8", dir.resolve("x.dcm").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--bulk-threshold needs --json");
    }

    @Test
    void helpDescribesJson() {
        assertThat(run("dump", "--help")).isZero();
        assertThat(out.toString()).contains("--json", "DICOM JSON", "BulkDataURI", "--bulk-threshold");
    }

    @Test
    void helpIsListedUnderTheMainCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("dump");
    }
}
