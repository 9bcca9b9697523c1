package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetTest {
    private static final int PRIVATE_CREATOR_19 = 0x00190010;
    private static final int PRIVATE_ELEMENT_19 = 0x00191023;
    /** An odd group above 0x7FFF: negative as an int, so a signed sort would put it first. */
    private static final int HIGH_PRIVATE = 0x80010010;

    /** A codec that decodes UTF-8, as a Specific Character Set "ISO_IR 192" codec would. */
    static final TextCodec UTF8 = new TextCodec() {
        @Override
        public String decode(byte[] bytes, int offset, int length, VR vr) {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }

        @Override
        public byte[] encode(String value, VR vr) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String specificCharacterSet() {
            return "ISO_IR 192";
        }
    };

    /** Counts decodes, to show that text is decoded on demand rather than when set. */
    static final class CountingCodec implements TextCodec {
        final AtomicInteger decodes = new AtomicInteger();

        @Override
        public String decode(byte[] bytes, int offset, int length, VR vr) {
            decodes.incrementAndGet();
            return TextCodec.DEFAULT.decode(bytes, offset, length, vr);
        }

        @Override
        public byte[] encode(String value, VR vr) {
            return TextCodec.DEFAULT.encode(value, vr);
        }

        @Override
        public String specificCharacterSet() {
            return "";
        }
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Nested
    class Order {
        @Test
        void keepsTagsInAscendingUnsignedOrderWhateverTheInsertionOrder() {
            Dataset ds = new Dataset();
            ds.setEmpty(Tag.Item, VR.UN);
            ds.setEmpty(HIGH_PRIVATE, VR.LO);
            ds.setEmpty(Tag.PixelData, VR.OW);
            ds.setEmpty(PRIVATE_ELEMENT_19, VR.UN);
            ds.setEmpty(Tag.PatientID, VR.LO);
            ds.setEmpty(Tag.TransferSyntaxUID, VR.UI);
            ds.setEmpty(PRIVATE_CREATOR_19, VR.LO);
            ds.setEmpty(Tag.SOPInstanceUID, VR.UI);

            assertThat(ds.tags()).containsExactly(Tag.TransferSyntaxUID, Tag.SOPInstanceUID, Tag.PatientID,
                    PRIVATE_CREATOR_19, PRIVATE_ELEMENT_19, Tag.PixelData, HIGH_PRIVATE, Tag.Item);
            assertThat(ds.size()).isEqualTo(8);
            for (int i = 0; i < ds.size(); i++) {
                assertThat(ds.indexOf(ds.tagAt(i))).isEqualTo(i);
            }
        }

        @Test
        void manyRandomTagsStaySortedUniqueAndFindable() {
            Random random = new Random(20261123);
            Set<Integer> distinct = new LinkedHashSet<>();
            while (distinct.size() < 600) {
                distinct.add(random.nextInt());
            }
            List<Integer> shuffled = new ArrayList<>(distinct);
            Collections.shuffle(shuffled, random);
            Dataset ds = new Dataset();
            for (int tag : shuffled) {
                ds.setBytes(tag, VR.UN, new byte[] {(byte) tag});
            }
            // insert a second time: replaces, never duplicates
            for (int tag : shuffled.subList(0, 100)) {
                ds.setBytes(tag, VR.OB, new byte[] {(byte) ~tag});
            }

            List<Integer> expected = new ArrayList<>(distinct);
            expected.sort(Integer::compareUnsigned);
            assertThat(ds.size()).isEqualTo(600);
            assertThat(ds.tags()).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(ds.indexOf(expected.get(i))).isEqualTo(i);
            }
            int replaced = shuffled.get(0);
            assertThat(ds.vr(replaced)).isEqualTo(VR.OB);
            assertThat(ds.getBytes(replaced)).containsExactly((byte) ~replaced);
        }

        @Test
        void indexOfReturnsMinusInsertionPointMinusOneWhenAbsent() {
            Dataset ds = new Dataset();
            assertThat(ds.indexOf(Tag.PatientID)).isEqualTo(-1);

            ds.setEmpty(Tag.SOPInstanceUID, VR.UI);
            ds.setEmpty(Tag.PatientID, VR.LO);
            ds.setEmpty(Tag.Item, VR.UN);

            assertThat(ds.indexOf(0x00000001)).isEqualTo(-1);
            assertThat(ds.indexOf(Tag.PatientName)).isEqualTo(-2);
            assertThat(ds.indexOf(0x80000000)).as("above 0x7FFFFFFF, below FFFE").isEqualTo(-3);
            assertThat(ds.indexOf(0xFFFFFFFF)).isEqualTo(-4);
            assertThat(ds.indexOf(Tag.PatientID)).isEqualTo(1);
            assertThat(ds.contains(Tag.PatientID)).isTrue();
            assertThat(ds.contains(Tag.PatientName)).isFalse();
        }

        @Test
        void replacingKeepsOneElementWithTheNewVrAndValue() {
            Dataset ds = new Dataset();
            ds.setString(Tag.PatientID, VR.LO, "MRN-1");
            ds.setString(Tag.PatientName, VR.PN, "A^B");
            ds.setBytes(Tag.PatientID, VR.SH, ascii("MRN-2"));

            assertThat(ds.size()).isEqualTo(2);
            assertThat(ds.vr(Tag.PatientID)).isEqualTo(VR.SH);
            assertThat(ds.getString(Tag.PatientID)).isEqualTo("MRN-2");
        }

        @Test
        void removeShiftsTheRestAndReportsWhetherTheElementWasThere() {
            Dataset ds = new Dataset();
            ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
            ds.setString(Tag.PatientName, VR.PN, "A^B");
            ds.setString(Tag.PatientID, VR.LO, "MRN-1");
            ds.setEmpty(Tag.PixelData, VR.OW);

            assertThat(ds.remove(Tag.PatientName)).isTrue();
            assertThat(ds.remove(Tag.PatientName)).isFalse();
            assertThat(ds.remove(Tag.Item)).isFalse();

            assertThat(ds.tags()).containsExactly(Tag.SOPInstanceUID, Tag.PatientID, Tag.PixelData);
            assertThat(ds.getString(Tag.PatientID)).isEqualTo("MRN-1");
            assertThat(ds.getString(Tag.PatientName)).isNull();
            assertThat(ds.vr(Tag.PatientName)).isNull();

            assertThat(ds.remove(Tag.PixelData)).isTrue();
            assertThat(ds.remove(Tag.SOPInstanceUID)).isTrue();
            assertThat(ds.remove(Tag.PatientID)).isTrue();
            assertThat(ds.isEmpty()).isTrue();

            ds.setString(Tag.PatientName, VR.PN, "C^D");
            assertThat(ds.tags()).containsExactly(Tag.PatientName);
        }

        @Test
        void tagsReturnsACopy() {
            Dataset ds = new Dataset();
            ds.setEmpty(Tag.PatientID, VR.LO);
            int[] tags = ds.tags();
            tags[0] = Tag.Item;
            assertThat(ds.tagAt(0)).isEqualTo(Tag.PatientID);
        }
    }

    @Nested
    class IndexAccess {
        @Test
        void tagVrAndValueByIndex() {
            Dataset ds = new Dataset();
            byte[] raw = ascii("1.2.840.10008.1.2.1\0");
            ds.setBytes(Tag.TransferSyntaxUID, VR.UI, raw);
            ds.setString(Tag.PatientID, VR.LO, "MRN-987654");
            ds.newSequence(Tag.OriginalAttributesSequence).addItem();

            assertThat(ds.tagAt(0)).isEqualTo(Tag.TransferSyntaxUID);
            assertThat(ds.vrAt(0)).isEqualTo(VR.UI);
            assertThat(ds.encodedValueAt(0)).as("the data set's own array, unpadded bytes as read").isSameAs(raw);
            assertThat(ds.sequenceAt(0)).isNull();

            assertThat(ds.tagAt(1)).isEqualTo(Tag.PatientID);
            assertThat(ds.encodedValueAt(1)).isEqualTo(ascii("MRN-987654"));

            assertThat(ds.tagAt(2)).isEqualTo(Tag.OriginalAttributesSequence);
            assertThat(ds.vrAt(2)).isEqualTo(VR.SQ);
            assertThat(ds.sequenceAt(2)).hasSize(1);
            assertThatThrownBy(() -> ds.encodedValueAt(2))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("(0400,0561)");
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 2, 3, 15, 16})
        void indexOutsideTheElementsThrows(int index) {
            Dataset ds = new Dataset();
            ds.setEmpty(Tag.PatientID, VR.LO);
            ds.setEmpty(Tag.PatientName, VR.PN);
            assertThatThrownBy(() -> ds.tagAt(index)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> ds.vrAt(index)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> ds.encodedValueAt(index)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> ds.sequenceAt(index)).isInstanceOf(IndexOutOfBoundsException.class);
        }

        @Test
        void indexAccessAfterRemovalDoesNotSeeStaleSlots() {
            Dataset ds = new Dataset();
            ds.setEmpty(Tag.PatientID, VR.LO);
            ds.setEmpty(Tag.PatientName, VR.PN);
            ds.remove(Tag.PatientID);
            assertThatThrownBy(() -> ds.tagAt(1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Nested
    class Text {
        @Test
        void rawTextIsDecodedWithoutTrailingSpacesAndNuls() {
            Dataset ds = new Dataset();
            ds.setBytes(Tag.PatientName, VR.PN, ascii(" DOE^JANE  "));
            ds.setBytes(Tag.SOPInstanceUID, VR.UI, ascii("1.2.3\0"));
            ds.setBytes(Tag.StudyID, VR.SH, ascii("A\0B \0"));

            assertThat(ds.getString(Tag.PatientName)).as("leading spaces are kept").isEqualTo(" DOE^JANE");
            assertThat(ds.getString(Tag.SOPInstanceUID)).isEqualTo("1.2.3");
            assertThat(ds.getString(Tag.StudyID)).isEqualTo("A\0B");
        }

        @Test
        void rawBytesAreKeptAsReadForByteForByteWriteBack() {
            Dataset ds = new Dataset();
            ds.setBytes(Tag.PatientName, VR.PN, ascii("DOE^JANE  "));
            assertThat(ds.getBytes(Tag.PatientName)).isEqualTo(ascii("DOE^JANE  "));
        }

        @Test
        void getBytesReturnsACopy() {
            Dataset ds = new Dataset();
            ds.setBytes(Tag.PatientID, VR.LO, ascii("MRN-1"));
            byte[] b = ds.getBytes(Tag.PatientID);
            b[0] = 'X';
            assertThat(ds.getString(Tag.PatientID)).isEqualTo("MRN-1");
        }

        @Test
        void textIsDecodedOnDemandWithTheCodecInForceWhenRead() {
            Dataset ds = new Dataset();
            CountingCodec counting = new CountingCodec();
            ds.setTextCodec(counting);
            ds.setBytes(Tag.PatientName, VR.PN, "Müller^Jürgen".getBytes(StandardCharsets.UTF_8));
            assertThat(counting.decodes).as("setBytes decodes nothing").hasValue(0);

            assertThat(ds.getString(Tag.PatientName)).isEqualTo("MÃ¼ller^JÃ¼rgen");
            assertThat(counting.decodes).hasValue(1);

            ds.setTextCodec(UTF8);
            assertThat(ds.getString(Tag.PatientName)).isEqualTo("Müller^Jürgen");
            assertThat(ds.getBytes(Tag.PatientName)).isEqualTo("Müller^Jürgen".getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void bytesAbove0x7fRoundTripThroughTheDefaultCodec() {
            byte[] raw = {'M', (byte) 0xFC, 'L', (byte) 0xE9, 'R', (byte) 0xFF};
            Dataset ds = new Dataset();
            assertThat(ds.textCodec()).isSameAs(TextCodec.DEFAULT);
            ds.setBytes(Tag.PatientName, VR.PN, raw);

            String decoded = ds.getString(Tag.PatientName);
            assertThat(decoded).hasSize(6);
            ds.setString(Tag.PatientName, VR.PN, decoded);

            assertThat(ds.getBytes(Tag.PatientName)).isEqualTo(raw);
        }

        @Test
        void getStringOfAbsentElementIsNullOrTheDefault() {
            Dataset ds = new Dataset();
            assertThat(ds.getString(Tag.PatientID)).isNull();
            assertThat(ds.getString(Tag.PatientID, "none")).isEqualTo("none");
            ds.setString(Tag.PatientID, VR.LO, "MRN-1");
            assertThat(ds.getString(Tag.PatientID, "none")).isEqualTo("MRN-1");
        }

        @Test
        void emptyValueIsEmptyNeverNull() {
            Dataset ds = new Dataset();
            ds.setEmpty(Tag.PatientID, VR.LO);
            assertThat(ds.getString(Tag.PatientID)).isEmpty();
            assertThat(ds.getStrings(Tag.PatientID)).isEmpty();
            assertThat(ds.getBytes(Tag.PatientID)).isEmpty();
            assertThat(ds.valueAsText(Tag.PatientID)).isEmpty();
        }

        @Test
        void getStringsSplitsOnBackslashAndStripsEachValue() {
            Dataset ds = new Dataset();
            ds.setBytes(Tag.ModalitiesInStudy, VR.CS, ascii("CT \\MR\\\\SR "));
            ds.setStrings(Tag.OtherPatientIDs, VR.LO, "A-1", "B-2");

            assertThat(ds.getStrings(Tag.ModalitiesInStudy)).containsExactly("CT", "MR", "", "SR");
            assertThat(ds.getString(Tag.OtherPatientIDs)).isEqualTo("A-1\\B-2");
            assertThat(ds.getStrings(Tag.OtherPatientIDs)).containsExactly("A-1", "B-2");
            assertThat(ds.getStrings(Tag.PatientID)).as("absent").isEmpty();
        }

        @Test
        void getStringsKeepsBackslashesInSingleValuedTextVrs() {
            Dataset ds = new Dataset();
            ds.setString(Tag.AdditionalPatientHistory, VR.LT, "C:\\scans\\a");
            ds.setBytes(Tag.DerivationDescription, VR.ST, ascii("x\\y "));
            ds.setString(Tag.TextValue, VR.UT, "p\\q");
            ds.setString(Tag.RetrieveURL, VR.UR, "http://h/a\\b");
            ds.setString(Tag.StudyDescription, VR.LO, "p\\q");

            assertThat(ds.getStrings(Tag.AdditionalPatientHistory)).containsExactly("C:\\scans\\a");
            assertThat(ds.getStrings(Tag.DerivationDescription)).containsExactly("x\\y");
            assertThat(ds.getStrings(Tag.TextValue)).containsExactly("p\\q");
            assertThat(ds.getStrings(Tag.RetrieveURL)).containsExactly("http://h/a\\b");
            assertThat(ds.getStrings(Tag.StudyDescription)).as("LO is multi-valued").containsExactly("p", "q");
        }

        @Test
        void aValueOutsideTheCharacterSetFailsWhenEncodedNotWhenSet() {
            Dataset ds = new Dataset().setString(Tag.PatientName, VR.PN, "李^雷");
            assertThat(ds.getString(Tag.PatientName)).isEqualTo("李^雷");
            assertThatThrownBy(() -> ds.getBytes(Tag.PatientName)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void setStringRequiresATextVrAndAValue() {
            Dataset ds = new Dataset();
            assertThatThrownBy(() -> ds.setString(Tag.Rows, VR.US, "1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(0028,0010)")
                    .hasMessageContaining("US");
            assertThatThrownBy(() -> ds.setString(Tag.PatientID, VR.LO, null))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> ds.setBytes(Tag.PatientID, VR.LO, null))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> ds.setBytes(Tag.PatientID, null, new byte[0]))
                    .isInstanceOf(NullPointerException.class);
            assertThat(ds.isEmpty()).isTrue();
        }
    }

    @Nested
    class BinaryNumbers {
        @Test
        void usIsUnsignedLittleEndian() {
            Dataset ds = new Dataset().setInts(Tag.Rows, VR.US, 1, 65535);
            assertThat(ds.getBytes(Tag.Rows)).isEqualTo(hex("0100FFFF"));
            assertThat(ds.getLongs(Tag.Rows)).containsExactly(1, 65535);
            assertThat(ds.getInt(Tag.Rows, -1)).isEqualTo(1);
            assertThat(ds.getDoubles(Tag.Rows)).containsExactly(1.0, 65535.0);

            ds.setBytes(Tag.Columns, VR.US, hex("FFFF"));
            assertThat(ds.getInt(Tag.Columns, 0)).isEqualTo(65535);
        }

        @Test
        void ssIsSigned() {
            Dataset ds = new Dataset().setInts(Tag.PixelPaddingValue, VR.SS, -2, 300, Short.MIN_VALUE);
            assertThat(ds.getBytes(Tag.PixelPaddingValue)).isEqualTo(hex("FEFF2C010080"));
            assertThat(ds.getLongs(Tag.PixelPaddingValue)).containsExactly(-2, 300, -32768);
        }

        @Test
        void ulIsUnsignedAbove2To31() {
            Dataset ds = new Dataset().setLongs(Tag.FileMetaInformationGroupLength, VR.UL, 0xFFFFFFF0L, 3_000_000_000L, 7);
            assertThat(ds.getBytes(Tag.FileMetaInformationGroupLength)).isEqualTo(hex("F0FFFFFF005ED0B207000000"));
            assertThat(ds.getLongs(Tag.FileMetaInformationGroupLength))
                    .containsExactly(4_294_967_280L, 3_000_000_000L, 7L);

            ds.setBytes(Tag.CommandGroupLength, VR.UL, hex("00000080"));
            assertThat(ds.getLongs(Tag.CommandGroupLength)).containsExactly(2_147_483_648L);
            assertThat(ds.getDoubles(Tag.CommandGroupLength)).containsExactly(2_147_483_648.0);
        }

        @Test
        void slIsSigned() {
            Dataset ds = new Dataset().setInts(Tag.ReferencePixelX0, VR.SL, -1, Integer.MIN_VALUE, 258);
            assertThat(ds.getBytes(Tag.ReferencePixelX0)).isEqualTo(hex("FFFFFFFF0000008002010000"));
            assertThat(ds.getLongs(Tag.ReferencePixelX0)).containsExactly(-1L, Integer.MIN_VALUE, 258L);
        }

        @Test
        void flIsSinglePrecision() {
            Dataset ds = new Dataset().setDoubles(Tag.RecommendedDisplayFrameRateInFloat, VR.FL, 1.5, -0.25);
            assertThat(ds.getBytes(Tag.RecommendedDisplayFrameRateInFloat)).isEqualTo(hex("0000C03F000080BE"));
            assertThat(ds.getDoubles(Tag.RecommendedDisplayFrameRateInFloat)).containsExactly(1.5, -0.25);
            assertThat(ds.getDouble(Tag.RecommendedDisplayFrameRateInFloat, 0)).isEqualTo(1.5);
        }

        @Test
        void fdIsDoublePrecision() {
            Dataset ds = new Dataset().setDoubles(Tag.ExposureInmAs, VR.FD, 1.5, -0.25);
            assertThat(ds.getBytes(Tag.ExposureInmAs)).isEqualTo(hex("000000000000F83F000000000000D0BF"));
            assertThat(ds.getDoubles(Tag.ExposureInmAs)).containsExactly(1.5, -0.25);
        }

        @Test
        void ofAndOdHoldFloatsAndDoubles() {
            Dataset ds = new Dataset()
                    .setDoubles(Tag.FloatPixelData, VR.OF, 1.5)
                    .setDoubles(Tag.DoubleFloatPixelData, VR.OD, -0.25);
            assertThat(ds.getBytes(Tag.FloatPixelData)).isEqualTo(hex("0000C03F"));
            assertThat(ds.getBytes(Tag.DoubleFloatPixelData)).isEqualTo(hex("000000000000D0BF"));
            assertThat(ds.getDoubles(Tag.FloatPixelData)).containsExactly(1.5);
            assertThat(ds.getDoubles(Tag.DoubleFloatPixelData)).containsExactly(-0.25);
        }

        @Test
        void svIsSigned64Bit() {
            Dataset ds = new Dataset().setLongs(Tag.SelectorSVValue, VR.SV, -2, Long.MAX_VALUE);
            assertThat(ds.getBytes(Tag.SelectorSVValue)).isEqualTo(hex("FEFFFFFFFFFFFFFFFFFFFFFFFFFFFF7F"));
            assertThat(ds.getLongs(Tag.SelectorSVValue)).containsExactly(-2L, Long.MAX_VALUE);
            assertThat(ds.valueAsText(Tag.SelectorSVValue)).isEqualTo("-2\\9223372036854775807");
        }

        @Test
        void uvIsUnsigned64Bit() {
            Dataset ds = new Dataset().setLongs(Tag.SelectorUVValue, VR.UV, 1L << 40, -1L);
            assertThat(ds.getBytes(Tag.SelectorUVValue)).isEqualTo(hex("0000000000010000FFFFFFFFFFFFFFFF"));
            assertThat(ds.getLongs(Tag.SelectorUVValue)[0]).isEqualTo(1L << 40);
            assertThat(ds.valueAsText(Tag.SelectorUVValue)).isEqualTo("1099511627776\\18446744073709551615");
        }

        @Test
        void atHoldsTagsAsGroupThenElement() {
            Dataset ds = new Dataset().setInts(Tag.FrameIncrementPointer, VR.AT, Tag.PatientID, Tag.Item);
            assertThat(ds.getBytes(Tag.FrameIncrementPointer)).isEqualTo(hex("10002000FEFF00E0"));
            assertThat(ds.getLongs(Tag.FrameIncrementPointer)).containsExactly(0x00100020L, 0xFFFEE000L);
            assertThat(ds.getInt(Tag.FrameIncrementPointer, 0)).isEqualTo(Tag.PatientID);
            assertThat(ds.valueAsText(Tag.FrameIncrementPointer)).isEqualTo("(0010,0020)\\(FFFE,E000)");
        }

        @Test
        void absentOrEmptyNumbersGiveTheDefault() {
            Dataset ds = new Dataset().setEmpty(Tag.Rows, VR.US);
            assertThat(ds.getLongs(Tag.Columns)).isEmpty();
            assertThat(ds.getDoubles(Tag.Columns)).isEmpty();
            assertThat(ds.getInt(Tag.Columns, 42)).isEqualTo(42);
            assertThat(ds.getDouble(Tag.Columns, 4.2)).isEqualTo(4.2);
            assertThat(ds.getLongs(Tag.Rows)).isEmpty();
            assertThat(ds.getInt(Tag.Rows, 42)).isEqualTo(42);
        }

        @Test
        void settersRejectVrsThatDoNotHoldThatKindOfNumber() {
            Dataset ds = new Dataset();
            assertThatThrownBy(() -> ds.setLongs(Tag.Rows, VR.FL, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0028,0010)");
            assertThatThrownBy(() -> ds.setInts(Tag.Rows, VR.FD, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ds.setInts(Tag.PixelData, VR.OB, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ds.setInts(Tag.PatientID, VR.LO, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ds.setDoubles(Tag.Rows, VR.US, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ds.setDoubles(Tag.Rows, VR.IS, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ds.setBytes(Tag.OriginalAttributesSequence, VR.SQ, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(ds.isEmpty()).isTrue();
        }

        @Test
        void gettersRejectVrsThatDoNotHoldIntegers() {
            Dataset ds = new Dataset()
                    .setDoubles(Tag.ExposureInmAs, VR.FD, 1.5)
                    .setBytes(Tag.PixelData, VR.OB, new byte[] {1, 2})
                    .setString(Tag.PatientID, VR.LO, "12");
            ds.newSequence(Tag.OriginalAttributesSequence);

            for (int tag : new int[] {Tag.ExposureInmAs, Tag.PixelData, Tag.PatientID, Tag.OriginalAttributesSequence}) {
                assertThatThrownBy(() -> ds.getLongs(tag))
                        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.tag()).isEqualTo(tag));
            }
            assertThatThrownBy(() -> ds.getDoubles(Tag.PixelData)).isInstanceOf(InvalidValueException.class);
        }

        @Test
        void binaryNumberOfTheWrongLengthIsInvalid() {
            Dataset ds = new Dataset()
                    .setBytes(Tag.Rows, VR.US, hex("010002"))
                    .setBytes(Tag.ExposureInmAs, VR.FD, hex("000000000000F8"))
                    .setBytes(Tag.FrameIncrementPointer, VR.AT, hex("100020001000"));
            assertThatThrownBy(() -> ds.getLongs(Tag.Rows)).isInstanceOf(InvalidValueException.class);
            assertThatThrownBy(() -> ds.getDoubles(Tag.ExposureInmAs)).isInstanceOf(InvalidValueException.class);
            assertThatThrownBy(() -> ds.getLongs(Tag.FrameIncrementPointer)).isInstanceOf(InvalidValueException.class);
        }
    }

    @Nested
    class DecimalText {
        private final Pattern validDs = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

        @Test
        void isIsParsedWithSignsAndSpaces() {
            Dataset ds = new Dataset().setBytes(Tag.InstanceNumber, VR.IS, ascii(" 12\\+7 \\-3 "));
            assertThat(ds.getLongs(Tag.InstanceNumber)).containsExactly(12, 7, -3);
            assertThat(ds.getInt(Tag.InstanceNumber, 0)).isEqualTo(12);
            assertThat(ds.getDoubles(Tag.InstanceNumber)).containsExactly(12.0, 7.0, -3.0);
        }

        @Test
        void isIsWrittenAsText() {
            Dataset ds = new Dataset().setInts(Tag.InstanceNumber, VR.IS, 5, -6);
            assertThat(ds.vr(Tag.InstanceNumber)).isEqualTo(VR.IS);
            assertThat(ds.getString(Tag.InstanceNumber)).isEqualTo("5\\-6");
            assertThat(ds.getBytes(Tag.InstanceNumber)).isEqualTo(ascii("5\\-6"));
            assertThat(ds.getLongs(Tag.InstanceNumber)).containsExactly(5, -6);
        }

        @Test
        void dsIsParsed() {
            Dataset ds = new Dataset().setBytes(Tag.SliceThickness, VR.DS, ascii("1.5\\-2e3\\ .25 \\+4"));
            assertThat(ds.getDoubles(Tag.SliceThickness)).containsExactly(1.5, -2000.0, 0.25, 4.0);
            assertThat(ds.getDouble(Tag.SliceThickness, 0)).isEqualTo(1.5);
            assertThat(ds.getLongs(Tag.SliceThickness)).as("truncated toward zero").containsExactly(1, -2000, 0, 4);
        }

        @ParameterizedTest
        @ValueSource(strings = {"X7Q9", "12\\X7Q9", "1.5", "12\\\\3", "0x1F"})
        void malformedIsNamesTheTagNotTheValue(String value) {
            Dataset ds = new Dataset().setBytes(Tag.InstanceNumber, VR.IS, ascii(value));
            assertThatThrownBy(() -> ds.getLongs(Tag.InstanceNumber))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                        assertThat(e.tag()).isEqualTo(Tag.InstanceNumber);
                        assertThat(e.reason()).isEqualTo(ReasonCode.INVALID_VALUE);
                        assertThat(e.getMessage()).contains("InstanceNumber (0020,0013)").doesNotContain(value);
                    });
            assertThatThrownBy(() -> ds.getInt(Tag.InstanceNumber, 0)).isInstanceOf(InvalidValueException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"X7Q9", "1.5\\X7Q9", "1,5"})
        void malformedDsNamesTheTagNotTheValue(String value) {
            Dataset ds = new Dataset().setBytes(Tag.SliceThickness, VR.DS, ascii(value));
            assertThatThrownBy(() -> ds.getDoubles(Tag.SliceThickness))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                        assertThat(e.tag()).isEqualTo(Tag.SliceThickness);
                        assertThat(e.getMessage()).contains("SliceThickness (0018,0050)").doesNotContain(value);
                    });
            assertThatThrownBy(() -> ds.getLongs(Tag.SliceThickness)).isInstanceOf(InvalidValueException.class);
        }

        @Test
        void javaOnlyNumberFormsAreNotValidDs() {
            for (String value : new String[] {"NaN", "Infinity", "-Infinity", "0x1p3", "1.5f", "2d"}) {
                Dataset ds = new Dataset().setBytes(Tag.SliceThickness, VR.DS, ascii(value));
                assertThatThrownBy(() -> ds.getDoubles(Tag.SliceThickness))
                        .as(value).isInstanceOf(InvalidValueException.class);
            }
        }

        @Test
        void isOutsideItsRangeIsInvalid() {
            Dataset ds = new Dataset().setBytes(Tag.InstanceNumber, VR.IS, ascii("3000000000"));
            assertThatThrownBy(() -> ds.getInt(Tag.InstanceNumber, 0)).isInstanceOf(InvalidValueException.class);
        }

        @Test
        void setDoublesWritesDsAsShortestFormWithin16Characters() {
            Dataset ds = new Dataset();
            ds.setDoubles(Tag.SliceThickness, VR.DS, 3.0, 0.1, -2.5, 0, 1e20, 123456789012345.0);
            assertThat(ds.vr(Tag.SliceThickness)).isEqualTo(VR.DS);
            assertThat(ds.getStrings(Tag.SliceThickness))
                    .containsExactly("3", "0.1", "-2.5", "0", "1.0E20", "123456789012345");
        }

        @Test
        void setDoublesKeepsEveryDsValueWithin16CharactersAndCloseToTheNumber() {
            Random random = new Random(7);
            List<Double> values = new ArrayList<>(List.of(Math.PI, -Math.PI, 1 / 3.0, -1 / 3.0, 0.1 + 0.2,
                    -123456789.123456789, 1e-10 / 3, -1e-300 / 7, 1e300 / 7, 999999999999999.9,
                    -1234567890123456789.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1e15 + 0.5, 2.0 / 3e-5));
            for (int k = 0; k < 300; k++) {
                values.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20));
            }
            for (double v : values) {
                Dataset ds = new Dataset().setDoubles(Tag.SliceThickness, VR.DS, v);
                String s = ds.getString(Tag.SliceThickness);
                assertThat(s).as("DS for %s", v).hasSizeLessThanOrEqualTo(16).matches(validDs);
                double back = ds.getDouble(Tag.SliceThickness, Double.NaN);
                // 16 characters leave 9 significant digits for a three-digit exponent
                assertThat(back).as("DS %s for %s", s, v).isCloseTo(v, within(Math.abs(v) * 1e-8));
            }
        }

        @Test
        void setDoublesRejectsNonFiniteDs() {
            Dataset ds = new Dataset();
            assertThatThrownBy(() -> ds.setDoubles(Tag.SliceThickness, VR.DS, Double.NaN))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ds.setDoubles(Tag.SliceThickness, VR.DS, Double.POSITIVE_INFINITY))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void setLongsWritesIsAndDsAsText() {
            Dataset ds = new Dataset()
                    .setLongs(Tag.InstanceNumber, VR.IS, 1, -2)
                    .setLongs(Tag.SliceThickness, VR.DS, 3);
            assertThat(ds.getString(Tag.InstanceNumber)).isEqualTo("1\\-2");
            assertThat(ds.getString(Tag.SliceThickness)).isEqualTo("3");
            assertThat(ds.getDoubles(Tag.SliceThickness)).containsExactly(3.0);
        }
    }

    @Nested
    class Capacity {
        @Test
        void aPresizedDataSetBehavesLikeAnyOtherAndStillGrows() {
            Dataset presized = new Dataset(2);
            Dataset grown = new Dataset();
            for (int t : new int[] {Tag.PatientName, Tag.Modality, Tag.StudyDate, Tag.PatientID, Tag.AccessionNumber}) {
                presized.setString(t, VR.LO, Integer.toHexString(t));
                grown.setString(t, VR.LO, Integer.toHexString(t));
            }
            assertThat(presized).isEqualTo(grown);
            assertThat(presized.tags()).containsExactly(Tag.StudyDate, Tag.AccessionNumber, Tag.Modality,
                    Tag.PatientName, Tag.PatientID);
            assertThat(new Dataset(0).isEmpty()).isTrue();
        }

        @Test
        void aNegativeExpectedSizeIsRefused() {
            assertThatThrownBy(() -> new Dataset(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-1");
        }

        @Test
        void indexOfGivesTheInsertionPointBeforeBetweenAndAfter() {
            Dataset ds = new Dataset().setString(0x00100020, VR.LO, "a").setString(0x00200010, VR.SH, "b");
            assertThat(ds.indexOf(0x00080050)).isEqualTo(-1);
            assertThat(ds.indexOf(0x00100020)).isZero();
            assertThat(ds.indexOf(0x00180050)).isEqualTo(-2);
            assertThat(ds.indexOf(0x00200010)).isEqualTo(1);
            assertThat(ds.indexOf(0x7FE00010)).isEqualTo(-3);
            assertThat(ds.indexOf(0xFFFAFFFA)).as("tags compare unsigned").isEqualTo(-3);
        }
    }

    @Nested
    class PrivateElements {
        private final PrivateTag acme = new PrivateTag("ACME 1.0", 0x0019, 0x23);

        @Test
        void reserveOnAnEmptyGroupTakesBlock10() {
            Dataset ds = new Dataset();
            assertThat(ds.resolve(acme)).isEqualTo(-1);

            int tag = ds.reserve(acme);

            assertThat(tag).isEqualTo(0x00191023);
            assertThat(ds.vr(0x00190010)).isEqualTo(VR.LO);
            assertThat(ds.getString(0x00190010)).isEqualTo("ACME 1.0");
            assertThat(ds.resolve(acme)).isEqualTo(0x00191023);
        }

        @Test
        void reservePicksTheFirstFreeBlockAndIsIdempotent() {
            Dataset ds = new Dataset()
                    .setString(0x00190010, VR.LO, "OTHER")
                    .setString(0x00190011, VR.LO, "THIRD")
                    .setString(0x00190013, VR.LO, "FOURTH");

            int tag = ds.reserve(acme);

            assertThat(tag).isEqualTo(0x00191223);
            assertThat(ds.getString(0x00190012)).isEqualTo("ACME 1.0");
            int size = ds.size();
            assertThat(ds.reserve(acme)).isEqualTo(0x00191223);
            assertThat(ds.reserve(new PrivateTag("ACME 1.0", 0x0019, 0x00))).isEqualTo(0x00191200);
            assertThat(ds.size()).as("no second creator element").isEqualTo(size);
        }

        @Test
        void resolveFindsTheCreatorInWhateverBlockItSits() {
            Dataset ds = new Dataset()
                    .setString(0x00190010, VR.LO, "OTHER")
                    .setBytes(0x001900A7, VR.LO, ascii("ACME 1.0 "));
            assertThat(ds.resolve(acme)).isEqualTo(0x0019A723);
            assertThat(ds.reserve(acme)).isEqualTo(0x0019A723);
            assertThat(ds.resolve(new PrivateTag("ACME 1.0", 0x0019, 0xFF))).isEqualTo(0x0019A7FF);
            assertThat(ds.resolve(new PrivateTag("ACME 1.0", 0x0029, 0x23))).as("other group").isEqualTo(-1);
            assertThat(ds.resolve(new PrivateTag("ACME", 0x0019, 0x23))).as("other creator").isEqualTo(-1);
        }

        @Test
        void resolveLooksOnlyAtTheReservationsOfItsGroup() {
            Dataset ds = new Dataset()
                    .setString(0x0019000F, VR.LO, "ACME 1.0")
                    .setString(0x00191010, VR.LO, "ACME 1.0")
                    .setString(0x00190010, VR.LO, "OTHER")
                    .setString(0x00210010, VR.LO, "ACME 1.0");
            ds.newSequence(0x00190011).addItem().setString(Tag.CodeValue, VR.SH, "ACME 1.0");
            assertThat(ds.resolve(acme)).as("below 0010, above 00FF, a sequence, another group").isEqualTo(-1);
            assertThat(ds.reserve(acme)).isEqualTo(0x00191223);
        }

        @Test
        void creatorComparisonIgnoresTrailingSpacesOnBothSides() {
            Dataset ds = new Dataset().setString(0x001900FF, VR.LO, "ACME 1.0  ");
            assertThat(ds.resolve(new PrivateTag("ACME 1.0   ", 0x0019, 0x23))).isEqualTo(0x0019FF23);
        }

        @Test
        void privateCreatorOfNamesTheBlocksCreator() {
            Dataset ds = new Dataset().setBytes(0x001900A7, VR.LO, ascii("ACME 1.0 "));
            assertThat(ds.privateCreatorOf(0x0019A723)).isEqualTo("ACME 1.0");
            assertThat(ds.privateCreatorOf(0x0019A7FF)).isEqualTo("ACME 1.0");
            assertThat(ds.privateCreatorOf(0x00191023)).as("block without a creator").isNull();
            assertThat(ds.privateCreatorOf(0x001900A7)).as("the creator element itself").isNull();
            assertThat(ds.privateCreatorOf(Tag.PatientID)).as("standard tag").isNull();
        }

        @Test
        void reserveThrowsWhenAll240BlocksAreTaken() {
            Dataset ds = new Dataset();
            for (int e = 0x10; e <= 0xFF; e++) {
                ds.reserve(new PrivateTag("CREATOR " + e, 0x0019, 0x01));
            }
            assertThat(ds.size()).isEqualTo(240);
            assertThat(ds.getString(0x001900FF)).isEqualTo("CREATOR 255");

            assertThatThrownBy(() -> ds.reserve(acme))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("0019");
            assertThat(ds.size()).isEqualTo(240);
            assertThat(ds.reserve(new PrivateTag("CREATOR 200", 0x0019, 0x05))).as("existing creator still resolves")
                    .isEqualTo(0x0019C805);
            assertThat(new Dataset().reserve(new PrivateTag("ACME 1.0", 0x0021, 0x23)))
                    .as("other groups are unaffected").isEqualTo(0x00211023);
        }
    }

    @Nested
    class Sequences {
        @Test
        void itemsNestAndPointToTheirParent() {
            Dataset root = new Dataset();
            Dataset.Sequence seq = root.newSequence(Tag.OriginalAttributesSequence);
            Dataset item = seq.addItem();
            Dataset nested = item.newSequence(Tag.ModifiedAttributesSequence).addItem();
            nested.setString(Tag.PatientID, VR.LO, "MRN-1");

            assertThat(root.parent()).isNull();
            assertThat(item.parent()).isSameAs(root);
            assertThat(nested.parent()).isSameAs(item);
            assertThat(root.size()).as("items are not counted").isEqualTo(1);
            assertThat(root.getSequence(Tag.OriginalAttributesSequence)).isSameAs(seq);
            assertThat(root.getSequence(Tag.OriginalAttributesSequence).get(0)
                    .getSequence(Tag.ModifiedAttributesSequence).get(0).getString(Tag.PatientID)).isEqualTo("MRN-1");
            assertThat(root.getSequence(Tag.PatientID)).isNull();
            assertThat(root.vr(Tag.OriginalAttributesSequence)).isEqualTo(VR.SQ);
        }

        @Test
        void getSequenceOfANonSequenceElementIsNull() {
            Dataset ds = new Dataset().setString(Tag.PatientID, VR.LO, "MRN-1");
            assertThat(ds.getSequence(Tag.PatientID)).isNull();
            assertThat(ds.sequenceAt(0)).isNull();
        }

        @Test
        void newSequenceReplacesTheElementAndSetEmptyMakesAnEmptySequence() {
            Dataset ds = new Dataset();
            ds.newSequence(Tag.OriginalAttributesSequence).addItem();
            Dataset.Sequence fresh = ds.newSequence(Tag.OriginalAttributesSequence);
            assertThat(fresh).isEmpty();
            assertThat(ds.getSequence(Tag.OriginalAttributesSequence)).isSameAs(fresh);

            ds.setEmpty(Tag.ReferencedSeriesSequence, VR.SQ);
            assertThat(ds.getSequence(Tag.ReferencedSeriesSequence)).isNotNull().isEmpty();
            ds.getSequence(Tag.ReferencedSeriesSequence).addItem();
            assertThat(ds.getSequence(Tag.ReferencedSeriesSequence).get(0).parent()).isSameAs(ds);
        }

        @Test
        void itemsInheritTheTextCodecOfTheirParent() {
            Dataset root = new Dataset();
            root.setTextCodec(UTF8);
            Dataset item = root.newSequence(Tag.OriginalAttributesSequence).addItem();
            Dataset nested = item.newSequence(Tag.ModifiedAttributesSequence).addItem();
            nested.setBytes(Tag.PatientName, VR.PN, "Müller".getBytes(StandardCharsets.UTF_8));

            assertThat(item.textCodec()).isSameAs(UTF8);
            assertThat(nested.textCodec()).isSameAs(UTF8);
            assertThat(nested.getString(Tag.PatientName)).isEqualTo("Müller");

            CountingCodec own = new CountingCodec();
            item.setTextCodec(own);
            assertThat(nested.textCodec()).as("the nearest codec wins").isSameAs(own);
            assertThat(root.textCodec()).isSameAs(UTF8);

            Dataset detached = root.getSequence(Tag.OriginalAttributesSequence).remove(0);
            assertThat(detached.parent()).isNull();
            detached.setTextCodec(null);
            assertThat(detached.textCodec()).isSameAs(TextCodec.DEFAULT);
        }

        @Test
        void anItemCannotBelongToSequencesOfTwoDataSets() {
            Dataset a = new Dataset();
            Dataset b = new Dataset();
            Dataset item = new Dataset();
            a.newSequence(Tag.OriginalAttributesSequence).add(item);

            Dataset.Sequence other = b.newSequence(Tag.OriginalAttributesSequence);
            assertThatThrownBy(() -> other.add(item)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> other.add(0, item)).isInstanceOf(IllegalArgumentException.class);
            assertThat(other).isEmpty();
            assertThat(item.parent()).isSameAs(a);

            other.addItem();
            assertThatThrownBy(() -> other.set(0, item)).isInstanceOf(IllegalArgumentException.class);

            a.getSequence(Tag.OriginalAttributesSequence).remove(item);
            assertThat(item.parent()).isNull();
            other.add(item);
            assertThat(item.parent()).isSameAs(b);
        }

        @Test
        void anItemCannotBelongToTwoSequencesOfOneDataSet() {
            Dataset ds = new Dataset();
            Dataset item = new Dataset();
            ds.newSequence(Tag.OriginalAttributesSequence).add(item);
            Dataset.Sequence other = ds.newSequence(Tag.ReferencedSeriesSequence);
            assertThatThrownBy(() -> other.add(item)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ds.getSequence(Tag.OriginalAttributesSequence).add(item))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aDataSetCannotBecomeAnItemOfItself() {
            Dataset root = new Dataset();
            Dataset item = root.newSequence(Tag.OriginalAttributesSequence).addItem();
            assertThatThrownBy(() -> root.newSequence(Tag.ReferencedSeriesSequence).add(root))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> item.newSequence(Tag.ModifiedAttributesSequence).add(root))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void setReplacesAnItemAndDetachesTheOldOne() {
            Dataset ds = new Dataset();
            Dataset.Sequence seq = ds.newSequence(Tag.OriginalAttributesSequence);
            Dataset first = seq.addItem();
            Dataset second = new Dataset();

            assertThat(seq.set(0, second)).isSameAs(first);
            assertThat(first.parent()).isNull();
            assertThat(second.parent()).isSameAs(ds);
            assertThat(seq).containsExactly(second);
            assertThatThrownBy(() -> seq.add(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void settingTheSameItemKeepsItsParent() {
            Dataset ds = new Dataset();
            Dataset.Sequence seq = ds.newSequence(Tag.OriginalAttributesSequence);
            Dataset item = seq.addItem();
            seq.set(0, item);
            assertThat(item.parent()).isSameAs(ds);
        }

        @Test
        void clearDetachesEveryItem() {
            Dataset ds = new Dataset();
            Dataset.Sequence seq = ds.newSequence(Tag.OriginalAttributesSequence);
            Dataset a = seq.addItem();
            Dataset b = seq.addItem();
            seq.clear();
            assertThat(seq).isEmpty();
            assertThat(a.parent()).isNull();
            assertThat(b.parent()).isNull();
        }

        @Test
        void sequenceToStringCountsItems() {
            Dataset ds = new Dataset();
            Dataset.Sequence seq = ds.newSequence(Tag.OriginalAttributesSequence);
            seq.addItem().setString(Tag.PatientID, VR.LO, "MRN-987654");
            assertThat(seq.toString()).startsWith("Sequence[1 item").doesNotContain("MRN-987654");
        }
    }

    @Nested
    class Copies {
        private Dataset sample() {
            Dataset ds = new Dataset();
            ds.setBytes(Tag.PatientName, VR.PN, ascii("DOE^JANE "));
            ds.setString(Tag.PatientID, VR.LO, "MRN-987654");
            ds.setInts(Tag.Rows, VR.US, 512);
            Dataset item = ds.newSequence(Tag.OriginalAttributesSequence).addItem();
            item.setBytes(Tag.AccessionNumber, VR.SH, ascii("ACC-1"));
            item.newSequence(Tag.ModifiedAttributesSequence).addItem().setBytes(Tag.PatientID, VR.LO, ascii("OLD-1"));
            return ds;
        }

        @Test
        void copyIsEqualButIndependent() {
            Dataset original = sample();
            Dataset copy = original.copy();
            assertThat(copy).isEqualTo(original).isNotSameAs(original);
            assertThat(copy.hashCode()).isEqualTo(original.hashCode());

            copy.setString(Tag.PatientID, VR.LO, "MRN-1");
            copy.remove(Tag.Rows);
            copy.setString(Tag.StudyID, VR.SH, "S1");

            assertThat(original.getString(Tag.PatientID)).isEqualTo("MRN-987654");
            assertThat(original.getInt(Tag.Rows, 0)).isEqualTo(512);
            assertThat(original.contains(Tag.StudyID)).isFalse();
            assertThat(original.size()).isEqualTo(4);
        }

        @Test
        void copyIsDeepDownToNestedItems() {
            Dataset original = sample();
            Dataset copy = original.copy();
            Dataset copiedItem = copy.getSequence(Tag.OriginalAttributesSequence).get(0);
            Dataset originalItem = original.getSequence(Tag.OriginalAttributesSequence).get(0);

            assertThat(copiedItem).isNotSameAs(originalItem);
            assertThat(copiedItem.parent()).isSameAs(copy);
            assertThat(copy.getSequence(Tag.OriginalAttributesSequence))
                    .isNotSameAs(original.getSequence(Tag.OriginalAttributesSequence));

            copiedItem.setString(Tag.AccessionNumber, VR.SH, "ACC-2");
            copiedItem.getSequence(Tag.ModifiedAttributesSequence).get(0).remove(Tag.PatientID);
            copy.getSequence(Tag.OriginalAttributesSequence).addItem();

            assertThat(originalItem.getString(Tag.AccessionNumber)).isEqualTo("ACC-1");
            assertThat(originalItem.getSequence(Tag.ModifiedAttributesSequence).get(0).getString(Tag.PatientID))
                    .isEqualTo("OLD-1");
            assertThat(original.getSequence(Tag.OriginalAttributesSequence)).hasSize(1);
        }

        @Test
        void copyDoesNotShareRawByteArrays() {
            Dataset original = sample();
            Dataset copy = original.copy();

            copy.encodedValueAt(copy.indexOf(Tag.PatientName))[0] = 'X';
            copy.encodedValueAt(copy.indexOf(Tag.Rows))[0] = 7;
            Dataset copiedNested = copy.getSequence(Tag.OriginalAttributesSequence).get(0)
                    .getSequence(Tag.ModifiedAttributesSequence).get(0);
            copiedNested.encodedValueAt(0)[0] = 'X';

            assertThat(original.getString(Tag.PatientName)).isEqualTo("DOE^JANE");
            assertThat(original.getInt(Tag.Rows, 0)).isEqualTo(512);
            assertThat(original.getSequence(Tag.OriginalAttributesSequence).get(0)
                    .getSequence(Tag.ModifiedAttributesSequence).get(0).getString(Tag.PatientID)).isEqualTo("OLD-1");
        }

        @Test
        void copyKeepsTheTextCodecAndItemsKeepInheritingIt() {
            Dataset original = new Dataset();
            original.setTextCodec(UTF8);
            original.newSequence(Tag.OriginalAttributesSequence).addItem()
                    .setBytes(Tag.PatientName, VR.PN, "Müller".getBytes(StandardCharsets.UTF_8));

            Dataset copy = original.copy();

            assertThat(copy.textCodec()).isSameAs(UTF8);
            Dataset item = copy.getSequence(Tag.OriginalAttributesSequence).get(0);
            assertThat(item.textCodec()).isSameAs(UTF8);
            assertThat(item.getString(Tag.PatientName)).isEqualTo("Müller");
        }

        @Test
        void copyOfAnItemKeepsTheCodecItInherited() {
            Dataset root = new Dataset();
            root.setTextCodec(UTF8);
            Dataset item = root.newSequence(Tag.OriginalAttributesSequence).addItem();
            item.setBytes(Tag.PatientName, VR.PN, "Müller".getBytes(StandardCharsets.UTF_8));

            Dataset copy = item.copy();

            assertThat(copy.textCodec()).isSameAs(UTF8);
            assertThat(copy.getString(Tag.PatientName)).isEqualTo("Müller");
            assertThat(copy).isEqualTo(item);
        }

        @Test
        void copyOfAnEmptyDataSetCanGrow() {
            Dataset copy = new Dataset().copy();
            for (int k = 0; k < 40; k++) {
                copy.setInts(0x00280000 | k, VR.US, k);
            }
            assertThat(copy.size()).isEqualTo(40);
        }
    }

    @Nested
    class Equality {
        @Test
        void textIsComparedDecodedAndWithoutPadding() {
            Dataset raw = new Dataset().setBytes(Tag.PatientName, VR.PN, ascii("DOE^JANE "));
            Dataset set = new Dataset().setString(Tag.PatientName, VR.PN, "DOE^JANE");
            assertThat(raw).isEqualTo(set);
            assertThat(set).isEqualTo(raw);
            assertThat(raw.hashCode()).isEqualTo(set.hashCode());
        }

        @Test
        void textInDifferentCharacterSetsIsEqualWhenItDecodesTheSame() {
            Dataset latin1 = new Dataset().setBytes(Tag.PatientName, VR.PN, "Müller".getBytes(StandardCharsets.ISO_8859_1));
            Dataset utf8 = new Dataset();
            utf8.setTextCodec(UTF8);
            utf8.setBytes(Tag.PatientName, VR.PN, "Müller".getBytes(StandardCharsets.UTF_8));
            assertThat(utf8).isEqualTo(latin1);

            Dataset misread = new Dataset().setBytes(Tag.PatientName, VR.PN, "Müller".getBytes(StandardCharsets.UTF_8));
            assertThat(misread).isNotEqualTo(latin1);
        }

        @Test
        void binaryIsComparedByteForByte() {
            Dataset a = new Dataset().setInts(Tag.Rows, VR.US, 512).setBytes(Tag.PixelData, VR.OB, new byte[] {1, 2, 0});
            Dataset b = new Dataset().setBytes(Tag.Rows, VR.US, hex("0002")).setBytes(Tag.PixelData, VR.OB, new byte[] {1, 2, 0});
            assertThat(a).isEqualTo(b);
            b.setBytes(Tag.PixelData, VR.OB, new byte[] {1, 2});
            assertThat(a).as("a binary NUL is a value, not padding").isNotEqualTo(b);
            b.setBytes(Tag.PixelData, VR.OB, new byte[] {1, 2, 0});
            b.setInts(Tag.Rows, VR.US, 513);
            assertThat(a).isNotEqualTo(b);
        }

        @Test
        void tagsVrsAndSizeMatter() {
            Dataset a = new Dataset().setString(Tag.PatientID, VR.LO, "X");
            assertThat(a).isNotEqualTo(new Dataset().setString(Tag.PatientID, VR.SH, "X"));
            assertThat(a).isNotEqualTo(new Dataset().setString(Tag.OtherPatientIDs, VR.LO, "X"));
            assertThat(a).isNotEqualTo(new Dataset().setString(Tag.PatientID, VR.LO, "Y"));
            assertThat(a).isNotEqualTo(new Dataset().setString(Tag.PatientID, VR.LO, "X").setEmpty(Tag.PatientName, VR.PN));
            assertThat(a).isNotEqualTo(null).isNotEqualTo("X").isEqualTo(a);
            assertThat(new Dataset()).isEqualTo(new Dataset());
        }

        @Test
        void sequencesAreComparedItemByItem() {
            Dataset a = new Dataset();
            a.newSequence(Tag.OriginalAttributesSequence).addItem().setString(Tag.PatientID, VR.LO, "X");
            Dataset b = new Dataset();
            b.newSequence(Tag.OriginalAttributesSequence).addItem().setBytes(Tag.PatientID, VR.LO, ascii("X "));
            assertThat(a).isEqualTo(b);

            b.getSequence(Tag.OriginalAttributesSequence).get(0).setString(Tag.PatientID, VR.LO, "Y");
            assertThat(a).isNotEqualTo(b);

            b.getSequence(Tag.OriginalAttributesSequence).get(0).setString(Tag.PatientID, VR.LO, "X");
            b.getSequence(Tag.OriginalAttributesSequence).addItem();
            assertThat(a).isNotEqualTo(b);
        }

        @Test
        void trailingSpacesOfAStringValueAreAlsoPadding() {
            Dataset set = new Dataset().setString(Tag.PatientID, VR.LO, "ABC ");
            Dataset raw = new Dataset().setBytes(Tag.PatientID, VR.LO, ascii("ABC "));
            assertThat(set).isEqualTo(raw);
        }
    }

    @Nested
    class Rendering {
        @Test
        void toStringNeverContainsAValue() {
            Dataset ds = new Dataset()
                    .setString(Tag.PatientName, VR.PN, "DOE^JANE")
                    .setBytes(Tag.PatientID, VR.LO, ascii("MRN-987654"))
                    .setString(Tag.PatientBirthDate, VR.DA, "19700101");
            ds.newSequence(Tag.OriginalAttributesSequence).addItem().setString(Tag.AccessionNumber, VR.SH, "ACC-55501234");

            assertThat(ds.toString()).isEqualTo("Dataset[4 elements]")
                    .doesNotContain("DOE").doesNotContain("MRN-987654").doesNotContain("19700101")
                    .doesNotContain("ACC-55501234");
            assertThat(new Dataset().setString(Tag.PatientID, VR.LO, "MRN-987654").toString())
                    .isEqualTo("Dataset[1 element]");
            assertThat(new Dataset().toString()).isEqualTo("Dataset[0 elements]");
        }

        @Test
        void valueAsTextRendersEachKindOfValue() throws Exception {
            byte[] pixels = {1, 2, 3, (byte) 0xFF};
            Dataset ds = new Dataset()
                    .setBytes(Tag.PatientName, VR.PN, ascii("DOE^JANE "))
                    .setBytes(Tag.InstanceNumber, VR.IS, ascii("12 "))
                    .setInts(Tag.Rows, VR.US, 1, 65535)
                    .setInts(Tag.PixelPaddingValue, VR.SS, -2)
                    .setLongs(Tag.FileMetaInformationGroupLength, VR.UL, 4_294_967_295L)
                    .setInts(Tag.ReferencePixelX0, VR.SL, -7)
                    .setDoubles(Tag.RecommendedDisplayFrameRateInFloat, VR.FL, 0.5, -2)
                    .setDoubles(Tag.ExposureInmAs, VR.FD, 1.25)
                    .setBytes(Tag.PixelData, VR.OB, pixels)
                    .setBytes(Tag.FloatPixelData, VR.OF, pixels)
                    .setBytes(Tag.EncapsulatedDocument, VR.UN, new byte[0])
                    .setBytes(Tag.RedPaletteColorLookupTableData, VR.OW, pixels);

            assertThat(ds.valueAsText(Tag.PatientName)).isEqualTo("DOE^JANE");
            assertThat(ds.valueAsText(Tag.InstanceNumber)).isEqualTo("12");
            assertThat(ds.valueAsText(Tag.Rows)).isEqualTo("1\\65535");
            assertThat(ds.valueAsText(Tag.PixelPaddingValue)).isEqualTo("-2");
            assertThat(ds.valueAsText(Tag.FileMetaInformationGroupLength)).isEqualTo("4294967295");
            assertThat(ds.valueAsText(Tag.ReferencePixelX0)).isEqualTo("-7");
            assertThat(ds.valueAsText(Tag.RecommendedDisplayFrameRateInFloat)).isEqualTo("0.5\\-2.0");
            assertThat(ds.valueAsText(Tag.ExposureInmAs)).isEqualTo("1.25");
            String pixelsText = "4 bytes, sha-256 " + sha256(pixels);
            assertThat(ds.valueAsText(Tag.PixelData)).isEqualTo(pixelsText);
            assertThat(ds.valueAsText(Tag.FloatPixelData)).isEqualTo(pixelsText);
            assertThat(ds.valueAsText(Tag.RedPaletteColorLookupTableData)).isEqualTo(pixelsText);
            assertThat(ds.valueAsText(Tag.EncapsulatedDocument))
                    .isEqualTo("0 bytes, sha-256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
            assertThat(ds.valueAsText(Tag.StudyID)).isNull();
            assertThat(ds.getString(Tag.Rows)).as("getString renders binary values too").isEqualTo("1\\65535");
        }

        @Test
        void valueAsTextOfASequenceIsItsItemCount() {
            Dataset ds = new Dataset();
            Dataset.Sequence seq = ds.newSequence(Tag.OriginalAttributesSequence);
            assertThat(ds.valueAsText(Tag.OriginalAttributesSequence)).isEqualTo("[0 items]");
            seq.addItem().setString(Tag.PatientID, VR.LO, "MRN-987654");
            assertThat(ds.valueAsText(Tag.OriginalAttributesSequence)).isEqualTo("[1 item]");
            seq.addItem();
            assertThat(ds.valueAsText(Tag.OriginalAttributesSequence)).isEqualTo("[2 items]");
        }
    }
}
