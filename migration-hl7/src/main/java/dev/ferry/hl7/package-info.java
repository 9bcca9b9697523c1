/**
 * HL7 v2 (HAPI) ADT, ORM and ORU handling, patient merge history, identity resolvers, FHIR export
 * and MPI lookup. Depends on migration-api only.
 */
package dev.ferry.hl7;
