package dev.ferry.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyRecord;
import dev.ferry.api.ItemRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One row of {@code ferry_custody} as the database holds it, before it is trusted: the mapping between
 * a {@link CustodyRecord} and the table's columns (see {@code V2__custody.sql}). A row that someone
 * edited may not decode at all (an unknown event type, details that are not a JSON object of strings);
 * {@link #decode()} then says so without quoting the row, whose details may hold patient data.
 */
record CustodyRow(long seq, long eventMillis, String eventType, String actor, String studyUid, String seriesUid,
                  String sopUid, String details, String previousHash, String hash) {

    /** The columns {@link #read} maps, in the order {@link #insertArgs} binds them. */
    static final String COLUMNS = "seq, event_millis, event_type, actor, study_uid, series_uid, sop_uid, details,"
            + " previous_hash, hash";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> DETAILS = new TypeReference<>() {};

    /** A row that does not decode into a custody record; the message names the field, never its value. */
    static final class UnreadableException extends RuntimeException {
        UnreadableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The row that stores {@code r}. */
    static CustodyRow of(CustodyRecord r) {
        CustodyEvent e = r.event();
        return new CustodyRow(r.sequence(), e.time().toEpochMilli(), e.type().name(), e.actor(),
                e.item().studyInstanceUid(), e.item().seriesInstanceUid(), e.item().sopInstanceUid(),
                encodeDetails(e.details()), r.previousHash(), r.hash());
    }

    /** Maps the current row of a query that selected {@link #COLUMNS}. */
    static CustodyRow read(ResultSet rs) throws SQLException {
        return new CustodyRow(rs.getLong("seq"), rs.getLong("event_millis"), rs.getString("event_type"),
                rs.getString("actor"), rs.getString("study_uid"), rs.getString("series_uid"), rs.getString("sop_uid"),
                rs.getString("details"), rs.getString("previous_hash"), rs.getString("hash"));
    }

    /** The values of {@link #COLUMNS}, in order, for an INSERT. */
    List<Object> insertArgs() {
        return Db.nullable(seq, eventMillis, eventType, actor, studyUid, seriesUid, sopUid, details, previousHash,
                hash);
    }

    /**
     * The record this row holds.
     *
     * @throws UnreadableException if the row is not one Ferry could have written
     */
    CustodyRecord decode() {
        CustodyEvent.Type type;
        try {
            type = CustodyEvent.Type.valueOf(eventType);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnreadableException("its event type is not one Ferry writes", null);
        }
        SortedMap<String, String> map;
        try {
            map = JSON.readValue(details, DETAILS);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // Jackson's message quotes the text it choked on: leave it out.
            throw new UnreadableException("its details are not a JSON object of strings", null);
        }
        try {
            return new CustodyRecord(seq, new CustodyEvent(Instant.ofEpochMilli(eventMillis), type, actor,
                    new ItemRef(studyUid, seriesUid, sopUid), map), previousHash, hash);
        } catch (RuntimeException e) {
            // A null actor, hash or detail value, or a sequence below 1; the messages name the field only.
            throw new UnreadableException("a field is missing or out of range (" + e.getMessage() + ")", null);
        }
    }

    /** A JSON object in key order; JSON escapes the control characters a PostgreSQL TEXT cannot hold (NUL). */
    static String encodeDetails(SortedMap<String, String> details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always has a JSON form", e);
        }
    }

    /** Details may hold patient data: only the position and the event type are shown. */
    @Override
    public String toString() {
        return "CustodyRow[" + seq + " " + eventType + "]";
    }
}
