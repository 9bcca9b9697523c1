package dev.ferry.dicom.net.pdu;

import java.util.Arrays;
import java.util.Objects;

/**
 * User Identity Sub-Item of an A-ASSOCIATE-AC (item type 59H, PS3.7 D.3.3.7.2): the acceptor's
 * positive response to a requested user identity, with its server response (a Kerberos server
 * ticket, a SAML response, a JWT; empty for usernames). The response may be a credential: it is
 * copied in and out, compared by content, and {@link #toString()} prints only its length. Immutable.
 *
 * @param serverResponse the Server-response field
 */
public record UserIdentityAc(byte[] serverResponse) implements UserItem {
    static final int ITEM_TYPE = 0x59;

    public UserIdentityAc {
        serverResponse = Objects.requireNonNull(serverResponse, "serverResponse").clone();
        Text.requireItemLength(2L + serverResponse.length, "user identity sub-item");
    }

    @Override
    public int itemType() {
        return ITEM_TYPE;
    }

    /** A copy of the server response. */
    @Override
    public byte[] serverResponse() {
        return serverResponse.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserIdentityAc other && Arrays.equals(serverResponse, other.serverResponse);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serverResponse);
    }

    /** The response's length; never its content. */
    @Override
    public String toString() {
        return "UserIdentityAc[serverResponse=" + serverResponse.length + " bytes]";
    }
}
