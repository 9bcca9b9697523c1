/**
 * Ferry's values, events and exceptions: what callers and SPI implementations exchange.
 *
 * <p>Conventions for the whole package: parameters and return values are non-null unless the
 * Javadoc says otherwise; records are immutable and safe to share between threads; records that
 * hold patient data (identities, demographics, accession numbers, tag values) redact them in
 * {@code toString()} so that they cannot reach a log by accident. {@link dev.ferry.api.Dataset}
 * and {@link dev.ferry.api.DicomInstance} are the two mutable, single-owner types.
 */
package dev.ferry.api;
