/**
 * Identity resolvers beyond the ADT merge history: MRN format rules ({@link dev.ferry.hl7.identity.MrnFormatResolver}),
 * an MPI as a table, from CSV or SQL ({@link dev.ferry.hl7.identity.TableMpiResolver}), a FHIR server as the MPI
 * ({@link dev.ferry.hl7.identity.FhirMpiResolver}), and their composition with a fixed precedence and a
 * demographics check ({@link dev.ferry.hl7.identity.IdentityPipeline}, {@link dev.ferry.hl7.identity.DemographicsCheck}).
 *
 * <p>Nothing here logs patient data or puts it in a message: decisions and exceptions name resolvers, rules,
 * fields, files and lines; third-party exceptions whose messages may quote an identifier are chained redacted.
 */
package dev.ferry.hl7.identity;
