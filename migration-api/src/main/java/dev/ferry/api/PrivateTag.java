package dev.ferry.api;

import java.util.Objects;

/**
 * A private data element named the way rules name it: by its Private Creator and its element
 * offset inside the creator's block, whatever block (gggg,xx00) a given file reserved
 * (PS3.5 section 7.8.1). {@code new PrivateTag("GEMS_ACQU_01", 0x0019, 0x23)} is (0019,xx23).
 *
 * @param creator the Private Creator value, compared without trailing spaces
 * @param group an odd group above 0007
 * @param offset the element's low byte, 0x00 to 0xFF
 */
public record PrivateTag(String creator, int group, int offset) {
    public PrivateTag {
        Objects.requireNonNull(creator, "creator");
        creator = creator.strip();
        if (creator.isEmpty() || creator.length() > 64) {
            throw new IllegalArgumentException("creator must be 1 to 64 characters: '" + creator + "'");
        }
        if ((group & 1) == 0 || group <= 0x0007 || group >= 0xFFFF) {
            throw new IllegalArgumentException(String.format("group %04X is not a private group", group));
        }
        if (offset < 0 || offset > 0xFF) {
            throw new IllegalArgumentException("offset must be 0x00 to 0xFF: " + offset);
        }
    }

    /** The tag in the block reserved at (group, creatorElement), creatorElement being 0x10 to 0xFF. */
    public int inBlock(int creatorElement) {
        return (group << 16) | (creatorElement << 8) | offset;
    }

    @Override
    public String toString() {
        return String.format("(%04X,xx%02X) %s", group, offset, creator);
    }
}
