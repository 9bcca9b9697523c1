package dev.ferry.dicom.coerce;

import dev.ferry.api.PrivateTag;
import dev.ferry.api.TagPath;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of a dose mapping table: a vendor's private element that holds a dose or exposure
 * value, the standard attribute it is copied to when the header lacks that attribute, and the public
 * document the entry comes from. An entry without a source is refused: a mapping that cannot be
 * traced to a document cannot be explained years later.
 *
 * @param creator the Private Creator (PS3.5 section 7.8.1), as the vendor writes it
 * @param group the private group
 * @param offset the element's offset in the creator's block, 0x00 to 0xFF
 * @param privateVr the element's VR, as the source names it: how a value held as UN (implicit VR,
 *     unknown to the reader) is read
 * @param standard the standard top-level attribute written from it; its VR comes from PS3.6, and a
 *     text value is converted (a DS read as FD, say)
 * @param block the block the creator is known to reserve ({@code 0x10} to {@code 0xFF}), or -1
 *     when files differ or the source does not say: only an entry with a known block can be checked
 *     by the dose-retention verifier, which addresses private elements by their tag
 * @param source the public document the entry comes from (name, version, section); not blank
 */
public record DoseMapping(String creator, int group, int offset, VR privateVr, int standard, int block,
                          String source) {

    public DoseMapping {
        Objects.requireNonNull(creator, "creator");
        creator = creator.strip();
        if (creator.isEmpty()) {
            throw new IllegalArgumentException("dose mapping: creator must not be empty");
        }
        if ((group & 1) == 0 || group <= 7 || group > 0xFFFE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "dose mapping %s: group %04X is not a private group", creator, group));
        }
        if (offset < 0 || offset > 0xFF) {
            throw new IllegalArgumentException("dose mapping " + creator + ": offset must be 0x00 to 0xFF");
        }
        Objects.requireNonNull(privateVr, "privateVr");
        if (privateVr.kind() == VR.Kind.SEQUENCE || privateVr == VR.UN) {
            throw new IllegalArgumentException("dose mapping " + creator + ": privateVr must name the value's VR, not "
                    + privateVr);
        }
        if (Tags.isPrivate(standard) || Tags.group(standard) < 0x0008) {
            throw new IllegalArgumentException("dose mapping " + creator + ": " + Tags.format(standard)
                    + " is not a standard data set attribute");
        }
        if (block != -1 && (block < 0x10 || block > 0xFF)) {
            throw new IllegalArgumentException("dose mapping " + creator + ": block must be 0x10 to 0xFF, or -1");
        }
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("dose mapping " + creator + ": every entry must cite its public source");
        }
    }

    /** The private element, by creator: whatever block a file reserved. */
    public TagRef privateRef() {
        return new TagRef.Private(new PrivateTag(creator, group, offset));
    }

    /** The private element at the block it is known to use; {@code null} when {@link #block()} is -1. */
    public TagPath privatePath() {
        return block < 0 ? null : TagPath.of(new PrivateTag(creator, group, offset).inBlock(block));
    }

    /** The standard attribute's path. */
    public TagPath standardPath() {
        return TagPath.of(standard);
    }

    /** The name of the rule this entry becomes, e.g. {@code CTDIvol from (0019,xx10)@ORION_RAD_PRIVATE}. */
    public String ruleName() {
        return TagRef.of(standard) + " from " + privateRef();
    }
}
