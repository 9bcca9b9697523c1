/**
 * Accession numbers: normalisation to the destination's format ({@link dev.ferry.hl7.orders.AccessionRules}),
 * the order export of a RIS as ORM^O01, OMI^O23 or CSV ({@link dev.ferry.hl7.orders.OrderExport}), and the
 * collision check between the studies of a migration and that export
 * ({@link dev.ferry.hl7.orders.AccessionCollisions}); plus {@link dev.ferry.hl7.adt.Hl7Messages}, which
 * cuts files, batches and MLLP captures into messages of any type as the ADT reader does.
 *
 * <p>Accession numbers and patient identifiers are patient data: records print them redacted, and
 * problems, collisions and exceptions name files, lines, rules and study UIDs only.
 */
package dev.ferry.hl7.orders;
