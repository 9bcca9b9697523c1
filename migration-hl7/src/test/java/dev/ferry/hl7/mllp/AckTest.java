package dev.ferry.hl7.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.hl7.adt.MessageHeader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AckTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @Test
    void anAckAnswersItsMessageWithTheApplicationsSwapped() {
        MessageHeader h = MessageHeader.sniff("MSH|^~\\&|HIS|HOSP|FERRY|MIG|20240101||ADT^A40^ADT_A39|C42|P|2.5.1\rPID|||1").orElseThrow();
        String ack = new Ack(AckCode.AE, "C42", "MRG-1 missing | really", 101).encode(Optional.of(h), CLOCK);
        String[] segments = ack.split("\r");
        assertThat(segments[0]).startsWith("MSH|^~\\&|FERRY|MIG|HIS|HOSP|20260102030405||ACK^A40^ACK|")
                .endsWith("|P|2.5.1");
        assertThat(segments[1]).isEqualTo("MSA|AE|C42|MRG-1 missing \\F\\ really");
        assertThat(segments[2]).isEqualTo("ERR|||101^MRG-1 missing \\F\\ really^HL70357|E");
        Ack back = Ack.parse(ack);
        assertThat(back.code()).isEqualTo(AckCode.AE);
        assertThat(back.controlId()).isEqualTo("C42");
        assertThat(back.errorCode()).isEqualTo(101);
    }

    @Test
    void anAaHasNoErrSegment() {
        String ack = new Ack(AckCode.AA, "C1", "", 0).encode(Optional.empty(), CLOCK);
        assertThat(ack).contains("\rMSA|AA|C1|").doesNotContain("\rERR|");
        assertThat(Ack.parse(ack).code()).isEqualTo(AckCode.AA);
    }

    @Test
    void framesRoundTripAndAreBounded() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MllpFraming.writeFrame(out, "MSH|a".getBytes(StandardCharsets.US_ASCII));
        MllpFraming.writeFrame(out, "MSH|b".getBytes(StandardCharsets.US_ASCII));
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(new String(MllpFraming.readFrame(in, 100), StandardCharsets.US_ASCII)).isEqualTo("MSH|a");
        assertThat(new String(MllpFraming.readFrame(in, 100), StandardCharsets.US_ASCII)).isEqualTo("MSH|b");
        assertThat(MllpFraming.readFrame(in, 100)).isNull();

        byte[] big = new byte[200];
        java.util.Arrays.fill(big, (byte) 'x');
        ByteArrayOutputStream o2 = new ByteArrayOutputStream();
        MllpFraming.writeFrame(o2, big);
        assertThatThrownBy(() -> MllpFraming.readFrame(new ByteArrayInputStream(o2.toByteArray()), 100))
                .isInstanceOf(MllpFraming.FramingException.class).hasMessageContaining("exceeds 100");
        assertThatThrownBy(() -> MllpFraming.readFrame(new ByteArrayInputStream(new byte[] {0x0B, 'M'}), 100))
                .isInstanceOf(EOFException.class);
    }
}
