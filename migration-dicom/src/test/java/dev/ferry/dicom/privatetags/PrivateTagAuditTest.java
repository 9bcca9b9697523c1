package dev.ferry.dicom.privatetags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.PrivateTag;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shapes, not values; known content flagged; every output escaped. */
class PrivateTagAuditTest {
    private static final String SECRET = "DOE^<script>JANE";
    /** An invented creator as the testkit generator writes it (never a real vendor's string). */
    private static final String ORION = "ORION_RAD_PRIVATE";

    private static Dataset header(String model, String dose) {
        Dataset h = new Dataset();
        h.setString(Tag.Modality, VR.CS, "CT");
        h.setString(Tag.Manufacturer, VR.LO, "ORION <HEALTHCARE>");
        h.setString(Tag.ManufacturerModelName, VR.LO, model);
        h.setString(h.reserve(new PrivateTag(ORION, 0x0019, 0x10)), VR.DS, dose);
        h.setString(h.reserve(new PrivateTag(ORION, 0x0019, 0x02)), VR.SH, SECRET);
        h.setBytes(h.reserve(new PrivateTag("BLOB", 0x0029, 0x01)), VR.UN, new byte[] {1, 2, (byte) 0xFF, 4});
        Dataset item = h.newSequence(Tag.ReferencedImageSequence).addItem();
        item.setString(item.reserve(new PrivateTag(ORION, 0x0019, 0x20)), VR.LO, "A\\B\\C");
        return h;
    }

    @Test
    void shapesCountsAndFlagsWithoutValues() throws Exception {
        PrivateTagAudit.Tally tally = new PrivateTagAudit.Tally();
        PrivateTagAudit.audit(header("Vista CT 128", "12.5"), tally);
        PrivateTagAudit.audit(header("Vista CT 128", "1234.75\\2"), tally);
        KnownPrivateContent known = KnownPrivateContent.builtIn().with(List.of(new KnownPrivateContent.Entry(ORION,
                0x0019, 0x10, KnownPrivateContent.Category.RADIATION_DOSE, "CTDIvol", "invented test vendor")));
        PrivateTagReport r = tally.report("test", 0, known);

        PrivateTagReport.Row dose = r.rows().stream().filter(x -> x.offset() == 0x10).findFirst().orElseThrow();
        assertThat(dose.count()).isEqualTo(2);
        assertThat(dose.kinds()).containsExactly(PrivateTagReport.Kind.NUMERIC_TEXT);
        assertThat(dose.minLength()).isEqualTo(4);
        assertThat(dose.maxLength()).isEqualTo(9);
        assertThat(dose.minValues()).isEqualTo(1);
        assertThat(dose.maxValues()).isEqualTo(2);
        assertThat(dose.category()).isEqualTo("RADIATION_DOSE");
        assertThat(r.flagged()).containsExactly(dose);
        PrivateTagReport.Row blob = r.rows().stream().filter(x -> x.creator().equals("BLOB")).findFirst().orElseThrow();
        assertThat(blob.kinds()).containsExactly(PrivateTagReport.Kind.BINARY);
        PrivateTagReport.Row nested = r.rows().stream().filter(PrivateTagReport.Row::nested).findFirst().orElseThrow();
        assertThat(nested.maxValues()).isEqualTo(3);

        StringWriter json = new StringWriter();
        StringWriter csv = new StringWriter();
        StringWriter html = new StringWriter();
        r.writeJson(json);
        r.writeCsv(csv);
        r.writeHtml(html);
        for (String out : List.of(json.toString(), csv.toString(), html.toString())) {
            assertThat(out).doesNotContain("DOE", "12.5", "1234.75", "JANE").contains(ORION);
        }
        assertThat(html.toString()).contains("ORION &lt;HEALTHCARE&gt;").doesNotContain("<HEALTHCARE>", "<script>");
    }
}
