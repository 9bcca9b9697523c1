/**
 * Radiology report migration: ORU^R01 from a RIS export, with the resolved identity and the normalised
 * accession applied, forwarded to a destination MLLP endpoint and confirmed by its acknowledgment
 * ({@link dev.ferry.hl7.reports.ReportMigration}), each report recorded in the custody log.
 */
package dev.ferry.hl7.reports;
