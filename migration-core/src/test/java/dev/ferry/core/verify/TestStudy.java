package dev.ferry.core.verify;

import dev.ferry.api.Accession;
import dev.ferry.api.Dataset;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.InstanceEvidence;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.Tag;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import dev.ferry.spi.VerificationContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A study's source headers, built one instance at a time, with the manifest and the evidence the
 * engine would record for a set of paths; copied into a {@link TestDestination} to be damaged.
 */
final class TestStudy {
    static final String STUDY = "1.2.826.0.1.3680043.10.1001";
    static final String PATIENT_ID = "MRN-UNIT-0042";
    static final String ISSUER = "HOSP_A";
    static final String ACCESSION = "ACC-UNIT-0042";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11";
    static final String XRAY_DOSE_SR = "1.2.840.10008.5.1.4.1.1.88.67";
    static final String KEY_OBJECT = "1.2.840.10008.5.1.4.1.1.88.59";
    static final String GRAYSCALE_PR = "1.2.840.10008.5.1.4.1.1.11.1";

    final Map<String, Dataset> headers = new LinkedHashMap<>();
    private final Map<String, String> modalityOfSeries = new LinkedHashMap<>();

    /** Adds an instance of {@code series} and returns its header, to be changed before {@link #manifest()}. */
    Dataset add(String series, String modality, String sopClass, String sop) {
        Dataset h = new Dataset();
        h.setString(Tag.SOPClassUID, VR.UI, sopClass);
        h.setString(Tag.SOPInstanceUID, VR.UI, sop);
        h.setString(Tag.AccessionNumber, VR.SH, ACCESSION);
        h.setString(Tag.Modality, VR.CS, modality);
        h.setString(Tag.PatientID, VR.LO, PATIENT_ID);
        h.setString(Tag.IssuerOfPatientID, VR.LO, ISSUER);
        h.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        h.setString(Tag.SeriesInstanceUID, VR.UI, series);
        headers.put(sop, h);
        modalityOfSeries.putIfAbsent(series, modality);
        return h;
    }

    /** A CT instance with CTDIvol, KVP and a phantom type code. */
    Dataset ct(String sop) {
        Dataset h = add(STUDY + ".1", "CT", CT, sop);
        h.setString(Tag.KVP, VR.DS, "120");
        h.setDoubles(Tag.CTDIvol, VR.FD, 12.5);
        Dataset phantom = h.newSequence(Tag.CTDIPhantomTypeCodeSequence).addItem();
        phantom.setString(Tag.CodeValue, VR.SH, "113691");
        phantom.setString(Tag.CodingSchemeDesignator, VR.SH, "DCM");
        return h;
    }

    StudyManifest manifest() {
        List<InstanceDescriptor> instances = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Dataset h : headers.values()) {
            InstanceDescriptor d = InstanceDescriptor.of(h, 100);
            instances.add(d);
            counts.merge(d.seriesInstanceUid(), 1, Integer::sum);
        }
        List<SeriesDescriptor> series = new ArrayList<>();
        counts.forEach((s, n) -> series.add(new SeriesDescriptor(STUDY, s, modalityOfSeries.get(s), null, n)));
        StudyDescriptor d = new StudyDescriptor(STUDY, PatientIdentity.of(PATIENT_ID, ISSUER), null,
                Accession.of(ACCESSION), null, null, Set.copyOf(modalityOfSeries.values()), series.size(),
                instances.size(), StudyDescriptor.UNKNOWN);
        return new StudyManifest(d, series, instances);
    }

    /** The evidence the engine records when its verifiers name {@code paths}: the values present, by path. */
    Map<String, InstanceEvidence> evidence(Set<TagPath> paths) {
        Map<String, InstanceEvidence> out = new HashMap<>();
        for (Dataset h : headers.values()) {
            Map<TagPath, String> values = new HashMap<>();
            for (TagPath p : paths) {
                String v = Headers.valueAt(h, p);
                if (v != null) {
                    values.put(p, v);
                }
            }
            InstanceDescriptor d = InstanceDescriptor.of(h, 100);
            out.put(d.sopInstanceUid(), new InstanceEvidence(d, "1.2.840.10008.1.2.1", null, null, values));
        }
        return out;
    }

    /** An exact copy of the source in a new destination. */
    TestDestination copy() {
        TestDestination d = new TestDestination();
        headers.values().forEach(d::put);
        return d;
    }

    /** Changes the destination's copy of one instance. */
    static void edit(TestDestination d, String sop, Consumer<Dataset> edit) {
        edit.accept(d.headers.get(sop));
    }

    VerificationContext context(TestDestination d, Set<TagPath> evidencePaths) {
        return new VerificationContext(manifest(), null, evidence(evidencePaths), d);
    }

    VerificationContext context(TestDestination d, ResolvedIdentity expected) {
        return new VerificationContext(manifest(), expected, Map.of(), d);
    }
}
