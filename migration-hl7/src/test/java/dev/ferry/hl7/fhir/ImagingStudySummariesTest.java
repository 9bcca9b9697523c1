package dev.ferry.hl7.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Accession;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.junit.jupiter.api.Test;

/** ImagingStudy summaries streamed into a Bundle and parsed back with HAPI FHIR. */
class ImagingStudySummariesTest {
    private static final StudyDescriptor CT = new StudyDescriptor("1.2.3.4", PatientIdentity.of("P1", "HOSP"), null,
            Accession.of("A100"), LocalDate.of(2024, 2, 3), LocalTime.of(10, 20, 30), Set.of("CT", "SR"), 2, 5, 1000);
    private static final List<SeriesDescriptor> SERIES = List.of(new SeriesDescriptor("1.2.3.4", "1.2.3.4.1", "CT", 1, 4),
            new SeriesDescriptor("1.2.3.4", "1.2.3.4.2", "", null, 1));

    @Test
    void aBundleOfStudiesParsesBack() throws IOException {
        ImagingStudySummaries summaries = ImagingStudySummaries.builder().zone(ZoneId.of("Europe/Paris"))
                .endpoint(uid -> uid.equals("1.2.3.4") ? Optional.of("https://pacs.example/dicomweb") : Optional.empty())
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImagingStudySummaries.BundleWriter w = summaries.bundleWriter(out)) {
            w.add(CT, SERIES);
            w.add(StudyDescriptor.ofUid("1.2.3.5"), List.of());
            w.finish();
            assertThat(w.count()).isEqualTo(2);
        }
        Bundle b = FhirContexts.r4().newJsonParser().parseResource(Bundle.class,
                new String(out.toByteArray(), StandardCharsets.UTF_8));
        assertThat(b.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        assertThat(b.getEntry()).hasSize(2);
        ImagingStudy s = (ImagingStudy) b.getEntry().get(0).getResource();
        assertThat(s.getIdentifierFirstRep().getSystem()).isEqualTo("urn:dicom:uid");
        assertThat(s.getIdentifierFirstRep().getValue()).isEqualTo("urn:oid:1.2.3.4");
        assertThat(s.getIdentifier().get(1).getType().getCodingFirstRep().getCode()).isEqualTo("ACSN");
        assertThat(s.getSubject().getIdentifier().getValue()).isEqualTo("P1");
        assertThat(s.getSubject().getIdentifier().getSystem()).isEqualTo("urn:ferry:issuer:HOSP");
        assertThat(s.getStartedElement().getValueAsString()).isEqualTo("2024-02-03T10:20:30+01:00");
        assertThat(s.getModality()).extracting(c -> c.getCode()).containsExactly("CT", "SR");
        assertThat(s.getNumberOfSeries()).isEqualTo(2);
        assertThat(s.getNumberOfInstances()).isEqualTo(5);
        assertThat(s.getSeries()).hasSize(2);
        assertThat(s.getSeries().get(0).getUid()).isEqualTo("1.2.3.4.1");
        assertThat(s.getSeries().get(0).getNumber()).isEqualTo(1);
        assertThat(s.getSeries().get(0).getNumberOfInstances()).isEqualTo(4);
        assertThat(s.getSeries().get(1).getModality().getCode()).isEqualTo("OT");
        assertThat(s.getEndpoint()).hasSize(1);
        assertThat(s.getContained()).hasSize(1);

        ImagingStudy bare = (ImagingStudy) b.getEntry().get(1).getResource();
        assertThat(bare.hasStarted()).isFalse();
        assertThat(bare.hasNumberOfSeries()).isFalse();
        assertThat(bare.getSubject().getDisplay()).isEqualTo("unknown patient");
        assertThat(b.getEntry().get(0).getFullUrl()).startsWith("urn:uuid:");
    }

    @Test
    void theSameStudiesGiveTheSameBytes() throws IOException {
        ImagingStudySummaries summaries = ImagingStudySummaries.builder().build();
        assertThat(write(summaries)).isEqualTo(write(summaries));
    }

    private static String write(ImagingStudySummaries s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImagingStudySummaries.BundleWriter w = s.bundleWriter(out)) {
            w.add(CT, SERIES);
            w.finish();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
