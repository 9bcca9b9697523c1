/**
 * The migration engine: plan, phases, scheduler, durable state, retries, exception list, custody
 * log and reports. Sees archives, resolvers, coercers and verifiers only through dev.ferry.spi, never
 * through migration-dicom or migration-hl7.
 */
package dev.ferry.core;
