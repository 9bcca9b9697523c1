package dev.ferry.dicom.net.pdu;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A-ASSOCIATE-RQ PDU (PS3.8 section 9.3.2): the requestor's proposal of an association.
 *
 * <p>AE titles are 1 to 16 characters of the ISO 646 basic G0 set without backslash (PS3.8 Table
 * 9-11); leading and trailing spaces are not significant and are removed (so are trailing NULs,
 * which some implementations pad with). The codec does not judge the protocol version, the
 * application context name or the UIDs: a version without bit 0, another application context or an
 * unknown AE title are answered with an {@link AssociateRj} by the association layer, an unknown
 * abstract syntax with a rejected presentation context. Immutable.
 *
 * @param protocolVersion the Protocol-version field, a bit per version supported; bit 0 is version 1
 * @param calledAeTitle the called AE title
 * @param callingAeTitle the calling AE title
 * @param applicationContext the application context name, normally {@link #DICOM_APPLICATION_CONTEXT}
 * @param presentationContexts one or more, with distinct IDs, in order
 * @param userInformation the user information
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part08/sect_9.3.2.html">PS3.8 9.3.2</a>
 */
public record AssociateRq(int protocolVersion, String calledAeTitle, String callingAeTitle, String applicationContext,
        List<PresentationContextRq> presentationContexts, UserInformation userInformation) implements Pdu {
    /** Protocol version 1, the only one (bit 0 of the Protocol-version field). */
    public static final int PROTOCOL_VERSION_1 = 0x0001;
    /** The DICOM Application Context Name (PS3.7 Annex A.2.1). */
    public static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    public AssociateRq {
        Associate.requireProtocolVersion(protocolVersion);
        calledAeTitle = Associate.requireAeTitle(calledAeTitle, "called AE title");
        callingAeTitle = Associate.requireAeTitle(callingAeTitle, "calling AE title");
        applicationContext = Associate.applicationContext(applicationContext);
        presentationContexts = List.copyOf(presentationContexts);
        if (presentationContexts.isEmpty()) {
            throw new IllegalArgumentException("an A-ASSOCIATE-RQ proposes at least one presentation context");
        }
        Set<Integer> ids = new HashSet<>();
        for (PresentationContextRq pc : presentationContexts) {
            if (!ids.add(pc.id())) {
                throw new IllegalArgumentException("presentation context ID " + pc.id() + " is proposed twice");
            }
        }
        Objects.requireNonNull(userInformation, "userInformation");
        if (userInformation.userIdentityAc().isPresent()) {
            throw new IllegalArgumentException("an A-ASSOCIATE-RQ has no user identity response (59H)");
        }
    }

    /** A request for protocol version 1 and the DICOM application context. */
    public AssociateRq(String calledAeTitle, String callingAeTitle, List<PresentationContextRq> presentationContexts,
            UserInformation userInformation) {
        this(PROTOCOL_VERSION_1, calledAeTitle, callingAeTitle, DICOM_APPLICATION_CONTEXT, presentationContexts,
                userInformation);
    }

    @Override
    public PduType type() {
        return PduType.ASSOCIATE_RQ;
    }

    /** Whether bit 0 of the protocol version is set, the only test PS3.8 Table 9-11 allows a receiver. */
    public boolean supportsVersion1() {
        return (protocolVersion & PROTOCOL_VERSION_1) != 0;
    }
}
