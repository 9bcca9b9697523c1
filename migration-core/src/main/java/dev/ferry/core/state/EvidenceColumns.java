package dev.ferry.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.Digest;
import dev.ferry.api.TagPath;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How an instance's evidence is kept in {@code ferry_instances}: a digest as {@code "SHA-256:hex"},
 * attribute values as a JSON object keyed by tag path in sorted order. Values are patient data, so
 * no message here ever holds one.
 */
final class EvidenceColumns {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() { };

    private EvidenceColumns() {
    }

    static String digest(Digest d) {
        return d == null ? null : d.algorithm() + ":" + d.hex();
    }

    static Digest digest(String column) {
        if (column == null) {
            return null;
        }
        int colon = column.lastIndexOf(':');
        if (colon <= 0) {
            throw new StateStoreException("a stored pixel digest is not 'ALGORITHM:hex'", null);
        }
        return new Digest(column.substring(0, colon), column.substring(colon + 1));
    }

    static String attributes(Map<TagPath, String> attributes) {
        if (attributes.isEmpty()) {
            return null;
        }
        Map<String, String> sorted = new TreeMap<>();
        attributes.forEach((k, v) -> sorted.put(k.toString(), v));
        try {
            return JSON.writeValueAsString(sorted);
        } catch (JsonProcessingException e) {
            throw new StateStoreException("instance evidence could not be written as JSON", null);
        }
    }

    static Map<TagPath, String> attributes(String column) {
        if (column == null || column.isEmpty()) {
            return Map.of();
        }
        Map<String, String> read;
        try {
            read = JSON.readValue(column, MAP);
        } catch (JsonProcessingException e) {
            throw new StateStoreException("stored instance evidence is not a JSON object of strings", null);
        }
        Map<TagPath, String> out = new LinkedHashMap<>();
        read.forEach((k, v) -> out.put(TagPath.parse(k), v));
        return out;
    }
}
