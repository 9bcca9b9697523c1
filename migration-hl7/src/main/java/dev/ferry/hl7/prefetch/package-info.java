/**
 * Pre-fetch triggers: HL7 events (admission, registration, order, appointment) received over MLLP
 * that promote a patient's history in a running migration, so that the priors are on the new
 * archive before the patient is.
 */
package dev.ferry.hl7.prefetch;
