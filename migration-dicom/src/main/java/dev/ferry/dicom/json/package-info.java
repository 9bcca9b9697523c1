/**
 * The DICOM JSON Model of PS3.18 Annex F, written and read ({@link dev.ferry.dicom.json.DicomJson}),
 * and {@code ferry dump --json}: a DICOM file's data set as JSON, with the values left in the file
 * named by a BulkDataURI. Checked element by element against dcmtk's {@code dcm2json} in the interop
 * tests.
 */
package dev.ferry.dicom.json;
