package dev.ferry.hl7.mllp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.PatientIdentity;
import dev.ferry.hl7.adt.MergeGraph;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A live MLLP exchange on loopback: the listener feeds a merge graph and acknowledges AA, AE and AR. */
@Timeout(30)
class MllpRoundTripTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String A40 = "MSH|^~\\&|HIS|HOSP|FERRY|MIG|20240101120000||ADT^A40^ADT_A39|%s|%s|%s\r"
            + "EVN|A40|20240101120000\rPID|||NEW1^^^HOSP||DOE^JANE\rMRG|OLD1^^^HOSP\r";

    private final MergeGraph.Builder history = MergeGraph.builder();
    private AdtReceiver receiver;
    private MllpListener listener;
    private MllpClient client;

    @BeforeEach
    void start() throws IOException {
        receiver = AdtReceiver.builder(history::add).build();
        listener = MllpListener.builder(receiver).idleTimeout(Duration.ofSeconds(20)).maxFrameBytes(4096).build().start();
        client = MllpClient.connect(new InetSocketAddress("127.0.0.1", listener.port()), TIMEOUT);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        listener.close();
        receiver.close();
    }

    @Test
    void aMergeIsAcceptedAndReachesTheGraph() throws IOException {
        Ack ack = client.send(String.format(A40, "MSG1", "P", "2.5.1"));
        assertThat(ack.code()).isEqualTo(AckCode.AA);
        assertThat(ack.controlId()).isEqualTo("MSG1");
        assertThat(history.build().survivor(PatientIdentity.of("OLD1", "HOSP")).survivor())
                .isEqualTo(PatientIdentity.of("NEW1", "HOSP"));
        // the same connection carries the next message; version 2.3 is read too
        assertThat(client.send(String.format(A40, "MSG2", "P", "2.3")).code()).isEqualTo(AckCode.AA);
        assertThat(history.size()).isEqualTo(2);
    }

    @Test
    void aMergeWithoutItsPriorIdentifierIsAnApplicationError() throws IOException {
        Ack ack = client.send("MSH|^~\\&|HIS|HOSP|FERRY|MIG|20240101||ADT^A40|MSG3|P|2.5.1\rPID|||NEW1^^^HOSP\r");
        assertThat(ack.code()).isEqualTo(AckCode.AE);
        assertThat(ack.controlId()).isEqualTo("MSG3");
        assertThat(ack.errorCode()).isEqualTo(101);
        assertThat(history.size()).isZero();
    }

    @Test
    void wrongProcessingIdVersionTypeOrHeaderIsRejected() throws IOException {
        Ack training = client.send(String.format(A40, "MSG4", "T", "2.5.1"));
        assertThat(training.code()).isEqualTo(AckCode.AR);
        assertThat(training.controlId()).isEqualTo("MSG4");
        assertThat(training.errorCode()).isEqualTo(202);

        Ack version = client.send(String.format(A40, "MSG5", "P", "2.9"));
        assertThat(version.code()).isEqualTo(AckCode.AR);
        assertThat(version.errorCode()).isEqualTo(203);

        Ack oru = client.send("MSH|^~\\&|LAB|HOSP|FERRY|MIG|20240101||ORU^R01|MSG6|P|2.5.1\rPID|||1\r");
        assertThat(oru.code()).isEqualTo(AckCode.AR);
        assertThat(oru.errorCode()).isEqualTo(200);

        Ack unparseable = client.send("MSH|^~\\&|HIS|HOSP|FERRY|MIG|20240101||ADT^A40|MSG9|P|2.5.1\r|||x\rPID|||1\r");
        assertThat(unparseable.code()).isEqualTo(AckCode.AR);
        assertThat(unparseable.controlId()).isEqualTo("MSG9");
        assertThat(unparseable.errorCode()).isEqualTo(100);

        Ack garbage = client.send("this is not HL7");
        assertThat(garbage.code()).isEqualTo(AckCode.AR);
        assertThat(garbage.controlId()).isEmpty();
        assertThat(history.size()).isZero();
    }

    @Test
    void aConsumerFailureIsAnApplicationError() throws IOException {
        try (AdtReceiver failing = AdtReceiver.builder(e -> {
                    throw new IllegalStateException("store down");
                }).build();
             MllpListener other = MllpListener.builder(failing).build().start();
             MllpClient c = MllpClient.connect(new InetSocketAddress("127.0.0.1", other.port()), TIMEOUT)) {
            Ack ack = c.send(String.format(A40, "MSG7", "P", "2.5.1"));
            assertThat(ack.code()).isEqualTo(AckCode.AE);
            assertThat(ack.errorCode()).isEqualTo(207);
        }
    }

    @Test
    void anOversizedFrameClosesItsConnectionButNotTheListener() throws IOException {
        try (Socket raw = new Socket("127.0.0.1", listener.port())) {
            raw.setSoTimeout(10_000);
            OutputStream out = raw.getOutputStream();
            out.write(0x0B);
            out.write(new byte[5000]);
            out.flush();
            assertThat(raw.getInputStream().read()).isEqualTo(-1); // closed without an answer
        }
        assertThat(client.send(String.format(A40, "MSG8", "P", "2.5.1")).code()).isEqualTo(AckCode.AA);
    }
}
