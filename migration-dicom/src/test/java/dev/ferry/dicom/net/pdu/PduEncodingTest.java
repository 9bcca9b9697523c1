package dev.ferry.dicom.net.pdu;

import static dev.ferry.dicom.net.pdu.Raw.ascii;
import static dev.ferry.dicom.net.pdu.Raw.concat;
import static dev.ferry.dicom.net.pdu.Raw.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every PDU and every item encoded to bytes worked out by hand from the tables of PS3.8 section 9.3
 * and PS3.7 Annex D.3.3, and decoded back to an equal record.
 */
class PduEncodingTest {
    private static final String VERIFICATION = "1.2.840.10008.1.1";
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    @Test
    void associateRq() throws Exception {
        AssociateRq rq = new AssociateRq("STORESCP", "FERRY",
                List.of(PresentationContextRq.of(1, VERIFICATION, IMPLICIT_LE)),
                UserInformation.of(16384, "1.2.3.4", "FERRY_01"));
        byte[] expected = concat(
                hex("01 00 000000B2"),                      // A-ASSOCIATE-RQ, PDU-length 178
                hex("0001 0000"),                           // protocol version 1, reserved
                ascii("STORESCP        "),                  // called AE title, space padded
                ascii("FERRY           "),                  // calling AE title
                new byte[32],                               // reserved
                hex("10 00 0015"), ascii("1.2.840.10008.3.1.1.1"),
                hex("20 00 002E 01 00 00 00"),              // presentation context 1: 4 + 21 + 21 bytes
                hex("30 00 0011"), ascii(VERIFICATION),
                hex("40 00 0011"), ascii(IMPLICIT_LE),
                hex("50 00 001F"),                          // user information: 8 + 11 + 12 bytes
                hex("51 00 0004 00004000"),
                hex("52 00 0007"), ascii("1.2.3.4"),
                hex("55 00 0008"), ascii("FERRY_01"));
        assertRoundTrip(rq, expected);
        assertThat(rq.supportsVersion1()).isTrue();
    }

    @Test
    void associateAc() throws Exception {
        UserInformation user = UserInformation.of(0, "1.2.3.4", null)
                .with(new RoleSelection(CT, true, false))
                .with(new UserIdentityAc(ascii("tok")));
        AssociateAc ac = new AssociateAc(1, "STORESCP", "FERRY", AssociateRq.DICOM_APPLICATION_CONTEXT,
                List.of(PresentationContextAc.accepted(1, IMPLICIT_LE),
                        PresentationContextAc.rejected(3, PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED)),
                user);
        byte[] expected = concat(
                hex("02 00 000000C7"),                      // 68 + 25 + 29 + 12 + 65
                hex("0001 0000"),
                ascii("STORESCP        "),
                ascii("FERRY           "),
                new byte[32],
                hex("10 00 0015"), ascii("1.2.840.10008.3.1.1.1"),
                hex("21 00 0019 01 00 00 00"),              // accepted: 4 + 4 + 17 bytes
                hex("40 00 0011"), ascii(IMPLICIT_LE),
                hex("21 00 0008 03 00 03 00"),              // abstract-syntax-not-supported
                hex("40 00 0000"),                          // the transfer syntax sub-item, empty
                hex("50 00 003D"),                          // 8 + 11 + 33 + 9 = 61 bytes
                hex("51 00 0004 00000000"),
                hex("52 00 0007"), ascii("1.2.3.4"),
                hex("54 00 001D 0019"), ascii(CT), hex("01 00"),
                hex("59 00 0005 0003"), ascii("tok"));
        assertRoundTrip(ac, expected);
    }

    @Test
    void associateAcWithoutTransferSyntaxSubItem() throws Exception {
        AssociateAc ac = new AssociateAc(1, "", "", AssociateRq.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextAc(5, PresentationContextAc.Result.USER_REJECTION, null)),
                UserInformation.of(16384, "1.2", null));
        byte[] expected = concat(
                hex("02 00 00000078"),                      // 68 + 25 + 8 + 19
                hex("0001 0000"),
                ascii(" ".repeat(32)),                      // the reserved AE title fields, empty
                new byte[32],
                hex("10 00 0015"), ascii("1.2.840.10008.3.1.1.1"),
                hex("21 00 0004 05 00 01 00"),              // no sub-item
                hex("50 00 000F"),                          // 8 + 7
                hex("51 00 0004 00004000"),
                hex("52 00 0003"), ascii("1.2"));
        assertRoundTrip(ac, expected);
    }

    @Test
    void associateRj() throws Exception {
        assertRoundTrip(new AssociateRj(AssociateRj.Result.REJECTED_TRANSIENT, AssociateRj.Reason.LOCAL_LIMIT_EXCEEDED),
                hex("03 00 00000004 00 02 03 02"));
        assertRoundTrip(new AssociateRj(AssociateRj.Result.REJECTED_PERMANENT,
                AssociateRj.Reason.CALLED_AE_TITLE_NOT_RECOGNIZED), hex("03 00 00000004 00 01 01 07"));
        assertRoundTrip(new AssociateRj(AssociateRj.Result.REJECTED_PERMANENT,
                AssociateRj.Reason.PROTOCOL_VERSION_NOT_SUPPORTED), hex("03 00 00000004 00 01 02 02"));
    }

    @Test
    void everyRejectReasonRoundTrips() throws Exception {
        for (AssociateRj.Result result : AssociateRj.Result.values()) {
            for (AssociateRj.Reason reason : AssociateRj.Reason.values()) {
                AssociateRj rj = new AssociateRj(result, reason);
                byte[] expected = hex(String.format("03 00 00000004 00 %02X %02X %02X", result.code(),
                        reason.source().code(), reason.code()));
                assertRoundTrip(rj, expected);
            }
        }
    }

    @Test
    void pDataTf() throws Exception {
        PDataTf p = new PDataTf(List.of(
                new Pdv(1, true, true, hex("AABBCCDD")),
                new Pdv(3, false, false, hex("01020304")),
                new Pdv(255, false, true, new byte[0])));
        byte[] expected = hex("04 00 0000001A"          // 10 + 10 + 6
                + " 00000006 01 03 AABBCCDD"            // command, last
                + " 00000006 03 00 01020304"            // data set, more to come
                + " 00000002 FF 02");                   // data set, last, empty
        assertRoundTrip(p, expected);
        assertThat(p.pduLength()).isEqualTo(26);
    }

    @Test
    void releaseAndAbort() throws Exception {
        assertRoundTrip(new ReleaseRq(), hex("05 00 00000004 00000000"));
        assertRoundTrip(new ReleaseRp(), hex("06 00 00000004 00000000"));
        assertRoundTrip(Abort.byServiceUser(), hex("07 00 00000004 00 00 00 00"));
        for (AbortReason reason : AbortReason.values()) {
            assertRoundTrip(Abort.byServiceProvider(reason),
                    hex(String.format("07 00 00000004 00 00 02 %02X", reason.code())));
        }
    }

    @Test
    void everyUserSubItem() throws Exception {
        List<UserItem> items = List.of(
                new MaxLength(0xFFFFFFFFL),
                new ImplementationClassUid("1.2.3.4"),
                new AsyncOpsWindow(3, 0),
                new RoleSelection("1.2.3.4", true, false),
                new ImplementationVersionName("FERRY"),
                new ExtendedNegotiation("1.2.3.4", hex("010203")),
                new CommonExtendedNegotiation("1.2.3.4", "1.2.840.10008.4.2", List.of("1.2.5", "1.2.6")),
                UserIdentityRq.usernameAndPasscode("user", "secret", true),
                new UnknownUserItem(0x60, hex("ABCD")),
                new UnknownUserItem(0x00, new byte[0]));
        byte[] subItems = concat(
                hex("51 00 0004 FFFFFFFF"),
                hex("52 00 0007"), ascii("1.2.3.4"),
                hex("53 00 0004 0003 0000"),
                hex("54 00 000B 0007"), ascii("1.2.3.4"), hex("01 00"),
                hex("55 00 0005"), ascii("FERRY"),
                hex("56 00 000C 0007"), ascii("1.2.3.4"), hex("010203"),
                hex("57 00 002C 0007"), ascii("1.2.3.4"),    // 2+7 + 2+17 + 2+14
                hex("0011"), ascii("1.2.840.10008.4.2"),
                hex("000E 0005"), ascii("1.2.5"), hex("0005"), ascii("1.2.6"),
                hex("58 00 0010 02 01 0004"), ascii("user"), hex("0006"), ascii("secret"),
                hex("60 00 0002 ABCD"),
                hex("00 00 0000"));
        AssociateRq rq = new AssociateRq("A", "B", List.of(PresentationContextRq.of(1, VERIFICATION, IMPLICIT_LE)),
                new UserInformation(items));
        byte[] expected = Raw.pdu(0x01, Raw.fixed("A", "B"), Raw.applicationContext(),
                Raw.pcRq(1, VERIFICATION, IMPLICIT_LE), Raw.item(0x50, subItems));
        assertRoundTrip(rq, expected);

        UserInformation decoded = ((AssociateRq) PduReader.decode(expected)).userInformation();
        assertThat(decoded.maxPduLength()).isEqualTo(0xFFFFFFFFL);
        assertThat(decoded.implementationClassUid()).contains("1.2.3.4");
        assertThat(decoded.implementationVersionName()).contains("FERRY");
        assertThat(decoded.asyncOpsWindow()).contains(new AsyncOpsWindow(3, 0));
        assertThat(decoded.roleSelections()).containsExactly(new RoleSelection("1.2.3.4", true, false));
        assertThat(decoded.extendedNegotiations()).containsExactly(new ExtendedNegotiation("1.2.3.4", hex("010203")));
        assertThat(decoded.commonExtendedNegotiations()).hasSize(1);
        assertThat(decoded.userIdentityRq().orElseThrow().secondaryField()).isEqualTo(ascii("secret"));
        assertThat(decoded.unknownItems()).hasSize(2);
    }

    @Test
    void userIdentityKinds() throws Exception {
        UserIdentityRq jwt = UserIdentityRq.of(UserIdentityRq.IdentityType.JWT, ascii("eyJ"), false);
        UserIdentityRq future = new UserIdentityRq(9, true, hex("01"), hex("02"));
        for (UserIdentityRq id : List.of(jwt, future, UserIdentityRq.username("u", false))) {
            AssociateRq rq = new AssociateRq("A", "B", List.of(PresentationContextRq.of(1, VERIFICATION, IMPLICIT_LE)),
                    UserInformation.of(0, "1.2", null).with(id));
            assertThat(PduReader.decode(PduEncoder.encode(rq))).isEqualTo(rq);
        }
        assertThat(UserIdentityRq.IdentityType.forCode(9)).isNull();
        assertThat(UserIdentityRq.IdentityType.forCode(5)).isEqualTo(UserIdentityRq.IdentityType.JWT);
    }

    @Test
    void writeToStreamAndPdvHeaders() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduEncoder.write(new ReleaseRp(), out);
        assertThat(out.toByteArray()).isEqualTo(hex("06 00 00000004 00000000"));

        byte[] buf = new byte[12];
        PduEncoder.writePDataTfHeader(buf, 0, 1030);
        PduEncoder.writePdvHeader(buf, 6, 1024, 7, false, true);
        assertThat(buf).isEqualTo(hex("04 00 00000406 00000402 07 02"));
        assertThat(PduEncoder.messageControlHeader(true, false)).isEqualTo(1);
        assertThat(PduEncoder.maxPdvDataLength(16384)).isEqualTo(16378);
        assertThat(PduEncoder.maxPdvDataLength(0)).isEqualTo(Integer.MAX_VALUE - 12);
    }

    private static void assertRoundTrip(Pdu pdu, byte[] expected) throws PduException {
        assertThat(PduEncoder.encode(pdu)).as("encoding of %s", pdu).isEqualTo(expected);
        assertThat(PduReader.decode(expected)).isEqualTo(pdu);
    }
}
