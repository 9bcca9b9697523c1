package dev.ferry.dicom.net.pdu;

import java.util.ArrayList;
import java.util.List;

/**
 * Presentation Context Item of an A-ASSOCIATE-RQ (item type 20H, PS3.8 section 9.3.2.2): one
 * abstract syntax proposed with the transfer syntaxes the requestor can use for it, in its order of
 * preference.
 *
 * <p>UIDs lose trailing NULs and spaces (see the package documentation); their syntax is not
 * checked. Immutable.
 *
 * @param id the presentation context ID, an odd integer from 1 to 255
 * @param abstractSyntax the abstract syntax name (a SOP class UID), Abstract Syntax Sub-Item 30H
 * @param transferSyntaxes one or more transfer syntax UIDs, Transfer Syntax Sub-Items 40H, in order
 */
public record PresentationContextRq(int id, String abstractSyntax, List<String> transferSyntaxes) {
    /** Item type of the Presentation Context Item (RQ). */
    static final int ITEM_TYPE = 0x20;

    public PresentationContextRq {
        Text.requirePresentationContextId(id);
        abstractSyntax = Text.uid(abstractSyntax, "abstract syntax");
        if (transferSyntaxes == null || transferSyntaxes.isEmpty()) {
            throw new IllegalArgumentException("presentation context " + id + " proposes no transfer syntax");
        }
        List<String> ts = new ArrayList<>(transferSyntaxes.size());
        long length = 4 + 4 + abstractSyntax.length();
        for (String t : transferSyntaxes) {
            String uid = Text.uid(t, "transfer syntax");
            ts.add(uid);
            length += 4 + uid.length();
        }
        transferSyntaxes = List.copyOf(ts);
        Text.requireItemLength(length, "presentation context item " + id);
    }

    /** A context proposing {@code abstractSyntax} with {@code transferSyntaxes}, in that order. */
    public static PresentationContextRq of(int id, String abstractSyntax, String... transferSyntaxes) {
        return new PresentationContextRq(id, abstractSyntax, List.of(transferSyntaxes));
    }
}
