package dev.ferry.dicom.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.api.Dataset;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.io.ParseWarning;
import dev.ferry.dicom.net.dimse.DimseCommandException.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command set encoding of PS3.7 section 6.3.1: Implicit VR Little Endian, group 0000 only,
 * Command Group Length first. Decoding is bounded and names the offset and tag where it stops.
 */
class CommandCodecTest {

    static Stream<String> wellFormedFiles() {
        return Pynetdicom.files().stream().filter(f -> !f.equals("dimse/c_move_rsp_cmd_with_dup.bin"));
    }

    // ---------------------------------------------------------------------------------------------
    // Round trips against pynetdicom's encoding.

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormedFiles")
    void decodesWithoutWarningsAndReEncodesByteForByte(String file) {
        byte[] bytes = Pynetdicom.command(file);

        CommandCodec.Decoded decoded = CommandCodec.decode(bytes);

        assertThat(decoded.warnings()).isEmpty();
        assertThat(decoded.command().contains(Tag.CommandGroupLength)).isFalse();
        assertThat(CommandCodec.encode(decoded.command())).isEqualTo(bytes);
    }

    @Test
    void vrsComeFromTheDictionary() {
        Dataset store = CommandCodec.decode(Pynetdicom.command("dimse/c_store_rq_cmd.bin")).command();
        Dataset move = CommandCodec.decode(Pynetdicom.command("dimse/c_move_rsp_cmd_with_dup.bin")).command();

        assertThat(store.vr(Tag.AffectedSOPClassUID)).isEqualTo(VR.UI);
        assertThat(store.vr(Tag.CommandField)).isEqualTo(VR.US);
        assertThat(store.vr(Tag.MoveOriginatorApplicationEntityTitle)).isEqualTo(VR.AE);
        assertThat(store.getString(Tag.AffectedSOPInstanceUID)).isEqualTo("1.2.1");
        assertThat(move.vr(Tag.OffendingElement)).isEqualTo(VR.AT);
        assertThat(move.getLongs(Tag.OffendingElement)).containsExactly(Tag.CommandLengthToEnd, Tag.AffectedSOPClassUID);
    }

    @Test
    void decodesARangeOfALargerArrayWithOffsetsCountedFromItsStart() {
        byte[] command = Pynetdicom.command("dimse/c_echo_rq_cmd.bin");
        byte[] framed = new byte[command.length + 10];
        System.arraycopy(command, 0, framed, 6, command.length);

        assertThat(CommandCodec.decode(framed, 6, command.length).command())
                .isEqualTo(CommandCodec.decode(command).command());
        DimseCommandException e = catchThrowableOfType(DimseCommandException.class,
                () -> CommandCodec.decode(framed, 6, command.length - 1));
        assertThat(e.offset()).isEqualTo(58); // the last element, Command Data Set Type: 12 + 26 + 10 + 10 bytes in
        assertThat(e.tag()).isEqualTo(Tag.CommandDataSetType);
    }

    // ---------------------------------------------------------------------------------------------
    // Group length: framing the codec owns; wrong or missing is tolerated.

    @Test
    void aWrongGroupLengthIsAWarning() {
        CommandCodec.Decoded decoded = CommandCodec.decode(Pynetdicom.command("dimse/c_move_rsp_cmd_with_dup.bin"));

        assertThat(decoded.warnings()).extracting(ParseWarning::problem)
                .containsExactly("Command Group Length says 114 bytes, the elements after it take 138");
        assertThat(decoded.warnings().get(0).path()).isEqualTo("(0000,0000)");
    }

    @Test
    void aMissingGroupLengthIsAWarning() {
        byte[] bytes = Pynetdicom.command("dimse/c_echo_rq_cmd.bin");
        byte[] withoutGroupLength = Arrays.copyOfRange(bytes, 12, bytes.length);

        CommandCodec.Decoded decoded = CommandCodec.decode(withoutGroupLength);

        assertThat(decoded.command()).isEqualTo(CommandCodec.decode(bytes).command());
        assertThat(decoded.warnings()).extracting(ParseWarning::problem).containsExactly("no usable Command Group Length");
        assertThat(CommandCodec.encode(decoded.command())).isEqualTo(bytes);
    }

    @Test
    void aGroupLengthOfTheWrongSizeIsIgnoredWithAWarning() {
        byte[] bytes = new Raw().element(Tag.CommandGroupLength, new byte[2]).us(Tag.CommandField, 0x0030)
                .us(Tag.MessageID, 1).bytes();

        CommandCodec.Decoded decoded = CommandCodec.decode(bytes);

        assertThat(decoded.command().getInt(Tag.CommandField, -1)).isEqualTo(0x0030);
        assertThat(decoded.warnings()).extracting(ParseWarning::problem)
                .containsExactly("Command Group Length of 2 bytes ignored", "no usable Command Group Length");
    }

    @Test
    void encodeComputesTheGroupLengthWhateverTheDataSetSays() {
        Dataset command = new CEchoRq(1, "1.2.840.10008.1.1").toCommand();
        byte[] expected = CommandCodec.encode(command);
        command.setInts(Tag.CommandGroupLength, VR.UL, 9999);

        byte[] encoded = CommandCodec.encode(command);

        assertThat(encoded).isEqualTo(expected);
        assertThat(ByteBuffer.wrap(encoded, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(encoded.length - 12);
    }

    @Test
    void encodePadsUidsWithNulAndAeTitlesWithSpace() {
        Dataset command = new Dataset()
                .setString(Tag.AffectedSOPClassUID, VR.UI, "1.2.3")
                .setString(Tag.MoveDestination, VR.AE, "ODD");

        byte[] encoded = CommandCodec.encode(command);

        assertThat(Arrays.copyOfRange(encoded, 12, 26))
                .containsExactly(0, 0, 2, 0, 6, 0, 0, 0, '1', '.', '2', '.', '3', 0);
        assertThat(Arrays.copyOfRange(encoded, 26, 38))
                .containsExactly(0, 0, 0, 6, 4, 0, 0, 0, 'O', 'D', 'D', ' ');
    }

    @Test
    void encodeRefusesWhatIsNotACommand() {
        Dataset foreign = new Dataset().setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
        Dataset sequence = new Dataset();
        sequence.newSequence(0x00001234);
        Dataset huge = new Dataset().setString(Tag.ErrorComment, VR.LO, "x".repeat(CommandCodec.MAX_LENGTH));

        assertThatThrownBy(() -> CommandCodec.encode(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0008,0018)");
        assertThatThrownBy(() -> CommandCodec.encode(sequence)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence");
        assertThatThrownBy(() -> CommandCodec.encode(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the limit");
    }

    // ---------------------------------------------------------------------------------------------
    // Tolerated oddities.

    @Test
    void elementsOutOfOrderAreSortedWithAWarning() {
        byte[] bytes = new Raw().groupLength().us(Tag.MessageID, 7).us(Tag.CommandField, 0x0030)
                .us(Tag.CommandDataSetType, 0x0101).uid(Tag.AffectedSOPClassUID, "1.2.840.10008.1.1").bytes();

        CommandCodec.Decoded decoded = CommandCodec.decode(bytes);

        assertThat(decoded.command().tags())
                .containsExactly(Tag.AffectedSOPClassUID, Tag.CommandField, Tag.MessageID, Tag.CommandDataSetType);
        assertThat(decoded.warnings()).extracting(ParseWarning::problem)
                .containsExactly("element out of tag order", "element out of tag order");
        assertThat(DimseMessage.parse(decoded.command())).isEqualTo(new CEchoRq(7, "1.2.840.10008.1.1"));
    }

    @Test
    void anOddValueLengthIsAWarning() {
        byte[] bytes = new Raw().groupLength().element(Tag.AffectedSOPClassUID, "1.2.3".getBytes())
                .us(Tag.CommandField, 0x0030).bytes();

        CommandCodec.Decoded decoded = CommandCodec.decode(bytes);

        assertThat(decoded.command().getString(Tag.AffectedSOPClassUID)).isEqualTo("1.2.3");
        assertThat(decoded.warnings()).extracting(ParseWarning::problem).containsExactly("odd value length 5");
    }

    // ---------------------------------------------------------------------------------------------
    // Corrupt command sets: typed errors naming where.

    @Test
    void aValueLengthPastTheEndIsRefusedNamingOffsetAndTag() {
        byte[] bytes = Pynetdicom.command("dimse/c_echo_rq_cmd.bin");
        ByteBuffer.wrap(bytes, 16, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0xFFFFFFF0);

        DimseCommandException e = catchThrowableOfType(DimseCommandException.class, () -> CommandCodec.decode(bytes));

        assertThat(e.kind()).isEqualTo(Kind.BAD_LENGTH);
        assertThat(e.reason()).isEqualTo(ReasonCode.CORRUPT_OBJECT);
        assertThat(e.offset()).isEqualTo(12);
        assertThat(e.tag()).isEqualTo(Tag.AffectedSOPClassUID);
        assertThat(e.getMessage()).contains("value length 4294967280", "AffectedSOPClassUID (0000,0002)", "offset 12")
                .doesNotContain("1.2.840.10008.1.1");
    }

    @Test
    void anUndefinedLengthIsRefused() {
        byte[] bytes = Pynetdicom.command("dimse/c_echo_rq_cmd.bin");
        ByteBuffer.wrap(bytes, 16, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(-1);

        DimseCommandException e = catchThrowableOfType(DimseCommandException.class, () -> CommandCodec.decode(bytes));

        assertThat(e.kind()).isEqualTo(Kind.BAD_LENGTH);
        assertThat(e.getMessage()).contains("undefined length");
    }

    @Test
    void anElementOutsideGroup0000IsRefused() {
        byte[] bytes = new Raw().groupLength().us(Tag.CommandField, 0x0001).uid(Tag.SOPInstanceUID, "1.2.3").bytes();

        DimseCommandException e = catchThrowableOfType(DimseCommandException.class, () -> CommandCodec.decode(bytes));

        assertThat(e.kind()).isEqualTo(Kind.NOT_COMMAND_GROUP);
        assertThat(e.tag()).isEqualTo(Tag.SOPInstanceUID);
        assertThat(e.offset()).isEqualTo(22);
    }

    @Test
    void aTagTwiceIsRefused() {
        byte[] bytes = new Raw().groupLength().us(Tag.CommandField, 0x0001).us(Tag.CommandField, 0x0030).bytes();

        DimseCommandException e = catchThrowableOfType(DimseCommandException.class, () -> CommandCodec.decode(bytes));

        assertThat(e.kind()).isEqualTo(Kind.DUPLICATE_ELEMENT);
        assertThat(e.tag()).isEqualTo(Tag.CommandField);
        assertThat(e.offset()).isEqualTo(22);
    }

    @Test
    void anEmptyCommandSetIsRefused() {
        DimseCommandException e = catchThrowableOfType(DimseCommandException.class,
                () -> CommandCodec.decode(new byte[0]));

        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(e.offset()).isZero();
    }

    @Test
    void aCommandSetOverTheLimitIsRefusedBeforeReadingIt() {
        byte[] bytes = new byte[CommandCodec.MAX_LENGTH + 1];

        DimseCommandException e = catchThrowableOfType(DimseCommandException.class, () -> CommandCodec.decode(bytes));

        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(e.getMessage()).contains("65537 bytes", "65536");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormedFiles")
    void everyTruncationIsATypedErrorOrAShorterCommand(String file) {
        byte[] bytes = Pynetdicom.command(file);
        List<Integer> boundaries = elementBoundaries(bytes);

        for (int n = 1; n < bytes.length; n++) {
            int length = n;
            if (boundaries.contains(n)) {
                assertThat(CommandCodec.decode(bytes, 0, n).warnings()).as("cut at %d", n).isNotEmpty();
                continue;
            }
            DimseCommandException e = catchThrowableOfType(DimseCommandException.class,
                    () -> CommandCodec.decode(bytes, 0, length));
            assertThat(e).as("cut at %d", n).isNotNull();
            assertThat(e.kind()).isIn(Kind.TRUNCATED, Kind.BAD_LENGTH);
            assertThat(e.offset()).isBetween(0L, (long) n);
            assertThat(boundaries).contains((int) e.offset());
        }
    }

    /** Random damage to real commands: only decoded commands, parsed messages or typed errors. */
    @Test
    void randomlyDamagedCommandsNeverFailUntyped() {
        Random random = new Random(20240917);
        List<byte[]> commands = Pynetdicom.files().stream().map(Pynetdicom::command).toList();
        for (int round = 0; round < 5_000; round++) {
            byte[] bytes = commands.get(random.nextInt(commands.size())).clone();
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                DimseMessage message = DimseMessage.parse(CommandCodec.decode(bytes).command());
                assertThat(DimseMessage.parse(CommandCodec.decode(message.encode()).command())).isEqualTo(message);
            } catch (DimseCommandException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    private static List<Integer> elementBoundaries(byte[] bytes) {
        List<Integer> offsets = new java.util.ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int pos = 0; pos < bytes.length; pos += 8 + b.getInt(pos + 4)) {
            offsets.add(pos);
        }
        return offsets;
    }

    /** Hand-made command sets, element by element, in whatever order and with whatever lengths. */
    static final class Raw {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private boolean groupLength;

        Raw groupLength() {
            groupLength = true;
            return this;
        }

        Raw element(int tag, byte[] value) {
            ByteBuffer b = ByteBuffer.allocate(8 + value.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) (tag >>> 16)).putShort((short) tag).putInt(value.length).put(value);
            out.writeBytes(b.array());
            return this;
        }

        Raw us(int tag, int value) {
            return element(tag, new byte[] {(byte) value, (byte) (value >>> 8)});
        }

        Raw uid(int tag, String uid) {
            byte[] text = uid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            return element(tag, Arrays.copyOf(text, text.length + (text.length & 1)));
        }

        byte[] bytes() {
            byte[] elements = out.toByteArray();
            if (!groupLength) {
                return elements;
            }
            ByteBuffer b = ByteBuffer.allocate(12 + elements.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0).putInt(4).putInt(elements.length).put(elements);
            return b.array();
        }
    }
}
