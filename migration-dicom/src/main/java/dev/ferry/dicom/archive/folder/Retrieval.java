package dev.ferry.dicom.archive.folder;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.Tag;
import dev.ferry.dicom.io.DicomParseException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Delivers the instances of an indexed study from their files: each file is opened, its header
 * parsed again (so the consumer gets its own copy), checked against the index, and handed on with
 * its remainder streaming from the file in the file's transfer syntax, byte for byte; the file is
 * closed when the consumer returns, which skips whatever it left unread. Instances the index marks
 * as damaged or in conflict, files that became unreadable and files that changed since indexing are
 * failures; the others go on. The consumer's exceptions propagate. Stateless and thread-safe.
 */
final class Retrieval {
    private Retrieval() {}

    /**
     * @param root what the index's paths are relative to
     * @param study {@code null} if the archive does not hold the study
     */
    static RetrieveResult retrieve(Path root, FolderIndex.StudyNode study, RetrieveRequest request,
                                   InstanceConsumer consumer) throws IOException {
        if (study == null) {
            return new RetrieveResult(0, 0, List.of());
        }
        List<Finding> failures = new ArrayList<>();
        Set<String> held = new HashSet<>();
        int wanted = 0;
        int delivered = 0;
        for (FolderIndex.SeriesNode series : study.series.values()) {
            for (FolderIndex.InstanceNode node : series.instances) {
                held.add(node.sopInstanceUid());
                if (!request.wants(node.sopInstanceUid())) {
                    continue;
                }
                wanted++;
                ItemRef ref = ItemRef.instance(study.uid(), series.facts.seriesInstanceUid(), node.sopInstanceUid());
                Finding failure = node.failure() != null ? new Finding(ref, node.failure(), node.detail())
                        : deliver(root, node, ref, consumer);
                if (failure == null) {
                    delivered++;
                } else {
                    failures.add(failure);
                }
            }
        }
        for (String sop : request.sopInstanceUids()) {
            if (!held.contains(sop)) {
                failures.add(new Finding(ItemRef.instance(study.uid(), null, sop), ReasonCode.MISSING_INSTANCE,
                        "no file of the folder holds it"));
                wanted++;
            }
        }
        return new RetrieveResult(delivered, wanted, failures);
    }

    /** Hands one file to the consumer; returns why it could not, or {@code null} once delivered. */
    private static Finding deliver(Path root, FolderIndex.InstanceNode node, ItemRef ref, InstanceConsumer consumer)
            throws IOException {
        String path = node.file().path();
        Part10File file;
        try {
            file = Part10File.open(root.resolve(path), path);
        } catch (NoSuchFileException e) {
            return new Finding(ref, ReasonCode.MISSING_INSTANCE, path + ": the file is gone since the folder was indexed");
        } catch (DicomParseException e) {
            return new Finding(ref, ReasonCode.CORRUPT_OBJECT, e.getMessage());
        }
        try (file) {
            String damage = file.damage();
            if (damage != null) {
                return new Finding(ref, ReasonCode.CORRUPT_OBJECT, path + ": " + damage);
            }
            Dataset h = file.object().header();
            String sop = HeaderFacts.uid(h, Tag.SOPInstanceUID);
            if (!sop.equals(node.sopInstanceUid())
                    || !HeaderFacts.uid(h, Tag.StudyInstanceUID).equals(ref.studyInstanceUid())
                    || !HeaderFacts.uid(h, Tag.SeriesInstanceUID).equals(ref.seriesInstanceUid())) {
                return new Finding(ref, ReasonCode.STUDY_CHANGED, path
                        + ": the file holds another instance since the folder was indexed; refresh the index");
            }
            InstanceDescriptor d = new InstanceDescriptor(ref.studyInstanceUid(), ref.seriesInstanceUid(), sop,
                    HeaderFacts.uid(h, Tag.SOPClassUID), file.size());
            try (DicomInstance instance = file.toInstance(d)) {
                consumer.accept(instance);
            }
            return null;
        }
    }
}
