package dev.ferry.dicom.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code Content-Type} (RFC 9110 section 8.3.1): the type in lower case and its parameters,
 * names in lower case, values unquoted. Lenient where servers are sloppy (spaces around {@code =},
 * a trailing {@code ;}); a parameter it cannot read ends the parsing. Immutable.
 *
 * @param type {@code type/subtype}, lower case
 * @param parameters by lower-case name; values as sent, unquoted
 */
record MediaType(String type, Map<String, String> parameters) {
    MediaType {
        parameters = Map.copyOf(parameters);
    }

    /** The media type of a {@code Content-Type} header; type empty when the header is absent or blank. */
    static MediaType parse(String header) {
        if (header == null) {
            return new MediaType("", Map.of());
        }
        int semi = header.indexOf(';');
        String type = (semi < 0 ? header : header.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int k = semi < 0 ? header.length() : semi + 1;
        while (k < header.length()) {
            int eq = header.indexOf('=', k);
            if (eq < 0) {
                break;
            }
            String name = header.substring(k, eq).strip().toLowerCase(Locale.ROOT);
            int v = eq + 1;
            while (v < header.length() && header.charAt(v) == ' ') {
                v++;
            }
            StringBuilder value = new StringBuilder();
            if (v < header.length() && header.charAt(v) == '"') {
                v++;
                while (v < header.length() && header.charAt(v) != '"') {
                    char c = header.charAt(v++);
                    if (c == '\\' && v < header.length()) {
                        c = header.charAt(v++);
                    }
                    value.append(c);
                }
                v++; // the closing quote
                int next = header.indexOf(';', v);
                k = next < 0 ? header.length() : next + 1;
            } else {
                int next = header.indexOf(';', v);
                int end = next < 0 ? header.length() : next;
                value.append(header.substring(v, end).strip());
                k = next < 0 ? header.length() : next + 1;
            }
            if (!name.isEmpty()) {
                params.putIfAbsent(name, value.toString());
            }
        }
        return new MediaType(type, params);
    }

    String parameter(String name) {
        return parameters.get(name);
    }

    boolean is(String other) {
        return type.equals(other);
    }
}
