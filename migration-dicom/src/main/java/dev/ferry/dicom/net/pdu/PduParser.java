package dev.ferry.dicom.net.pdu;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the body of a PDU other than P-DATA-TF (PS3.8 sections 9.3.2 to 9.3.8), whose length the
 * reader has checked for its type. Offsets in failures count from the PDU-type byte.
 *
 * <p>Items of types PS3.8 does not define are skipped, as PS3.8 section 9.3 says; at the top level
 * and in presentation contexts nothing is kept of them (user information keeps them, see
 * {@link UnknownUserItem}). An item PS3.8 defines for another place is unexpected (abort reason 5),
 * as is a second one of an item that may occur once. Reserved fields are not tested, and the order
 * of items is not either.
 */
final class PduParser {
    static final int ABSTRACT_SYNTAX_ITEM = 0x30;
    static final int TRANSFER_SYNTAX_ITEM = 0x40;

    private PduParser() {}

    static Pdu parse(PduType type, byte[] body) throws PduException {
        Body b = new Body(type, body);
        try {
            return switch (type) {
                case ASSOCIATE_RQ, ASSOCIATE_AC -> associate(b);
                case ASSOCIATE_RJ -> reject(b);
                case RELEASE_RQ -> new ReleaseRq();
                case RELEASE_RP -> new ReleaseRp();
                case ABORT -> abort(b);
                case P_DATA_TF -> throw new IllegalStateException("P-DATA-TF is read PDV by PDV");
            };
        } catch (IllegalArgumentException e) {
            // The checks below should leave the records nothing to refuse; should one slip through,
            // it is still the peer's PDU that is invalid.
            throw b.invalid(0, e.getMessage());
        }
    }

    private static AssociateRj reject(Body b) throws PduException {
        AssociateRj.Result result = AssociateRj.Result.forCode(b.u8(1));
        if (result == null) {
            throw b.invalid(1, "result " + b.u8(1) + " is not 1 or 2 (PS3.8 Table 9-21)");
        }
        AssociateRj.Source source = AssociateRj.Source.forCode(b.u8(2));
        if (source == null) {
            throw b.invalid(2, "source " + b.u8(2) + " is not 1, 2 or 3 (PS3.8 Table 9-21)");
        }
        AssociateRj.Reason reason = AssociateRj.Reason.forCode(source, b.u8(3));
        if (reason == null) {
            throw b.invalid(3, "reason/diag. " + b.u8(3) + " is reserved or undefined for source " + source.code()
                    + " (PS3.8 Table 9-21)");
        }
        return new AssociateRj(result, reason);
    }

    private static Abort abort(Body b) throws PduException {
        AbortSource source = AbortSource.forCode(b.u8(2));
        if (source == null) {
            throw b.invalid(2, "source " + b.u8(2) + " is not 0 or 2 (PS3.8 Table 9-26)");
        }
        if (source == AbortSource.SERVICE_USER) {
            return Abort.byServiceUser(); // the reason is not significant, and not tested
        }
        AbortReason reason = AbortReason.forCode(b.u8(3));
        if (reason == null) {
            throw b.invalid(3, "reason/diag. " + b.u8(3) + " is reserved or undefined (PS3.8 Table 9-26)");
        }
        return Abort.byServiceProvider(reason);
    }

    private static Pdu associate(Body b) throws PduException {
        boolean rq = b.type == PduType.ASSOCIATE_RQ;
        int n = b.length();
        if (n < Associate.FIXED_LENGTH) {
            throw b.invalid(0, "the PDU has " + n + " bytes after its header, fewer than the "
                    + Associate.FIXED_LENGTH + " of the fixed fields");
        }
        int version = b.u16(0);
        String called = aeTitle(b, 4, "called AE title", rq);
        String calling = aeTitle(b, 20, "calling AE title", rq);

        String context = null;
        List<PresentationContextRq> proposed = new ArrayList<>();
        List<PresentationContextAc> answered = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        UserInformation user = null;
        for (int i = Associate.FIXED_LENGTH; i < n; ) {
            int type = b.u8(i);
            int length = b.itemLength(i, n, "the PDU");
            if (type == Associate.APPLICATION_CONTEXT_ITEM) {
                if (context != null) {
                    throw b.unexpected(i, "a second application context item (10H)");
                }
                context = Text.uid(b.latin1(i + 4, length), "application context name");
            } else if (type == PresentationContextRq.ITEM_TYPE || type == PresentationContextAc.ITEM_TYPE) {
                if ((type == PresentationContextRq.ITEM_TYPE) != rq) {
                    throw b.unexpected(i, "item " + Items.name(type) + " does not belong in an " + b.type);
                }
                int id;
                if (rq) {
                    PresentationContextRq pc = proposed(b, i, length);
                    proposed.add(pc);
                    id = pc.id();
                } else {
                    PresentationContextAc pc = answered(b, i, length);
                    answered.add(pc);
                    id = pc.id();
                }
                if (!ids.add(id)) {
                    throw b.invalid(i + 4, "presentation context ID " + id + " occurs twice");
                }
            } else if (type == UserInformation.ITEM_TYPE) {
                if (user != null) {
                    throw b.unexpected(i, "a second user information item (50H)");
                }
                user = UserInfoParser.parse(b, i, length, rq);
            } else if (Items.isKnown(type)) {
                throw b.unexpected(i, "sub-item " + Items.name(type) + " outside the item it belongs in");
            }
            i += 4 + length;
        }
        if (context == null) {
            throw b.invalid(Associate.FIXED_LENGTH, "no application context item (10H)");
        }
        if (rq && proposed.isEmpty()) {
            throw b.invalid(Associate.FIXED_LENGTH, "no presentation context item (20H)");
        }
        if (user == null) {
            throw b.invalid(Associate.FIXED_LENGTH, "no user information item (50H)");
        }
        return rq
                ? new AssociateRq(version, called, calling, context, proposed, user)
                : new AssociateAc(version, called, calling, context, answered, user);
    }

    /**
     * An AE title field: checked in an A-ASSOCIATE-RQ (PS3.8 Table 9-11); in an A-ASSOCIATE-AC a
     * reserved field, not tested (Table 9-17).
     */
    private static String aeTitle(Body b, int at, String what, boolean check) throws PduException {
        String title = Text.aeTitle(b.latin1(at, Text.AE_TITLE_LENGTH), what);
        String problem = check ? Text.aeTitleProblem(title) : null;
        if (problem != null) {
            throw b.invalid(at, what + " " + problem);
        }
        return title;
    }

    /** A Presentation Context Item (RQ) whose header starts at {@code at} (PS3.8 Table 9-13). */
    private static PresentationContextRq proposed(Body b, int at, int length) throws PduException {
        requireFixedFields(b, at, length);
        int id = presentationContextId(b, at);
        String abstractSyntax = null;
        List<String> transferSyntaxes = new ArrayList<>();
        int end = at + 4 + length;
        String where = "presentation context " + id;
        for (int i = at + 8; i < end; ) {
            int type = b.u8(i);
            int len = b.itemLength(i, end, where);
            if (type == ABSTRACT_SYNTAX_ITEM) {
                if (abstractSyntax != null) {
                    throw b.unexpected(i, "a second abstract syntax sub-item (30H) in " + where);
                }
                abstractSyntax = Text.uid(b.latin1(i + 4, len), "abstract syntax");
            } else if (type == TRANSFER_SYNTAX_ITEM) {
                transferSyntaxes.add(Text.uid(b.latin1(i + 4, len), "transfer syntax"));
            } else if (Items.isKnown(type)) {
                throw b.unexpected(i, "item " + Items.name(type) + " does not belong in " + where);
            }
            i += 4 + len;
        }
        if (abstractSyntax == null) {
            throw b.invalid(at, where + " has no abstract syntax sub-item (30H)");
        }
        if (transferSyntaxes.isEmpty()) {
            throw b.invalid(at, where + " has no transfer syntax sub-item (40H)");
        }
        return new PresentationContextRq(id, abstractSyntax, transferSyntaxes);
    }

    /** A Presentation Context Item (AC) whose header starts at {@code at} (PS3.8 Table 9-18). */
    private static PresentationContextAc answered(Body b, int at, int length) throws PduException {
        requireFixedFields(b, at, length);
        int id = presentationContextId(b, at);
        String where = "presentation context " + id;
        PresentationContextAc.Result result = PresentationContextAc.Result.forCode(b.u8(at + 6));
        if (result == null) {
            throw b.invalid(at + 6, where + " has result/reason " + b.u8(at + 6)
                    + ", which PS3.8 Table 9-18 does not define");
        }
        String transferSyntax = null;
        int end = at + 4 + length;
        for (int i = at + 8; i < end; ) {
            int type = b.u8(i);
            int len = b.itemLength(i, end, where);
            if (type == TRANSFER_SYNTAX_ITEM) {
                if (transferSyntax != null) {
                    throw b.unexpected(i, "a second transfer syntax sub-item (40H) in " + where);
                }
                transferSyntax = Text.uid(b.latin1(i + 4, len), "transfer syntax");
            } else if (Items.isKnown(type)) {
                throw b.unexpected(i, "item " + Items.name(type) + " does not belong in " + where);
            }
            i += 4 + len;
        }
        if (result == PresentationContextAc.Result.ACCEPTANCE && (transferSyntax == null || transferSyntax.isEmpty())) {
            throw b.invalid(at, where + " is accepted without a transfer syntax");
        }
        return new PresentationContextAc(id, result, transferSyntax);
    }

    private static void requireFixedFields(Body b, int at, int length) throws PduException {
        if (length < 4) {
            throw b.invalid(at + 2, "presentation context item has length " + length
                    + ", fewer than its 4 fixed bytes");
        }
    }

    private static int presentationContextId(Body b, int at) throws PduException {
        int id = b.u8(at + 4);
        if ((id & 1) == 0) {
            throw b.invalid(at + 4, "presentation context ID " + id + " is not an odd integer from 1 to 255");
        }
        return id;
    }
}
