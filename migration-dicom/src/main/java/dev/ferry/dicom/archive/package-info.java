/**
 * What the reference archives share: descriptors read from headers and query matches, and the
 * archive URIs of the command line ({@code folder:PATH}, {@code dimse:AET@host:port},
 * {@code dicomweb:URL}). The implementations are in {@code archive.dimse}, {@code archive.web} and
 * {@code archive.folder}.
 */
package dev.ferry.dicom.archive;
