/**
 * Archives over DICOMweb (PS3.18): {@link dev.ferry.dicom.archive.web.DicomWebSource} lists studies
 * with QIDO-RS and retrieves them with WADO-RS; {@link dev.ferry.dicom.archive.web.DicomWebDestination}
 * stores with STOW-RS in batches and reads back with QIDO-RS and WADO-RS. Both are built on
 * {@link dev.ferry.dicom.web.DicomWebClient} and checked against Orthanc's DICOMweb plugin by the
 * testkit's conformance kits.
 */
package dev.ferry.dicom.archive.web;
