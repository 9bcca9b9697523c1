package dev.ferry.dicom.archive.folder;

import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One pass of indexing a folder: study, then series, then instances, each instance with the file it
 * is delivered from, or with the reason it cannot be (damaged, or several files that disagree).
 * Built by {@link Indexer} on one thread and never changed after, so it is safe to read from any
 * number of threads once published.
 *
 * <p>Memory: per file, a {@link FileRecord} (about 80 bytes), its SOP Instance UID and relative
 * path as strings (about 100 bytes and 50 plus the path's length), an {@link InstanceNode} (about
 * 32 bytes) and a map entry (about 50 bytes): roughly 300 bytes plus the path, so a million files
 * take about 350 MB of heap. Study and series facts, SOP class and transfer syntax UIDs are shared.
 */
final class FolderIndex {
    private final Map<String, StudyNode> studies;
    private final List<FileProblem> problems;
    private final List<DuplicateFiles> duplicates;
    private final int files;

    FolderIndex(Map<String, StudyNode> studies, List<FileProblem> problems, List<DuplicateFiles> duplicates, int files) {
        this.studies = Collections.unmodifiableMap(studies);
        this.problems = List.copyOf(problems);
        this.duplicates = List.copyOf(duplicates);
        this.files = files;
    }

    StudyNode study(String studyInstanceUid) {
        return studies.get(studyInstanceUid);
    }

    Collection<StudyNode> studies() {
        return studies.values();
    }

    List<FileProblem> problems() {
        return problems;
    }

    List<DuplicateFiles> duplicates() {
        return duplicates;
    }

    /** Files seen, DICOM or not. */
    int files() {
        return files;
    }

    /**
     * One instance as the archive lists it.
     *
     * @param file the file it is delivered from (the first of several copies)
     * @param failure {@code null} if it can be delivered, else why not
     * @param detail what is wrong, or empty
     */
    record InstanceNode(String sopInstanceUid, String sopClassUid, FileRecord file, ReasonCode failure, String detail) {}

    /** A series and its instances, in path order. */
    static final class SeriesNode {
        final HeaderFacts.Series facts;
        final List<InstanceNode> instances = new ArrayList<>();

        SeriesNode(HeaderFacts.Series facts) {
            this.facts = facts;
        }
    }

    /** A study and its series, in path order. */
    static final class StudyNode {
        final HeaderFacts.Study facts;
        final Map<String, SeriesNode> series = new LinkedHashMap<>();
        private int instanceCount;
        private long bytes;

        StudyNode(HeaderFacts.Study facts) {
            this.facts = facts;
        }

        void add(HeaderFacts.Series s, InstanceNode node) {
            series.computeIfAbsent(s.seriesInstanceUid(), k -> new SeriesNode(s)).instances.add(node);
            instanceCount++;
            bytes += node.file().size();
        }

        String uid() {
            return facts.studyInstanceUid();
        }

        /** Study-level descriptor: facts from the first file read, modalities from every series, counts and sizes. */
        StudyDescriptor descriptor() {
            TreeSet<String> modalities = new TreeSet<>();
            for (SeriesNode s : series.values()) {
                if (!s.facts.modality().isEmpty()) {
                    modalities.add(s.facts.modality());
                }
            }
            HeaderFacts.Study f = facts;
            return new StudyDescriptor(f.studyInstanceUid(), f.patient(), f.demographics(), f.accession(), f.date(),
                    f.time(), modalities, series.size(), instanceCount, bytes);
        }

        StudyManifest manifest() {
            List<SeriesDescriptor> seriesList = new ArrayList<>(series.size());
            List<InstanceDescriptor> instances = new ArrayList<>(instanceCount);
            for (SeriesNode s : series.values()) {
                String seriesUid = s.facts.seriesInstanceUid();
                seriesList.add(new SeriesDescriptor(uid(), seriesUid, s.facts.modality(), s.facts.number(),
                        s.instances.size()));
                for (InstanceNode i : s.instances) {
                    instances.add(new InstanceDescriptor(uid(), seriesUid, i.sopInstanceUid(), i.sopClassUid(),
                            i.file().size()));
                }
            }
            return new StudyManifest(descriptor(), seriesList, instances);
        }
    }
}
