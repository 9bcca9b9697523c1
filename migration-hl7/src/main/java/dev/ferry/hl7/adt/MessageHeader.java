package dev.ferry.hl7.adt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a message's MSH segment as written, read without HAPI: what a receiver needs to
 * acknowledge a message it cannot parse (MSH-10 for MSA-2, the applications to swap) and to decide
 * whether to reject it (MSH-9, MSH-11, MSH-12) before reading the rest. Values are raw ER7 (escape
 * sequences left as they are), components kept.
 *
 * @param fieldSeparator MSH-1
 * @param encodingCharacters MSH-2 ({@code ^~\&} usually)
 * @param fields MSH-3 onwards: {@code fields.get(0)} is MSH-3
 */
public record MessageHeader(char fieldSeparator, String encodingCharacters, List<String> fields) {
    public MessageHeader {
        fields = List.copyOf(fields);
    }

    /**
     * The header of an ER7 message (segments separated by CR, LF or CRLF); empty when its first
     * segment is not a readable MSH.
     */
    public static Optional<MessageHeader> sniff(String er7) {
        if (er7 == null || er7.length() < 8 || !er7.startsWith("MSH")) {
            return Optional.empty();
        }
        int end = er7.length();
        for (int i = 0; i < er7.length(); i++) {
            char c = er7.charAt(i);
            if (c == '\r' || c == '\n') {
                end = i;
                break;
            }
        }
        String msh = er7.substring(0, end);
        char fs = msh.charAt(3);
        if (Character.isLetterOrDigit(fs) || Character.isWhitespace(fs)) {
            return Optional.empty();
        }
        List<String> parts = split(msh, fs);
        // parts: [MSH, MSH-2, MSH-3, ...]
        if (parts.size() < 2 || parts.get(1).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MessageHeader(fs, parts.get(1), parts.subList(2, parts.size())));
    }

    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == sep) {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        return out;
    }

    /** MSH-n as written, {@code n >= 3}; empty when absent. */
    public String field(int n) {
        int i = n - 3;
        return i >= 0 && i < fields.size() ? fields.get(i) : "";
    }

    /** Component {@code c} (1-based) of MSH-n; empty when absent. */
    public String component(int n, int c) {
        String f = field(n);
        char cs = encodingCharacters.isEmpty() ? '^' : encodingCharacters.charAt(0);
        int rep = encodingCharacters.length() > 1 ? f.indexOf(encodingCharacters.charAt(1)) : -1;
        if (rep >= 0) {
            f = f.substring(0, rep);
        }
        List<String> comps = split(f, cs);
        return c >= 1 && c <= comps.size() ? comps.get(c - 1) : "";
    }

    /** MSH-9-1, {@code ADT}. */
    public String messageCode() {
        return component(9, 1).strip();
    }

    /** MSH-9-2, {@code A40}. */
    public String triggerEvent() {
        return component(9, 2).strip();
    }

    /** MSH-10. */
    public String controlId() {
        return field(10).strip();
    }

    /** MSH-11-1, {@code P}. */
    public String processingId() {
        return component(11, 1).strip();
    }

    /** MSH-12-1, {@code 2.5.1}. */
    public String version() {
        return component(12, 1).strip();
    }

    /** MSH-18 first repetition, {@code UNICODE UTF-8}. */
    public String characterSet() {
        String f = field(18);
        int rep = encodingCharacters.length() > 1 ? f.indexOf(encodingCharacters.charAt(1)) : -1;
        return (rep >= 0 ? f.substring(0, rep) : f).strip();
    }

    /** Header fields are not patient data, but MSH can be abused: print the type and control ID only. */
    @Override
    public String toString() {
        return "MessageHeader[" + messageCode() + "^" + triggerEvent() + ", MSH-10=" + controlId() + "]";
    }
}
