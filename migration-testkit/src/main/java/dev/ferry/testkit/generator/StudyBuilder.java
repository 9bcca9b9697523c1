package dev.ferry.testkit.generator;

import dev.ferry.api.Dataset;
import dev.ferry.api.PrivateTag;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.charset.SpecificCharacterSet;
import dev.ferry.testkit.TestInstances;
import dev.ferry.testkit.generator.GroundTruth.Dose;
import dev.ferry.testkit.generator.GroundTruth.DoseTag;
import dev.ferry.testkit.generator.Plan.StudyPlan;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the instances of one planned study: series by the study's type with realistic headers
 * (equipment, protocol, geometry, private elements, dose), a dose SR, presentation state or key
 * object selection for some, and the dose values with every place they are written. Which objects
 * carry the study's faults is decided here too ({@link Faults}).
 *
 * <p>Not thread-safe: one study per instance.
 */
final class StudyBuilder {
    static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String MR_IMAGE = "1.2.840.10008.5.1.4.1.1.4";
    static final String CR_IMAGE = "1.2.840.10008.5.1.4.1.1.1";
    static final String DX_IMAGE = "1.2.840.10008.5.1.4.1.1.1.1";
    static final String US_IMAGE = "1.2.840.10008.5.1.4.1.1.6.1";
    static final String MG_IMAGE = "1.2.840.10008.5.1.4.1.1.1.2";
    static final String XA_IMAGE = "1.2.840.10008.5.1.4.1.1.12.1";
    static final String DOSE_SR = "1.2.840.10008.5.1.4.1.1.88.67";
    static final String GSPS = "1.2.840.10008.5.1.4.1.1.11.1";
    static final String KOS = "1.2.840.10008.5.1.4.1.1.88.59";
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT);

    private final StudyPlan s;
    private final long seed;
    private final Sizes sizes;
    private final Rng rng;
    private final TransferSyntax ts;
    private final List<InstancePlan> instances = new ArrayList<>();
    private final List<Dose> doses = new ArrayList<>();
    private String studyDescription;
    private String bodyPart;
    private String protocol;
    private final String frameOfReference;

    /** What a built study holds. */
    record Built(List<InstancePlan> instances, List<Dose> doses, String studyDescription, String bodyPart) {}

    StudyBuilder(StudyPlan s, long seed, Sizes sizes) {
        this.s = s;
        this.seed = seed;
        this.sizes = sizes;
        this.rng = Rng.of(seed, "study-content", s.key);
        this.ts = s.implicitVr ? TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        this.frameOfReference = uid("frame");
    }

    Built build() {
        switch (s.type) {
            case CT -> ct();
            case MR -> mr();
            case CR -> projection("CR", CR_IMAGE, 2500, 2048, 256, 208);
            case DX -> projection("DX", DX_IMAGE, 3000, 3000, 256, 256);
            case US -> us();
            case MG -> mg();
            case XA -> xa();
        }
        List<InstancePlan> images = List.copyOf(instances);
        if (s.type != Plan.StudyType.US && s.type != Plan.StudyType.XA && rng.chance(0.15)) {
            presentationState(images);
        }
        if (s.type != Plan.StudyType.CR && s.type != Plan.StudyType.DX && rng.chance(0.10)) {
            keyObjects(images);
        }
        new Faults(s, seed).apply(instances);
        return new Built(List.copyOf(instances), List.copyOf(doses), studyDescription, s.emptyBodyPart ? "" : bodyPart);
    }

    // ---------------------------------------------------------------------------------------------
    // Study types

    private void ct() {
        String[][] kinds = {
            {"CHEST", "CT CHEST W CONTRAST", "CHEST ROUTINE"}, {"ABDOMEN", "CT ABDOMEN PELVIS W", "ABD PELVIS"},
            {"HEAD", "CT HEAD WO CONTRAST", "HEAD ROUTINE"}, {"CHEST", "CT PULMONARY ANGIO", "PE PROTOCOL"}};
        String[] k = rng.pick(kinds);
        study(k[0], k[1], k[2]);
        double ctdi = rng.quarterSteps(2, 60);
        double dlp = ctdi * rng.between(10, 50);
        String[] series = {"AXIAL 5.0mm", "AXIAL 1.25mm", "CORONAL MPR 3mm"};
        int n = rng.between(1, 3);
        int dim = sizes.dimension(512, 128);
        for (int se = 1; se <= n; se++) {
            int count = sizes.count(rng, 40, 300, 8, 24);
            double thickness = se == 2 ? 1.25 : se == 3 ? 3 : 5;
            for (int i = 1; i <= count; i++) {
                Dataset h = image("CT", CT_IMAGE, se, i, series[se - 1], dim, dim, 1, 16, 12, 1, "MONOCHROME2");
                h.setStrings(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
                h.setInts(Tag.PixelRepresentation, VR.US, 1);
                h.setDoubles(Tag.SliceThickness, VR.DS, thickness);
                h.setInts(Tag.KVP, VR.DS, 120);
                h.setInts(Tag.XRayTubeCurrent, VR.IS, rng.between(80, 400));
                slice(h, dim, thickness, i);
                h.setInts(Tag.RescaleIntercept, VR.DS, -1024);
                h.setInts(Tag.RescaleSlope, VR.DS, 1);
                h.setInts(Tag.WindowCenter, VR.DS, 40);
                h.setInts(Tag.WindowWidth, VR.DS, 400);
                dose(h, "CTDIvol", Vendor.CTDI_VOL, ctdi, Tag.CTDIvol, VR.FD, 1);
                dose(h, "DLP", Vendor.DLP, dlp, -1, null, 1);
                add(h, "CT", se, i, (long) dim * dim * 2);
            }
        }
        if (rng.chance(0.5)) {
            doseReport(ctdi, dlp);
        }
    }

    private void mr() {
        String[][] kinds = {
            {"HEAD", "MR BRAIN WO W CONTRAST", "BRAIN ROUTINE"}, {"LSPINE", "MR LUMBAR SPINE WO", "LSPINE"},
            {"KNEE", "MR KNEE RIGHT WO", "KNEE"}, {"SHOULDER", "MR SHOULDER LEFT WO", "SHOULDER"}};
        String[] k = rng.pick(kinds);
        study(k[0], k[1], k[2]);
        String[] series = {"SAG T1", "AX T2", "AX FLAIR", "AX DWI", "COR T2 FS", "AX T1 POST"};
        int n = rng.between(3, 6);
        int dim = sizes.dimension(256, 96);
        for (int se = 1; se <= n; se++) {
            int count = sizes.count(rng, 20, 40, 5, 12);
            for (int i = 1; i <= count; i++) {
                Dataset h = image("MR", MR_IMAGE, se, i, series[se - 1], dim, dim, 1, 16, 12, 1, "MONOCHROME2");
                h.setStrings(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "M", "ND");
                h.setString(Tag.ScanningSequence, VR.CS, se == 4 ? "EP" : "SE");
                h.setString(Tag.SequenceVariant, VR.CS, "SK");
                h.setString(Tag.MRAcquisitionType, VR.CS, "2D");
                h.setDoubles(Tag.SliceThickness, VR.DS, 4);
                h.setInts(Tag.RepetitionTime, VR.DS, se == 1 ? 500 : 4000);
                h.setInts(Tag.EchoTime, VR.DS, se == 1 ? 12 : 90);
                h.setDoubles(Tag.MagneticFieldStrength, VR.DS, s.vendor == Vendor.ORION ? 3 : 1.5);
                slice(h, dim, 4, i);
                privateBlock(h);
                add(h, "MR", se, i, (long) dim * dim * 2);
            }
        }
    }

    private void projection(String modality, String sopClass, int realRows, int realCols, int rows, int cols) {
        String[][] kinds = {{"CHEST", "XR CHEST 2 VIEWS", "CHEST PA LAT"}, {"HAND", "XR HAND 2 VIEWS", "HAND"},
            {"KNEE", "XR KNEE 2 VIEWS", "KNEE"}};
        String[] k = rng.pick(kinds);
        study(k[0], k[1], k[2]);
        int count = rng.between(1, 2);
        int r = sizes.dimension(realRows, rows);
        int c = sizes.dimension(realCols, cols);
        String[] views = {"PA", "LL"};
        for (int i = 1; i <= count; i++) {
            Dataset h = image(modality, sopClass, 1, i, k[1].substring(3), r, c, 1, 16, 12, 1, "MONOCHROME2");
            h.setStrings(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY");
            h.setString(Tag.ViewPosition, VR.CS, views[i - 1]);
            h.setStrings(Tag.ImagerPixelSpacing, VR.DS, "0.139", "0.139");
            h.setInts(Tag.KVP, VR.DS, 110);
            if ("DX".equals(modality)) {
                h.setString(Tag.PresentationIntentType, VR.CS, "FOR PRESENTATION");
            }
            privateBlock(h);
            add(h, modality, 1, i, (long) r * c * 2);
        }
    }

    private void us() {
        String[][] kinds = {{"ABDOMEN", "US ABDOMEN COMPLETE", "ABDOMEN"}, {"NECK", "US THYROID", "THYROID"},
            {"PELVIS", "US PELVIS TRANSABDOMINAL", "PELVIS"}};
        String[] k = rng.pick(kinds);
        study(k[0], k[1], k[2]);
        int count = sizes.count(rng, 10, 40, 3, 8);
        int r = sizes.dimension(480, 120);
        int c = sizes.dimension(640, 160);
        for (int i = 1; i <= count; i++) {
            Dataset h = image("US", US_IMAGE, 1, i, k[2], r, c, 1, 8, 8, 3, "RGB");
            h.setStrings(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "ABDOMINAL");
            h.setInts(Tag.PlanarConfiguration, VR.US, 0);
            h.setString(Tag.TransducerType, VR.CS, "CURVED LINEAR");
            privateBlock(h);
            add(h, "US", 1, i, even((long) r * c * 3));
        }
    }

    private void mg() {
        study("BREAST", "MG SCREENING BILATERAL", "SCREENING");
        double agd = rng.quarterSteps(0.75, 3.0);
        int r = sizes.dimension(4096, 256);
        int c = sizes.dimension(3328, 208);
        String[][] views = {{"R", "CC"}, {"L", "CC"}, {"R", "MLO"}, {"L", "MLO"}};
        for (int i = 1; i <= 4; i++) {
            Dataset h = image("MG", MG_IMAGE, 1, i, "SCREENING MAMMO", r, c, 1, 16, 14, 1, "MONOCHROME2");
            h.setStrings(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY");
            h.setString(Tag.PresentationIntentType, VR.CS, "FOR PRESENTATION");
            h.setString(Tag.ImageLaterality, VR.CS, views[i - 1][0]);
            h.setString(Tag.ViewPosition, VR.CS, views[i - 1][1]);
            h.setInts(Tag.KVP, VR.DS, 29);
            dose(h, "AGD", Vendor.AGD, agd, Tag.OrganDose, VR.DS, -10);
            add(h, "MG", 1, i, (long) r * c * 2);
        }
    }

    private void xa() {
        String[][] kinds = {{"HEART", "XA CORONARY ANGIOGRAPHY", "CORONARY"}, {"LEG", "XA PERIPHERAL ANGIO", "RUNOFF"}};
        String[] k = rng.pick(kinds);
        study(k[0], k[1], k[2]);
        double dap = rng.quarterSteps(1, 150);
        int runs = rng.between(1, 4);
        int dim = sizes.dimension(512, 128);
        for (int se = 1; se <= runs; se++) {
            int frames = sizes.count(rng, 20, 60, 6, 16);
            Dataset h = image("XA", XA_IMAGE, se, 1, "RUN " + se, dim, dim, frames, 8, 8, 1, "MONOCHROME2");
            h.setStrings(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "SINGLE PLANE");
            h.setInts(Tag.FrameTime, VR.DS, 67);
            h.setInts(Tag.CineRate, VR.IS, 15);
            h.setInts(Tag.PositionerPrimaryAngle, VR.DS, rng.between(-40, 40));
            h.setInts(Tag.DistanceSourceToDetector, VR.DS, 1000);
            dose(h, "DAP", Vendor.DAP, dap, Tag.ImageAndFluoroscopyAreaDoseProduct, VR.DS, 10);
            add(h, "XA", se, 1, even((long) dim * dim * frames));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Objects without pixel data

    /** An X-Ray Radiation Dose SR with the study's CTDIvol and DLP (TID 10011, simplified). */
    private void doseReport(double ctdi, double dlp) {
        int se = 997;
        Dataset h = common("SR", DOSE_SR, se, 1, "Dose Report");
        h.setString(Tag.ValueType, VR.CS, "CONTAINER");
        code(h.newSequence(Tag.ConceptNameCodeSequence).addItem(), "113701", "DCM", "X-Ray Radiation Dose Report");
        h.setString(Tag.ContinuityOfContent, VR.CS, "SEPARATE");
        h.setString(Tag.CompletionFlag, VR.CS, "COMPLETE");
        h.setString(Tag.VerificationFlag, VR.CS, "UNVERIFIED");
        Dataset template = h.newSequence(Tag.ContentTemplateSequence).addItem();
        template.setString(Tag.MappingResource, VR.CS, "DCMR");
        template.setString(Tag.TemplateIdentifier, VR.CS, "10011");
        Dataset.Sequence content = h.newSequence(Tag.ContentSequence);
        num(content.addItem(), "113830", "Mean CTDIvol", ctdi, "mGy");
        num(content.addItem(), "113838", "DLP", dlp, "mGy.cm");
        InstancePlan p = add(h, "SR", se, 1, -1);
        addSrTag("CTDIvol", "113830", ctdi, p.sopInstanceUid());
        addSrTag("DLP", "113838", dlp, p.sopInstanceUid());
    }

    private void presentationState(List<InstancePlan> images) {
        int se = 998;
        Dataset h = common("PR", GSPS, se, 1, "Annotations");
        h.setString(Tag.ContentLabel, VR.CS, "ANNOTATION");
        h.setString(Tag.ContentDescription, VR.LO, "Measurements");
        h.setString(Tag.PresentationCreationDate, VR.DA, s.date.format(DA));
        h.setString(Tag.PresentationCreationTime, VR.TM, s.time.plusMinutes(30).format(TM));
        h.setString(Tag.ContentCreatorName, VR.PN, "READER^RADIOLOGY");
        h.setString(Tag.PresentationLUTShape, VR.CS, "IDENTITY");
        Dataset.Sequence refSeries = h.newSequence(Tag.ReferencedSeriesSequence);
        String series = null;
        Dataset.Sequence refImages = null;
        for (InstancePlan i : images.subList(0, Math.min(5, images.size()))) {
            if (!i.seriesInstanceUid().equals(series)) {
                series = i.seriesInstanceUid();
                Dataset item = refSeries.addItem();
                item.setString(Tag.SeriesInstanceUID, VR.UI, series);
                refImages = item.newSequence(Tag.ReferencedImageSequence);
            }
            Dataset ref = refImages.addItem();
            ref.setString(Tag.ReferencedSOPClassUID, VR.UI, i.sopClassUid());
            ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, i.sopInstanceUid());
        }
        add(h, "PR", se, 1, -1);
    }

    private void keyObjects(List<InstancePlan> images) {
        int se = 999;
        Dataset h = common("KO", KOS, se, 1, "Key Images");
        h.setString(Tag.ValueType, VR.CS, "CONTAINER");
        code(h.newSequence(Tag.ConceptNameCodeSequence).addItem(), "113000", "DCM", "Of Interest");
        h.setString(Tag.ContinuityOfContent, VR.CS, "SEPARATE");
        Dataset template = h.newSequence(Tag.ContentTemplateSequence).addItem();
        template.setString(Tag.MappingResource, VR.CS, "DCMR");
        template.setString(Tag.TemplateIdentifier, VR.CS, "2010");
        Dataset evidence = h.newSequence(Tag.CurrentRequestedProcedureEvidenceSequence).addItem();
        evidence.setString(Tag.StudyInstanceUID, VR.UI, s.studyUid);
        Dataset.Sequence refSeries = evidence.newSequence(Tag.ReferencedSeriesSequence);
        Dataset.Sequence content = h.newSequence(Tag.ContentSequence);
        String series = null;
        Dataset.Sequence refSops = null;
        int step = Math.max(1, images.size() / 3);
        for (int k = 0; k < images.size(); k += step) {
            InstancePlan i = images.get(k);
            if (!i.seriesInstanceUid().equals(series)) {
                series = i.seriesInstanceUid();
                Dataset item = refSeries.addItem();
                item.setString(Tag.SeriesInstanceUID, VR.UI, series);
                refSops = item.newSequence(Tag.ReferencedSOPSequence);
            }
            Dataset ref = refSops.addItem();
            ref.setString(Tag.ReferencedSOPClassUID, VR.UI, i.sopClassUid());
            ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, i.sopInstanceUid());
            Dataset image = content.addItem();
            image.setString(Tag.RelationshipType, VR.CS, "CONTAINS");
            image.setString(Tag.ValueType, VR.CS, "IMAGE");
            Dataset r = image.newSequence(Tag.ReferencedSOPSequence).addItem();
            r.setString(Tag.ReferencedSOPClassUID, VR.UI, i.sopClassUid());
            r.setString(Tag.ReferencedSOPInstanceUID, VR.UI, i.sopInstanceUid());
        }
        add(h, "KO", se, 1, -1);
    }

    private static void code(Dataset item, String value, String scheme, String meaning) {
        item.setString(Tag.CodeValue, VR.SH, value);
        item.setString(Tag.CodingSchemeDesignator, VR.SH, scheme);
        item.setString(Tag.CodeMeaning, VR.LO, meaning);
    }

    private static void num(Dataset item, String code, String meaning, double value, String unit) {
        item.setString(Tag.RelationshipType, VR.CS, "CONTAINS");
        item.setString(Tag.ValueType, VR.CS, "NUM");
        code(item.newSequence(Tag.ConceptNameCodeSequence).addItem(), code, "DCM", meaning);
        Dataset measured = item.newSequence(Tag.MeasuredValueSequence).addItem();
        code(measured.newSequence(Tag.MeasurementUnitsCodeSequence).addItem(), unit, "UCUM", unit);
        measured.setDoubles(Tag.NumericValue, VR.DS, value);
    }

    // ---------------------------------------------------------------------------------------------
    // Headers

    private void study(String body, String description, String protocolName) {
        this.bodyPart = body;
        this.studyDescription = description;
        this.protocol = protocolName;
    }

    /** The elements every object of the study has. */
    private Dataset common(String modality, String sopClass, int series, int number, String seriesDescription) {
        Dataset h = new Dataset();
        String charset = s.charsetActual;
        h.setTextCodec(charset.isEmpty() ? SpecificCharacterSet.DEFAULT : SpecificCharacterSet.of(charset));
        if (!s.charsetDeclared.isEmpty()) {
            h.setString(Tag.SpecificCharacterSet, VR.CS, s.charsetDeclared);
        }
        String date = s.date.format(DA);
        String time = s.time.format(TM);
        h.setString(Tag.SOPClassUID, VR.UI, sopClass);
        h.setString(Tag.SOPInstanceUID, VR.UI, uid("instance", series, number));
        h.setString(Tag.StudyDate, VR.DA, date);
        h.setString(Tag.SeriesDate, VR.DA, date);
        h.setString(Tag.ContentDate, VR.DA, date);
        h.setString(Tag.StudyTime, VR.TM, time);
        h.setString(Tag.SeriesTime, VR.TM, s.time.plusMinutes(series % 100).format(TM));
        h.setString(Tag.ContentTime, VR.TM, s.time.plusMinutes(series % 100).plusSeconds(number % 60).format(TM));
        h.setString(Tag.AccessionNumber, VR.SH, s.headerAccession);
        h.setString(Tag.Modality, VR.CS, modality);
        h.setString(Tag.Manufacturer, VR.LO, s.vendor.manufacturer);
        h.setString(Tag.InstitutionName, VR.LO, s.headerPatient.issuer + " GENERAL HOSPITAL");
        h.setString(Tag.ReferringPhysicianName, VR.PN, "REFERRER^" + (char) ('A' + Math.floorMod(s.key.hashCode(), 26)));
        h.setString(Tag.StationName, VR.SH, s.vendor.name() + "_" + modality + (1 + Math.floorMod(seed, 3)));
        h.setString(Tag.StudyDescription, VR.LO, studyDescription);
        h.setString(Tag.SeriesDescription, VR.LO, seriesDescription);
        h.setString(Tag.ManufacturerModelName, VR.LO, s.vendor.model(modality));
        h.setString(Tag.PatientName, VR.PN, s.headerPatient.name);
        h.setString(Tag.PatientID, VR.LO, s.headerPatientId);
        h.setString(Tag.IssuerOfPatientID, VR.LO, s.headerPatient.issuer);
        h.setString(Tag.PatientBirthDate, VR.DA, s.headerPatient.birthDate.format(DA));
        h.setString(Tag.PatientSex, VR.CS, s.headerPatient.sex);
        h.setString(Tag.SoftwareVersions, VR.LO, s.vendor.softwareVersion());
        h.setString(Tag.StudyInstanceUID, VR.UI, s.studyUid);
        h.setString(Tag.SeriesInstanceUID, VR.UI, uid("series", series));
        h.setString(Tag.StudyID, VR.SH, s.key.substring(2));
        h.setInts(Tag.SeriesNumber, VR.IS, series);
        h.setInts(Tag.InstanceNumber, VR.IS, number);
        return h;
    }

    /** An image: the common elements plus equipment, body part, protocol and the image pixel module. */
    private Dataset image(String modality, String sopClass, int series, int number, String seriesDescription,
                          int rows, int columns, int frames, int bitsAllocated, int bitsStored, int samples,
                          String photometric) {
        Dataset h = common(modality, sopClass, series, number, seriesDescription);
        h.setString(Tag.BodyPartExamined, VR.CS, s.emptyBodyPart ? "" : bodyPart);
        h.setString(Tag.ProtocolName, VR.LO, protocol);
        h.setString(Tag.FrameOfReferenceUID, VR.UI, frameOfReference);
        h.setString(Tag.PatientOrientation, VR.CS, "");
        h.setInts(Tag.SamplesPerPixel, VR.US, samples);
        h.setString(Tag.PhotometricInterpretation, VR.CS, photometric);
        if (frames > 1) {
            h.setInts(Tag.NumberOfFrames, VR.IS, frames);
        }
        h.setInts(Tag.Rows, VR.US, rows);
        h.setInts(Tag.Columns, VR.US, columns);
        h.setInts(Tag.BitsAllocated, VR.US, bitsAllocated);
        h.setInts(Tag.BitsStored, VR.US, bitsStored);
        h.setInts(Tag.HighBit, VR.US, bitsStored - 1);
        h.setInts(Tag.PixelRepresentation, VR.US, 0);
        return h;
    }

    private void slice(Dataset h, int dim, double thickness, int i) {
        double spacing = dim >= 512 ? 0.75 : 0.75 * 512 / dim;
        h.setStrings(Tag.PixelSpacing, VR.DS, fmt(spacing), fmt(spacing));
        h.setStrings(Tag.ImageOrientationPatient, VR.DS, "1", "0", "0", "0", "1", "0");
        double z = -i * thickness;
        h.setStrings(Tag.ImagePositionPatient, VR.DS, fmt(-192), fmt(-192), fmt(z));
        h.setDoubles(Tag.SliceLocation, VR.DS, z);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v)
                .replaceAll("0+$", "");
    }

    /** The vendor's private block: software and protocol code, on images that carry one. */
    private void privateBlock(Dataset h) {
        if (!s.privateTags) {
            return;
        }
        privateBase(h);
    }

    private void privateBase(Dataset h) {
        Vendor v = s.vendor;
        h.setString(h.reserve(new PrivateTag(v.creator, v.group, Vendor.SOFTWARE)), VR.LO, v.softwareVersion());
        h.setString(h.reserve(new PrivateTag(v.creator, v.group, Vendor.PROTOCOL_CODE)), VR.SH,
                protocol.replace(' ', '_'));
    }

    /**
     * Writes a dose value into an image: always into the vendor's private element, and into the
     * standard element for studies that have it; records the places once per study.
     *
     * @param standardTag the standard element, or -1 if there is none at image level
     * @param standardScale the factor from the dose's unit to the standard element's; a negative
     *     number divides by its magnitude (so that mGy to dGy is exact: 1.75 / 10, not 1.75 × 0.1)
     */
    private void dose(Dataset h, String quantity, int offset, double value, int standardTag, VR standardVr,
                      double standardScale) {
        privateBase(h);
        Vendor v = s.vendor;
        int tag = h.reserve(new PrivateTag(v.creator, v.group, offset));
        h.setDoubles(tag, v.doseVr, value);
        boolean standard = standardTag >= 0 && s.standardDose;
        double standardValue = standardScale < 0 ? value / -standardScale : value * standardScale;
        if (standard) {
            h.setDoubles(standardTag, standardVr, standardValue);
        }
        if (doses.stream().anyMatch(d -> d.quantity().equals(quantity))) {
            return;
        }
        String unit = unit(quantity);
        List<DoseTag> tags = new ArrayList<>();
        if (standard) {
            tags.add(new DoseTag("STANDARD", hex(standardTag), null, 0, 0, standardVr.name(), standardValue,
                    standardScale == 1 ? unit : standardUnit(quantity), null, null));
        }
        tags.add(new DoseTag("PRIVATE", hex(tag), v.creator, v.group, offset, v.doseVr.name(), value, unit, null, null));
        doses.add(new Dose(quantity, value, unit, tags));
    }

    private void addSrTag(String quantity, String code, double value, String sop) {
        for (int k = 0; k < doses.size(); k++) {
            Dose d = doses.get(k);
            if (d.quantity().equals(quantity)) {
                List<DoseTag> tags = new ArrayList<>(d.tags());
                tags.add(new DoseTag("DOSE_SR", null, null, 0, 0, "DS", value, d.unit(), code, sop));
                doses.set(k, new Dose(d.quantity(), d.value(), d.unit(), tags));
            }
        }
    }

    private static String unit(String quantity) {
        return switch (quantity) {
            case "CTDIvol", "AGD" -> "mGy";
            case "DLP" -> "mGy.cm";
            default -> "Gy.cm2";
        };
    }

    private static String standardUnit(String quantity) {
        return "DAP".equals(quantity) ? "dGy.cm2" : "dGy";
    }

    private static String hex(int tag) {
        return String.format(Locale.ROOT, "%08X", tag);
    }

    private static long even(long n) {
        return n + (n & 1);
    }

    private InstancePlan add(Dataset h, String modality, int series, int number, long pixelLength) {
        String path = String.format(Locale.ROOT, "%s/S%03d/%04d.dcm", s.folder(), series, number);
        InstancePlan p = new InstancePlan(h, modality, series, number, ts, pixelLength,
                TestInstances.seedOf(seed, "pixels", s.key, series, number), path);
        instances.add(p);
        return p;
    }

    private String uid(Object... parts) {
        Object[] all = new Object[parts.length + 3];
        all[0] = "ferry-generator";
        all[1] = seed;
        all[2] = s.key;
        System.arraycopy(parts, 0, all, 3, parts.length);
        return TestInstances.uid(all);
    }
}
