package dev.ferry.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Which VR the reader gives an element read in implicit VR where PS3.6 allows {@code US or SS}: Pixel
 * Representation decides, from the element's own data set or an enclosing one, as dcmtk decides.
 */
class ImplicitVrChoiceTest {
    private static Dataset read(RawDicom raw) throws IOException {
        byte[] file = RawDicom.part10(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, raw.toByteArray());
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "implicit.dcm")) {
            return o.header();
        }
    }

    @Test
    void signedPixelRepresentationMakesUsOrSsElementsSigned() throws IOException {
        Dataset ds = read(RawDicom.implicitLittle()
                .us(Tag.PixelRepresentation, 1)
                .us(Tag.SmallestImagePixelValue, 0xFFFE)
                .us(Tag.PixelPaddingValue, 0x8000));

        assertThat(ds.vr(Tag.SmallestImagePixelValue)).isEqualTo(VR.SS);
        assertThat(ds.getInt(Tag.SmallestImagePixelValue, 0)).isEqualTo(-2);
        assertThat(ds.getInt(Tag.PixelPaddingValue, 0)).isEqualTo(-32768);
    }

    @Test
    void unsignedOrAbsentPixelRepresentationLeavesThemUnsigned() throws IOException {
        Dataset unsigned = read(RawDicom.implicitLittle()
                .us(Tag.PixelRepresentation, 0)
                .us(Tag.SmallestImagePixelValue, 0xFFFE));
        Dataset absent = read(RawDicom.implicitLittle().us(Tag.SmallestImagePixelValue, 0xFFFE));

        assertThat(unsigned.vr(Tag.SmallestImagePixelValue)).isEqualTo(VR.US);
        assertThat(unsigned.getInt(Tag.SmallestImagePixelValue, 0)).isEqualTo(65534);
        assertThat(absent.vr(Tag.SmallestImagePixelValue)).isEqualTo(VR.US);
    }

    @Test
    void anItemFollowsThePixelRepresentationOfTheDataSetEnclosingIt() throws IOException {
        RawDicom inner = RawDicom.implicitLittle().us(Tag.RealWorldValueFirstValueMapped, 0xFFFF);
        Dataset ds = read(RawDicom.implicitLittle()
                .us(Tag.PixelRepresentation, 1)
                .header(Tag.RealWorldValueMappingSequence, "SQ", RawDicom.UNDEFINED)
                .item(inner.size()).bytes(inner.toByteArray())
                .sequenceEnd());

        Dataset item = ds.getSequence(Tag.RealWorldValueMappingSequence).get(0);
        assertThat(item.vr(Tag.RealWorldValueFirstValueMapped)).isEqualTo(VR.SS);
        assertThat(item.getInt(Tag.RealWorldValueFirstValueMapped, 0)).isEqualTo(-1);
    }

    @Test
    void anItemsOwnPixelRepresentationWinsOverTheEnclosingOne() throws IOException {
        RawDicom inner = RawDicom.implicitLittle()
                .us(Tag.PixelRepresentation, 0)
                .us(Tag.SmallestImagePixelValue, 0xFFFE);
        Dataset ds = read(RawDicom.implicitLittle()
                .us(Tag.PixelRepresentation, 1)
                .header(Tag.IconImageSequence, "SQ", inner.size() + 8)
                .item(inner.size()).bytes(inner.toByteArray()));

        Dataset icon = ds.getSequence(Tag.IconImageSequence).get(0);
        assertThat(icon.vr(Tag.SmallestImagePixelValue)).isEqualTo(VR.US);
        assertThat(icon.getInt(Tag.SmallestImagePixelValue, 0)).isEqualTo(65534);
    }

    @Test
    void lutDescriptorsStayUnsignedWhateverThePixelRepresentation() throws IOException {
        byte[] descriptor = {0, 0x10, 0, (byte) 0x80, 16, 0}; // 4096 entries, first mapped 32768, 16 bits
        Dataset ds = read(RawDicom.implicitLittle()
                .us(Tag.PixelRepresentation, 1)
                .element(Tag.RedPaletteColorLookupTableDescriptor, "US", descriptor));

        assertThat(ds.vr(Tag.RedPaletteColorLookupTableDescriptor)).isEqualTo(VR.US);
        assertThat(ds.getLongs(Tag.RedPaletteColorLookupTableDescriptor)).containsExactly(4096, 32768, 16);
    }

    @Test
    void explicitVrIsTakenAsWrittenWhateverThePixelRepresentation() throws IOException {
        byte[] file = RawDicom.part10(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, RawDicom.explicitLittle()
                .us(Tag.PixelRepresentation, 1)
                .us(Tag.SmallestImagePixelValue, 0xFFFE)
                .toByteArray());
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "explicit.dcm")) {
            assertThat(o.header().vr(Tag.SmallestImagePixelValue)).isEqualTo(VR.US);
        }
    }
}
