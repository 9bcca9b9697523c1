package dev.ferry.dicom.coerce;

import dev.ferry.api.CoercionContext;
import dev.ferry.api.Dataset;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Headers, contexts and coercers for the tests of this package. */
final class CoercionTestSupport {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07.123456Z"), ZoneOffset.UTC);

    private CoercionTestSupport() {}

    static Dataset ctHeader() {
        Dataset h = new Dataset();
        h.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        h.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4.5.6.1");
        h.setString(Tag.StudyDate, VR.DA, "20150607");
        h.setString(Tag.Modality, VR.CS, "CT");
        h.setString(Tag.Manufacturer, VR.LO, "GE MEDICAL SYSTEMS");
        h.setString(Tag.InstitutionName, VR.LO, "  St Elsewhere ");
        h.setString(Tag.StationName, VR.SH, "CT01");
        h.setString(Tag.ManufacturerModelName, VR.LO, "LightSpeed16");
        h.setString(Tag.PatientName, VR.PN, "DOE^JANE");
        h.setString(Tag.PatientID, VR.LO, "MRN12345");
        h.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3.4.5");
        h.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3.4.5.6");
        return h;
    }

    static CoercionContext context(Dataset h, String source) {
        InstanceDescriptor i = InstanceDescriptor.of(h, StudyDescriptor.UNKNOWN);
        return new CoercionContext(source, StudyDescriptor.ofUid(i.studyInstanceUid()), i, null);
    }

    static RuleCoercer coercer(Rule... rules) {
        return RuleCoercer.builder(new RuleSet("test-rules", List.of(rules))).clock(CLOCK).build();
    }

    static Rule rule(String name, Condition when, Action... actions) {
        return new Rule(name, when, List.of(actions));
    }

    static Dataset read(String resource) throws IOException {
        try (InputStream in = CoercionTestSupport.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            try (DicomObject o = DicomReader.standard().read(in, resource)) {
                return o.header();
            }
        }
    }
}
