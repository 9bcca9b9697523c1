package dev.ferry.dicom.verify;

import dev.ferry.api.Digest;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.InstanceEvidence;
import dev.ferry.api.ItemRef;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.VerificationResult;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.spi.EvidenceTap;
import dev.ferry.spi.VerificationContext;
import dev.ferry.spi.Verifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pixel integrity: the SHA-256 of each instance's Pixel Data value as it left the source (taken by
 * its {@link PixelDataTap} while the instance streamed to the destination) against the same digest
 * over what the destination returns when read back, for every instance or a deterministic sample.
 *
 * <p>Verdicts, per instance:
 * <ul>
 *   <li>same digest: passed;
 *   <li>different digest, in transfer syntaxes whose pixel bytes are comparable (the same one, or
 *       two native ones, whose byte order the digest undoes): failed;
 *   <li>the destination changed the pixel encoding (a compressed or encapsulated syntax on either
 *       side, not the same one): inconclusive, "transcoded: not byte-comparable", never passed;
 *   <li>not returned by the destination: failed;
 *   <li>the destination cannot be read back, or no digest was taken at the source: inconclusive.
 * </ul>
 * An instance without Pixel Data on either side (an SR, a key object) has nothing to compare.
 *
 * <p>Thread-safe and stateless.
 */
public final class PixelDataVerifier implements Verifier {
    /** The name results and reports carry. */
    public static final String NAME = "pixel-data";

    private final PixelDataTap tap = new PixelDataTap();
    private final double sample;

    /** Compares every instance. */
    public PixelDataVerifier() {
        this(1.0);
    }

    /**
     * @param sample the share of instances to compare, in (0, 1]; which ones is decided by SOP
     *     Instance UID, so the same instances are chosen on every run
     */
    public PixelDataVerifier(double sample) {
        if (!(sample > 0 && sample <= 1)) {
            throw new IllegalArgumentException("the pixel sample must be in (0, 1], not " + sample);
        }
        this.sample = sample;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<EvidenceTap> evidenceTap() {
        return Optional.of(tap);
    }

    /** The share of instances compared. */
    public double sample() {
        return sample;
    }

    @Override
    public VerificationResult verify(VerificationContext context) throws IOException {
        String uid = context.source().study().studyInstanceUid();
        Set<String> chosen = new LinkedHashSet<>();
        for (InstanceDescriptor i : context.source().instances()) {
            if (chosen(i.sopInstanceUid())) {
                chosen.add(i.sopInstanceUid());
            }
        }
        if (chosen.isEmpty()) {
            return VerificationResult.passed(NAME);
        }
        if (!context.destination().supportsReadBack()) {
            return VerificationResult.inconclusive(NAME, List.of(new Finding(ItemRef.study(uid),
                    ReasonCode.VERIFICATION_FAILED, "the destination cannot be read back: pixel data not compared")));
        }
        Map<String, Observed> returned = new ConcurrentHashMap<>();
        RetrieveResult result = context.destination().retrieve(RetrieveRequest.instances(uid, chosen), instance -> {
            String sop = instance.descriptor().sopInstanceUid();
            EvidenceTap.Tapped t = PixelDataTap.digest(instance.transferSyntaxUid(), instance.remainder());
            returned.put(sop, new Observed(instance.transferSyntaxUid(), t.pixelData().orElse(null), t.note()));
        });
        List<Finding> failed = new ArrayList<>();
        List<Finding> undecided = new ArrayList<>();
        for (InstanceDescriptor i : context.source().instances()) {
            String sop = i.sopInstanceUid();
            if (!chosen.contains(sop)) {
                continue;
            }
            judge(i.ref(), context.evidence().get(sop), returned.get(sop), failed, undecided);
        }
        if (!result.failures().isEmpty() && failed.isEmpty() && undecided.isEmpty()) {
            // Everything compared, yet the destination reported failures: say so rather than pass.
            undecided.add(new Finding(ItemRef.study(uid), ReasonCode.VERIFICATION_FAILED,
                    "the destination reported " + result.failures().size() + " failures while being read back"));
        }
        if (!failed.isEmpty()) {
            failed.addAll(undecided);
            return VerificationResult.failed(NAME, failed);
        }
        return undecided.isEmpty() ? VerificationResult.passed(NAME) : VerificationResult.inconclusive(NAME, undecided);
    }

    private static void judge(ItemRef ref, InstanceEvidence source, Observed there, List<Finding> failed,
                              List<Finding> undecided) {
        if (there == null) {
            failed.add(new Finding(ref, ReasonCode.MISSING_INSTANCE,
                    "the destination did not return the instance when read back"));
            return;
        }
        if (source == null) {
            undecided.add(new Finding(ref, ReasonCode.VERIFICATION_FAILED,
                    "no evidence was taken from the source for this instance: pixel data not compared"));
            return;
        }
        Digest before = source.pixelData();
        if (before == null) {
            if (there.digest != null) {
                undecided.add(new Finding(ref, ReasonCode.VERIFICATION_FAILED,
                        "no Pixel Data digest was taken at the source, but the destination's copy has Pixel Data"));
            }
            return;
        }
        if (!comparable(source.transferSyntaxUid(), there.transferSyntaxUid)) {
            undecided.add(new Finding(ref, ReasonCode.VERIFICATION_FAILED, "transcoded: not byte-comparable (source "
                    + source.transferSyntaxUid() + ", destination " + there.transferSyntaxUid + ")"));
            return;
        }
        if (there.digest == null) {
            if (there.note.startsWith(PixelDataTap.NOT_FOLLOWED)) {
                undecided.add(new Finding(ref, ReasonCode.VERIFICATION_FAILED,
                        "the destination's copy could not be read: " + there.note));
            } else {
                failed.add(new Finding(ref, ReasonCode.VERIFICATION_FAILED,
                        "the source's copy has Pixel Data; the destination's has none (" + there.note + ")"));
            }
            return;
        }
        if (!before.equals(there.digest)) {
            failed.add(new Finding(ref, ReasonCode.VERIFICATION_FAILED, "Pixel Data differs: source " + before
                    + ", destination " + there.digest));
        }
    }

    /** The same syntax, or two native ones (the digest is taken in little-endian order either way). */
    static boolean comparable(String sourceTs, String destinationTs) {
        if (sourceTs.equals(destinationTs)) {
            return true;
        }
        return !TransferSyntax.of(sourceTs).isEncapsulated() && !TransferSyntax.of(destinationTs).isEncapsulated();
    }

    private boolean chosen(String sop) {
        if (sample >= 1) {
            return true;
        }
        // String.hashCode is specified, so the sample is the same on every JVM and every run.
        return (sop.hashCode() & 0x7FFFFFFF) % 10_000 < sample * 10_000;
    }

    private record Observed(String transferSyntaxUid, Digest digest, String note) { }
}
