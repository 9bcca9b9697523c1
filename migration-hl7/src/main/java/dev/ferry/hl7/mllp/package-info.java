/**
 * HL7 v2 over MLLP (the Minimal Lower Layer Protocol, HL7 v2.5.1 Appendix C: each message framed as
 * {@code 0x0B message 0x1C 0x0D}): a bounded listener ({@link dev.ferry.hl7.mllp.MllpListener}) that
 * acknowledges each message in the original acknowledgment mode (AA, AE, AR: HL7 v2.5.1 chapter 2,
 * 2.9.2), the ADT receiver that feeds the merge history ({@link dev.ferry.hl7.mllp.AdtReceiver}), and a
 * client that sends a message and waits for its acknowledgment ({@link dev.ferry.hl7.mllp.MllpClient}).
 */
package dev.ferry.hl7.mllp;
