package dev.ferry.dicom.net.pdu;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A-ASSOCIATE-AC PDU (PS3.8 section 9.3.3): the acceptor's answer accepting an association, with a
 * result for each proposed presentation context.
 *
 * <p>The AE title fields are reserved in this PDU: sent with the values of the A-ASSOCIATE-RQ, not
 * tested when received (PS3.8 Table 9-17). They are kept as received, trimmed like the request's,
 * but not checked beyond fitting 16 bytes; they may be empty. Immutable.
 *
 * @param protocolVersion the Protocol-version field, a bit per version supported; bit 0 is version 1
 * @param calledAeTitle the called AE title echoed from the request
 * @param callingAeTitle the calling AE title echoed from the request
 * @param applicationContext the application context name, normally {@link AssociateRq#DICOM_APPLICATION_CONTEXT}
 * @param presentationContexts the answers, with distinct IDs, in order
 * @param userInformation the user information
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part08/sect_9.3.3.html">PS3.8 9.3.3</a>
 */
public record AssociateAc(int protocolVersion, String calledAeTitle, String callingAeTitle, String applicationContext,
        List<PresentationContextAc> presentationContexts, UserInformation userInformation) implements Pdu {

    public AssociateAc {
        Associate.requireProtocolVersion(protocolVersion);
        calledAeTitle = Text.aeTitle(calledAeTitle, "called AE title");
        callingAeTitle = Text.aeTitle(callingAeTitle, "calling AE title");
        applicationContext = Associate.applicationContext(applicationContext);
        presentationContexts = List.copyOf(presentationContexts);
        Set<Integer> ids = new HashSet<>();
        for (PresentationContextAc pc : presentationContexts) {
            if (!ids.add(pc.id())) {
                throw new IllegalArgumentException("presentation context ID " + pc.id() + " is answered twice");
            }
        }
        Objects.requireNonNull(userInformation, "userInformation");
        if (userInformation.userIdentityRq().isPresent()) {
            throw new IllegalArgumentException("an A-ASSOCIATE-AC has no user identity request (58H)");
        }
    }

    /** The answer to {@code rq}: its version, AE titles and application context, with these answers. */
    public static AssociateAc answering(AssociateRq rq, List<PresentationContextAc> presentationContexts,
            UserInformation userInformation) {
        return new AssociateAc(AssociateRq.PROTOCOL_VERSION_1, rq.calledAeTitle(), rq.callingAeTitle(),
                rq.applicationContext(), presentationContexts, userInformation);
    }

    @Override
    public PduType type() {
        return PduType.ASSOCIATE_AC;
    }

    /** Whether bit 0 of the protocol version is set. */
    public boolean supportsVersion1() {
        return (protocolVersion & AssociateRq.PROTOCOL_VERSION_1) != 0;
    }
}
