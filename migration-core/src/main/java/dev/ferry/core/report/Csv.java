package dev.ferry.core.report;

import java.io.IOException;
import java.io.Writer;

/**
 * Rows of an RFC 4180 CSV file with {@code \n} line ends: a cell holding a comma, a quote or a line
 * break is quoted, its quotes doubled; {@code null} is an empty cell; values are written as they are
 * (numbers by {@link Object#toString()}, which does not depend on the locale), except that a text
 * cell starting with {@code = + - @}, a tab or a carriage return gets a leading {@code '}: the
 * details come from peers (a PACS's error comment, a header value), and a spreadsheet would run
 * such a cell as a formula when an auditor opens the file. report.json keeps every value exact.
 * Not thread-safe.
 */
final class Csv {
    private final Writer out;

    Csv(Writer out) {
        this.out = out;
    }

    void row(Object... cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells[i]));
        }
        out.write('\n');
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!(value instanceof Number) && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') {
                return '"' + s.replace("\"", "\"\"") + '"';
            }
        }
        return s;
    }
}
