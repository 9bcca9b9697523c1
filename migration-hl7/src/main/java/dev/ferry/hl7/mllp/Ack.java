package dev.ferry.hl7.mllp;

import dev.ferry.hl7.adt.MessageHeader;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HL7 v2 general acknowledgment ({@code ACK}): MSA-1 code, MSA-2 the control ID of the message it
 * answers, MSA-3 a text, and ERR-3's HL7 error code (table 0357) when it is not AA.
 *
 * @param code MSA-1
 * @param controlId MSA-2, the acknowledged message's MSH-10; empty when it could not be read
 * @param text MSA-3; free of patient data
 * @param errorCode ERR-3-1 from HL7 table 0357 ({@code 0} message accepted, {@code 100} segment sequence
 *     error, {@code 101} required field missing, {@code 200} unsupported message type, {@code 201}
 *     unsupported event code, {@code 202} unsupported processing ID, {@code 203} unsupported version ID,
 *     {@code 207} application internal error)
 */
public record Ack(AckCode code, String controlId, String text, int errorCode) {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    public Ack {
        Objects.requireNonNull(code, "code");
        controlId = controlId == null ? "" : controlId;
        text = text == null ? "" : text;
    }

    /**
     * This acknowledgment as an ER7 ACK answering {@code header} (its applications swapped, its version
     * and processing ID repeated; 2.5.1 and {@code P} when the header is unknown).
     */
    public String encode(Optional<MessageHeader> header, Clock clock) {
        MessageHeader h = header.orElse(null);
        String version = h == null || h.version().isEmpty() ? "2.5.1" : h.version();
        String processing = h == null || h.processingId().isEmpty() ? "P" : h.processingId();
        String trigger = h == null ? "" : h.triggerEvent();
        StringBuilder sb = new StringBuilder(256);
        sb.append("MSH|^~\\&|")
                .append(h == null ? "FERRY" : h.field(5)).append('|')
                .append(h == null ? "" : h.field(6)).append('|')
                .append(h == null ? "" : h.field(3)).append('|')
                .append(h == null ? "" : h.field(4)).append('|')
                .append(TS.format(clock.instant())).append("||ACK").append(trigger.isEmpty() ? "" : "^" + trigger)
                .append(version.startsWith("2.5") ? "^ACK" : "").append('|')
                .append("FERRY").append(Long.toString(System.nanoTime() & 0xFFFFFFFFL, 36).toUpperCase(Locale.ROOT))
                .append(SEQUENCE.incrementAndGet()).append('|')
                .append(processing).append('|').append(version).append('\r');
        sb.append("MSA|").append(code).append('|').append(escape(controlId)).append('|').append(escape(text)).append('\r');
        if (code != AckCode.AA) {
            // ERR-1 (deprecated in 2.5) and ERR-2 empty; ERR-3 the error code; ERR-4 severity E.
            sb.append("ERR|||").append(errorCode).append('^').append(escape(text)).append("^HL70357|E\r");
        }
        return sb.toString();
    }

    /** Reads an ACK's MSA (and ERR-3) from its ER7 text. */
    public static Ack parse(String er7) {
        Objects.requireNonNull(er7, "er7");
        String msa = null;
        String err = null;
        for (String segment : er7.replace("\r\n", "\r").replace('\n', '\r').split("\r")) {
            if (msa == null && segment.startsWith("MSA")) {
                msa = segment;
            } else if (err == null && segment.startsWith("ERR")) {
                err = segment;
            }
        }
        if (msa == null || msa.length() < 4) {
            throw new IllegalArgumentException("the acknowledgment has no MSA segment");
        }
        String[] f = msa.split("\\" + msa.charAt(3), -1);
        int errorCode = 0;
        if (err != null && err.length() > 3) {
            String[] e = err.split("\\" + err.charAt(3), -1);
            if (e.length > 3) {
                String first = e[3].split("\\^", -1)[0];
                try {
                    errorCode = Integer.parseInt(first.strip());
                } catch (NumberFormatException ignored) {
                    errorCode = 0;
                }
            }
        }
        return new Ack(AckCode.of(f.length > 1 ? f[1] : ""), f.length > 2 ? f[2] : "", f.length > 3 ? f[3] : "",
                errorCode);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\E\\");
                case '|' -> sb.append("\\F\\");
                case '^' -> sb.append("\\S\\");
                case '&' -> sb.append("\\T\\");
                case '~' -> sb.append("\\R\\");
                case '\r', '\n' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
