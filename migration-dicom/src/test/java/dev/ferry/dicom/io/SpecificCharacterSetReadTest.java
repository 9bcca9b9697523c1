package dev.ferry.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.TextCodec;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.charset.SpecificCharacterSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reader gives each data set the codec of its Specific Character Set (0008,0005) as it reads
 * it, and an item without its own inherits the enclosing one's (PS3.5 section 7.5.3).
 */
class SpecificCharacterSetReadTest {

    static java.util.stream.Stream<TransferSyntax> encodings() {
        return java.util.stream.Stream.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
    }

    /** (0008,0005), a PN at top level and one in an item without its own character set. */
    static byte[] dataSet(TransferSyntax ts, String charset, String name, String itemName, Charset encoding) {
        byte[] top = padded(name.getBytes(encoding));
        byte[] inner = padded(itemName.getBytes(encoding));
        return RawDicom.of(ts)
                .text(Tag.SpecificCharacterSet, "CS", charset)
                .header(Tag.ReferencedSeriesSequence, "SQ", RawDicom.UNDEFINED)
                .item(RawDicom.UNDEFINED)
                .element(Tag.ContentCreatorName, "PN", inner)
                .itemEnd()
                .sequenceEnd()
                .element(Tag.PatientName, "PN", top)
                .toByteArray();
    }

    private static byte[] padded(byte[] b) {
        return b.length % 2 == 0 ? b : RawDicom.concat(b, new byte[] {' '});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void latin1NamesDecodeWithIsoIr100AndItemsInheritIt(TransferSyntax ts) throws IOException {
        byte[] b = dataSet(ts, "ISO_IR 100", "Müller^Jürgen", "Åsa^Ørjan", StandardCharsets.ISO_8859_1);

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(b), "latin-1")) {
            Dataset header = o.header();
            Dataset item = header.getSequence(Tag.ReferencedSeriesSequence).get(0);

            assertThat(header.textCodec().specificCharacterSet()).isEqualTo("ISO_IR 100");
            assertThat(header.getString(Tag.PatientName)).isEqualTo("Müller^Jürgen");
            assertThat(item.textCodec()).isSameAs(header.textCodec());
            assertThat(item.getString(Tag.ContentCreatorName)).isEqualTo("Åsa^Ørjan");
        }
    }

    @Test
    void utf8IsInheritedByItemsSoTheirBytesAreNotReadAsLatin1() throws IOException {
        byte[] b = dataSet(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "ISO_IR 192", "Gérard^Ωmega", "王^小東",
                StandardCharsets.UTF_8);

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(b), "utf-8")) {
            Dataset item = o.header().getSequence(Tag.ReferencedSeriesSequence).get(0);

            assertThat(o.header().getString(Tag.PatientName)).isEqualTo("Gérard^Ωmega");
            assertThat(item.getString(Tag.ContentCreatorName)).isEqualTo("王^小東");
        }
    }

    @Test
    void anItemWithItsOwnCharacterSetUsesIt() throws IOException {
        try (DicomObject o = Corpus.read("pydicom/charset_files/chrSQEncoding.dcm")) {
            Dataset item = o.header().getSequence(Tag.RequestedProcedureCodeSequence).get(0);
            String itemCharset = item.getString(Tag.SpecificCharacterSet);
            byte[] raw = item.getBytes(Tag.PatientName);
            SpecificCharacterSet expected = SpecificCharacterSet.of(itemCharset);

            assertThat(o.header().textCodec().specificCharacterSet()).isEqualTo("ISO_IR 192");
            assertThat(o.header().getString(Tag.RequestingPhysician)).isEqualTo("Doctor^Who^^MD");
            assertThat(itemCharset).isEqualTo("ISO 2022 IR 13\\ISO 2022 IR 87");
            assertThat(item.textCodec()).isNotSameAs(o.header().textCodec());
            assertThat(item.textCodec().specificCharacterSet()).isEqualTo(expected.specificCharacterSet());
            assertThat(item.getString(Tag.PatientName))
                    .isEqualTo(expected.decode(raw, 0, raw.length, VR.PN).stripTrailing());
        }
    }

    @Test
    void frenchFileOfTheCorpusDecodes() throws IOException {
        try (DicomObject o = Corpus.read("pydicom/charset_files/chrFren.dcm")) {
            assertThat(o.header().getString(Tag.PatientName)).isEqualTo("Buc^Jérôme");
        }
    }

    @Test
    void noOrAnEmptySpecificCharacterSetIsTheDefaultRepertoire() throws IOException {
        byte[] none = RawDicom.explicitLittle().text(Tag.PatientName, "PN", "Doe^John").toByteArray();
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(none), "none")) {
            assertThat(o.header().textCodec()).isSameAs(TextCodec.DEFAULT);
        }
        try (DicomObject o = Corpus.read("pydicom/test_files/empty_charset_LEI.dcm")) {
            assertThat(o.header().contains(Tag.SpecificCharacterSet)).isTrue();
            assertThat(o.header().textCodec().specificCharacterSet()).isEmpty();
        }
    }
}
