package dev.ferry.bench;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;

/**
 * The parts of a typical CT image header the benchmarks share: a 512x512 16-bit slice's image pixel
 * and plane attributes, display and rescale values, three referenced images, and about forty
 * series and acquisition descriptors, so a header holds the number of elements a scanner writes.
 */
public final class CtHeaders {
    private CtHeaders() {
    }

    /** A new header with the character set, image type and the UIDs of one CT slice. */
    public static Dataset withUids() {
        Dataset h = new Dataset();
        h.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        h.setStrings(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        h.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        h.setString(Tag.SOPInstanceUID, VR.UI, "2.25.160381925462131937464651837386722540391");
        h.setString(Tag.StudyInstanceUID, VR.UI, "2.25.330225123883040154093245402981208541219");
        h.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.103548823718963487452135566213342123212");
        return h;
    }

    /** Adds the shared attributes to {@code h}; identity, dates and private blocks are each benchmark's own. */
    public static void addImageAndAcquisition(Dataset h) {
        h.setInts(Tag.Rows, VR.US, 512);
        h.setInts(Tag.Columns, VR.US, 512);
        h.setInts(Tag.BitsAllocated, VR.US, 16);
        h.setInts(Tag.BitsStored, VR.US, 12);
        h.setInts(Tag.HighBit, VR.US, 11);
        h.setInts(Tag.PixelRepresentation, VR.US, 0);
        h.setInts(Tag.SamplesPerPixel, VR.US, 1);
        h.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        h.setDoubles(Tag.PixelSpacing, VR.DS, 0.703125, 0.703125);
        h.setDoubles(Tag.ImagePositionPatient, VR.DS, -180.0, -180.0, 52.5);
        h.setDoubles(Tag.ImageOrientationPatient, VR.DS, 1, 0, 0, 0, 1, 0);
        h.setDoubles(Tag.SliceThickness, VR.DS, 2.5);
        h.setDoubles(Tag.KVP, VR.DS, 120);
        h.setDoubles(Tag.WindowCenter, VR.DS, 40);
        h.setDoubles(Tag.WindowWidth, VR.DS, 400);
        h.setDoubles(Tag.RescaleIntercept, VR.DS, -1024);
        h.setDoubles(Tag.RescaleSlope, VR.DS, 1);
        Dataset.Sequence refs = h.newSequence(Tag.ReferencedImageSequence);
        for (int i = 0; i < 3; i++) {
            Dataset item = refs.addItem();
            item.setString(Tag.ReferencedSOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
            item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "2.25.1000" + i);
        }
        int[] texts = {Tag.StudyDescription, Tag.SeriesDescription, Tag.OperatorsName, Tag.ManufacturerModelName,
            Tag.BodyPartExamined, Tag.ProtocolName, Tag.SoftwareVersions, Tag.DeviceSerialNumber,
            Tag.ConvolutionKernel, Tag.PatientPosition, Tag.ReferringPhysicianName, Tag.InstitutionalDepartmentName,
            Tag.PerformingPhysicianName, Tag.FilterType, Tag.RotationDirection, Tag.ExposureModulationType,
            Tag.AcquisitionType};
        for (int t : texts) {
            h.setString(t, VR.LO, "VALUE " + Integer.toHexString(t));
        }
        int[] numbers = {Tag.SeriesNumber, Tag.InstanceNumber, Tag.AcquisitionNumber, Tag.ExposureTime,
            Tag.XRayTubeCurrent, Tag.Exposure, Tag.GeneratorPower};
        for (int t : numbers) {
            h.setInts(t, VR.IS, 100);
        }
        int[] decimals = {Tag.DataCollectionDiameter, Tag.ReconstructionDiameter, Tag.DistanceSourceToDetector,
            Tag.DistanceSourceToPatient, Tag.GantryDetectorTilt, Tag.TableHeight, Tag.SliceLocation,
            Tag.SpiralPitchFactor, Tag.RevolutionTime, Tag.SingleCollimationWidth, Tag.TotalCollimationWidth,
            Tag.TableSpeed, Tag.TableFeedPerRotation};
        for (int t : decimals) {
            h.setDoubles(t, VR.DS, 1.25);
        }
    }
}
