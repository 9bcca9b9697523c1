package dev.ferry.core.state;

import dev.ferry.api.StudyDescriptor;
import dev.ferry.core.Lane;
import java.util.Objects;

/**
 * A study as an inventory sweep found it, with where the plan puts it.
 *
 * @param study the source's study-level descriptor (patient and accession are kept in the state
 *     store, which is the migration's own database, and never logged)
 * @param tier the name of the plan's tier it falls in
 * @param lane the lane of that tier
 * @param modalityGroup the plan's modality group for throttling (e.g. {@code "mammography"}), or
 *     the empty string for none
 */
public record DiscoveredStudy(StudyDescriptor study, String tier, Lane lane, String modalityGroup) {
    public DiscoveredStudy {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(lane, "lane");
        modalityGroup = modalityGroup == null ? "" : modalityGroup;
    }
}
