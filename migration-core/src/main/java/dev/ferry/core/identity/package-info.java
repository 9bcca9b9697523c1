/**
 * Identity checks over a migration's inventory that need no HL7 or DICOM code: the accession collision
 * check ({@link dev.ferry.core.identity.AccessionCollisionCheck}), which raises exceptions from what a
 * detector (migration-hl7's, through a lambda) finds.
 */
package dev.ferry.core.identity;
