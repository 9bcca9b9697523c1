package dev.ferry.testkit.tck;

import dev.ferry.api.Digest;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.InstanceEvidence;
import dev.ferry.api.ItemRef;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.VerificationResult;
import dev.ferry.spi.VerificationContext;
import dev.ferry.spi.Verifier;
import dev.ferry.testkit.PixelDataDigests;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Compares the instances the source listed with those the destination describes (missing and extra
 * ones), then reads the destination back and compares each instance's Pixel Data SHA-256 with the
 * evidence taken at the source. Inconclusive when the destination cannot be read back, returns
 * another transfer syntax, or evidence is missing. Stateless, so thread-safe.
 */
class CountAndPixelVerifier implements Verifier {

    @Override
    public VerificationResult verify(VerificationContext context) throws IOException {
        String study = context.source().study().studyInstanceUid();
        List<Finding> failed = new CopyOnWriteArrayList<>();
        List<Finding> undecided = new CopyOnWriteArrayList<>();
        Map<String, InstanceDescriptor> expected = new HashMap<>();
        context.source().instances().forEach(i -> expected.put(i.sopInstanceUid(), i));
        Optional<StudyManifest> held = context.destination().describe(study);
        Map<String, InstanceDescriptor> present = new HashMap<>();
        held.ifPresent(m -> m.instances().forEach(i -> present.put(i.sopInstanceUid(), i)));
        expected.forEach((sop, i) -> {
            if (!present.containsKey(sop)) {
                failed.add(new Finding(i.ref(), ReasonCode.MISSING_INSTANCE, "not in the destination"));
            }
        });
        present.forEach((sop, i) -> {
            if (!expected.containsKey(sop)) {
                failed.add(new Finding(i.ref(), ReasonCode.VERIFICATION_FAILED, "in the destination but not the source"));
            }
        });
        if (!context.destination().supportsReadBack()) {
            undecided.add(new Finding(ItemRef.study(study), ReasonCode.VERIFICATION_FAILED,
                    "destination cannot be read back: pixel data not compared"));
        } else if (held.isPresent()) {
            context.destination().retrieve(RetrieveRequest.study(study), instance -> {
                InstanceDescriptor d = instance.descriptor();
                InstanceEvidence e = context.evidence().get(d.sopInstanceUid());
                if (!expected.containsKey(d.sopInstanceUid())) {
                    return;
                }
                if (e == null) {
                    undecided.add(new Finding(d.ref(), ReasonCode.VERIFICATION_FAILED, "no evidence from the source"));
                } else if (!e.transferSyntaxUid().equals(instance.transferSyntaxUid())) {
                    undecided.add(new Finding(d.ref(), ReasonCode.VERIFICATION_FAILED,
                            "transcoded to " + instance.transferSyntaxUid() + ": not byte-comparable"));
                } else {
                    Digest found = PixelDataDigests.valueSha256(instance.remainder());
                    if (!java.util.Objects.equals(found, e.pixelData())) {
                        failed.add(new Finding(d.ref(), ReasonCode.VERIFICATION_FAILED,
                                "pixel data " + found + " differs from the source's " + e.pixelData()));
                    }
                }
            });
        }
        if (!failed.isEmpty()) {
            return VerificationResult.failed(name(), failed);
        }
        return undecided.isEmpty() ? VerificationResult.passed(name()) : VerificationResult.inconclusive(name(), undecided);
    }

    @Override
    public String name() {
        return "count-and-pixel";
    }
}
