package dev.ferry.hl7.identity;

import dev.ferry.api.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small, bounded CSV reader for configuration and lookup tables (RFC 4180 without line breaks inside
 * fields): UTF-8, a header row naming the columns, comma-separated fields that may be quoted with
 * {@code "} (a doubled {@code ""} inside quotes is one quote), blank lines and lines starting with
 * {@code #} ignored. Every line is bounded in length and the file in rows, so a corrupt or hostile file
 * cannot make it allocate without limit. Errors are {@link ConfigurationException}s naming
 * {@code file:line} and the column, never a value (tables hold patient identifiers).
 */
final class CsvFile {
    /** The longest line accepted, in characters. */
    static final int MAX_LINE_CHARS = 8192;

    /** One data row: its line number and its fields by column name (absent optional columns are ""). */
    record Row(int line, Map<String, String> fields) {
        String get(String column) {
            return fields.getOrDefault(column, "");
        }
    }

    private CsvFile() {}

    /**
     * Reads {@code file}, checking its header against the required and optional column names (case-insensitive,
     * in any order).
     *
     * @param maxRows the most data rows accepted; one more is an error
     */
    static List<Row> read(Path file, Set<String> required, Set<String> optional, int maxRows) {
        String where = file.toString();
        try (Reader in = new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT))) {
            return read(in, where, required, optional, maxRows);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigurationException(where + ": not valid UTF-8");
        } catch (IOException e) {
            throw new ConfigurationException(where + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    static List<Row> read(Reader in, String where, Set<String> required, Set<String> optional, int maxRows)
            throws IOException {
        LineReader lines = new LineReader(in, where);
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        String line;
        while ((line = lines.next()) != null) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<String> fields = split(line, where, lines.number());
            if (header == null) {
                header = header(fields, where, lines.number(), required, optional);
                continue;
            }
            if (fields.size() > header.size()) {
                throw error(where, lines.number(), fields.size() + " fields, the header names " + header.size());
            }
            if (rows.size() >= maxRows) {
                throw error(where, lines.number(), "more than " + maxRows + " rows");
            }
            Map<String, String> byName = new HashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                byName.put(header.get(i), fields.get(i).strip());
            }
            rows.add(new Row(lines.number(), Map.copyOf(byName)));
        }
        if (header == null) {
            throw new ConfigurationException(where + ": no header row");
        }
        return rows;
    }

    private static List<String> header(List<String> fields, String where, int line, Set<String> required,
                                       Set<String> optional) {
        List<String> names = new ArrayList<>();
        for (String f : fields) {
            String name = f.strip().toLowerCase(Locale.ROOT);
            if (!required.contains(name) && !optional.contains(name)) {
                throw error(where, line, "unknown column '" + f.strip() + "' (expected " + required
                        + (optional.isEmpty() ? "" : ", optionally " + optional) + ")");
            }
            if (names.contains(name)) {
                throw error(where, line, "column '" + name + "' appears twice");
            }
            names.add(name);
        }
        for (String r : required) {
            if (!names.contains(r)) {
                throw error(where, line, "the header lacks the column '" + r + "'");
            }
        }
        return List.copyOf(names);
    }

    /** Splits one line into fields, honouring quotes. */
    static List<String> split(String line, String where, int lineNumber) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && field.toString().isBlank() && !wasQuoted) {
                field.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (wasQuoted && !Character.isWhitespace(c)) {
                throw error(where, lineNumber, "field " + (out.size() + 1) + ": text after a closing quote");
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw error(where, lineNumber, "field " + (out.size() + 1) + ": unterminated quote");
        }
        out.add(field.toString());
        return out;
    }

    static ConfigurationException error(String where, int line, String what) {
        return new ConfigurationException(where + ":" + line + ": " + what);
    }

    /** Lines of at most {@link #MAX_LINE_CHARS} characters, ended by LF, CR or CRLF; counts them. */
    private static final class LineReader {
        private final Reader in;
        private final String where;
        private final StringBuilder sb = new StringBuilder();
        private int number;
        private int pushedBack = -2;

        LineReader(Reader in, String where) {
            this.in = in.markSupported() ? in : new java.io.BufferedReader(in);
            this.where = where;
        }

        int number() {
            return number;
        }

        String next() throws IOException {
            sb.setLength(0);
            int c = pushedBack != -2 ? pushedBack : in.read();
            pushedBack = -2;
            if (c == -1) {
                return null;
            }
            number++;
            while (c != -1 && c != '\n' && c != '\r') {
                if (sb.length() >= MAX_LINE_CHARS) {
                    throw error(where, number, "line longer than " + MAX_LINE_CHARS + " characters");
                }
                if (number == 1 && sb.length() == 0 && c == '\uFEFF') {
                    c = in.read();
                    continue;
                }
                sb.append((char) c);
                c = in.read();
            }
            if (c == '\r') {
                int d = in.read();
                if (d != '\n') {
                    pushedBack = d;
                }
            }
            return sb.toString();
        }
    }
}
