package dev.ferry.core.verify;

import dev.ferry.api.Accession;
import dev.ferry.api.Dataset;
import dev.ferry.api.Finding;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.VerificationResult;
import dev.ferry.spi.VerificationContext;
import dev.ferry.spi.Verifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Identity continuity: the study carries, in the destination, the Patient ID (0010,0020), Issuer of
 * Patient ID (0010,0021) and Accession Number (0008,0050) it must carry: the resolved identity
 * ({@link VerificationContext#expectedIdentity()}) if there is one, else the source's own.
 *
 * <p>By default it compares what the destination's {@link dev.ferry.spi.DestinationArchive#describe
 * describe} reports at the study level. A destination whose query answers from one instance (or a
 * patient-level table) hides an instance that carries another identity: with
 * {@link Builder#perInstance(boolean) perInstance}, every instance's header is also read back
 * ({@code retrieve}, headers only) and checked; a destination that cannot be read back then makes
 * the result INCONCLUSIVE, as does an instance it lists but does not deliver.
 *
 * <p>Values compared are the strings without padding, exactly (a destination that upper-cases or
 * zero-pads an ID fails: that is an identity change a hospital must know about). An expected absent
 * value (a source without Patient ID, an empty accession) expects it absent or empty. The issuers
 * (of the patient ID, and of the accession where the expected one has an issuer) are compared unless
 * {@link Builder#checkIssuers(boolean) checkIssuers(false)}, for a destination whose query does not
 * return them.
 *
 * <p>FAILED with {@link ReasonCode#IDENTITY_CONFLICT} for a patient ID or issuer,
 * {@link ReasonCode#VERIFICATION_FAILED} for an accession, naming the tag, never the values (they are
 * patient data); FAILED with {@link ReasonCode#MISSING_INSTANCE} if the destination does not hold the
 * study. Immutable and thread-safe.
 */
public final class IdentityContinuityVerifier implements Verifier {
    /** The name results carry. */
    public static final String NAME = "identity-continuity";

    private final boolean perInstance;
    private final boolean checkIssuers;

    private IdentityContinuityVerifier(Builder b) {
        this.perInstance = b.perInstance;
        this.checkIssuers = b.checkIssuers;
    }

    /** Study-level comparison, issuers included. */
    public IdentityContinuityVerifier() {
        this(builder());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The identity the destination must carry, as the three values compared. */
    private record Expected(String patientId, String issuer, Accession accession) {
        static Expected of(VerificationContext context) {
            ResolvedIdentity r = context.expectedIdentity();
            StudyDescriptor s = context.source().study();
            PatientIdentity p = r != null ? r.patient() : s.patient();
            Accession a = r != null ? r.accession() : s.accession();
            return new Expected(p == null ? "" : p.id(), p == null ? "" : p.issuer(), a);
        }

        @Override
        public String toString() {
            return "Expected[redacted]";
        }
    }

    @Override
    public VerificationResult verify(VerificationContext context) throws IOException {
        StudyManifest source = context.source();
        String study = source.study().studyInstanceUid();
        Expected expected = Expected.of(context);
        Optional<StudyManifest> described = context.destination().describe(study);
        if (described.isEmpty()) {
            return VerificationResult.failed(NAME, List.of(new Finding(ItemRef.study(study),
                    ReasonCode.MISSING_INSTANCE, "the destination does not hold the study: identity not compared")));
        }
        List<Finding> failed = new ArrayList<>();
        StudyDescriptor there = described.get().study();
        PatientIdentity p = there.patient();
        compare(ItemRef.study(study), expected, p == null ? "" : p.id(), p == null ? "" : p.issuer(),
                there.accession().number(), there.accession().issuer(), "at the study level", failed);
        List<Finding> undecided = new ArrayList<>();
        if (perInstance) {
            everyInstance(context, expected, failed, undecided);
        }
        if (!failed.isEmpty()) {
            return VerificationResult.failed(NAME, failed);
        }
        return undecided.isEmpty() ? VerificationResult.passed(NAME) : VerificationResult.inconclusive(NAME, undecided);
    }

    private void everyInstance(VerificationContext context, Expected expected, List<Finding> failed,
                               List<Finding> undecided) throws IOException {
        String study = context.source().study().studyInstanceUid();
        if (!context.destination().supportsReadBack()) {
            undecided.add(new Finding(ItemRef.study(study), ReasonCode.VERIFICATION_FAILED,
                    "the destination cannot be read back: identity compared at the study level only"));
            return;
        }
        List<Finding> found = new CopyOnWriteArrayList<>();
        ReadBack.Outcome outcome = ReadBack.headers(context.destination(), study, context.source().instances(), true,
                (instance, h) -> compare(instance.ref(), expected, text(h, Tag.PatientID), text(h, Tag.IssuerOfPatientID),
                        text(h, Tag.AccessionNumber), accessionIssuer(h), "in the instance", found));
        failed.addAll(found);
        for (String sop : outcome.missing()) {
            failed.add(new Finding(new ItemRef(study, null, sop), ReasonCode.MISSING_INSTANCE,
                    "not in the destination: identity not compared"));
        }
        if (!outcome.undelivered().isEmpty()) {
            undecided.add(new Finding(ItemRef.study(study), ReasonCode.VERIFICATION_FAILED, outcome.undelivered().size()
                    + " instances were not read back from the destination: their identity was not compared"));
        }
    }

    private void compare(ItemRef item, Expected expected, String patientId, String issuer, String accession,
                         String accessionIssuer, String where, List<Finding> findings) {
        if (!expected.patientId().equals(patientId)) {
            findings.add(new Finding(item, ReasonCode.IDENTITY_CONFLICT, differs(Tag.PatientID, patientId, where)));
        }
        if (checkIssuers && !expected.issuer().equals(issuer)) {
            findings.add(new Finding(item, ReasonCode.IDENTITY_CONFLICT, differs(Tag.IssuerOfPatientID, issuer, where)));
        }
        if (!expected.accession().number().equals(accession)) {
            findings.add(new Finding(item, ReasonCode.VERIFICATION_FAILED, differs(Tag.AccessionNumber, accession, where)));
        }
        if (checkIssuers && !expected.accession().issuer().isEmpty()
                && !expected.accession().issuer().equals(accessionIssuer)) {
            findings.add(new Finding(item, ReasonCode.VERIFICATION_FAILED,
                    differs(Tag.IssuerOfAccessionNumberSequence, accessionIssuer, where)));
        }
    }

    /** "Patient ID (0010,0020) differs in the destination at the study level": the tag, never a value. */
    private static String differs(int tag, String found, String where) {
        String what = found.isEmpty() ? " is absent" : " differs";
        return Tags.describe(tag) + what + " in the destination " + where;
    }

    private static String text(Dataset h, int tag) {
        return h.getString(tag, "").strip();
    }

    /** The Local Namespace Entity ID of the first Issuer of Accession Number Sequence item, as describe reduces it. */
    private static String accessionIssuer(Dataset h) {
        Dataset.Sequence seq = h.getSequence(Tag.IssuerOfAccessionNumberSequence);
        return seq == null || seq.isEmpty() ? "" : seq.get(0).getString(Tag.LocalNamespaceEntityID, "").strip();
    }

    /** Builder of {@link IdentityContinuityVerifier}; not thread-safe. */
    public static final class Builder {
        private boolean perInstance;
        private boolean checkIssuers = true;

        private Builder() {}

        /** Also read back and check every instance's header. Default {@code false}. */
        public Builder perInstance(boolean perInstance) {
            this.perInstance = perInstance;
            return this;
        }

        /** Compare the issuers of patient ID and accession. Default {@code true}. */
        public Builder checkIssuers(boolean checkIssuers) {
            this.checkIssuers = checkIssuers;
            return this;
        }

        public IdentityContinuityVerifier build() {
            return new IdentityContinuityVerifier(this);
        }
    }

    @Override
    public String toString() {
        return "IdentityContinuityVerifier[perInstance=" + perInstance + ", checkIssuers=" + checkIssuers + "]";
    }

}
