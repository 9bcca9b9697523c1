/**
 * Verifiers that need DICOM itself: {@link dev.ferry.dicom.verify.PixelDataVerifier} compares the
 * digest of each instance's Pixel Data value, taken by its {@link dev.ferry.dicom.verify.PixelDataTap}
 * while the instance streamed out of the source, with the same digest over the destination's copy
 * read back; {@link dev.ferry.dicom.verify.StorageCommitmentVerifier} asks the destination, through
 * the Storage Commitment Push Model, to take responsibility for every instance of a study.
 */
package dev.ferry.dicom.verify;
