package dev.ferry.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.CoercionContext;
import dev.ferry.api.CoercionOutcome;
import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.TagChange;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import dev.ferry.spi.TagCoercer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The coercer kit fails coercers that break its contract, each in one way. */
class CoercerKitCatchesBrokenCoercersTest {

    /** The house-rules coercer's samples, for every broken coercer below. */
    abstract static class WithHouseSamples extends TagCoercerConformance {
        @Override
        protected List<CoercionSample> samples() {
            return HouseRulesCoercerConformanceTest.samplesFor();
        }
    }

    /** Also fixes Study Description, without saying so. */
    @BrokenOnPurpose
    static class ChangesWithoutReporting extends WithHouseSamples {
        @Override
        protected TagCoercer createCoercer() {
            return new HouseRulesCoercer() {
                @Override
                public CoercionOutcome coerce(Dataset header, CoercionContext context) {
                    CoercionOutcome o = super.coerce(header, context);
                    if (o instanceof CoercionOutcome.Applied) {
                        header.setString(Tag.StudyDescription, VR.LO, "CT CHEST");
                    }
                    return o;
                }
            };
        }
    }

    /** Reports a change inside a sequence item as if it were at the top level. */
    @BrokenOnPurpose
    static class ReportsTheWrongPath extends WithHouseSamples {
        @Override
        protected TagCoercer createCoercer() {
            return new HouseRulesCoercer() {
                @Override
                public CoercionOutcome coerce(Dataset header, CoercionContext context) {
                    CoercionOutcome o = super.coerce(header, context);
                    if (o instanceof CoercionOutcome.Applied a) {
                        List<TagChange> flattened = new ArrayList<>();
                        for (TagChange c : a.changes()) {
                            flattened.add(new TagChange(TagPath.of(c.path().tag()), c.vr(), c.before(), c.after(), c.rule()));
                        }
                        return CoercionOutcome.applied(flattened);
                    }
                    return o;
                }
            };
        }
    }

    /** Stamps each header with a counter, so the same input gives different output. */
    @BrokenOnPurpose
    static class StampsEachHeader extends WithHouseSamples {
        @Override
        protected TagCoercer createCoercer() {
            AtomicInteger calls = new AtomicInteger();
            return new HouseRulesCoercer() {
                @Override
                public CoercionOutcome coerce(Dataset header, CoercionContext context) {
                    CoercionOutcome o = super.coerce(header, context);
                    if (o instanceof CoercionOutcome.Applied a) {
                        List<TagChange> changes = new ArrayList<>(a.changes());
                        String before = header.valueAsText(Tag.StationName);
                        header.setString(Tag.StationName, VR.SH, "RUN" + calls.incrementAndGet());
                        changes.add(new TagChange(TagPath.of(Tag.StationName), VR.SH, before,
                                header.valueAsText(Tag.StationName), "stamp"));
                        return CoercionOutcome.applied(changes);
                    }
                    return o;
                }
            };
        }
    }

    /** Writes a Pixel Data element into the header (and reports it). */
    @BrokenOnPurpose
    static class WritesPixelData extends WithHouseSamples {
        @Override
        protected TagCoercer createCoercer() {
            return new HouseRulesCoercer() {
                @Override
                public CoercionOutcome coerce(Dataset header, CoercionContext context) {
                    CoercionOutcome o = super.coerce(header, context);
                    if (o instanceof CoercionOutcome.Applied a) {
                        List<TagChange> changes = new ArrayList<>(a.changes());
                        header.setBytes(Tag.PixelData, VR.OW, new byte[] {0, 0, 0, 0});
                        changes.add(new TagChange(TagPath.of(Tag.PixelData), VR.OW, null,
                                header.valueAsText(Tag.PixelData), "blank-pixels"));
                        return CoercionOutcome.applied(changes);
                    }
                    return o;
                }
            };
        }
    }

    /** Rejects with the patient's ID in the detail. */
    @BrokenOnPurpose
    static class NamesThePatientWhenRejecting extends WithHouseSamples {
        @Override
        protected TagCoercer createCoercer() {
            return new HouseRulesCoercer() {
                @Override
                public CoercionOutcome coerce(Dataset header, CoercionContext context) {
                    if ("other-pacs".equals(context.sourceName())) {
                        return CoercionOutcome.rejected(dev.ferry.api.ReasonCode.COERCION_REJECTED,
                                "patient " + header.getString(Tag.PatientID) + " is not from this site");
                    }
                    return super.coerce(header, context);
                }
            };
        }
    }

    @Test
    void anUnreportedChangeFails() {
        KitRun run = KitRun.of(ChangesWithoutReporting.class).failed("reportedChangesAreExactlyTheChangesMade");
        assertThat(run.failures()).containsExactly("reportedChangesAreExactlyTheChangesMade");
    }

    @Test
    void aChangeReportedAtTheWrongPathFails() {
        KitRun.of(ReportsTheWrongPath.class)
                .failed("reportedChangesAreExactlyTheChangesMade")
                .passed("sameInputGivesTheSameChangesAndHeader");
    }

    @Test
    void aNonDeterministicCoercerFails() {
        KitRun.of(StampsEachHeader.class)
                .failed("sameInputGivesTheSameChangesAndHeader")
                .failed("concurrentCallsGiveTheSameResults")
                .passed("reportedChangesAreExactlyTheChangesMade");
    }

    @Test
    void writingPixelDataIntoTheHeaderFails() {
        KitRun.of(WritesPixelData.class)
                .failed("nothingAtOrAfterPixelDataIsTouchedAndTheRemainderIsUnchanged")
                .passed("reportedChangesAreExactlyTheChangesMade");
    }

    @Test
    void patientDataInARejectionFails() {
        KitRun.of(NamesThePatientWhenRejecting.class)
                .failed("rejectionsCarryNoPatientData")
                .passed("reportedChangesAreExactlyTheChangesMade");
    }
}
