package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.CoercionOutcome;
import dev.ferry.api.Digest;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceEvidence;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.api.TagChange;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import dev.ferry.api.VerificationResult;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyState;
import dev.ferry.spi.EvidenceTap;
import dev.ferry.spi.TagCoercer;
import dev.ferry.spi.VerificationContext;
import dev.ferry.spi.Verifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine hands its verifiers: the digest their tap took while each instance streamed to the
 * destination, and the source header values they asked for as they were before coercion, in the
 * study's own attempt and again in a validation run by a later process from the state store alone.
 */
class VerificationEvidenceTest {
    private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(3);

    @TempDir
    Path dir;
    private StateStore store;
    private FakeArchive source;
    private FakeArchive destination;

    @BeforeEach
    void open() {
        store = JdbcStateStore.openEmbedded(dir);
        source = new FakeArchive("legacy");
        destination = new FakeArchive("vna");
        source.study("1.2.3.1", "P1", DAY, "CT", 3).study("1.2.3.2", "P2", DAY, "CT", 2);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void tapDigestsAndUncoercedAttributesReachVerifiersInlineAndInValidation() throws Exception {
        RecordingVerifier verifier = new RecordingVerifier(VerificationResult.Verdict.PASSED);
        Migration m = Migration.builder(plan(verifier).coercer(renamePatientId()).build(), store).build();
        m.inventory();
        m.production();

        assertThat(verifier.seen).hasSize(2);
        for (VerificationContext c : verifier.seen) {
            assertThat(c.evidence()).hasSize(c.source().instanceCount());
            for (InstanceEvidence e : c.evidence().values()) {
                String sop = e.instance().sopInstanceUid();
                assertThat(e.pixelData()).as("tap digest of %s", sop).isEqualTo(sha(FakeArchive.remainderOf(sop)));
                assertThat(e.transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.1");
                assertThat(e.attributes()).as("captured before the coercer renamed it")
                        .isEqualTo(Map.of(TagPath.of(Tag.PatientID), c.source().study().patient().id()));
            }
        }
        assertThat(destination.stored.values()).allSatisfy(s -> assertThat(s.header().getString(Tag.PatientID))
                .startsWith("NEW-"));

        verifier.seen.clear();
        store.close();
        store = JdbcStateStore.openEmbedded(dir);
        Migration later = Migration.builder(plan(verifier).build(), store).build();
        PhaseReport validation = later.validation();

        assertThat(validation.number("passRate")).isEqualTo(1.0);
        assertThat(verifier.seen).hasSize(2);
        assertThat(verifier.seen).allSatisfy(c -> assertThat(c.evidence().values())
                .allSatisfy(e -> assertThat(e.pixelData()).isEqualTo(sha(FakeArchive.remainderOf(
                        e.instance().sopInstanceUid())))));
        assertThat(validation.figures().get("verifiers")).isEqualTo(Map.of("recording", Map.of("passed", 2L)));
        assertThat(validation.figures().get("byTier")).as("the pass rate per batch").isEqualTo(Map.of("background",
                Map.of("passed", 2L, "failed", 0L, "inconclusive", 0L, "passRate", 1.0)));
    }

    @Test
    void aVerifierThatFailsInValidationRaisesOneExceptionPerFindingOnceOnly() throws Exception {
        Migration m = Migration.builder(plan(new RecordingVerifier(VerificationResult.Verdict.PASSED)).build(), store)
                .build();
        m.inventory();
        m.production();
        assertThat(m.counts().studies(StudyState.DONE)).isEqualTo(2);

        Migration later = Migration.builder(plan(new RecordingVerifier(VerificationResult.Verdict.FAILED)).build(), store)
                .build();
        PhaseReport first = later.validation();
        PhaseReport second = later.validation();

        assertThat(first.number("failed")).isEqualTo(2);
        assertThat(first.number("passRate")).isEqualTo(0.0);
        assertThat(second.number("failed")).isEqualTo(2);
        List<ExceptionRecord> open = later.exceptions(Set.of(ExceptionRecord.Status.OPEN));
        assertThat(open).hasSize(2).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo(ReasonCode.VERIFICATION_FAILED);
            assertThat(e.detail()).isEqualTo("recording failed: injected failure");
        });
        assertThat(later.readiness().figures().get("ready")).isEqualTo(false);
    }

    private MigrationPlan.Builder plan(Verifier verifier) {
        return MigrationPlan.builder("evidence")
                .source(source)
                .destination(destination)
                .retry(new RetryPolicy(2, Backoff.fixed(Duration.ofMillis(10))))
                .verifier(verifier);
    }

    private static TagCoercer renamePatientId() {
        return TagCoercer.named("rename", (header, context) -> {
            String old = header.getString(Tag.PatientID);
            header.setString(Tag.PatientID, VR.LO, "NEW-" + old);
            return CoercionOutcome.applied(List.of(new TagChange(TagPath.of(Tag.PatientID), VR.LO, old, "NEW-" + old,
                    "rename")));
        });
    }

    private static Digest sha(byte[] b) {
        try {
            return Digest.of("SHA-256", MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A verifier whose tap digests the whole remainder, asking for Patient ID; it records what it is given. */
    private static final class RecordingVerifier implements Verifier {
        final List<VerificationContext> seen = new CopyOnWriteArrayList<>();
        private final VerificationResult.Verdict verdict;

        RecordingVerifier(VerificationResult.Verdict verdict) {
            this.verdict = verdict;
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public Set<TagPath> evidenceAttributes() {
            return Set.of(TagPath.of(Tag.PatientID), TagPath.of(Tag.CTDIvol));
        }

        @Override
        public Optional<EvidenceTap> evidenceTap() {
            return Optional.of((ts, remainder) -> new EvidenceTap.Tapped() {
                private final byte[] all = read(remainder);
                private final InputStream stream = new ByteArrayInputStream(all);

                @Override
                public InputStream stream() {
                    return stream;
                }

                @Override
                public Optional<Digest> pixelData() {
                    return Optional.of(sha(all));
                }
            });
        }

        private static byte[] read(InputStream in) {
            try {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public VerificationResult verify(VerificationContext context) {
            seen.add(context);
            if (verdict == VerificationResult.Verdict.FAILED) {
                return VerificationResult.failed(name(), List.of(new Finding(context.source().study().ref(),
                        ReasonCode.VERIFICATION_FAILED, "injected failure")));
            }
            return VerificationResult.passed(name());
        }
    }
}
