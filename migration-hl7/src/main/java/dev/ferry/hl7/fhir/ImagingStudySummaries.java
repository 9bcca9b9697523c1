package dev.ferry.hl7.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyDescriptor;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.Function;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.ImagingStudy.ImagingStudySeriesComponent;
import org.hl7.fhir.r4.model.Reference;

/**
 * A FHIR R4 {@code ImagingStudy} per migrated study, as the destination now holds it: identifier the
 * Study Instance UID ({@value CustodyAuditEvents#DICOM_UID_SYSTEM}, {@code urn:oid:UID}) and the
 * accession number (type ACSN) when known, status {@code available}, subject a reference to the patient
 * by identifier (system from the issuer, see {@link Builder#patientSystem}), started (Study Date and
 * Time, in the configured zone), modalities, numberOfSeries and numberOfInstances when known, and each
 * series with its UID, number, modality and number of instances; an endpoint (a contained DICOMweb
 * {@code Endpoint}) when {@link Builder#endpoint} knows one for the study.
 *
 * <p>{@link #bundleWriter(OutputStream)} streams them into a {@code collection} Bundle, one entry at a
 * time, as {@link AuditEventBundleWriter} does for the custody record; each entry's {@code fullUrl} is a
 * name-based {@code urn:uuid} of the study UID, so the same studies give the same bytes.
 *
 * <p>The resources hold patient identifiers and accession numbers: they are the summary asked for, not
 * log lines. Immutable and thread-safe (a writer is not).
 *
 * @see <a href="https://hl7.org/fhir/R4/imagingstudy.html">FHIR R4 ImagingStudy</a>
 */
public final class ImagingStudySummaries {
    /** The DICOM controlled terminology (PS3.16), the system of modality codes. */
    public static final String DCM = CustodyAuditEvents.DCM;
    private static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
    private static final String CONNECTION_TYPE = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type";

    private final ZoneId zone;
    private final Function<String, String> patientSystem;
    private final Function<String, Optional<String>> endpoint;

    private ImagingStudySummaries(Builder b) {
        this.zone = b.zone;
        this.patientSystem = b.patientSystem;
        this.endpoint = b.endpoint;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The ImagingStudy of one study (a new object each call).
     *
     * @param series the study's series, in the order to list them; may be empty
     */
    public ImagingStudy toImagingStudy(StudyDescriptor study, List<SeriesDescriptor> series) {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(series, "series");
        ImagingStudy s = new ImagingStudy();
        s.setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE);
        s.addIdentifier().setSystem(CustodyAuditEvents.DICOM_UID_SYSTEM).setValue("urn:oid:" + study.studyInstanceUid());
        if (!study.accession().isEmpty()) {
            Identifier acsn = s.addIdentifier().setValue(study.accession().number());
            acsn.setType(new CodeableConcept(new Coding(V2_0203, "ACSN", "Accession ID")));
            if (!study.accession().issuer().isEmpty()) {
                acsn.setSystem(patientSystem.apply(study.accession().issuer()));
            }
        }
        PatientIdentity p = study.patient();
        Reference subject = new Reference().setType("Patient");
        if (p != null) {
            Identifier id = new Identifier().setValue(p.id());
            if (p.hasIssuer()) {
                id.setSystem(patientSystem.apply(p.issuer()));
            }
            subject.setIdentifier(id);
        } else {
            subject.setDisplay("unknown patient");
        }
        s.setSubject(subject);
        if (study.studyDate() != null) {
            if (study.studyTime() != null) {
                LocalDateTime t = LocalDateTime.of(study.studyDate(), study.studyTime().withNano(0));
                s.setStartedElement(new DateTimeType(Date.from(t.atZone(zone).toInstant()), TemporalPrecisionEnum.SECOND,
                        TimeZone.getTimeZone(zone)));
            } else {
                s.setStartedElement(new DateTimeType(study.studyDate().toString()));
            }
        }
        for (String m : new java.util.TreeSet<>(study.modalities())) { // sorted: the record's set has no order
            s.addModality(new Coding(DCM, m, null));
        }
        int seriesCount = study.seriesCount() >= 0 ? study.seriesCount() : series.isEmpty() ? -1 : series.size();
        if (seriesCount >= 0) {
            s.setNumberOfSeries(seriesCount);
        }
        int instances = study.instanceCount();
        if (instances < 0 && !series.isEmpty() && series.stream().allMatch(x -> x.instanceCount() >= 0)) {
            instances = series.stream().mapToInt(SeriesDescriptor::instanceCount).sum();
        }
        if (instances >= 0) {
            s.setNumberOfInstances(instances);
        }
        for (SeriesDescriptor d : series) {
            ImagingStudySeriesComponent c = s.addSeries().setUid(d.seriesInstanceUid());
            if (d.seriesNumber() != null && d.seriesNumber() >= 0) {
                c.setNumber(d.seriesNumber());
            }
            // modality is 1..1 in R4: OT (other) when the archive did not say
            c.setModality(new Coding(DCM, d.modality().isEmpty() ? "OT" : d.modality(), null));
            if (d.instanceCount() >= 0) {
                c.setNumberOfInstances(d.instanceCount());
            }
        }
        Optional<String> url = endpoint.apply(study.studyInstanceUid());
        if (url != null && url.isPresent()) {
            Endpoint e = new Endpoint();
            e.setId("endpoint");
            e.setStatus(Endpoint.EndpointStatus.ACTIVE);
            e.setConnectionType(new Coding(CONNECTION_TYPE, "dicom-wado-rs", "DICOM WADO-RS"));
            e.addPayloadType(new CodeableConcept(new Coding(null, "DICOM WADO-RS", null)));
            e.addPayloadMimeType("application/dicom");
            e.setAddress(url.get());
            s.addContained(e);
            s.addEndpoint(new Reference("#endpoint"));
        }
        return s;
    }

    /** A bundle writer on {@code out} (UTF-8); see {@link BundleWriter}. Does not close {@code out}. */
    public BundleWriter bundleWriter(OutputStream out) throws IOException {
        return new BundleWriter(new OutputStreamWriter(Objects.requireNonNull(out, "out"), StandardCharsets.UTF_8));
    }

    /** A bundle writer on a character stream. Does not close {@code out}. */
    public BundleWriter bundleWriter(Writer out) throws IOException {
        return new BundleWriter(out);
    }

    /**
     * Streams ImagingStudy resources into a {@code collection} Bundle, in JSON, one entry per
     * {@link #add}; {@link #finish()} closes the Bundle, and {@link #close()} without it leaves the output
     * incomplete on purpose (a failed export must not look whole). Not thread-safe.
     */
    public final class BundleWriter implements Closeable {
        private final StreamingBundle bundle;

        private BundleWriter(Writer out) throws IOException {
            this.bundle = new StreamingBundle(out);
        }

        /** Appends one study's ImagingStudy. */
        public void add(StudyDescriptor study, List<SeriesDescriptor> series) throws IOException {
            bundle.add("ImagingStudy#" + study.studyInstanceUid(), toImagingStudy(study, series));
        }

        /** Closes the Bundle's JSON and flushes; idempotent. */
        public void finish() throws IOException {
            bundle.finish();
        }

        public long count() {
            return bundle.count();
        }

        /** Flushes; never closes the caller's stream. */
        @Override
        public void close() throws IOException {
            bundle.flush();
        }
    }

    /** Builds {@link ImagingStudySummaries}. */
    public static final class Builder {
        private ZoneId zone = ZoneOffset.UTC;
        private Function<String, String> patientSystem = issuer -> "urn:ferry:issuer:" + issuer;
        private Function<String, Optional<String>> endpoint = uid -> Optional.empty();

        private Builder() {}

        /** The zone Study Date and Time are local to; default UTC (DICOM times carry no zone). */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * The identifier system of an issuer (Issuer of Patient ID, of Accession Number), such as the
         * hospital's OID as {@code urn:oid:...}; default {@code urn:ferry:issuer:ISSUER}.
         */
        public Builder patientSystem(Function<String, String> system) {
            this.patientSystem = Objects.requireNonNull(system, "patientSystem");
            return this;
        }

        /** The DICOMweb (WADO-RS) base URL serving a study, by Study Instance UID; none by default. */
        public Builder endpoint(Function<String, Optional<String>> endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        public ImagingStudySummaries build() {
            return new ImagingStudySummaries(this);
        }
    }

    @Override
    public String toString() {
        return "ImagingStudySummaries[zone=" + zone + "]";
    }
}
