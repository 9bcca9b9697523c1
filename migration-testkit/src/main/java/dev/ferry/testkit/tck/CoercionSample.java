package dev.ferry.testkit.tck;

import dev.ferry.api.CoercionContext;
import dev.ferry.api.Dataset;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.testkit.SyntheticInstance;
import dev.ferry.testkit.SyntheticStudy;
import java.util.Objects;

/**
 * One header and the context to coerce it in, for {@link TagCoercerConformance}. The kit never
 * changes {@link #header()}: it coerces copies.
 *
 * @param header the header as it arrives from the source
 * @param context the context the coercer is called with
 */
public record CoercionSample(Dataset header, CoercionContext context) {
    public CoercionSample {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(context, "context");
    }

    /** A sample from a synthetic study's instance, with the study's expected descriptor. */
    public static CoercionSample of(SyntheticStudy study, SyntheticInstance instance, String sourceName,
                                    ResolvedIdentity identity) {
        return new CoercionSample(instance.header(),
                new CoercionContext(sourceName, study.descriptor(), instance.descriptor(), identity));
    }

    /** A sample whose context knows only the header's UIDs. */
    public static CoercionSample of(Dataset header, String sourceName, ResolvedIdentity identity) {
        InstanceDescriptor instance = InstanceDescriptor.of(header, StudyDescriptor.UNKNOWN);
        return new CoercionSample(header, new CoercionContext(sourceName,
                StudyDescriptor.ofUid(instance.studyInstanceUid()), instance, identity));
    }

    @Override
    public String toString() {
        return "CoercionSample[" + context.instance().sopInstanceUid() + "]";
    }
}
