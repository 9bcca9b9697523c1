package dev.ferry.hl7.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.PatientIdentity;
import dev.ferry.hl7.mllp.Ack;
import dev.ferry.hl7.mllp.AckCode;
import dev.ferry.hl7.mllp.MllpClient;
import dev.ferry.hl7.mllp.MllpListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pre-fetch triggers over a live MLLP connection on loopback: registrations, orders and appointments. */
@Timeout(30)
class PrefetchTriggersTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile boolean failing;
    private PrefetchTriggers triggers;
    private MllpListener listener;
    private MllpClient client;

    @BeforeEach
    void start() throws IOException {
        triggers = new PrefetchTriggers((patient, trigger) -> {
            if (failing) {
                throw new IllegalStateException("the state store is down");
            }
            calls.add(patient.id() + "|" + patient.issuer() + "|" + trigger);
        });
        listener = MllpListener.builder(triggers).idleTimeout(Duration.ofSeconds(20)).build().start();
        client = MllpClient.connect(new InetSocketAddress("127.0.0.1", listener.port()), TIMEOUT);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        listener.close();
        triggers.close();
    }

    @Test
    void aRegistrationPrefetchesEveryIdentifierOfThePatient() throws IOException {
        Ack ack = client.send("MSH|^~\\&|HIS|HOSP|FERRY|MIG|20240101120000||ADT^A04^ADT_A01|REG1|P|2.5.1\r"
                + "EVN|A04|20240101120000\rPID|||MRN-1^^^HOSP_A~900123^^^&1.2.3.4&ISO||DOE^JANE\rPV1||O\r");
        assertThat(ack.code()).isEqualTo(AckCode.AA);
        assertThat(ack.controlId()).isEqualTo("REG1");
        assertThat(calls).containsExactly("MRN-1|HOSP_A|HL7 ADT^A04 control ID REG1",
                "900123|1.2.3.4|HL7 ADT^A04 control ID REG1");
    }

    @Test
    void anOrderAndAnAppointmentPrefetchToo() throws IOException {
        Ack order = client.send("MSH|^~\\&|RIS|HOSP|FERRY|MIG|20240101120000||ORM^O01^ORM_O01|ORD1|P|2.3\r"
                + "PID|||MRN-2^^^HOSP_A||ROE^RICHARD\rORC|NW|A1\rOBR|1|A1||CT^CT HEAD\r");
        Ack appointment = client.send("MSH|^~\\&|SCHED|HOSP|FERRY|MIG|20240101120000||SIU^S12^SIU_S12|APT1|P|2.4\r"
                + "SCH|APT1|||||||||||||||||||||||||BOOKED\rPID|||MRN-3^^^HOSP_A||POE^PAT\r");
        assertThat(order.code()).isEqualTo(AckCode.AA);
        assertThat(appointment.code()).isEqualTo(AckCode.AA);
        assertThat(calls).containsExactly("MRN-2|HOSP_A|HL7 ORM^O01 control ID ORD1",
                "MRN-3|HOSP_A|HL7 SIU^S12 control ID APT1");
    }

    @Test
    void otherEventsAreRejectedAndMissingIdentifiersOrAFailingSinkAreErrors() throws IOException {
        Ack update = client.send("MSH|^~\\&|HIS|HOSP|FERRY|MIG|20240101||ADT^A08|UPD1|P|2.5.1\r"
                + "PID|||MRN-4^^^HOSP_A\r");
        assertThat(update.code()).isEqualTo(AckCode.AR);
        assertThat(update.errorCode()).isEqualTo(200);
        Ack noId = client.send("MSH|^~\\&|HIS|HOSP|FERRY|MIG|20240101||ADT^A04|REG2|P|2.5.1\rPID|||||DOE^JOHN\r");
        assertThat(noId.code()).isEqualTo(AckCode.AE);
        assertThat(noId.errorCode()).isEqualTo(101);
        failing = true;
        Ack down = client.send("MSH|^~\\&|HIS|HOSP|FERRY|MIG|20240101||ADT^A01|ADM1|P|2.5.1\rPID|||MRN-5^^^HOSP_A\r");
        assertThat(down.code()).isEqualTo(AckCode.AE);
        assertThat(down.errorCode()).isEqualTo(207);
        assertThat(calls).isEmpty();
        assertThat(PatientIdentity.of("MRN-5", "HOSP_A").toString()).doesNotContain("MRN-5");
    }
}
