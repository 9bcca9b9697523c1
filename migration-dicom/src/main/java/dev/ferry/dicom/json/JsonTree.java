package dev.ferry.dicom.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value from a parser into plain Java values: {@code null}, {@link String},
 * {@link Boolean}, {@link Num} (numbers keep their text), {@link List} and {@link Map} (in document
 * order). What the DICOM JSON reader holds while it waits for an attribute's "vr", which JSON lets
 * come after its "Value". Stateless.
 */
final class JsonTree {
    private JsonTree() {}

    /** A JSON number as written: an IS or DS keeps its digits exactly. */
    record Num(String text) {}

    /**
     * The value that starts at the parser's current token; afterwards the parser is at its last token.
     *
     * @throws DicomJsonException if an object has the same key twice
     */
    static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new DicomJsonException("the JSON ends where a value was expected" + at(p));
        }
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                return p.getText();
            case VALUE_TRUE:
            case VALUE_FALSE:
                return t == JsonToken.VALUE_TRUE;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Num(p.getText());
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return list;
            }
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    if (map.containsKey(key)) {
                        throw new DicomJsonException("an object has the same key twice" + at(p));
                    }
                    map.put(key, read(p));
                }
                return map;
            }
            default:
                throw new DicomJsonException("unexpected JSON token " + t + at(p));
        }
    }

    /** " at line L, column C" of the parser's current token. */
    static String at(JsonParser p) {
        var l = p.currentTokenLocation();
        return " at line " + l.getLineNr() + ", column " + l.getColumnNr();
    }
}
