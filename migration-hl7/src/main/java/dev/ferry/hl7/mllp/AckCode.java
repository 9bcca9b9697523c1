package dev.ferry.hl7.mllp;

/**
 * MSA-1 in the original acknowledgment mode (HL7 table 0008; HL7 v2.5.1 chapter 2, 2.9.2.1).
 */
public enum AckCode {
    /** Application accept: the message was processed. */
    AA,
    /** Application error: the message was read but could not be processed; resending it as is fails again. */
    AE,
    /**
     * Application reject: the message was refused before processing: its MSH cannot be read, or its
     * message type, trigger event, version or processing ID is not one the receiver takes.
     */
    AR;

    /** The code of an MSA-1 value; the enhanced mode's CA/CE/CR map to AA/AE/AR. */
    public static AckCode of(String msa1) {
        return switch (msa1 == null ? "" : msa1.strip()) {
            case "AA", "CA" -> AA;
            case "AE", "CE" -> AE;
            case "AR", "CR" -> AR;
            default -> throw new IllegalArgumentException("not an acknowledgment code (MSA-1): " + msa1);
        };
    }
}
