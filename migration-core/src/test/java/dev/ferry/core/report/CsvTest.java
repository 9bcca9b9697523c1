package dev.ferry.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CSV cells: RFC 4180 quoting, and no cell a spreadsheet would run as a formula. */
class CsvTest {
    @Test
    void quotesWhatNeedsQuotingAndLeavesTheRestAsItIs() {
        assertThat(Csv.cell(null)).isEmpty();
        assertThat(Csv.cell("2.25.123")).isEqualTo("2.25.123");
        assertThat(Csv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.cell("say \"no\"")).isEqualTo("\"say \"\"no\"\"\"");
        assertThat(Csv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void aTextCellThatASpreadsheetWouldRunAsAFormulaIsDefused() {
        assertThat(Csv.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(Csv.cell("+1")).isEqualTo("'+1");
        assertThat(Csv.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(Csv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.cell("\tx")).isEqualTo("'\tx");
        assertThat(Csv.cell(-5L)).as("numbers are numbers").isEqualTo("-5");
        assertThat(Csv.cell("a=b")).isEqualTo("a=b");
    }
}
