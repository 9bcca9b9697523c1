package dev.ferry.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The table behind {@link UID}'s look-ups, read once from the generated resource {@code uids.tsv} on
 * first use (class initialisation makes that thread-safe), immutable afterwards.
 */
final class UidRegistry {
    private static final String RESOURCE = "uids.tsv";

    /** One row of PS3.6 Table A-1. */
    record Row(String uid, String keyword, String type, boolean retired, String name) {}

    private UidRegistry() {}

    static String nameOf(String uid) {
        Row r = row(uid);
        return r == null ? null : r.name();
    }

    static String keywordOf(String uid) {
        Row r = row(uid);
        return r == null ? null : r.keyword();
    }

    static String typeOf(String uid) {
        Row r = row(uid);
        return r == null ? null : r.type();
    }

    static boolean isRetired(String uid) {
        Row r = row(uid);
        return r != null && r.retired();
    }

    static String forKeyword(String keyword) {
        Row r = keyword == null ? null : Table.BY_KEYWORD.get(keyword);
        if (r == null) {
            throw new IllegalArgumentException("not a PS3.6 UID keyword: '" + keyword + "'");
        }
        return r.uid();
    }

    /** Every row, in the order of the resource (by UID). */
    static List<Row> rows() {
        return Table.ROWS;
    }

    private static Row row(String uid) {
        return uid == null ? null : Table.BY_UID.get(uid);
    }

    private static final class Table {
        static final List<Row> ROWS;
        static final Map<String, Row> BY_UID;
        static final Map<String, Row> BY_KEYWORD;

        static {
            List<Row> rows = load();
            Map<String, Row> byUid = new HashMap<>(rows.size() * 2);
            Map<String, Row> byKeyword = new HashMap<>(rows.size() * 2);
            for (Row r : rows) {
                if (byUid.put(r.uid(), r) != null || byKeyword.put(r.keyword(), r) != null) {
                    throw new IllegalStateException(RESOURCE + ": duplicate row " + r);
                }
            }
            ROWS = Collections.unmodifiableList(rows);
            BY_UID = byUid;
            BY_KEYWORD = byKeyword;
        }

        private static List<Row> load() {
            InputStream in = UidRegistry.class.getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing next to " + UidRegistry.class);
            }
            List<Row> rows = new ArrayList<>(500);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isEmpty() || line.charAt(0) == '#') {
                        continue;
                    }
                    String[] f = line.split("\t", -1);
                    if (f.length != 5) {
                        throw new IllegalStateException(RESOURCE + ": malformed line: " + line);
                    }
                    rows.add(new Row(f[0], f[1], f[2], f[3].equals("R"), f[4]));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + RESOURCE, e);
            }
            return rows;
        }
    }
}
