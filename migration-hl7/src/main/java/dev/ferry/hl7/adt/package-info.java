/**
 * HL7 v2 ADT history: reading ADT messages of versions 2.3 to 2.5.1 (and tolerated neighbours) from
 * files, FHS/BHS batches and MLLP captures with HAPI ({@link dev.ferry.hl7.adt.AdtReader},
 * {@link dev.ferry.hl7.adt.AdtParser}), the patient merge graph built from them
 * ({@link dev.ferry.hl7.adt.MergeGraph}), and the identity resolver that serves it
 * ({@link dev.ferry.hl7.adt.MergeHistoryResolver}).
 *
 * <p>Every type here that holds patient data (identifiers, names, raw segments) prints it redacted in
 * {@code toString()}; problems and exceptions name files, lines, message control IDs and fields, never
 * patient data.
 */
package dev.ferry.hl7.adt;
