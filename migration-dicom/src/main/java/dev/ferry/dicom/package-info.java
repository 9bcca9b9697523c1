/**
 * The DICOM layer: codec (Part 10, every transfer syntax encoding, dictionary, character sets),
 * network (Upper Layer, DIMSE, TLS), DICOMweb client, and the reference DIMSE, DICOMweb and folder
 * archives, coercers and verifiers built on them. Depends on migration-api only.
 */
package dev.ferry.dicom;
