package dev.ferry.dicom.net;

import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.net.pdu.AssociateRq;
import dev.ferry.dicom.net.pdu.AsyncOpsWindow;
import dev.ferry.dicom.net.pdu.ExtendedNegotiation;
import dev.ferry.dicom.net.pdu.PresentationContextRq;
import dev.ferry.dicom.net.pdu.RoleSelection;
import dev.ferry.dicom.net.pdu.UserIdentityRq;
import dev.ferry.dicom.net.pdu.UserInformation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a requestor proposes (PS3.8 7.1.1, PS3.7 D.3): the AE titles, the presentation contexts in
 * the requestor's order of preference (each abstract syntax with its transfer syntaxes, best first),
 * SCP/SCU role selection (C-GET needs the SCP role for the storage classes it retrieves), extended
 * negotiation, user identity and the asynchronous operations window.
 *
 * <p>Immutable; build with {@link #builder(String, String)}.
 */
public final class AssociationRequest {
    /** PS3.8 allows 128 presentation contexts (odd IDs 1 to 255). */
    public static final int MAX_PRESENTATION_CONTEXTS = 128;

    private final String calledAeTitle;
    private final String callingAeTitle;
    private final List<PresentationContextRq> contexts;
    private final List<RoleSelection> roles;
    private final List<ExtendedNegotiation> extendedNegotiations;
    private final UserIdentityRq userIdentity;
    private final AsyncOpsWindow asyncOpsWindow;

    private AssociationRequest(Builder b) {
        this.calledAeTitle = b.calledAeTitle;
        this.callingAeTitle = b.callingAeTitle;
        this.contexts = List.copyOf(b.contexts);
        this.roles = List.copyOf(b.roles.values());
        this.extendedNegotiations = List.copyOf(b.extendedNegotiations);
        this.userIdentity = b.userIdentity;
        this.asyncOpsWindow = b.asyncOpsWindow;
    }

    /**
     * @param calledAeTitle the peer's AE title
     * @param callingAeTitle Ferry's AE title on this association
     */
    public static Builder builder(String calledAeTitle, String callingAeTitle) {
        return new Builder(calledAeTitle, callingAeTitle);
    }

    public String calledAeTitle() {
        return calledAeTitle;
    }

    public String callingAeTitle() {
        return callingAeTitle;
    }

    /** The presentation contexts proposed, in order, with their IDs. */
    public List<PresentationContextRq> presentationContexts() {
        return contexts;
    }

    public List<RoleSelection> roleSelections() {
        return roles;
    }

    /** The A-ASSOCIATE-RQ, advertising {@code maxPduLength} as Maximum Length Received. */
    AssociateRq toPdu(int maxPduLength) {
        UserInformation ui = UserInformation.of(maxPduLength, DicomWriter.IMPLEMENTATION_CLASS_UID,
                DicomWriter.IMPLEMENTATION_VERSION_NAME);
        if (asyncOpsWindow != null) {
            ui = ui.with(asyncOpsWindow);
        }
        for (RoleSelection r : roles) {
            ui = ui.with(r);
        }
        for (ExtendedNegotiation e : extendedNegotiations) {
            ui = ui.with(e);
        }
        if (userIdentity != null) {
            ui = ui.with(userIdentity);
        }
        return new AssociateRq(calledAeTitle, callingAeTitle, contexts, ui);
    }

    /** Builder of {@link AssociationRequest}; not thread-safe. */
    public static final class Builder {
        private final String calledAeTitle;
        private final String callingAeTitle;
        private final List<PresentationContextRq> contexts = new ArrayList<>();
        private final Map<String, RoleSelection> roles = new LinkedHashMap<>();
        private final List<ExtendedNegotiation> extendedNegotiations = new ArrayList<>();
        private UserIdentityRq userIdentity;
        private AsyncOpsWindow asyncOpsWindow;

        private Builder(String calledAeTitle, String callingAeTitle) {
            this.calledAeTitle = RemoteAe.requireAeTitle(calledAeTitle, "calledAeTitle");
            this.callingAeTitle = RemoteAe.requireAeTitle(callingAeTitle, "callingAeTitle");
        }

        /**
         * Proposes {@code abstractSyntax} with {@code transferSyntaxes}, best first, under the next
         * free ID. The same abstract syntax may be proposed several times (for example once per
         * compressed syntax and once with the uncompressed ones), each under its own ID.
         *
         * @return the presentation context ID given
         * @throws IllegalArgumentException if no transfer syntax is given or 128 contexts are proposed already
         */
        public int addContext(String abstractSyntax, String... transferSyntaxes) {
            return addContext(abstractSyntax, List.of(transferSyntaxes));
        }

        /** As {@link #addContext(String, String...)}. */
        public int addContext(String abstractSyntax, List<String> transferSyntaxes) {
            Objects.requireNonNull(abstractSyntax, "abstractSyntax");
            if (transferSyntaxes.isEmpty()) {
                throw new IllegalArgumentException("transferSyntaxes: a context for " + abstractSyntax
                        + " needs at least one");
            }
            if (contexts.size() == MAX_PRESENTATION_CONTEXTS) {
                throw new IllegalArgumentException("presentationContexts: PS3.8 allows at most "
                        + MAX_PRESENTATION_CONTEXTS + ", adding " + abstractSyntax + " would exceed it");
            }
            int id = 2 * contexts.size() + 1;
            contexts.add(new PresentationContextRq(id, abstractSyntax, transferSyntaxes));
            return id;
        }

        /** Whether a context for {@code abstractSyntax} and {@code transferSyntax} is proposed already. */
        public boolean proposes(String abstractSyntax, String transferSyntax) {
            for (PresentationContextRq pc : contexts) {
                if (pc.abstractSyntax().equals(abstractSyntax) && pc.transferSyntaxes().contains(transferSyntax)) {
                    return true;
                }
            }
            return false;
        }

        /** How many contexts are proposed so far. */
        public int contextCount() {
            return contexts.size();
        }

        /**
         * Proposes the roles for {@code sopClass}: for C-GET the requestor asks to be SCP of each
         * storage class it retrieves ({@code scu=false, scp=true} is dcmtk's and PS3.7's usual choice
         * to say "SCP only"; {@code true, true} keeps the default SCU role too).
         */
        public Builder role(String sopClass, boolean scu, boolean scp) {
            roles.put(sopClass, new RoleSelection(sopClass, scu, scp));
            return this;
        }

        public Builder extendedNegotiation(ExtendedNegotiation item) {
            extendedNegotiations.add(Objects.requireNonNull(item, "item"));
            return this;
        }

        /** User identity (PS3.7 D.3.3.7): a username, username and passcode, Kerberos, SAML or JWT. */
        public Builder userIdentity(UserIdentityRq identity) {
            this.userIdentity = identity;
            return this;
        }

        /** The asynchronous operations window to propose; none by default (1 and 1). */
        public Builder asyncOpsWindow(int maxInvoked, int maxPerformed) {
            this.asyncOpsWindow = new AsyncOpsWindow(maxInvoked, maxPerformed);
            return this;
        }

        /** @throws IllegalArgumentException if no presentation context is proposed */
        public AssociationRequest build() {
            if (contexts.isEmpty()) {
                throw new IllegalArgumentException("presentationContexts: propose at least one");
            }
            return new AssociationRequest(this);
        }
    }
}
