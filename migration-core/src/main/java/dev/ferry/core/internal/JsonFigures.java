package dev.ferry.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reads a figure back from a stored report's JSON. */
final class JsonFigures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFigures() {}

    /** A top-level number of {@code figures}, or 0 when absent or not a number. */
    static double number(String reportJson, String name) {
        try {
            JsonNode v = JSON.readTree(reportJson).path("figures").path(name);
            return v.isNumber() ? v.asDouble() : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
