package dev.ferry.dicom.net.dimse;

import java.util.Optional;

/**
 * Priority (0000,0700) of a C-STORE, C-FIND, C-GET or C-MOVE request (PS3.7 Annex E). The codes are
 * not in order of urgency: MEDIUM is 0000H, HIGH 0001H, LOW 0002H.
 */
public enum Priority {
    MEDIUM(0x0000),
    HIGH(0x0001),
    LOW(0x0002);

    /** values() copies its array on every call; parsing looks codes up once per message. */
    private static final Priority[] VALUES = values();

    private final int code;

    Priority(int code) {
        this.code = code;
    }

    /** The value of Priority (0000,0700). */
    public int code() {
        return code;
    }

    /** The priority with this code; empty for any other value. */
    public static Optional<Priority> forCode(int code) {
        for (Priority p : VALUES) {
            if (p.code == code) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
