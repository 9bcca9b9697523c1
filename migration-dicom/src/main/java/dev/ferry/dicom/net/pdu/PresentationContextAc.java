package dev.ferry.dicom.net.pdu;

import java.util.Objects;

/**
 * Presentation Context Item of an A-ASSOCIATE-AC (item type 21H, PS3.8 section 9.3.3.2): the
 * acceptor's answer to one proposed context, and the transfer syntax it chose when it accepted.
 *
 * <p>PS3.8 Table 9-18 wants the Transfer Syntax Sub-Item present even when the context is
 * rejected, where its value is not significant; peers differ, sending an empty sub-item or none at
 * all. {@link #transferSyntax} keeps the difference: {@code null} when the sub-item was absent,
 * {@code ""} when it was empty. {@link #rejected} sends an empty sub-item. Immutable.
 *
 * @param id the presentation context ID of the proposal answered, an odd integer from 1 to 255
 * @param result acceptance, or why not
 * @param transferSyntax the chosen transfer syntax UID, non-empty when accepted; when rejected,
 *     anything, {@code ""} or {@code null} (no sub-item)
 */
public record PresentationContextAc(int id, Result result, String transferSyntax) {
    /** Item type of the Presentation Context Item (AC). */
    static final int ITEM_TYPE = 0x21;

    public PresentationContextAc {
        Text.requirePresentationContextId(id);
        Objects.requireNonNull(result, "result");
        if (transferSyntax != null) {
            transferSyntax = Text.uid(transferSyntax, "transfer syntax");
            Text.requireItemLength(4 + 4L + transferSyntax.length(), "presentation context item " + id);
        }
        if (result == Result.ACCEPTANCE && (transferSyntax == null || transferSyntax.isEmpty())) {
            throw new IllegalArgumentException("presentation context " + id + " is accepted without a transfer syntax");
        }
    }

    /** Context {@code id} accepted with {@code transferSyntax}. */
    public static PresentationContextAc accepted(int id, String transferSyntax) {
        return new PresentationContextAc(id, Result.ACCEPTANCE, transferSyntax);
    }

    /** Context {@code id} rejected for {@code result}, with an empty Transfer Syntax Sub-Item. */
    public static PresentationContextAc rejected(int id, Result result) {
        if (result == Result.ACCEPTANCE) {
            throw new IllegalArgumentException("a rejection needs a rejection result, not acceptance");
        }
        return new PresentationContextAc(id, result, "");
    }

    /** Whether the context was accepted. */
    public boolean isAccepted() {
        return result == Result.ACCEPTANCE;
    }

    /** Field Result/Reason of PS3.8 Table 9-18. */
    public enum Result {
        /** 0: acceptance. */
        ACCEPTANCE(0, "acceptance"),
        /** 1: user-rejection. */
        USER_REJECTION(1, "user-rejection"),
        /** 2: no-reason (provider rejection). */
        NO_REASON(2, "no-reason (provider rejection)"),
        /** 3: abstract-syntax-not-supported (provider rejection). */
        ABSTRACT_SYNTAX_NOT_SUPPORTED(3, "abstract-syntax-not-supported (provider rejection)"),
        /** 4: transfer-syntaxes-not-supported (provider rejection). */
        TRANSFER_SYNTAXES_NOT_SUPPORTED(4, "transfer-syntaxes-not-supported (provider rejection)");

        private final int code;
        private final String wording;

        Result(int code, String wording) {
            this.code = code;
            this.wording = wording;
        }

        /** The value of the field. */
        public int code() {
            return code;
        }

        /** The PS3.8 wording. */
        public String describe() {
            return wording;
        }

        /** The result with this code, or {@code null} if PS3.8 defines none. */
        public static Result forCode(int code) {
            return code >= 0 && code < 5 ? values()[code] : null;
        }
    }
}
