package dev.ferry.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Dataset;
import dev.ferry.api.ItemRef;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomParseException;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DicomJson#writeFile}: what {@code ferry dump --json} prints. The elements the reader leaves
 * in the file get a BulkDataURI whose byte range must hold exactly their value.
 */
class DicomJsonFileTest {
    private static final Pattern RANGE =
            Pattern.compile("\"BulkDataURI\":\"(file:[^\"?]*)\\?offset=(\\d+)&length=(\\d+)\"");
    private static final byte[] PIXELS = {1, 2, 3, 4, 5, 6, 7, 8};

    @TempDir
    Path dir;

    private static Dataset header() {
        Dataset ds = new Dataset()
                .setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7")
                .setString(Tag.SOPInstanceUID, VR.UI, "2.25.7")
                .setString(Tag.PatientName, VR.PN, "Doe^Jane")
                .setInts(Tag.Rows, VR.US, 2)
                .setInts(Tag.Columns, VR.US, 2);
        ds.newSequence(Tag.ReferencedImageSequence).addItem().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "2.25.8");
        return ds;
    }

    /** A Part 10 file: File Meta, {@code header} in {@code ts}, then {@code rest} as given (already in {@code ts}). */
    private Path file(String name, Dataset header, TransferSyntax ts, byte[] rest) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.writeFile(out, null, DicomWriter.fileMeta(header, ts, null), header,
                new ByteArrayInputStream(rest), ts, ItemRef.NONE);
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    /** One element in explicit or implicit VR, little or big endian. */
    private static byte[] element(boolean explicit, boolean bigEndian, int tag, VR vr, long length, byte[] value) {
        boolean longHeader = explicit && vr.hasLongHeader();
        ByteBuffer b = ByteBuffer.allocate((longHeader ? 12 : 8) + value.length)
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (tag >>> 16)).putShort((short) tag);
        if (explicit) {
            b.put((byte) vr.name().charAt(0)).put((byte) vr.name().charAt(1));
            if (longHeader) {
                b.putShort((short) 0).putInt((int) length);
            } else {
                b.putShort((short) length);
            }
        } else {
            b.putInt((int) length);
        }
        return b.put(value).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String json(Path file) throws IOException {
        return json(file, Long.MAX_VALUE);
    }

    private static String json(Path file, long threshold) throws IOException {
        StringWriter out = new StringWriter();
        DicomJson.standard().writeFile(file, threshold, out);
        return out.toString();
    }

    /** The bytes the n-th file range BulkDataURI of the JSON names, after checking it names {@code file}. */
    private static byte[] range(String json, Path file, int n) throws IOException {
        Matcher m = RANGE.matcher(json);
        for (int i = 0; i <= n; i++) {
            assertThat(m.find()).as("BulkDataURI %d in %s", i, json).isTrue();
        }
        assertThat(Path.of(URI.create(m.group(1)))).isEqualTo(file.toAbsolutePath().normalize());
        byte[] all = Files.readAllBytes(file);
        int offset = Integer.parseInt(m.group(2));
        return Arrays.copyOfRange(all, offset, offset + Integer.parseInt(m.group(3)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.2"})
    void pixelDataIsARangeOfTheFileAndTheElementsAfterItAreShown(String uid) throws IOException {
        TransferSyntax ts = TransferSyntax.of(uid);
        boolean explicit = ts.isExplicitVr();
        boolean bigEndian = ts.isBigEndian();
        Path file = file("image.dcm", header(), ts, concat(
                element(explicit, bigEndian, Tag.PixelData, VR.OW, PIXELS.length, PIXELS),
                element(explicit, bigEndian, Tag.DataSetTrailingPadding, VR.OB, 4, new byte[4])));

        String json = json(file);

        assertThat(json)
                .startsWith("{\"00080016\":{\"vr\":\"UI\",\"Value\":[\"1.2.840.10008.5.1.4.1.1.7\"]},")
                .contains("\"00081140\":{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\","
                        + "\"Value\":[\"2.25.8\"]}}]}")
                .contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^Jane\"}]}")
                .contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"file:")
                .endsWith(",\"FFFCFFFC\":{\"vr\":\"OB\",\"InlineBinary\":\"AAAAAA==\"}}")
                .doesNotContain("\"0002");
        assertThat(range(json, file, 0)).isEqualTo(PIXELS);
    }

    @Test
    void encapsulatedPixelDataIsItsItemsUpToTheSequenceDelimitationItem() throws IOException {
        byte[] items = concat(
                element(false, false, Tag.Item, VR.OB, 0, new byte[0]),
                element(false, false, Tag.Item, VR.OB, 4,
                        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}),
                element(false, false, Tag.SequenceDelimitationItem, VR.OB, 0, new byte[0]));
        Path file = file("jpeg.dcm", header(), TransferSyntax.JPEG_BASELINE,
                concat(element(true, false, Tag.PixelData, VR.OB, 0xFFFFFFFFL, new byte[0]), items));

        String json = json(file);

        assertThat(json).endsWith("\"7FE00010\":{\"vr\":\"OB\",\"BulkDataURI\":\"" + file.toUri()
                + "?offset=" + (Files.size(file) - items.length) + "&length=" + items.length + "\"}}");
        assertThat(range(json, file, 0)).isEqualTo(items);
    }

    @Test
    void aLongValueBeforePixelDataIsARangeTooAndTheElementsBetweenAreShown() throws IOException {
        byte[] big = new byte[(1 << 20) + 2];
        big[0] = 42;
        big[big.length - 1] = 43;
        Dataset header = header();
        header.setString(0x00290010, VR.LO, "ACME");
        Path file = file("big.dcm", header, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, concat(
                element(true, false, 0x00291001, VR.OB, big.length, big),
                element(true, false, 0x00291002, VR.LO, 4, "TAIL".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                element(true, false, Tag.PixelData, VR.OW, PIXELS.length, PIXELS)));

        String json = json(file);

        assertThat(json).contains("\"00290010\":{\"vr\":\"LO\",\"Value\":[\"ACME\"]},\"00291001\":{\"vr\":\"OB\","
                        + "\"BulkDataURI\":")
                .contains("\"00291002\":{\"vr\":\"LO\",\"Value\":[\"TAIL\"]},"
                        + "\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":");
        assertThat(range(json, file, 0)).isEqualTo(big);
        assertThat(range(json, file, 1)).isEqualTo(PIXELS);
    }

    @Test
    void inADeflatedFileTheUriNamesTheElement() throws IOException {
        Path file = file("deflated file.dcm", header(), TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
                element(true, false, Tag.PixelData, VR.OW, PIXELS.length, PIXELS));

        String json = json(file);

        assertThat(json).contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^Jane\"}]}")
                .endsWith("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"" + file.toUri() + "?tag=7FE00010\"}}")
                .contains("deflated%20file.dcm");
    }

    @Test
    void anImplicitDataSetUnderAnExplicitTransferSyntaxHasItsPixelDataNamedByTag() throws IOException {
        TransferSyntax explicit = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Path file = dir.resolve("implicit.dcm");
        Files.write(file, concat(new byte[128], new byte[] {'D', 'I', 'C', 'M'},
                DicomWriter.encode(DicomWriter.fileMeta(header(), explicit, null), explicit),
                DicomWriter.encode(header(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN),
                element(false, false, Tag.PixelData, VR.OW, PIXELS.length, PIXELS),
                element(false, false, Tag.DataSetTrailingPadding, VR.OB, 4, new byte[4])));

        String json = json(file);

        assertThat(json).contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^Jane\"}]}")
                .endsWith("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"" + file.toUri() + "?tag=7FE00010\"},"
                        + "\"FFFCFFFC\":{\"vr\":\"OB\",\"InlineBinary\":\"AAAAAA==\"}}");
    }

    @Test
    void headerValuesOverTheThresholdGetAUriNamingTheirPath() throws IOException {
        Dataset header = header();
        header.newSequence(Tag.IconImageSequence).addItem().setBytes(Tag.PixelData, VR.OB, new byte[10]);
        header.setBytes(0x00091001, VR.OB, new byte[4]);
        Path file = file("icon.dcm", header, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, new byte[0]);

        String json = json(file, 8);

        assertThat(json)
                .contains("\"00880200\":{\"vr\":\"SQ\",\"Value\":[{\"7FE00010\":{\"vr\":\"OB\",\"BulkDataURI\":\""
                        + file.toUri() + "?tag=00880200/0/7FE00010\"}}]}")
                .contains("\"00091001\":{\"vr\":\"OB\",\"InlineBinary\":\"AAAAAA==\"}");
    }

    @Test
    void pixelDataCutShortIsAnErrorNamingWhereTheFileEnds() throws IOException {
        Path file = file("cut.dcm", header(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                Arrays.copyOf(element(true, false, Tag.PixelData, VR.OW, 100, PIXELS), 12 + PIXELS.length));

        assertThatThrownBy(() -> json(file)).isInstanceOf(DicomParseException.class)
                .hasMessageContaining("ends inside (7FE0,0010)")
                .satisfies(e -> assertThat(((DicomParseException) e).offset()).isEqualTo(Files.size(file)));
    }

    @Test
    void anElementCutShortAfterPixelDataIsAnErrorPlacedInTheFile() throws IOException {
        byte[] cut = Arrays.copyOf(element(true, false, 0x7FE10010, VR.LO, 100, new byte[100]), 20);
        Path file = file("cut-after.dcm", header(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                concat(element(true, false, Tag.PixelData, VR.OW, PIXELS.length, PIXELS), cut));

        assertThatThrownBy(() -> json(file)).isInstanceOf(DicomParseException.class)
                .hasMessageContaining("(after (7FE0,0010))")
                .hasMessageContaining(file.toString() + ": ")
                .satisfies(e -> assertThat(((DicomParseException) e).offset()).isEqualTo(Files.size(file)))
                .satisfies(e -> assertThat(((DicomParseException) e).path()).isEqualTo("(7FE1,0010)"));
    }

    @Test
    void anUndefinedLengthThatIsNoItemsIsAnError() throws IOException {
        Path file = file("bad.dcm", header(), TransferSyntax.JPEG_BASELINE, concat(
                element(true, false, Tag.PixelData, VR.OB, 0xFFFFFFFFL, new byte[0]),
                element(true, false, 0x00091001, VR.OB, 2, new byte[2])));

        assertThatThrownBy(() -> json(file)).isInstanceOf(DicomParseException.class)
                .hasMessageContaining("expected an item in the undefined length value of (7FE0,0010)");
    }

    @Test
    void theJsonReadsBackWithThePixelDataLeftOut() throws IOException {
        Path file = file("image.dcm", header(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                element(true, false, Tag.PixelData, VR.OW, PIXELS.length, PIXELS));

        Dataset back = DicomJson.builder().bulkDataLoader(BulkDataLoader.OMIT).build().fromJson(json(file));

        assertThat(SameValues.differences(header(), back)).isEmpty();
    }
}
