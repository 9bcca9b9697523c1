package dev.ferry.core.internal;

import dev.ferry.api.Dataset;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.InstanceEvidence;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.TagPath;
import dev.ferry.core.state.InstanceRecord;
import dev.ferry.spi.EvidenceTap;
import dev.ferry.spi.Verifier;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the engine takes from each instance on its way out of the source for the plan's verifiers (a
 * Pixel Data digest through the first tap a verifier offers, the header values they name), and how
 * that evidence is read back from the state store for a verification in a later attempt, phase or
 * process.
 */
final class Evidence {
    private Evidence() {
    }

    /** The first tap the verifiers offer, or {@code null}: one digest serves them all. */
    static EvidenceTap tapOf(List<Verifier> verifiers) {
        for (Verifier v : verifiers) {
            var tap = v.evidenceTap();
            if (tap.isPresent()) {
                return tap.get();
            }
        }
        return null;
    }

    /** The union of the header paths the verifiers ask for. */
    static Set<TagPath> pathsOf(List<Verifier> verifiers) {
        Set<TagPath> paths = new LinkedHashSet<>();
        verifiers.forEach(v -> paths.addAll(v.evidenceAttributes()));
        return Set.copyOf(paths);
    }

    /** The values at {@code paths} in {@code header}, as {@link Dataset#valueAsText(int)} renders them; absent ones left out. */
    static Map<TagPath, String> capture(Dataset header, Set<TagPath> paths) {
        if (paths.isEmpty()) {
            return Map.of();
        }
        Map<TagPath, String> values = new LinkedHashMap<>();
        for (TagPath p : paths) {
            Dataset container = p.container(header);
            if (container != null && container.contains(p.tag())) {
                String v = container.valueAsText(p.tag());
                if (v != null) {
                    values.put(p, v);
                }
            }
        }
        return values;
    }

    /**
     * The evidence recorded for the instances of {@code manifest}, by SOP Instance UID; an instance
     * with no record, or recorded without its transfer syntax (adopted from the destination, or
     * recorded by an older version), has none, which verifiers report as not compared.
     */
    static Map<String, InstanceEvidence> of(StudyManifest manifest, Collection<InstanceRecord> records) {
        Map<String, InstanceDescriptor> bySop = new HashMap<>();
        for (InstanceDescriptor i : manifest.instances()) {
            bySop.put(i.sopInstanceUid(), i);
        }
        Map<String, InstanceEvidence> evidence = new HashMap<>();
        for (InstanceRecord r : records) {
            InstanceDescriptor d = bySop.get(r.sopInstanceUid());
            if (d != null && r.transferSyntaxUid() != null) {
                evidence.put(r.sopInstanceUid(), new InstanceEvidence(d, r.transferSyntaxUid(), r.pixelData(), null,
                        r.attributes()));
            }
        }
        return evidence;
    }
}
