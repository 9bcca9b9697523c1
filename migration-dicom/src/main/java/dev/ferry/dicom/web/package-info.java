/**
 * A DICOMweb client on {@code java.net.http} alone (PS3.18): QIDO-RS searches with paging, WADO-RS
 * retrieval of {@code multipart/related} responses parsed as they stream, and STOW-RS stores whose
 * bodies stream from files or streams. {@link dev.ferry.dicom.web.DicomWebClient} is the entry point;
 * the archives built on it are in {@code dev.ferry.dicom.archive.web}.
 *
 * <p>HTTP failures become Ferry's typed exceptions (see {@link dev.ferry.dicom.web.DicomWebClient});
 * messages name methods, paths and UIDs, never query parameters (which carry patient IDs) nor
 * response bodies.
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/html/part18.html">PS3.18 Web Services</a>
 */
package dev.ferry.dicom.web;
