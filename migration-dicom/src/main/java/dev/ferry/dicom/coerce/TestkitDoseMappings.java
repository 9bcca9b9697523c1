package dev.ferry.dicom.coerce;

import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import java.util.List;

/**
 * A dose mapping table for the three <b>invented</b> vendors of Ferry's testkit generator
 * ({@code dev.ferry.testkit.generator}): not real vendors, not real private creators. It exists so
 * that {@code ferry demo} and the tests exercise the mapping end to end on generated archives; it
 * has no place in a migration of real data.
 *
 * <p>The generator writes each CT image's CTDIvol, in mGy, into its vendor's private block (in the
 * vendor's own group and VR, offset 0x10, the first block of an empty group) and, for some studies
 * only, into the standard CTDIvol (0018,9345). Its other private dose values (DLP, dose-area product,
 * average glandular dose) have no standard image attribute in the same unit and are not mapped.
 *
 * <p>Immutable and thread-safe.
 */
public final class TestkitDoseMappings {
    /** The source every entry cites. */
    public static final String SOURCE = "Ferry testkit generator, not a real vendor";

    private static final List<DoseMapping> ENTRIES = List.of(
            new DoseMapping("ACME IMAGING 3.1", 0x0009, 0x10, VR.FD, Tag.CTDIvol, 0x10, SOURCE),
            new DoseMapping("ORION_RAD_PRIVATE", 0x0019, 0x10, VR.DS, Tag.CTDIvol, 0x10, SOURCE),
            new DoseMapping("ZEPHYR DOSE INFO 1", 0x0043, 0x10, VR.FL, Tag.CTDIvol, 0x10, SOURCE));

    private TestkitDoseMappings() {}

    /** CTDIvol from the private element of each of the generator's three invented vendors. */
    public static List<DoseMapping> entries() {
        return ENTRIES;
    }
}
