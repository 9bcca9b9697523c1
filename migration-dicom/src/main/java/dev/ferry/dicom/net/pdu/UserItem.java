package dev.ferry.dicom.net.pdu;

/**
 * A User-Data Sub-Item of the User Information Item (PS3.8 section 9.3.2.3 and Annex D, PS3.7
 * Annex D.3.3). Immutable.
 */
public sealed interface UserItem
        permits MaxLength, ImplementationClassUid, AsyncOpsWindow, RoleSelection, ImplementationVersionName,
                ExtendedNegotiation, CommonExtendedNegotiation, UserIdentityRq, UserIdentityAc, UnknownUserItem {
    /** The sub-item's item type, e.g. 51H for {@link MaxLength}. */
    int itemType();
}
