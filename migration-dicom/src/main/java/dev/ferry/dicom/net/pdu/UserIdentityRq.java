package dev.ferry.dicom.net.pdu;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * User Identity Sub-Item of an A-ASSOCIATE-RQ (item type 58H, PS3.7 D.3.3.7.1): who the requestor's
 * user is, as a username, a username and passcode, a Kerberos ticket, a SAML assertion or a JSON Web
 * Token.
 *
 * <p>The fields are credentials: they are copied in and out, compared by content, and
 * {@link #toString()} prints only their lengths. The identity type is kept as the number received,
 * so that a type newer than this code still decodes and encodes ({@link IdentityType#forCode} names
 * the known ones). Immutable.
 *
 * @param identityType the User-Identity-Type field, 0 to 255 (1 to 5 defined, see {@link IdentityType})
 * @param positiveResponseRequested whether the requestor wants a User Identity Sub-Item in the
 *     A-ASSOCIATE-AC; on receipt any non-zero byte counts as a request
 * @param primaryField the username, ticket, assertion or token
 * @param secondaryField the passcode for {@link IdentityType#USERNAME_AND_PASSCODE}, else empty
 */
public record UserIdentityRq(int identityType, boolean positiveResponseRequested, byte[] primaryField,
        byte[] secondaryField) implements UserItem {
    static final int ITEM_TYPE = 0x58;

    public UserIdentityRq {
        if (identityType < 0 || identityType > 255) {
            throw new IllegalArgumentException("user identity type " + identityType + " does not fit one byte");
        }
        primaryField = Objects.requireNonNull(primaryField, "primaryField").clone();
        secondaryField = Objects.requireNonNull(secondaryField, "secondaryField").clone();
        Text.requireItemLength(1L + 1 + 2 + primaryField.length + 2 + secondaryField.length, "user identity sub-item");
    }

    /** A username (type 1), encoded in UTF-8. */
    public static UserIdentityRq username(String username, boolean positiveResponseRequested) {
        return new UserIdentityRq(IdentityType.USERNAME.code(), positiveResponseRequested,
                username.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    /** A username and passcode (type 2), both encoded in UTF-8. */
    public static UserIdentityRq usernameAndPasscode(String username, String passcode,
            boolean positiveResponseRequested) {
        return new UserIdentityRq(IdentityType.USERNAME_AND_PASSCODE.code(), positiveResponseRequested,
                username.getBytes(StandardCharsets.UTF_8), passcode.getBytes(StandardCharsets.UTF_8));
    }

    /** A credential of a type other than 2, which has no secondary field. */
    public static UserIdentityRq of(IdentityType type, byte[] primaryField, boolean positiveResponseRequested) {
        return new UserIdentityRq(type.code(), positiveResponseRequested, primaryField, new byte[0]);
    }

    @Override
    public int itemType() {
        return ITEM_TYPE;
    }

    /** A copy of the primary field. */
    @Override
    public byte[] primaryField() {
        return primaryField.clone();
    }

    /** A copy of the secondary field. */
    @Override
    public byte[] secondaryField() {
        return secondaryField.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserIdentityRq other && identityType == other.identityType
                && positiveResponseRequested == other.positiveResponseRequested
                && Arrays.equals(primaryField, other.primaryField)
                && Arrays.equals(secondaryField, other.secondaryField);
    }

    @Override
    public int hashCode() {
        int h = identityType * 31 + Boolean.hashCode(positiveResponseRequested);
        h = h * 31 + Arrays.hashCode(primaryField);
        return h * 31 + Arrays.hashCode(secondaryField);
    }

    /** The identity type and the fields' lengths; never their content. */
    @Override
    public String toString() {
        IdentityType known = IdentityType.forCode(identityType);
        return "UserIdentityRq[identityType=" + identityType + (known == null ? "" : " (" + known.describe() + ")")
                + ", positiveResponseRequested=" + positiveResponseRequested + ", primaryField="
                + primaryField.length + " bytes, secondaryField=" + secondaryField.length + " bytes]";
    }

    /** The User-Identity-Type values of PS3.7 Table D.3-14. */
    public enum IdentityType {
        /** 1: username as a string in UTF-8. */
        USERNAME(1, "username"),
        /** 2: username as a string in UTF-8, and passcode. */
        USERNAME_AND_PASSCODE(2, "username and passcode"),
        /** 3: Kerberos service ticket. */
        KERBEROS(3, "Kerberos service ticket"),
        /** 4: SAML assertion. */
        SAML(4, "SAML assertion"),
        /** 5: JSON Web Token (JWT). */
        JWT(5, "JSON Web Token");

        private final int code;
        private final String wording;

        IdentityType(int code, String wording) {
            this.code = code;
            this.wording = wording;
        }

        /** The value of the User-Identity-Type field. */
        public int code() {
            return code;
        }

        /** What the type is, in PS3.7's words. */
        public String describe() {
            return wording;
        }

        /** The type with this code, or {@code null} if PS3.7 defines none. */
        public static IdentityType forCode(int code) {
            return code >= 1 && code <= 5 ? values()[code - 1] : null;
        }
    }
}
