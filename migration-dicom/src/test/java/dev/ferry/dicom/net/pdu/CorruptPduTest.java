package dev.ferry.dicom.net.pdu;

import static dev.ferry.dicom.net.pdu.Raw.applicationContext;
import static dev.ferry.dicom.net.pdu.Raw.ascii;
import static dev.ferry.dicom.net.pdu.Raw.concat;
import static dev.ferry.dicom.net.pdu.Raw.fixed;
import static dev.ferry.dicom.net.pdu.Raw.hex;
import static dev.ferry.dicom.net.pdu.Raw.item;
import static dev.ferry.dicom.net.pdu.Raw.maxLength;
import static dev.ferry.dicom.net.pdu.Raw.pcRq;
import static dev.ferry.dicom.net.pdu.Raw.pdu;
import static dev.ferry.dicom.net.pdu.Raw.rq;
import static dev.ferry.dicom.net.pdu.Raw.userInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Malformed PDUs: each fails with a {@link PduException} that carries the abort reason of PS3.8
 * 9.3.8 and the offset, in the PDU, of the field at fault; lengths the stream does not back are not
 * allocated.
 */
class CorruptPduTest {
    private static final String VERIFICATION = "1.2.840.10008.1.1";
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final byte[] PC = pcRq(1, VERIFICATION, IMPLICIT_LE);
    private static final byte[] USER = userInfo(maxLength(16384));
    /** Offset of the first variable item of an A-ASSOCIATE-RQ/AC. */
    private static final int ITEMS = 74;

    @Nested
    class Headers {
        @Test
        void unknownPduType() {
            assertFails(hex("08 00 00000004 00000000"), AbortReason.UNRECOGNIZED_PDU, 0)
                    .withMessageContaining("PDU type 08H");
            assertFails(hex("00 00 00000004 00000000"), AbortReason.UNRECOGNIZED_PDU, 0);
        }

        @Test
        void pDataLongerThanTheMaximumAdvertised() throws Exception {
            byte[] pdu = hex("04 00 00004001 00003FFD 01 03");
            assertThatThrownBy(() -> new PduReader(new ByteArrayInputStream(pdu), 16384).read())
                    .isInstanceOfSatisfying(PduException.class, e -> {
                        assertThat(e.abortReason()).isEqualTo(AbortReason.INVALID_PDU_PARAMETER_VALUE);
                        assertThat(e.offset()).isEqualTo(2);
                        assertThat(e.pduType()).isEqualTo(PduType.P_DATA_TF);
                    })
                    .hasMessageContaining("PDU-length 16385 exceeds the maximum length 16384");
        }

        @Test
        void fourGibibyteLengthFailsAtTheHeaderWithoutAllocating() throws Exception {
            byte[] pdu = concat(hex("04 00 FFFFFFFF FFFFFFFB 01 03"), new byte[8]);
            for (int max : new int[] {16384, 0}) {
                long allocated = Allocations.of(() -> assertThatThrownBy(
                        () -> new PduReader(new ByteArrayInputStream(pdu), max).read())
                        .isInstanceOf(PduException.class)
                        .hasMessageContaining("PDU-length 4294967295 exceeds"));
                assertThat(allocated).isLessThan(256 << 10);
            }
            byte[] rq = concat(hex("01 00 FFFFFFFF"), new byte[14]);
            assertThatThrownBy(() -> new PduReader(new ByteArrayInputStream(rq), 0).read())
                    .isInstanceOfSatisfying(PduException.class,
                            e -> assertThat(e.abortReason()).isEqualTo(AbortReason.INVALID_PDU_PARAMETER_VALUE))
                    .hasMessageContaining("exceeds the 65536 bytes this side accepts for an association PDU");
        }

        @Test
        void lengthWithinTheLimitButNotInTheStreamIsTruncationWithoutAllocating() throws Exception {
            // 60 MiB announced, 14 bytes sent: a P-DATA-TF read whole, and an A-ASSOCIATE-RQ
            byte[] pData = hex("04 00 03C00000 03BFFFFC 01 03 AABB");
            long allocated = Allocations.of(() -> assertThatThrownBy(
                    () -> new PduReader(new ByteArrayInputStream(pData), 0).read())
                    .isInstanceOfSatisfying(TruncatedPduException.class, e -> {
                        assertThat(e.offset()).isEqualTo(14);
                        assertThat(e.expected()).isEqualTo(6 + 0x03C00000L);
                        assertThat(e.abortReason()).isEqualTo(AbortReason.REASON_NOT_SPECIFIED);
                    }));
            assertThat(allocated).isLessThan(256 << 10);

            byte[] rq = concat(hex("01 00 0000FFFF"), new byte[80]);
            allocated = Allocations.of(() -> assertThatThrownBy(
                    () -> new PduReader(new ByteArrayInputStream(rq), 0).read())
                    .isInstanceOfSatisfying(TruncatedPduException.class, e -> assertThat(e.offset()).isEqualTo(86)));
            assertThat(allocated).isLessThan(256 << 10);

            allocated = Allocations.of(() -> assertThatThrownBy(() -> PduReader.decode(pData))
                    .isInstanceOf(TruncatedPduException.class));
            assertThat(allocated).isLessThan(256 << 10);
        }

        @Test
        void streamEndingInTheHeaderOrBody() throws Exception {
            assertThat(new PduReader(InputStream.nullInputStream(), 0).read()).isNull();
            assertThatThrownBy(() -> new PduReader(new ByteArrayInputStream(hex("05 00 00")), 0).read())
                    .isInstanceOfSatisfying(TruncatedPduException.class, e -> {
                        assertThat(e.offset()).isEqualTo(3);
                        assertThat(e.expected()).isEqualTo(6);
                        assertThat(e.pduType()).isEqualTo(PduType.RELEASE_RQ);
                    });
            assertThatThrownBy(() -> new PduReader(new ByteArrayInputStream(hex("05 00 00000004 00")), 0).read())
                    .isInstanceOfSatisfying(TruncatedPduException.class, e -> {
                        assertThat(e.offset()).isEqualTo(7);
                        assertThat(e.expected()).isEqualTo(10);
                    })
                    .hasMessageContaining("the stream ended after 7 of the 10 bytes");
            byte[] rq = Raw.minimalRq();
            assertThatThrownBy(() -> PduReader.decode(Arrays.copyOf(rq, rq.length - 1)))
                    .isInstanceOf(TruncatedPduException.class);
        }

        @Test
        void fixedLengthPdusMustHaveTheirLength() {
            assertFails(hex("05 00 00000005 0000000000"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 2)
                    .withMessageContaining("PDU-length 5 where PS3.8 fixes 4");
            assertFails(hex("06 00 00000000"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 2);
            assertFails(hex("03 00 00000003 000101"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 2);
            assertFails(hex("07 00 00000008 00000000 00000000"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 2);
        }

        @Test
        void associationPduShorterThanItsFixedFields() {
            assertFails(pdu(0x01, new byte[67]), AbortReason.INVALID_PDU_PARAMETER_VALUE, 2)
                    .withMessageContaining("less than the 68 bytes of the fixed fields");
        }

        @Test
        void bytesAfterThePdu() {
            assertFails(hex("05 00 00000004 00000000 07"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 10)
                    .withMessageContaining("1 bytes follow the PDU");
        }
    }

    @Nested
    class PData {
        @Test
        void noRoomForAPdv() {
            assertFails(hex("04 00 00000000"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 2);
            assertFails(hex("04 00 00000005 0000000101"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 2);
        }

        @Test
        void pdvShorterThanItsHeader() {
            assertFails(hex("04 00 00000006 00000001 01 03"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 6)
                    .withMessageContaining("PDV item length 1 is less than the 2 bytes");
            assertFails(hex("04 00 00000006 00000000 01 03"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 6);
        }

        @Test
        void pdvPastTheEndOfThePdu() {
            assertFails(hex("04 00 00000008 00000005 01 03 AABB CC"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 6)
                    .withMessageContaining("PDV item length 5 runs past the end of the PDU");
            assertFails(hex("04 00 00000008 FFFFFFFF 01 03 AABB"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 6);
        }

        @Test
        void pduEndingInsideASecondPdvHeader() {
            assertFails(hex("04 00 0000000B 00000003 01 03 AA 00000001 01"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 13)
                    .withMessageContaining("inside the 6-byte header of a PDV item");
        }

        @Test
        void evenPresentationContextId() {
            assertFails(hex("04 00 00000007 00000003 02 03 AA"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 10);
            assertFails(hex("04 00 00000007 00000003 00 03 AA"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 10);
        }

        @Test
        void reservedBitsOfTheMessageControlHeaderAreNotTested() throws Exception {
            PDataTf p = (PDataTf) PduReader.decode(hex("04 00 00000007 00000003 01 FE AA"));
            assertThat(p.pdvs().get(0).command()).isFalse();
            assertThat(p.pdvs().get(0).last()).isTrue();
        }
    }

    @Nested
    class Associate {
        @Test
        void badAeTitles() {
            byte[] control = pdu(0x01, concat(hex("0001 0000"), Raw.ae("SCP"), ascii("SC\u0007U            "),
                    new byte[32]), applicationContext(), PC, USER);
            assertFails(control, AbortReason.INVALID_PDU_PARAMETER_VALUE, 26)
                    .withMessageContaining("calling AE title has character 07H");
            byte[] backslash = pdu(0x01, concat(hex("0001 0000"), Raw.ae("S\\P"), Raw.ae("SCU"), new byte[32]),
                    applicationContext(), PC, USER);
            assertFails(backslash, AbortReason.INVALID_PDU_PARAMETER_VALUE, 10)
                    .withMessageContaining("called AE title has a backslash");
            byte[] latin1 = pdu(0x01, concat(hex("0001 0000"), Raw.ae("SCP"), ascii("SC\u00e9"), hex("20".repeat(13)),
                    new byte[32]), applicationContext(), PC, USER);
            assertFails(latin1, AbortReason.INVALID_PDU_PARAMETER_VALUE, 26);
        }

        @Test
        void aeTitlesLoseSpacesAndNulPadding() throws Exception {
            byte[] pdu = pdu(0x01, concat(hex("0001 0000"), ascii("  MY SCP   "), new byte[5], ascii("SCU"),
                    new byte[13], new byte[32]), applicationContext(), PC, USER);
            AssociateRq rq = (AssociateRq) PduReader.decode(pdu);
            assertThat(rq.calledAeTitle()).isEqualTo("MY SCP");
            assertThat(rq.callingAeTitle()).isEqualTo("SCU");
        }

        @Test
        void aeTitlesOfAnAcceptAreNotTested() throws Exception {
            byte[] pdu = pdu(0x02, concat(hex("0001 0000"), hex("20".repeat(16)), ascii("A\\B\u0001"),
                    hex("20".repeat(12)), new byte[32]), applicationContext(), USER);
            AssociateAc ac = (AssociateAc) PduReader.decode(pdu);
            assertThat(ac.calledAeTitle()).isEmpty();
            assertThat(ac.callingAeTitle()).isEqualTo("A\\B\u0001");
            assertThat(ac.presentationContexts()).isEmpty();
        }

        @Test
        void reservedFieldsAreNotTested() throws Exception {
            byte[] pdu = Raw.minimalRq();
            pdu[1] = (byte) 0xFF;   // reserved byte of the PDU header
            pdu[8] = 0x12;          // reserved after the protocol version
            pdu[50] = 0x34;         // the 32 reserved bytes
            pdu[ITEMS + 1] = 0x56;  // reserved byte of the application context item
            AssociateRq rq = (AssociateRq) PduReader.decode(pdu);
            assertThat(rq).isEqualTo(PduReader.decode(Raw.minimalRq()));
        }

        @Test
        void protocolVersionIsKeptForTheAssociationLayerToJudge() throws Exception {
            byte[] pdu = Raw.minimalRq();
            pdu[7] = 2;
            AssociateRq rq = (AssociateRq) PduReader.decode(pdu);
            assertThat(rq.protocolVersion()).isEqualTo(2);
            assertThat(rq.supportsVersion1()).isFalse();
        }

        @Test
        void missingMandatoryItems() {
            assertFails(rq(PC, USER), AbortReason.INVALID_PDU_PARAMETER_VALUE, ITEMS)
                    .withMessageContaining("no application context item (10H)");
            assertFails(rq(applicationContext(), USER), AbortReason.INVALID_PDU_PARAMETER_VALUE, ITEMS)
                    .withMessageContaining("no presentation context item (20H)");
            assertFails(rq(applicationContext(), PC), AbortReason.INVALID_PDU_PARAMETER_VALUE, ITEMS)
                    .withMessageContaining("no user information item (50H)");
            assertFails(Raw.ac(applicationContext()), AbortReason.INVALID_PDU_PARAMETER_VALUE, ITEMS);
            assertFails(rq(applicationContext(), PC, userInfo(item(0x52, ascii("1.2")))),
                    AbortReason.INVALID_PDU_PARAMETER_VALUE, ITEMS + 25 + PC.length)
                    .withMessageContaining("no maximum length sub-item (51H)");
        }

        @Test
        void presentationContextWithoutItsSyntaxes() {
            byte[] noAbstract = item(0x20, hex("01 000000"), item(0x40, ascii(IMPLICIT_LE)));
            assertFails(rq(applicationContext(), noAbstract, USER), AbortReason.INVALID_PDU_PARAMETER_VALUE, ITEMS + 25)
                    .withMessageContaining("presentation context 1 has no abstract syntax sub-item (30H)");
            byte[] noTransfer = item(0x20, hex("03 000000"), item(0x30, ascii(VERIFICATION)));
            assertFails(rq(applicationContext(), noTransfer, USER), AbortReason.INVALID_PDU_PARAMETER_VALUE, ITEMS + 25)
                    .withMessageContaining("presentation context 3 has no transfer syntax sub-item (40H)");
            byte[] tooShort = item(0x20, hex("01 00"));
            assertFails(rq(applicationContext(), tooShort, USER), AbortReason.INVALID_PDU_PARAMETER_VALUE, ITEMS + 27);
        }

        @Test
        void acceptedWithoutTransferSyntax() {
            byte[] absent = item(0x21, hex("01 00 00 00"));
            assertFails(Raw.ac(applicationContext(), absent, USER), AbortReason.INVALID_PDU_PARAMETER_VALUE, ITEMS + 25)
                    .withMessageContaining("presentation context 1 is accepted without a transfer syntax");
            byte[] empty = item(0x21, hex("01 00 00 00"), item(0x40));
            assertFails(Raw.ac(applicationContext(), empty, USER), AbortReason.INVALID_PDU_PARAMETER_VALUE, ITEMS + 25);
        }

        @Test
        void undefinedPresentationContextResult() {
            byte[] pc = item(0x21, hex("01 00 05 00"), item(0x40));
            assertFails(Raw.ac(applicationContext(), pc, USER), AbortReason.INVALID_PDU_PARAMETER_VALUE, ITEMS + 25 + 6)
                    .withMessageContaining("result/reason 5");
        }

        @Test
        void evenOrZeroPresentationContextId() {
            for (int id : new int[] {0, 2, 254}) {
                assertFails(rq(applicationContext(), pcRq(id, VERIFICATION, IMPLICIT_LE), USER),
                        AbortReason.INVALID_PDU_PARAMETER_VALUE, ITEMS + 25 + 4)
                        .withMessageContaining("presentation context ID " + id + " is not an odd integer");
            }
        }

        @Test
        void duplicatePresentationContextId() {
            assertFails(rq(applicationContext(), PC, PC, USER), AbortReason.INVALID_PDU_PARAMETER_VALUE,
                    ITEMS + 25 + PC.length + 4)
                    .withMessageContaining("presentation context ID 1 occurs twice");
        }

        @Test
        void itemLengthsInconsistentWithTheEnclosingLength() {
            // the application context claims 200 bytes
            byte[] longContext = concat(hex("10 00 00C8"), ascii("1.2.840.10008.3.1.1.1"));
            assertFails(rq(longContext, PC, USER), AbortReason.INVALID_PDU_PARAMETER_VALUE, ITEMS + 2)
                    .withMessageContaining("item 10H (application context) has length 200, past the end of the PDU");
            // two bytes left at the end of the variable field: no room for an item header
            assertFails(rq(applicationContext(), PC, USER, hex("7F00")), AbortReason.INVALID_PDU_PARAMETER_VALUE,
                    ITEMS + 25 + PC.length + USER.length)
                    .withMessageContaining("2 bytes left in the PDU, too few for an item header");
            // a transfer syntax sub-item longer than its presentation context
            byte[] pc = item(0x20, hex("01 000000"), item(0x30, ascii(VERIFICATION)), hex("40 00 0030"),
                    ascii(IMPLICIT_LE));
            assertFails(rq(applicationContext(), pc, USER), AbortReason.INVALID_PDU_PARAMETER_VALUE,
                    ITEMS + 25 + 8 + 21 + 2)
                    .withMessageContaining("past the end of presentation context 1");
            // a sub-item longer than the user information
            byte[] user = concat(hex("50 00 000C"), maxLength(16384), hex("52 00 0010"));
            assertFails(rq(applicationContext(), PC, user), AbortReason.INVALID_PDU_PARAMETER_VALUE,
                    ITEMS + 25 + PC.length + 12 + 2)
                    .withMessageContaining("past the end of the user information item");
        }

        @Test
        void subItemFieldsInconsistentWithTheSubItemLength() {
            int user = ITEMS + 25 + PC.length;
            int sub = user + 4 + 8;
            assertFails(rq(applicationContext(), PC, userInfo(item(0x51, hex("004000")))),
                    AbortReason.INVALID_PDU_PARAMETER_VALUE, user + 4 + 2)
                    .withMessageContaining("sub-item 51H (maximum length) has length 3 where its fields make 4");
            assertFails(rq(applicationContext(), PC, userInfo(maxLength(0), item(0x53, hex("0001")))),
                    AbortReason.INVALID_PDU_PARAMETER_VALUE, sub + 2);
            assertFails(rq(applicationContext(), PC, userInfo(maxLength(0), item(0x54, hex("0003"), ascii("1.2"),
                    hex("01")))), AbortReason.INVALID_PDU_PARAMETER_VALUE, sub + 2)
                    .withMessageContaining("SCP/SCU role selection");
            assertFails(rq(applicationContext(), PC, userInfo(maxLength(0), item(0x56, hex("0009"), ascii("1.2")))),
                    AbortReason.INVALID_PDU_PARAMETER_VALUE, sub + 4)
                    .withMessageContaining("runs past its end");
            assertFails(rq(applicationContext(), PC, userInfo(maxLength(0), item(0x57, hex("0003"), ascii("1.2"),
                    hex("0003"), ascii("1.2"), hex("0009 0003"), ascii("1.2")))),
                    AbortReason.INVALID_PDU_PARAMETER_VALUE, sub + 4 + 10)
                    .withMessageContaining("common extended negotiation");
            assertFails(rq(applicationContext(), PC, userInfo(maxLength(0), item(0x57, hex("0003"), ascii("1.2"),
                    hex("0003"), ascii("1.2"), hex("0005 0004"), ascii("1.2")))),
                    AbortReason.INVALID_PDU_PARAMETER_VALUE, sub + 4 + 12);
            assertFails(rq(applicationContext(), PC, userInfo(maxLength(0), item(0x58, hex("01 00 0004"), ascii("user"),
                    hex("0002"), ascii("x")))), AbortReason.INVALID_PDU_PARAMETER_VALUE, sub + 4 + 8)
                    .withMessageContaining("user identity, RQ");
            assertFails(rq(applicationContext(), PC, userInfo(maxLength(0), item(0x58, hex("01")))),
                    AbortReason.INVALID_PDU_PARAMETER_VALUE, sub + 2);
            assertFails(Raw.ac(applicationContext(), userInfo(maxLength(0), item(0x59, hex("0003"), ascii("ab")))),
                    AbortReason.INVALID_PDU_PARAMETER_VALUE, ITEMS + 25 + 4 + 8 + 4);
        }

        @Test
        void userIdentityWithoutItsSecondaryLengthIsTolerated() throws Exception {
            AssociateRq rq = (AssociateRq) PduReader.decode(rq(applicationContext(), PC,
                    userInfo(maxLength(0), item(0x58, hex("01 01 0004"), ascii("user")))));
            assertThat(rq.userInformation().userIdentityRq()).contains(UserIdentityRq.username("user", true));
        }

        @Test
        void unexpectedItems() {
            assertFails(rq(applicationContext(), applicationContext(), PC, USER), AbortReason.UNEXPECTED_PDU_PARAMETER,
                    ITEMS + 25)
                    .withMessageContaining("a second application context item (10H)");
            assertFails(rq(applicationContext(), item(0x21, hex("01 00 00 00"), item(0x40, ascii(IMPLICIT_LE))), USER),
                    AbortReason.UNEXPECTED_PDU_PARAMETER, ITEMS + 25)
                    .withMessageContaining("item 21H (presentation context, AC) does not belong in an A-ASSOCIATE-RQ");
            assertFails(Raw.ac(applicationContext(), PC, USER), AbortReason.UNEXPECTED_PDU_PARAMETER, ITEMS + 25);
            assertFails(rq(applicationContext(), PC, USER, USER), AbortReason.UNEXPECTED_PDU_PARAMETER,
                    ITEMS + 25 + PC.length + USER.length);
            assertFails(rq(applicationContext(), PC, USER, maxLength(1)), AbortReason.UNEXPECTED_PDU_PARAMETER,
                    ITEMS + 25 + PC.length + USER.length)
                    .withMessageContaining("sub-item 51H (maximum length) outside the item it belongs in");
            byte[] twoAbstract = item(0x20, hex("01 000000"), item(0x30, ascii(VERIFICATION)),
                    item(0x30, ascii(VERIFICATION)), item(0x40, ascii(IMPLICIT_LE)));
            assertFails(rq(applicationContext(), twoAbstract, USER), AbortReason.UNEXPECTED_PDU_PARAMETER,
                    ITEMS + 25 + 8 + 21);
            byte[] userInPc = item(0x20, hex("01 000000"), item(0x30, ascii(VERIFICATION)),
                    item(0x40, ascii(IMPLICIT_LE)), USER);
            assertFails(rq(applicationContext(), userInPc, USER), AbortReason.UNEXPECTED_PDU_PARAMETER,
                    ITEMS + 25 + 8 + 42);
        }

        @Test
        void repeatedOrMisplacedUserSubItems() {
            int sub = ITEMS + 25 + PC.length + 4;
            assertFails(rq(applicationContext(), PC, userInfo(maxLength(0), maxLength(1))),
                    AbortReason.UNEXPECTED_PDU_PARAMETER, sub + 8)
                    .withMessageContaining("a second sub-item 51H (maximum length)");
            byte[] uid = item(0x52, ascii("1.2"));
            assertFails(rq(applicationContext(), PC, userInfo(maxLength(0), uid, uid)),
                    AbortReason.UNEXPECTED_PDU_PARAMETER, sub + 8 + 7);
            assertFails(rq(applicationContext(), PC, userInfo(maxLength(0), item(0x59, hex("0000")))),
                    AbortReason.UNEXPECTED_PDU_PARAMETER, sub + 8)
                    .withMessageContaining("59H (user identity, AC) does not belong in an A-ASSOCIATE-RQ");
            assertFails(Raw.ac(applicationContext(), userInfo(maxLength(0), item(0x58, hex("01 00 0001 61 0000")))),
                    AbortReason.UNEXPECTED_PDU_PARAMETER, ITEMS + 25 + 4 + 8)
                    .withMessageContaining("58H (user identity, RQ) does not belong in an A-ASSOCIATE-AC");
        }

        @Test
        void unknownItemsAreSkippedAndUnknownUserSubItemsKept() throws Exception {
            byte[] pcWithUnknown = item(0x20, hex("01 000000"), item(0x7E, hex("FFFF")), item(0x30, ascii(VERIFICATION)),
                    item(0x40, ascii(IMPLICIT_LE)));
            byte[] pdu = rq(item(0x7F, hex("0102")), applicationContext(), pcWithUnknown,
                    userInfo(maxLength(0), item(0xA0, hex("CAFE")), item(0x42)), item(0x01));
            AssociateRq rq = (AssociateRq) PduReader.decode(pdu);
            assertThat(rq.presentationContexts()).containsExactly(PresentationContextRq.of(1, VERIFICATION, IMPLICIT_LE));
            assertThat(rq.userInformation().unknownItems()).containsExactly(
                    new UnknownUserItem(0xA0, hex("CAFE")), new UnknownUserItem(0x42, new byte[0]));
            // re-encoded without the skipped items, with the kept ones
            byte[] expected = rq(applicationContext(), PC, userInfo(maxLength(0), item(0xA0, hex("CAFE")), item(0x42)));
            assertThat(PduEncoder.encode(rq)).isEqualTo(expected);
        }

        @Test
        void uidPaddingIsRemoved() throws Exception {
            byte[] pc = item(0x20, hex("01 000000"), item(0x30, ascii(VERIFICATION + "\0")),
                    item(0x40, ascii(IMPLICIT_LE + " ")));
            AssociateRq rq = (AssociateRq) PduReader.decode(rq(applicationContext(), pc, USER));
            assertThat(rq.presentationContexts()).containsExactly(PresentationContextRq.of(1, VERIFICATION, IMPLICIT_LE));
        }
    }

    @Nested
    class RejectAndAbort {
        @Test
        void undefinedRejectCodes() {
            assertFails(hex("03 00 00000004 00 03 01 01"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 7)
                    .withMessageContaining("result 3");
            assertFails(hex("03 00 00000004 00 01 04 01"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 8)
                    .withMessageContaining("source 4");
            assertFails(hex("03 00 00000004 00 01 01 05"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 9)
                    .withMessageContaining("reason/diag. 5 is reserved or undefined for source 1");
            assertFails(hex("03 00 00000004 00 01 02 03"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 9);
            assertFails(hex("03 00 00000004 00 02 03 00"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 9);
        }

        @Test
        void undefinedAbortCodes() {
            assertFails(hex("07 00 00000004 00 00 01 00"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 8)
                    .withMessageContaining("source 1");
            assertFails(hex("07 00 00000004 00 00 02 03"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 9)
                    .withMessageContaining("reason/diag. 3");
            assertFails(hex("07 00 00000004 00 00 02 07"), AbortReason.INVALID_PDU_PARAMETER_VALUE, 9);
        }

        @Test
        void reasonOfAServiceUserAbortIsNotTested() throws Exception {
            assertThat(PduReader.decode(hex("07 00 00000004 FF FF 00 05"))).isEqualTo(Abort.byServiceUser());
        }
    }

    private static ThrowableAssertAlternative<PduException> assertFails(byte[] pdu, AbortReason reason, long offset) {
        return assertThatExceptionOfType(PduException.class)
                .isThrownBy(() -> read(pdu))
                .satisfies(e -> {
                    assertThat(e).isNotInstanceOf(TruncatedPduException.class);
                    assertThat(e.abortReason()).as("abort reason of: %s", e.getMessage()).isEqualTo(reason);
                    assertThat(e.offset()).as("offset of: %s", e.getMessage()).isEqualTo(offset);
                });
    }

    /** Decodes as a whole, and also through a reader over a stream, which must agree. */
    private static void read(byte[] pdu) throws IOException {
        PduException whole = null;
        try {
            PduReader.decode(pdu);
        } catch (PduException e) {
            whole = e;
        }
        try {
            new PduReader(new ByteArrayInputStream(pdu), 0).read();
        } catch (PduException e) {
            if (whole == null || !whole.getMessage().equals(e.getMessage())) {
                throw new AssertionError("the stream reader failed otherwise than decode: " + e.getMessage(), whole);
            }
        }
        if (whole != null) {
            throw whole;
        }
    }
}
