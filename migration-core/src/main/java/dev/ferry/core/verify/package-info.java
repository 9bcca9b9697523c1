/**
 * Verifiers a hospital needs before it switches off its legacy archive, written against the SPI
 * alone (the engine cannot parse DICOM; it reads headers through {@link dev.ferry.api.Dataset}):
 * {@link dev.ferry.core.verify.CountVerifier} (series, instances and their UIDs),
 * {@link dev.ferry.core.verify.IdentityContinuityVerifier} (patient ID, issuer, accession),
 * {@link dev.ferry.core.verify.DoseRetentionVerifier} (CT dose attributes and dose SRs) and
 * {@link dev.ferry.core.verify.ReferencedObjectsVerifier} (what SRs, key objects and presentation
 * states reference). Pixel data is verified elsewhere.
 *
 * <p>Every verifier here is immutable and thread-safe, and its findings name tags, UIDs and counts,
 * never a patient's name, ID or accession number.
 */
package dev.ferry.core.verify;
