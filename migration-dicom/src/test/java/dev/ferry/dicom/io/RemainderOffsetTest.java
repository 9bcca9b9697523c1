package dev.ferry.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link DicomObject#remainderOffset()}: where the element the header stopped at starts in the input. */
class RemainderOffsetTest {

    static java.util.stream.Stream<TransferSyntax> nativeEncodings() {
        return EncodingRoundTripTest.encodings().filter(ts -> !ts.isDeflated());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nativeEncodings")
    void isTheOffsetOfPixelDataInTheFile(TransferSyntax ts) throws IOException {
        Dataset header = StoppingAndRemainderTest.smallHeader();
        byte[] tail = RawDicom.of(ts).header(Tag.PixelData, "OW", 4).u16(1).u16(2).toByteArray();
        byte[] file = RawDicom.part10(ts, RawDicom.concat(DicomWriter.encode(header, ts), tail));
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "native")) {
            assertThat(o.remainderOffset()).isEqualTo(file.length - tail.length);
        }
    }

    @Test
    void isTheInputsLengthWhenTheHeaderHoldsEverything() throws IOException {
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        byte[] file = RawDicom.part10(ts, DicomWriter.encode(StoppingAndRemainderTest.smallHeader(), ts));
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "no pixels")) {
            assertThat(o.stoppedAtBulk()).isFalse();
            assertThat(o.remainderOffset()).isEqualTo(file.length);
        }
    }

    @Test
    void isUnknownForADeflatedDataSet() throws IOException {
        TransferSyntax ts = TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN;
        byte[] dataSet = RawDicom.concat(DicomWriter.encode(StoppingAndRemainderTest.smallHeader(),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), RawDicom.explicitLittle().header(Tag.PixelData, "OW", 2)
                .u16(7).toByteArray());
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
            out.write(dataSet);
        }
        byte[] file = RawDicom.part10(ts, deflated.toByteArray());
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "deflated")) {
            assertThat(o.stoppedAtBulk()).isTrue();
            assertThat(o.remainderOffset()).isEqualTo(-1);
        }
    }

    @Test
    void countsFromTheStartOfABareDataSet() throws IOException {
        TransferSyntax ts = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        byte[] head = DicomWriter.encode(StoppingAndRemainderTest.smallHeader(), ts);
        byte[] dataSet = RawDicom.concat(head, RawDicom.of(ts).header(Tag.PixelData, "OW", 2).u16(7).toByteArray());
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(dataSet), ts, "dimse")) {
            assertThat(o.remainderOffset()).isEqualTo(head.length);
        }
    }
}
