/**
 * Real DICOM peers for interop tests, started on free loopback ports with their data in a temporary
 * folder: dcmtk's {@link dev.ferry.dicom.net.peer.Storescp} and {@link dev.ferry.dicom.net.peer.Dcmqrscp},
 * {@link dev.ferry.dicom.net.peer.Orthanc}, a throw-away {@link dev.ferry.dicom.net.peer.TestPki} for
 * TLS, and {@link dev.ferry.dicom.net.peer.Dcmtk} to run dcmtk's client tools.
 *
 * <p>Every peer is {@link java.lang.AutoCloseable}: use it in try-with-resources. Every wait has a
 * time limit, every process gets {@code TCP_NODELAY=1} (dcmtk and Orthanc leave Nagle's algorithm on
 * without it, DESIGN.md) and writes its output to a log file in its folder, the tail of which is
 * quoted when it fails to start.
 */
package dev.ferry.dicom.net.peer;
