package dev.ferry.testkit.simulator;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.ElementDictionary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Answers queries on an {@link ArchiveIndex} as a C-FIND SCP does (PS3.4 C.4.1) and QIDO-RS reuses:
 * the entities of a level (patients by Patient ID, studies, series, instances), matched with
 * {@link Matching} on every non-empty key, answered with every key filled in from the entity's
 * first instance, as Orthanc and dcmqrscp do, and the attributes an archive computes (Modalities in
 * Study, SOP Classes in Study, the Number of ... Related ... counts, Retrieve AE Title, Instance
 * Availability). A match carries the Specific Character Set of the instance it was taken from, so
 * names in other repertoires come back as stored. Thread-safe.
 */
final class QueryEngine {
    private static final ElementDictionary DICTIONARY = ElementDictionary.standard();
    static final Set<String> LEVELS = Set.of("PATIENT", "STUDY", "SERIES", "IMAGE");

    private final ArchiveIndex index;
    private final String retrieveAeTitle;

    QueryEngine(ArchiveIndex index, String retrieveAeTitle) {
        this.index = index;
        this.retrieveAeTitle = retrieveAeTitle;
    }

    /** One entity of a level: its first instance, and what its computed attributes count. */
    private record Entity(IndexedInstance rep, List<List<List<IndexedInstance>>> studies,
                          List<List<IndexedInstance>> series, List<IndexedInstance> instances) {}

    /**
     * Hands each entity of {@code level} that {@code keys} match to {@code emit}, at most
     * {@code cap} of them (0: no cap), until {@code emit} returns false.
     *
     * @return how many matches were handed over
     */
    int find(Dataset keys, String level, int cap, Predicate<Dataset> emit) {
        int sent = 0;
        for (Entity e : entities(level, keys)) {
            if (!matches(keys, e)) {
                continue;
            }
            if (cap > 0 && sent >= cap) {
                return sent; // silently capped, as many legacy archives do
            }
            sent++;
            if (!emit.test(answer(keys, level, e))) {
                break;
            }
        }
        return sent;
    }

    /** The instances a C-MOVE, C-GET or WADO-RS identifier names: every key matched on each instance. */
    List<IndexedInstance> locate(Dataset keys) {
        List<IndexedInstance> out = new ArrayList<>();
        String study = keys.getString(Tag.StudyInstanceUID, "").strip();
        List<List<List<IndexedInstance>>> studies = study.isEmpty() || study.contains("\\") ? index.studies()
                : List.of(index.study(study));
        for (List<List<IndexedInstance>> s : studies) {
            for (List<IndexedInstance> series : s) {
                for (IndexedInstance i : series) {
                    if (matchesInstance(keys, i)) {
                        out.add(i);
                    }
                }
            }
        }
        return out;
    }

    private static boolean matchesInstance(Dataset keys, IndexedInstance i) {
        for (int tag : keys.tags()) {
            if (skipped(keys, tag)) {
                continue;
            }
            if (!Matching.matches(keys.getString(tag, ""), keys.vr(tag), i.header().getStrings(tag))) {
                return false;
            }
        }
        return true;
    }

    private List<Entity> entities(String level, Dataset keys) {
        String study = keys.getString(Tag.StudyInstanceUID, "").strip();
        boolean oneStudy = !study.isEmpty() && !study.contains("\\") && !study.contains("*") && !study.contains("?");
        List<List<List<IndexedInstance>>> studies = oneStudy ? List.of(index.study(study)) : index.studies();
        List<Entity> out = new ArrayList<>();
        switch (level) {
            case "PATIENT" -> {
                Map<String, List<List<List<IndexedInstance>>>> byPatient = new LinkedHashMap<>();
                for (List<List<IndexedInstance>> s : studies) {
                    if (!s.isEmpty()) {
                        byPatient.computeIfAbsent(s.get(0).get(0).patientId(), k -> new ArrayList<>()).add(s);
                    }
                }
                for (List<List<List<IndexedInstance>>> p : byPatient.values()) {
                    out.add(new Entity(p.get(0).get(0).get(0), p, null, null));
                }
            }
            case "STUDY" -> {
                for (List<List<IndexedInstance>> s : studies) {
                    if (!s.isEmpty()) {
                        out.add(new Entity(s.get(0).get(0), null, s, null));
                    }
                }
            }
            case "SERIES" -> {
                for (List<List<IndexedInstance>> s : studies) {
                    for (List<IndexedInstance> series : s) {
                        out.add(new Entity(series.get(0), null, s, series));
                    }
                }
            }
            default -> {
                for (List<List<IndexedInstance>> s : studies) {
                    for (List<IndexedInstance> series : s) {
                        for (IndexedInstance i : series) {
                            out.add(new Entity(i, null, s, series));
                        }
                    }
                }
            }
        }
        return out;
    }

    private boolean matches(Dataset keys, Entity e) {
        for (int tag : keys.tags()) {
            if (skipped(keys, tag)) {
                continue;
            }
            String key = keys.getString(tag, "");
            if (key.isBlank()) {
                continue;
            }
            List<String> computed = computed(tag, e);
            List<String> values = computed != null ? computed : e.rep().header().getStrings(tag);
            if (!Matching.matches(key, keys.vr(tag), values)) {
                return false;
            }
        }
        return true;
    }

    /** Keys that are return keys only: the level, the character set, sequences, private and group 0000-0007 keys. */
    private static boolean skipped(Dataset keys, int tag) {
        return tag == Tag.QueryRetrieveLevel || tag == Tag.SpecificCharacterSet || keys.vr(tag) == VR.SQ
                || Tags.isPrivate(tag) || Tags.group(tag) < 0x0008 || tag == Tag.TimezoneOffsetFromUTC;
    }

    /** The values of an attribute the archive computes, or {@code null} for a stored one. */
    private List<String> computed(int tag, Entity e) {
        if (tag == Tag.RetrieveAETitle) {
            return List.of(retrieveAeTitle);
        }
        if (tag == Tag.InstanceAvailability) {
            return List.of("ONLINE");
        }
        if (tag == Tag.NumberOfPatientRelatedStudies && e.studies() != null) {
            return List.of(Integer.toString(e.studies().size()));
        }
        if (tag == Tag.NumberOfPatientRelatedSeries && e.studies() != null) {
            return List.of(Integer.toString(e.studies().stream().mapToInt(List::size).sum()));
        }
        if (tag == Tag.NumberOfPatientRelatedInstances && e.studies() != null) {
            return List.of(Long.toString(e.studies().stream().flatMap(List::stream).mapToLong(List::size).sum()));
        }
        List<List<IndexedInstance>> study = e.series() != null ? e.series() : null;
        if (study == null) {
            return null;
        }
        if (tag == Tag.ModalitiesInStudy) {
            Set<String> m = new LinkedHashSet<>();
            study.forEach(s -> s.forEach(i -> {
                String modality = i.text(Tag.Modality);
                if (!modality.isEmpty()) {
                    m.add(modality);
                }
            }));
            return List.copyOf(m);
        }
        if (tag == Tag.SOPClassesInStudy) {
            Set<String> c = new LinkedHashSet<>();
            study.forEach(s -> s.forEach(i -> c.add(i.sopClassUid())));
            return List.copyOf(c);
        }
        if (tag == Tag.NumberOfStudyRelatedSeries) {
            return List.of(Integer.toString(study.size()));
        }
        if (tag == Tag.NumberOfStudyRelatedInstances) {
            return List.of(Integer.toString(study.stream().mapToInt(List::size).sum()));
        }
        if (tag == Tag.NumberOfSeriesRelatedInstances && e.instances() != null) {
            return List.of(Integer.toString(e.instances().size()));
        }
        return null;
    }

    private Dataset answer(Dataset keys, String level, Entity e) {
        Dataset from = e.rep().header();
        Dataset m = new Dataset();
        String charset = from.getString(Tag.SpecificCharacterSet, "");
        if (!charset.isBlank()) {
            m.setString(Tag.SpecificCharacterSet, VR.CS, charset);
        }
        m.setTextCodec(from.textCodec());
        for (int tag : keys.tags()) {
            if (tag == Tag.SpecificCharacterSet) {
                continue;
            }
            if (tag == Tag.QueryRetrieveLevel) {
                m.setString(tag, VR.CS, level);
                continue;
            }
            List<String> computed = computed(tag, e);
            if (computed != null) {
                VR vr = keys.vr(tag).isText() ? keys.vr(tag) : DICTIONARY.vrOf(tag);
                m.setString(tag, vr, String.join("\\", computed));
            } else {
                copy(from, m, tag, keys.vr(tag));
            }
        }
        return m;
    }

    /** Copies an element as stored (its bytes, or its items), or sets it empty if the header lacks it. */
    static void copy(Dataset from, Dataset to, int tag, VR keyVr) {
        int i = from.indexOf(tag);
        if (i < 0) {
            to.setEmpty(tag, keyVr == null ? VR.UN : keyVr);
            return;
        }
        VR vr = from.vrAt(i);
        Dataset.Sequence sq = from.sequenceAt(i);
        if (sq != null) {
            Dataset.Sequence copy = to.newSequence(tag);
            for (Dataset item : sq) {
                copy.add(item.copy());
            }
        } else if (from.fragmentsAt(i) != null) {
            to.setEmpty(tag, vr);
        } else {
            to.setBytes(tag, vr, from.encodedValueAt(i).clone());
        }
    }
}
