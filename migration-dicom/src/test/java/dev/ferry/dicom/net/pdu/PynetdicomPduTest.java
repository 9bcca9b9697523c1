package dev.ferry.dicom.net.pdu;

import static dev.ferry.dicom.net.pdu.Raw.applicationContext;
import static dev.ferry.dicom.net.pdu.Raw.ascii;
import static dev.ferry.dicom.net.pdu.Raw.hex;
import static dev.ferry.dicom.net.pdu.Raw.item;
import static dev.ferry.dicom.net.pdu.Raw.maxLength;
import static dev.ferry.dicom.net.pdu.Raw.userInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PDUs and items pynetdicom's tests encode (see the NOTICE beside the copies): each whole PDU
 * decoded, checked against what pynetdicom says it holds, re-encoded to the same bytes; each bare
 * item wrapped into the PDU it belongs in, likewise.
 */
class PynetdicomPduTest {
    private static final String VERIFICATION = "1.2.840.10008.1.1";
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String PYNETDICOM_090 = "1.2.826.0.1.3680043.9.3811.0.9.0";
    private static final String DCMTK_360 = "1.2.276.0.7230010.3.0.3.6.0";

    @Test
    void associateRq() throws Exception {
        AssociateRq rq = (AssociateRq) decodeAndReencode("a_associate_rq.bin");
        assertThat(rq.protocolVersion()).isEqualTo(1);
        assertThat(rq.calledAeTitle()).isEqualTo("ANY-SCP");
        assertThat(rq.callingAeTitle()).isEqualTo("ECHOSCU");
        assertThat(rq.applicationContext()).isEqualTo(AssociateRq.DICOM_APPLICATION_CONTEXT);
        assertThat(rq.presentationContexts()).containsExactly(PresentationContextRq.of(1, VERIFICATION, IMPLICIT_LE));
        assertThat(rq.userInformation()).isEqualTo(UserInformation.of(16382, PYNETDICOM_090, "PYNETDICOM_090"));
    }

    @Test
    void associateRqWithUserIdentityAndAsyncWindow() throws Exception {
        AssociateRq rq = (AssociateRq) decodeAndReencode("a_associate_rq_user_async.bin");
        UserInformation user = rq.userInformation();
        // pynetdicom sends the user identity before the asynchronous operations window: the order is kept
        assertThat(user.items()).extracting(UserItem::itemType).containsExactly(0x51, 0x52, 0x55, 0x58, 0x53);
        assertThat(user.userIdentityRq()).contains(UserIdentityRq.username("pynetdicom", true));
        assertThat(user.asyncOpsWindow()).contains(new AsyncOpsWindow(5, 5));
    }

    @Test
    void associateRqWithRoleSelection() throws Exception {
        AssociateRq rq = (AssociateRq) decodeAndReencode("a_associate_rq_role.bin");
        assertThat(rq.callingAeTitle()).isEqualTo("GETSCU");
        assertThat(rq.presentationContexts()).containsExactly(PresentationContextRq.of(1, CT, EXPLICIT_LE));
        assertThat(rq.userInformation().roleSelections()).containsExactly(new RoleSelection(CT, false, true));
    }

    @Test
    void associateRqWithUserIdentityAndExtendedNegotiation() throws Exception {
        AssociateRq rq = (AssociateRq) decodeAndReencode("a_associate_rq_user_id_ext_neg.bin");
        assertThat(rq.presentationContexts()).containsExactly(
                PresentationContextRq.of(1, VERIFICATION, IMPLICIT_LE),
                PresentationContextRq.of(3, CT, IMPLICIT_LE),
                PresentationContextRq.of(5, MR, IMPLICIT_LE));
        UserInformation user = rq.userInformation();
        assertThat(user.maxPduLength()).isEqualTo(16382);
        assertThat(user.userIdentityRq()).contains(UserIdentityRq.username("pynetdicom", true));
        assertThat(user.asyncOpsWindow()).contains(new AsyncOpsWindow(5, 5));
        assertThat(user.extendedNegotiations()).containsExactly(
                new ExtendedNegotiation(CT, hex("02 00 03 00 01 00")),
                new ExtendedNegotiation(MR, hex("02 00 03 00 01 00")));
    }

    @Test
    void associateRqWithUsernameAndPasscode() throws Exception {
        byte[] file = Pynetdicom.file("a_associate_rq_user_id_user_pass.bin");
        AssociateRq rq = (AssociateRq) PduReader.decode(file);
        assertThat(rq.callingAeTitle()).isEqualTo("STORESCU");
        assertThat(rq.presentationContexts()).containsExactly(
                PresentationContextRq.of(1, CT, EXPLICIT_LE, "1.2.840.10008.1.2.2", IMPLICIT_LE));
        UserInformation user = rq.userInformation();
        assertThat(user.maxPduLength()).isEqualTo(16384);
        assertThat(user.implementationClassUid()).contains(DCMTK_360);
        assertThat(user.implementationVersionName()).contains("OFFIS_DCMTK_360");
        UserIdentityRq identity = user.userIdentityRq().orElseThrow();
        assertThat(identity).isEqualTo(UserIdentityRq.usernameAndPasscode("pynetdicom", "p4ssw0rd", false));
        assertThat(identity.toString()).doesNotContain("p4ssw0rd").doesNotContain("pynetdicom");
        assertThat(rq.toString()).doesNotContain("p4ssw0rd");

        // byte 2 of the presentation context item's fixed fields is reserved, sent as FFH here
        int reserved = indexOf(file, hex("20 00 0064 01 00")) + 6;
        assertThat(file[reserved]).isEqualTo((byte) 0xFF);
        file[reserved] = 0;
        assertThat(PduEncoder.encode(rq)).isEqualTo(file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a_associate_rq_called.bin", "a_associate_rq_calling.bin"})
    void associateRqWithBlankAeTitleIsInvalid(String name) {
        int offset = name.contains("called") ? 10 : 26;
        assertThatThrownBy(() -> PduReader.decode(Pynetdicom.file(name)))
                .isInstanceOfSatisfying(PduException.class, e -> {
                    assertThat(e.abortReason()).isEqualTo(AbortReason.INVALID_PDU_PARAMETER_VALUE);
                    assertThat(e.pduType()).isEqualTo(PduType.ASSOCIATE_RQ);
                    assertThat(e.offset()).isEqualTo(offset);
                })
                .hasMessageContaining(name.contains("called") ? "called AE title is blank" : "calling AE title is blank");
    }

    @Test
    void associateAc() throws Exception {
        AssociateAc ac = (AssociateAc) decodeAndReencode("a_associate_ac.bin");
        assertThat(ac.calledAeTitle()).isEqualTo("ANY-SCP");
        assertThat(ac.callingAeTitle()).isEqualTo("ECHOSCU");
        assertThat(ac.presentationContexts()).containsExactly(PresentationContextAc.accepted(1, IMPLICIT_LE));
        assertThat(ac.userInformation()).isEqualTo(UserInformation.of(16384, DCMTK_360, "OFFIS_DCMTK_360"));
    }

    @Test
    void associateAcWithUserIdentityResponse() throws Exception {
        // upstream added the user identity sub-item without updating the PDU-length (B8H, as in
        // a_associate_ac.bin): the user information item now runs past the end of the PDU
        byte[] file = Pynetdicom.file("a_associate_ac_user.bin");
        assertThatThrownBy(() -> PduReader.decode(file))
                .isInstanceOfSatisfying(PduException.class, e -> {
                    assertThat(e.abortReason()).isEqualTo(AbortReason.INVALID_PDU_PARAMETER_VALUE);
                    assertThat(e.offset()).isEqualTo(130);
                })
                .hasMessageContaining("item 50H (user information) has length 72, past the end of the PDU");

        byte[] fixed = file.clone();
        fixed[5] = (byte) (file.length - 6);
        AssociateAc ac = (AssociateAc) PduReader.decode(fixed);
        assertThat(PduEncoder.encode(ac)).isEqualTo(fixed);
        assertThat(ac.userInformation().userIdentityAc()).contains(new UserIdentityAc(ascii("Accepted")));
        assertThat(ac.userInformation().toString()).doesNotContain("Accepted");
    }

    @Test
    void associateAcRejectingWithoutTransferSyntaxSubItem() throws Exception {
        AssociateAc ac = (AssociateAc) decodeAndReencode("a_associate_ac_no_ts.bin");
        assertThat(ac.callingAeTitle()).isEqualTo("PYNETDICOM");
        assertThat(ac.presentationContexts()).containsExactly(
                new PresentationContextAc(1, PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED, null));
        assertThat(ac.userInformation().implementationVersionName()).contains("PYNETDICOM_140");
    }

    @Test
    void associateAcRejectingWithEmptyTransferSyntaxSubItem() throws Exception {
        AssociateAc ac = (AssociateAc) decodeAndReencode("a_associate_ac_zero_ts.bin");
        assertThat(ac.presentationContexts()).containsExactly(
                PresentationContextAc.accepted(1, EXPLICIT_LE),
                PresentationContextAc.rejected(3, PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED));
        assertThat(ac.userInformation()).isEqualTo(UserInformation.of(0x7000, "2.16.840.1", "MergeCOM3_390IB2"));
    }

    @Test
    void associateAcWithCommonExtendedNegotiation() throws Exception {
        // named "rq" upstream, but its PDU type is 02H (pynetdicom: "needs to be updated")
        AssociateAc ac = (AssociateAc) decodeAndReencode("a_associate_rq_com_ext_neg.bin");
        assertThat(ac.presentationContexts()).extracting(PresentationContextAc::id).containsExactly(1, 3, 5);
        assertThat(ac.userInformation().commonExtendedNegotiations()).containsExactly(
                new CommonExtendedNegotiation(MR, "1.2.840.10008.4.2", List.of("1.2.840.10008.5.1.4.1.1.88.22")));
    }

    @Test
    void associateRj() throws Exception {
        AssociateRj rj = (AssociateRj) decodeAndReencode("a_associate_rj.bin");
        assertThat(rj).isEqualTo(new AssociateRj(AssociateRj.Result.REJECTED_PERMANENT,
                AssociateRj.Reason.USER_NO_REASON_GIVEN));
        assertThat(rj.describe()).isEqualTo("rejected-permanent by DICOM UL service-user: no-reason-given");
    }

    @Test
    void releaseAndAbort() throws Exception {
        assertThat(decodeAndReencode("a_release_rq.bin")).isEqualTo(new ReleaseRq());
        assertThat(decodeAndReencode("a_release_rp.bin")).isEqualTo(new ReleaseRp());
        assertThat(decodeAndReencode("a_abort.bin")).isEqualTo(Abort.byServiceUser());
        Abort providerAbort = (Abort) decodeAndReencode("a_p_abort.bin");
        assertThat(providerAbort).isEqualTo(Abort.byServiceProvider(AbortReason.UNRECOGNIZED_PDU_PARAMETER));
        assertThat(providerAbort.describe())
                .isEqualTo("DICOM UL service-provider (initiated abort): unrecognized-PDU-parameter");
    }

    @Test
    void pDataTf() throws Exception {
        for (String name : List.of("p_data_tf.bin", "p_data_tf_rq.bin", "p_data_tf_n_event_report.bin")) {
            byte[] file = Pynetdicom.file(name);
            PDataTf p = (PDataTf) decodeAndReencode(name);
            assertThat(p.pdvs()).as(name).hasSize(1);
            Pdv pdv = p.pdvs().get(0);
            assertThat(pdv.presentationContextId()).isEqualTo(1);
            assertThat(pdv.command()).isTrue();
            assertThat(pdv.last()).isTrue();
            assertThat(pdv.data()).isEqualTo(Arrays.copyOfRange(file, 12, file.length));
            // a command: the group length element (0000,0000) UL, little endian, first
            assertThat(Arrays.copyOf(pdv.data(), 8)).isEqualTo(hex("00000000 04000000"));
        }
    }

    @Test
    void presentationDataIsThePdvAfterItsContextId() {
        // pynetdicom's PDV value: message control header and fragment, as in p_data_tf.bin from byte 11
        byte[] pData = Pynetdicom.file("p_data_tf.bin");
        assertThat(Pynetdicom.file("presentation_data.bin")).isEqualTo(Arrays.copyOfRange(pData, 11, pData.length));
    }

    @Test
    void presentationContextSubItems() throws Exception {
        AssociateRq rq = (AssociateRq) wrapped(Raw.rq(applicationContext(), item(0x20, hex("01 000000"),
                Pynetdicom.file("abstract_syntax.bin"), Pynetdicom.file("transfer_syntax.bin")),
                userInfo(maxLength(16384))));
        assertThat(rq.presentationContexts()).containsExactly(PresentationContextRq.of(1, VERIFICATION, IMPLICIT_LE));

        rq = (AssociateRq) wrapped(Raw.rq(applicationContext(), Pynetdicom.file("presentation_context_rq.bin"),
                userInfo(maxLength(16384))));
        assertThat(rq.presentationContexts()).containsExactly(PresentationContextRq.of(1, VERIFICATION, IMPLICIT_LE));

        AssociateAc ac = (AssociateAc) wrapped(Raw.ac(applicationContext(), Pynetdicom.file("presentation_context_ac.bin"),
                userInfo(maxLength(16384))));
        assertThat(ac.presentationContexts()).containsExactly(PresentationContextAc.accepted(1, IMPLICIT_LE));
    }

    @Test
    void presentationContextWithNonAsciiAbstractSyntax() throws Exception {
        byte[] item = Pynetdicom.file("presentation_context_rq_utf8.bin");
        byte[] pdu = Raw.rq(applicationContext(), item, userInfo(maxLength(16384)));
        AssociateRq rq = (AssociateRq) PduReader.decode(pdu);
        PresentationContextRq pc = rq.presentationContexts().get(0);
        assertThat(pc.id()).isEqualTo(77);
        // zero-width spaces, UTF-8 encoded, inside the UID: kept byte for byte, for the association
        // layer to reject as an unknown abstract syntax
        assertThat(pc.abstractSyntax()).isEqualTo(new String(
                "1.2.840.10008.\u200b5.\u200b1.\u200b4.\u200b1.\u200b1.\u200b104.\u200b3".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1));
        assertThat(pc.transferSyntaxes()).containsExactly(EXPLICIT_LE);

        int reserved = indexOf(pdu, item) + 6;
        assertThat(pdu[reserved]).isEqualTo((byte) 0xFF);
        pdu[reserved] = 0;
        assertThat(PduEncoder.encode(rq)).isEqualTo(pdu);
    }

    @Test
    void applicationContextItems() throws Exception {
        AssociateRq rq = (AssociateRq) wrapped(Raw.rq(Pynetdicom.file("application_context.bin"),
                Raw.pcRq(1, VERIFICATION, IMPLICIT_LE), userInfo(maxLength(16384))));
        assertThat(rq.applicationContext()).isEqualTo(AssociateRq.DICOM_APPLICATION_CONTEXT);

        // an empty name decodes: refusing it is the association layer's A-ASSOCIATE-RJ, not an abort
        rq = (AssociateRq) wrapped(Raw.rq(Pynetdicom.file("application_context_empty.bin"),
                Raw.pcRq(1, VERIFICATION, IMPLICIT_LE), userInfo(maxLength(16384))));
        assertThat(rq.applicationContext()).isEmpty();
    }

    @Test
    void userInformationItem() throws Exception {
        AssociateRq rq = (AssociateRq) wrapped(Raw.rq(applicationContext(), Raw.pcRq(1, VERIFICATION, IMPLICIT_LE),
                Pynetdicom.file("user_information.bin")));
        assertThat(rq.userInformation()).isEqualTo(UserInformation.of(16382, PYNETDICOM_090, "PYNETDICOM_090"));
    }

    @Test
    void userSubItems() throws Exception {
        assertThat(subItemInRq("maximum_length_received.bin")).isEqualTo(new MaxLength(16382));
        assertThat(subItemInRq("implementation_class_uid.bin")).isEqualTo(new ImplementationClassUid(PYNETDICOM_090));
        assertThat(subItemInRq("implementation_class_uid_empty.bin")).isEqualTo(new ImplementationClassUid(""));
        assertThat(subItemInRq("implementation_version_name.bin"))
                .isEqualTo(new ImplementationVersionName("PYNETDICOM_090"));
        assertThat(subItemInRq("implementation_version_name_empty.bin")).isEqualTo(new ImplementationVersionName(""));
        assertThat(subItemInRq("asynchronous_window_ops.bin")).isEqualTo(new AsyncOpsWindow(5, 5));
        assertThat(subItemInRq("role_selection.bin")).isEqualTo(new RoleSelection("1.2.840.10008.5.1.4.1.1.21", false, true));
        assertThat(subItemInRq("role_selection_odd.bin")).isEqualTo(new RoleSelection(CT, false, true));
        assertThat(subItemInRq("extended_negotiation.bin")).isEqualTo(new ExtendedNegotiation(CT, hex("02 00 03 00 01 00")));
        assertThat(subItemInRq("common_extended_negotiation.bin")).isEqualTo(
                new CommonExtendedNegotiation(MR, "1.2.840.10008.4.2", List.of("1.2.840.10008.5.1.4.1.1.88.22")));
        assertThat(subItemInRq("user_identity_rq_user_nopw.bin")).isEqualTo(UserIdentityRq.username("pynetdicom", true));
        assertThat(subItemInRq("user_identity_rq_user_pass.bin"))
                .isEqualTo(UserIdentityRq.usernameAndPasscode("pynetdicom", "p4ssw0rd", false));

        AssociateAc ac = (AssociateAc) wrapped(Raw.ac(applicationContext(), userInfo(maxLength(0),
                Pynetdicom.file("user_identity_ac.bin"))));
        assertThat(ac.userInformation().userIdentityAc()).contains(new UserIdentityAc(ascii("Accepted")));
    }

    /** The file's sub-item after a maximum length (unless it is one) in a minimal A-ASSOCIATE-RQ. */
    private static UserItem subItemInRq(String name) throws PduException {
        byte[] sub = Pynetdicom.file(name);
        byte[] user = sub[0] == 0x51 ? userInfo(sub) : userInfo(maxLength(16384), sub);
        AssociateRq rq = (AssociateRq) wrapped(Raw.rq(applicationContext(), Raw.pcRq(1, VERIFICATION, IMPLICIT_LE), user));
        List<UserItem> items = rq.userInformation().items();
        return items.get(items.size() - 1);
    }

    /** Decodes the wrapping PDU and checks that it encodes back to the same bytes. */
    private static Pdu wrapped(byte[] pdu) throws PduException {
        Pdu decoded = PduReader.decode(pdu);
        assertThat(PduEncoder.encode(decoded)).isEqualTo(pdu);
        return decoded;
    }

    private static Pdu decodeAndReencode(String name) throws PduException {
        byte[] file = Pynetdicom.file(name);
        Pdu pdu = PduReader.decode(file);
        assertThat(PduEncoder.encode(pdu)).as("re-encoding of %s", name).isEqualTo(file);
        return pdu;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
