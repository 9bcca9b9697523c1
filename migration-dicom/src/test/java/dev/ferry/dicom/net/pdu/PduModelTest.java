package dev.ferry.dicom.net.pdu;

import static dev.ferry.dicom.net.pdu.Raw.ascii;
import static dev.ferry.dicom.net.pdu.Raw.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The records' constructors: what they refuse, what they normalise, and how they guard their bytes. */
class PduModelTest {
    private static final String VERIFICATION = "1.2.840.10008.1.1";
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final List<PresentationContextRq> PCS = List.of(PresentationContextRq.of(1, VERIFICATION, IMPLICIT_LE));
    private static final UserInformation USER = UserInformation.of(16384, "1.2.3", "FERRY");

    @Test
    void requestAeTitles() {
        assertThat(new AssociateRq("  STORE SCP  ", "FERRY\0\0", PCS, USER).calledAeTitle()).isEqualTo("STORE SCP");
        assertThat(new AssociateRq("A", "FERRY\0\0", PCS, USER).callingAeTitle()).isEqualTo("FERRY");
        assertThat(new AssociateRq("ABCDEFGHIJKLMNOP", "B", PCS, USER).calledAeTitle()).hasSize(16);
        for (String bad : List.of("", "                ", "ABCDEFGHIJKLMNOPQ", "A\\B", "A\tB", "CAF\u00c9", "\u0100")) {
            assertThatThrownBy(() -> new AssociateRq(bad, "B", PCS, USER))
                    .as("called AE title %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("called AE title");
        }
        assertThatThrownBy(() -> new AssociateRq("A", null, PCS, USER)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void acceptAeTitlesAreOnlyTrimmed() {
        AssociateAc ac = new AssociateAc(1, "", " A\\B ", AssociateRq.DICOM_APPLICATION_CONTEXT, List.of(),
                UserInformation.of(0, "1.2", null));
        assertThat(ac.calledAeTitle()).isEmpty();
        assertThat(ac.callingAeTitle()).isEqualTo("A\\B");
        assertThatThrownBy(() -> new AssociateAc(1, "ABCDEFGHIJKLMNOPQ", "", "1.2", List.of(), USER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answeringARequestEchoesIt() {
        AssociateRq rq = new AssociateRq("SCP", "SCU", PCS, USER);
        AssociateAc ac = AssociateAc.answering(rq, List.of(PresentationContextAc.accepted(1, IMPLICIT_LE)), USER);
        assertThat(ac.calledAeTitle()).isEqualTo("SCP");
        assertThat(ac.callingAeTitle()).isEqualTo("SCU");
        assertThat(ac.applicationContext()).isEqualTo(AssociateRq.DICOM_APPLICATION_CONTEXT);
        assertThat(ac.supportsVersion1()).isTrue();
    }

    @Test
    void presentationContexts() {
        for (int id : new int[] {0, 2, 256, -1, 257}) {
            assertThatThrownBy(() -> PresentationContextRq.of(id, VERIFICATION, IMPLICIT_LE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> PresentationContextAc.accepted(id, IMPLICIT_LE))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> PresentationContextRq.of(1, VERIFICATION))
                .hasMessageContaining("proposes no transfer syntax");
        assertThatThrownBy(() -> PresentationContextAc.accepted(1, ""))
                .hasMessageContaining("accepted without a transfer syntax");
        assertThatThrownBy(() -> PresentationContextAc.rejected(1, PresentationContextAc.Result.ACCEPTANCE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PresentationContextRq.of(1, VERIFICATION, "1".repeat(65536)))
                .hasMessageContaining("more than the 65535 an item-length field holds");
        assertThat(PresentationContextRq.of(255, VERIFICATION + "\0", IMPLICIT_LE + " ").transferSyntaxes())
                .containsExactly(IMPLICIT_LE);
        assertThat(PresentationContextAc.rejected(3, PresentationContextAc.Result.USER_REJECTION).isAccepted()).isFalse();
        assertThatThrownBy(() -> PresentationContextRq.of(1, "1.2.\u2126", IMPLICIT_LE))
                .hasMessageContaining("U+2126");
    }

    @Test
    void requestAndAcceptContextLists() {
        assertThatThrownBy(() -> new AssociateRq("A", "B", List.of(), USER))
                .hasMessageContaining("at least one presentation context");
        assertThatThrownBy(() -> new AssociateRq("A", "B", List.of(PCS.get(0), PCS.get(0)), USER))
                .hasMessageContaining("proposed twice");
        assertThatThrownBy(() -> new AssociateAc(1, "A", "B", "1.2", List.of(PresentationContextAc.accepted(1, "1.2"),
                PresentationContextAc.accepted(1, "1.2")), USER)).hasMessageContaining("answered twice");
        assertThatThrownBy(() -> new AssociateRq("A", "B", PCS, USER.with(new UserIdentityAc(new byte[0]))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AssociateAc(1, "A", "B", "1.2", List.of(),
                USER.with(UserIdentityRq.username("u", false)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AssociateRq(0x10000, "A", "B", "1.2", PCS, USER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void userInformation() {
        assertThatThrownBy(() -> new UserInformation(List.of(new ImplementationClassUid("1.2"))))
                .hasMessageContaining("no maximum length sub-item");
        assertThatThrownBy(() -> new UserInformation(List.of(new MaxLength(1), new MaxLength(2))))
                .hasMessageContaining("more than one sub-item of type 51H");
        assertThatThrownBy(() -> new UserInformation(List.of(new MaxLength(1), new ImplementationClassUid("1"),
                new ImplementationClassUid("2")))).hasMessageContaining("52H");
        assertThatThrownBy(() -> new UserInformation(List.of(new MaxLength(1),
                new UnknownUserItem(0x60, new byte[40000]), new UnknownUserItem(0x61, new byte[40000]))))
                .hasMessageContaining("user information item would be");

        RoleSelection ct = new RoleSelection("1.2.840.10008.5.1.4.1.1.2", false, true);
        UserInformation user = UserInformation.of(0, "1.2", null)
                .with(new UnknownUserItem(0x60, hex("01")))
                .with(ct)
                .with(ct)
                .with(new AsyncOpsWindow(1, 1))
                .with(new ImplementationVersionName("V1"))
                .with(new MaxLength(32768))
                .with(new ImplementationVersionName("V2"));
        assertThat(user.items()).extracting(UserItem::itemType).containsExactly(0x51, 0x52, 0x53, 0x54, 0x54, 0x55, 0x60);
        assertThat(user.maxPduLength()).isEqualTo(32768);
        assertThat(user.implementationVersionName()).contains("V2");
        assertThat(user.roleSelections()).containsExactly(ct, ct);
        assertThat(UserInformation.of(0, "1.2", null).implementationVersionName()).isEmpty();
        assertThat(new UserInformation(List.of(new MaxLength(0))).implementationClassUid()).isEmpty();
    }

    @Test
    void subItemRanges() {
        assertThatThrownBy(() -> new MaxLength(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MaxLength(1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AsyncOpsWindow(65536, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AsyncOpsWindow(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnknownUserItem(0x55, new byte[0])).hasMessageContaining("known");
        assertThatThrownBy(() -> new UnknownUserItem(256, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserIdentityRq(256, false, new byte[0], new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserIdentityRq(1, false, new byte[65535], new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new CommonExtendedNegotiation("1.2\0", "1.3 ", List.of("1.4\0")).relatedGeneralSopClassUids())
                .containsExactly("1.4");
    }

    @Test
    void bytesAreCopiedComparedByContentAndNotPrinted() {
        byte[] secret = ascii("p4ssw0rd");
        UserIdentityRq id = UserIdentityRq.usernameAndPasscode("alice", "p4ssw0rd", true);
        UserIdentityRq same = new UserIdentityRq(2, true, ascii("alice"), secret);
        secret[0] = 'X';
        assertThat(id).isEqualTo(same).hasSameHashCodeAs(same);
        same.secondaryField()[0] = 'Y';
        assertThat(same.secondaryField()).isEqualTo(ascii("p4ssw0rd"));
        assertThat(id.toString()).doesNotContain("alice").doesNotContain("p4ssw0rd")
                .contains("identityType=2 (username and passcode)").contains("secondaryField=8 bytes");
        assertThat(UserInformation.of(0, "1.2", null).with(id).toString()).doesNotContain("p4ssw0rd");
        assertThat(new UserIdentityRq(7, false, hex("01"), new byte[0]).toString()).contains("identityType=7,");

        UserIdentityAc response = new UserIdentityAc(ascii("ticket"));
        assertThat(response).isEqualTo(new UserIdentityAc(ascii("ticket"))).hasSameHashCodeAs(new UserIdentityAc(ascii("ticket")));
        assertThat(response.toString()).isEqualTo("UserIdentityAc[serverResponse=6 bytes]");

        byte[] data = hex("0102");
        Pdv pdv = new Pdv(1, true, false, data);
        data[0] = 9;
        assertThat(pdv.data()).isEqualTo(hex("0102"));
        pdv.data()[1] = 9;
        assertThat(pdv).isEqualTo(new Pdv(1, true, false, hex("0102")))
                .hasSameHashCodeAs(new Pdv(1, true, false, hex("0102")))
                .isNotEqualTo(new Pdv(1, true, true, hex("0102")));
        assertThat(pdv.toString()).isEqualTo("Pdv[presentationContextId=1, command, 2 bytes]");
        assertThat(pdv.messageControlHeader()).isEqualTo(1);

        ExtendedNegotiation ext = new ExtendedNegotiation("1.2", hex("AA"));
        assertThat(ext).isEqualTo(new ExtendedNegotiation("1.2", hex("AA"))).isNotEqualTo(new ExtendedNegotiation("1.2", hex("AB")));
        assertThat(ext.toString()).contains("applicationInformation=1 bytes");
        UnknownUserItem unknown = new UnknownUserItem(0x60, hex("AA"));
        assertThat(unknown).isEqualTo(new UnknownUserItem(0x60, hex("AA"))).isNotEqualTo(new UnknownUserItem(0x61, hex("AA")));
        assertThat(unknown.toString()).isEqualTo("UnknownUserItem[itemType=60H, value=1 bytes]");
    }

    @Test
    void pData() {
        assertThatThrownBy(() -> new PDataTf(List.of())).hasMessageContaining("at least one PDV");
        assertThatThrownBy(() -> new Pdv(2, true, true, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(PDataTf.of(new Pdv(1, false, true, new byte[10])).pduLength()).isEqualTo(16);
    }

    @Test
    void codesAndWordings() {
        assertThatThrownBy(() -> new Abort(AbortSource.SERVICE_USER, AbortReason.UNEXPECTED_PDU))
                .hasMessageContaining("no reason");
        assertThat(Abort.byServiceUser().describe()).isEqualTo("DICOM UL service-user (initiated abort)");
        assertThat(Abort.byServiceProvider(AbortReason.INVALID_PDU_PARAMETER_VALUE).describe())
                .isEqualTo("DICOM UL service-provider (initiated abort): invalid-PDU-parameter-value");
        assertThat(new AssociateRj(AssociateRj.Result.REJECTED_TRANSIENT, AssociateRj.Reason.TEMPORARY_CONGESTION).describe())
                .isEqualTo("rejected-transient by DICOM UL service-provider (Presentation related function): "
                        + "temporary-congestion");
        assertThat(AssociateRj.Reason.forCode(AssociateRj.Source.SERVICE_USER, 7))
                .isEqualTo(AssociateRj.Reason.CALLED_AE_TITLE_NOT_RECOGNIZED);
        assertThat(AssociateRj.Reason.forCode(AssociateRj.Source.SERVICE_USER, 4)).isNull();
        assertThat(AbortReason.forCode(3)).isNull();
        assertThat(AbortReason.forCode(6)).isEqualTo(AbortReason.INVALID_PDU_PARAMETER_VALUE);
        assertThat(AbortSource.forCode(1)).isNull();
        assertThat(PresentationContextAc.Result.forCode(4)).isEqualTo(PresentationContextAc.Result.TRANSFER_SYNTAXES_NOT_SUPPORTED);
        assertThat(PresentationContextAc.Result.forCode(5)).isNull();
        assertThat(PduType.forCode(7)).isEqualTo(PduType.ABORT);
        assertThat(PduType.forCode(0)).isNull();
        assertThat(PduType.forCode(255)).isNull();
        assertThat(PduType.ASSOCIATE_RQ).hasToString("A-ASSOCIATE-RQ");
        assertThat(new PduException(AbortReason.UNEXPECTED_PDU, PduType.ASSOCIATE_AC, 0, "in state Sta6"))
                .hasMessage("A-ASSOCIATE-AC at offset 0: in state Sta6");
    }

    @Test
    void encoderHelpersCheckTheirArguments() {
        byte[] buf = new byte[12];
        assertThatThrownBy(() -> PduEncoder.writePdvHeader(buf, 0, -1, 1, true, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PduEncoder.writePdvHeader(buf, 0, 1, 2, true, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PduEncoder.writePDataTfHeader(buf, 0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PduEncoder.writePDataTfHeader(buf, 0, 1L << 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PduEncoder.maxPdvDataLength(6)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PduEncoder.maxPdvDataLength(0xFFFFFFFFL)).isEqualTo(Integer.MAX_VALUE - 12);
    }
}
