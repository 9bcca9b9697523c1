package dev.ferry.testkit.tck;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.InstanceEvidence;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.Tag;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.VerificationContext;
import dev.ferry.testkit.GeneratedPixelData;
import dev.ferry.testkit.PixelDataDigests;
import dev.ferry.testkit.SyntheticInstance;
import dev.ferry.testkit.SyntheticStudy;
import dev.ferry.testkit.TestInstances;
import dev.ferry.testkit.memory.InMemoryArchive;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One study copied from an in-memory source to an in-memory destination, with the evidence taken on
 * the way out (Pixel Data SHA-256 per instance, and the source header's values by path), ready to be
 * damaged and verified.
 *
 * <p>The engine records in {@link InstanceEvidence#attributes()} only the paths its verifiers name;
 * this case records every element's path (to {@value #ATTRIBUTE_DEPTH} levels of nesting), a superset
 * of what any verifier can name, so a verifier must look up its own paths, never rely on the map
 * holding nothing else.
 *
 * <p>Built and damaged on one thread; afterwards its context may be verified from several (the
 * archives are thread-safe).
 */
final class VerificationCase {
    static final String PATIENT_ID = "MRN-VERIFY-0001";
    static final String PATIENT_NAME = "VERIFY^PATIENT^TCK";
    static final String ACCESSION = "ACC-VERIFY-0001";
    static final String DAMAGED_PATIENT_ID = "MRN-VERIFY-9999";
    static final String DAMAGED_ACCESSION = "ACC-VERIFY-9999";
    static final String DAMAGED_ISSUER = "HOSP_Z";
    /** The depth to which the source header's values are recorded as evidence. */
    static final int ATTRIBUTE_DEPTH = 4;
    private static final long SEED = 9301;

    final SyntheticStudy study;
    final InMemoryArchive source = new InMemoryArchive("tck-source");
    final InMemoryArchive destination = new InMemoryArchive("tck-destination");
    final StudyManifest manifest;
    final Map<String, InstanceEvidence> evidence = new HashMap<>();

    private VerificationCase(SyntheticStudy study) throws IOException {
        this.study = study;
        for (DicomInstance i : study.newInstances()) {
            try (i) {
                source.put(i);
            }
        }
        source.retrieve(RetrieveRequest.study(study.studyInstanceUid()), i -> {
            byte[] remainder = i.remainder().readAllBytes();
            evidence.put(i.descriptor().sopInstanceUid(), new InstanceEvidence(i.descriptor(), i.transferSyntaxUid(),
                    PixelDataDigests.valueSha256(new ByteArrayInputStream(remainder)), null, attributes(i.header())));
            try (DicomInstance copy = new DicomInstance(i.descriptor(), i.header(), i.transferSyntaxUid(),
                    new ByteArrayInputStream(remainder), remainder.length)) {
                destination.store(copy);
            }
        });
        this.manifest = source.describe(study.studyInstanceUid()).orElseThrow();
    }

    static SyntheticStudy fixture() {
        List<String> ct = List.of(TestInstances.uid(SEED, "instance", 0, 0), TestInstances.uid(SEED, "instance", 0, 1),
                TestInstances.uid(SEED, "instance", 0, 2));
        return TestInstances.study(SEED)
                .patient(PATIENT_ID, "HOSP_A")
                .patientName(PATIENT_NAME)
                .accessionNumber(ACCESSION)
                .series("CT", 3)
                .series("SR", 1)
                .eachInstance(Fixtures::decorate)
                .eachInstance(b -> b.header(Fixtures.srReferences(TestInstances.uid(SEED, "study"),
                        TestInstances.uid(SEED, "series", 0), TestInstances.CT_IMAGE_STORAGE, ct,
                        TestInstances.uid(SEED, "another study"), TestInstances.uid(SEED, "another study", "image"))))
                .build();
    }

    /** Every element's value by path, as the engine records the paths verifiers name. */
    private static Map<TagPath, String> attributes(Dataset header) {
        Map<TagPath, String> out = new HashMap<>();
        record(header, List.of(), out);
        return out;
    }

    private static void record(Dataset d, List<TagPath.Step> steps, Map<TagPath, String> out) {
        for (int i = 0; i < d.size(); i++) {
            int tag = d.tagAt(i);
            out.put(new TagPath(steps, tag), d.valueAsText(tag));
            Dataset.Sequence seq = d.sequenceAt(i);
            if (seq != null && steps.size() < ATTRIBUTE_DEPTH) {
                for (int k = 0; k < seq.size(); k++) {
                    List<TagPath.Step> inner = new ArrayList<>(steps);
                    inner.add(new TagPath.Step(tag, k));
                    record(seq.get(k), inner, out);
                }
            }
        }
    }

    /** An exact copy of the fixture study in a new destination. */
    static VerificationCase exactCopy() throws IOException {
        return new VerificationCase(fixture());
    }

    VerificationContext context() {
        return context(destination);
    }

    VerificationContext context(DestinationArchive in) {
        return new VerificationContext(manifest, null, evidence, in);
    }

    /** The values that must not appear in a finding: the study's and the damage's patient data. */
    static List<String> sensitiveValues() {
        return List.of(PATIENT_ID, PATIENT_NAME, ACCESSION, DAMAGED_PATIENT_ID, DAMAGED_ACCESSION);
    }

    /** Damages the destination's copy; returns the SOP Instance UID concerned, or null for the whole study. */
    String apply(Damage damage) throws IOException {
        SyntheticInstance ct = study.instances().get(1);
        switch (damage) {
            case MISSING_INSTANCE -> {
                destination.remove(ct.sopInstanceUid());
                return ct.sopInstanceUid();
            }
            case EXTRA_INSTANCE -> {
                Dataset h = ct.header();
                String sop = TestInstances.uid(SEED, "extra instance");
                h.setString(Tag.SOPInstanceUID, VR.UI, sop);
                h.setInts(Tag.InstanceNumber, VR.IS, 99);
                GeneratedPixelData pixels = new GeneratedPixelData(TestInstances.seedOf(sop), ct.pixelDataLength());
                try (DicomInstance extra = new DicomInstance(InstanceDescriptor.of(h, StudyDescriptor.UNKNOWN), h,
                        TestInstances.EXPLICIT_VR_LITTLE_ENDIAN, pixels, pixels.length())) {
                    destination.store(extra);
                }
                return sop;
            }
            case PIXEL_DATA_ALTERED -> {
                rewrite(ct.sopInstanceUid(), h -> { }, r -> r[r.length / 2] ^= 0x01);
                return ct.sopInstanceUid();
            }
            case PATIENT_ID_CHANGED -> {
                for (String sop : study.sopInstanceUids()) {
                    rewrite(sop, h -> h.setString(Tag.PatientID, VR.LO, DAMAGED_PATIENT_ID), r -> { });
                }
                return null;
            }
            case ACCESSION_CHANGED -> {
                for (String sop : study.sopInstanceUids()) {
                    rewrite(sop, h -> h.setString(Tag.AccessionNumber, VR.SH, DAMAGED_ACCESSION), r -> { });
                }
                return null;
            }
            case DOSE_TAG_REMOVED -> {
                rewrite(ct.sopInstanceUid(), h -> h.remove(Tag.CTDIvol), r -> { });
                return ct.sopInstanceUid();
            }
            case DOSE_VALUE_ALTERED -> {
                rewrite(ct.sopInstanceUid(), h -> h.setDoubles(Tag.CTDIvol, VR.FD, h.getDouble(Tag.CTDIvol, 0) + 1.5),
                        r -> { });
                return ct.sopInstanceUid();
            }
            case ISSUER_CHANGED -> {
                for (String sop : study.sopInstanceUids()) {
                    rewrite(sop, h -> h.setString(Tag.IssuerOfPatientID, VR.LO, DAMAGED_ISSUER), r -> { });
                }
                return null;
            }
            case PATIENT_ID_CHANGED_IN_ONE_INSTANCE -> {
                rewrite(ct.sopInstanceUid(), h -> h.setString(Tag.PatientID, VR.LO, DAMAGED_PATIENT_ID), r -> { });
                return ct.sopInstanceUid();
            }
            case REFERENCING_OBJECT_MISSING -> {
                SyntheticInstance sr = study.instances().get(study.instances().size() - 1);
                destination.remove(sr.sopInstanceUid());
                return sr.sopInstanceUid();
            }
            default -> throw new IllegalArgumentException("unknown damage " + damage);
        }
    }

    /** Replaces one stored instance with an edited copy (the archive overwrites a changed instance). */
    private void rewrite(String sop, Consumer<Dataset> headerEdit, Consumer<byte[]> remainderEdit) throws IOException {
        List<DicomInstance> edited = new ArrayList<>();
        destination.retrieve(RetrieveRequest.instances(study.studyInstanceUid(), Set.of(sop)), i -> {
            Dataset h = i.header().copy();
            byte[] r = i.remainder().readAllBytes();
            headerEdit.accept(h);
            remainderEdit.accept(r);
            edited.add(new DicomInstance(i.descriptor(), h, i.transferSyntaxUid(), new ByteArrayInputStream(r), r.length));
        });
        if (edited.size() != 1) {
            throw new IllegalStateException("the destination copy lacks instance " + sop);
        }
        try (DicomInstance i = edited.get(0)) {
            destination.store(i);
        }
    }
}
