package dev.ferry.testkit.generator;

import dev.ferry.api.Dataset;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.testkit.generator.GroundTruth.Copy;
import dev.ferry.testkit.generator.GroundTruth.Corruption;

/**
 * One instance as built: its header, how its pixel data is generated, its file(s) and its faults.
 * The pixel bytes are not held: {@link PixelStreams} generates them from the seed as they are
 * written.
 *
 * <p>Not thread-safe: built by {@link StudyBuilder}, then written once.
 */
final class InstancePlan {
    final Dataset header;
    final String modality;
    final int seriesNumber;
    final int instanceNumber;
    final TransferSyntax transferSyntax;
    /** The Pixel Data value length in bytes (even), or -1 without pixel data. */
    final long pixelLength;
    final long pixelSeed;
    /** The primary file, relative to the generated folder. */
    final String path;
    /** What is wrong with the primary file, or {@code null}. */
    Corruption corrupt;
    /** How the instance was stored twice, or {@code null}. */
    Copy duplicate;
    /** The copy's file for {@link #duplicate}, else {@code null}. */
    String copyPath;
    /** Which of the file's faults variants to write (drawn once, so that writing is deterministic). */
    long faultSeed;

    InstancePlan(Dataset header, String modality, int seriesNumber, int instanceNumber, TransferSyntax transferSyntax,
                 long pixelLength, long pixelSeed, String path) {
        this.header = header;
        this.modality = modality;
        this.seriesNumber = seriesNumber;
        this.instanceNumber = instanceNumber;
        this.transferSyntax = transferSyntax;
        this.pixelLength = pixelLength;
        this.pixelSeed = pixelSeed;
        this.path = path;
    }

    boolean hasPixelData() {
        return pixelLength >= 0;
    }

    String sopInstanceUid() {
        return header.getString(dev.ferry.api.Tag.SOPInstanceUID);
    }

    String seriesInstanceUid() {
        return header.getString(dev.ferry.api.Tag.SeriesInstanceUID);
    }

    String sopClassUid() {
        return header.getString(dev.ferry.api.Tag.SOPClassUID);
    }

    @Override
    public String toString() {
        return "InstancePlan[" + path + "]";
    }
}
