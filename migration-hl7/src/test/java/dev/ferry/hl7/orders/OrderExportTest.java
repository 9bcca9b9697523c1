package dev.ferry.hl7.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.PatientIdentity;
import dev.ferry.hl7.adt.AdtProblem;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Orders from real OMI^O23 and ORM^O01 messages (IPC-1, OBR-18, ZDS, a batch) and from CSV. */
class OrderExportTest {
    @TempDir
    Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(OrderExportTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void omiCarriesTheAccessionInIpc1AndTheStudyInIpc3() {
        List<AdtProblem> problems = new ArrayList<>();
        try (OrderExport export = OrderExport.create()) {
            List<Order> orders = export.readAll(List.of(resource("dcm4che-omi-o23-imaging-order.hl7")), problems);
            assertThat(problems).isEmpty();
            assertThat(orders).singleElement().satisfies(o -> {
                assertThat(o.accession()).isEqualTo("AccessionNumber");
                assertThat(o.patient()).isEqualTo(PatientIdentity.of("PID_1", "ADT1"));
                assertThat(o.studyInstanceUid()).isEqualTo("1.2.392.200036.9125.0.198811291108.7");
                assertThat(o.controlId()).isEqualTo("1001125");
                assertThat(o.orderTime()).isEqualTo(Instant.parse("2000-08-16T15:10:00Z")); // TQ1-7
                assertThat(o.toString()).doesNotContain("AccessionNumber").doesNotContain("PID_1");
            });
        }
    }

    @Test
    void ihesOrmCarriesItInObr18AndTheStudyInZds() {
        List<AdtProblem> problems = new ArrayList<>();
        try (OrderExport export = OrderExport.create()) {
            List<Order> orders = export.readAll(List.of(resource("dcm4che-orm-o01-general-order.hl7")), problems);
            assertThat(problems).isEmpty();
            assertThat(orders).singleElement().satisfies(o -> {
                assertThat(o.accession()).isEqualTo("AccessionNumber");
                assertThat(o.studyInstanceUid()).isEqualTo("1.2.392.200036.9125.0.198811291108.7");
            });
        }
    }

    @Test
    void aBatchWithoutAnAccessionFieldIsAProblemUntilObr3IsAllowed() {
        Path batch = resource("mirth-orm-o01-batch-v24.hl7");
        List<AdtProblem> problems = new ArrayList<>();
        try (OrderExport export = OrderExport.builder()
                .accessionFields(List.of(OrderExport.AccessionField.IPC_1, OrderExport.AccessionField.OBR_18)).build()) {
            List<Order> orders = export.readAll(List.of(batch), problems);
            // OBR-18 holds "MR^20061213-0007": HAPI reads an ST's first component
            assertThat(orders).singleElement().satisfies(o -> {
                assertThat(o.accession()).isEqualTo("MR");
                assertThat(o.patient().id()).isEqualTo("4223161584");
                assertThat(o.patient().issuer()).isEmpty(); // "^^^Mirth" is on PID-2, PID-3 has the bare ID
            });
        }
        try (OrderExport export = OrderExport.builder().accessionFields(List.of(OrderExport.AccessionField.OBR_3)).build()) {
            List<Order> orders = export.readAll(List.of(batch), problems);
            assertThat(orders).isEmpty(); // OBR-3 is empty in this one
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(AdtProblem.Kind.INVALID_CONTENT);
                assertThat(p.origin().line()).isEqualTo(3); // FHS, BHS, then MSH (CRLF)
                assertThat(p.detail()).contains("OBR 1").contains("OBR_3");
            });
        }
    }

    @Test
    void csvWithAHeaderInAnyOrderAndProblemsByLine() throws IOException {
        Path csv = tmp.resolve("orders.csv");
        Files.writeString(csv, "patient_id,issuer,accession,study_instance_uid\n"
                + "P1,HOSP,A100,1.2.3\n"
                + "\"P,2\",HOSP,A200,\n"
                + ",HOSP,A300,\n"
                + "P4,,\"A4\"\"00\",\n");
        List<AdtProblem> problems = new ArrayList<>();
        List<Order> orders;
        try (OrderExport export = OrderExport.create()) {
            orders = export.readAll(List.of(csv), problems);
        }
        assertThat(orders).extracting(Order::accession).containsExactly("A100", "A200", "A4\"00");
        assertThat(orders.get(0).studyInstanceUid()).isEqualTo("1.2.3");
        assertThat(orders.get(1).patient()).isEqualTo(PatientIdentity.of("P,2", "HOSP"));
        assertThat(orders.get(2).patient().issuer()).isEmpty();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.origin().line()).isEqualTo(4);
            assertThat(p.detail()).contains("patient_id");
        });
    }
}
