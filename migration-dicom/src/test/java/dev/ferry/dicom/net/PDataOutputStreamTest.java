package dev.ferry.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dicom.net.pdu.PduReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fragmentation of a message part into P-DATA-TF PDUs, read back with {@link PduReader}. */
class PDataOutputStreamTest {
    private record Fragment(int context, boolean command, boolean last, int length) {}

    private static List<Fragment> fragments(byte[] wire, ByteArrayOutputStream data) throws Exception {
        PduReader reader = new PduReader(new ByteArrayInputStream(wire), 0);
        List<Fragment> out = new ArrayList<>();
        while (reader.readHeader() != null) {
            while (reader.nextPdv()) {
                int n = reader.pdvLength();
                out.add(new Fragment(reader.pdvContextId(), reader.pdvCommand(), reader.pdvLast(), n));
                reader.transferPdvTo(data);
            }
        }
        return out;
    }

    @Test
    void cutsIntoFullPdusAndMarksTheLastNonEmptyFragment() throws Exception {
        int maxPdu = 1000; // PDU-length: 6 bytes of PDV header, 994 of data
        byte[] payload = new byte[994 * 3];
        new Random(1).nextBytes(payload);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PduSender sender = new PduSender(wire);
        PDataOutputStream out = new PDataOutputStream(sender, new byte[6 + maxPdu], 5, false, true);
        out.write(payload, 0, 10);
        out.write(payload, 10, payload.length - 10);
        out.close();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<Fragment> f = fragments(wire.toByteArray(), data);
        assertThat(f).containsExactly(new Fragment(5, false, false, 994), new Fragment(5, false, false, 994),
                new Fragment(5, false, true, 994));
        assertThat(data.toByteArray()).isEqualTo(payload);
        assertThat(out.written()).isEqualTo(payload.length);
    }

    @Test
    void writeFromReadsStraightIntoThePdusWithTheSameFraming() throws Exception {
        byte[] payload = new byte[2500];
        new Random(2).nextBytes(payload);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PDataOutputStream out = new PDataOutputStream(new PduSender(wire), new byte[6 + 1000], 3, false, true);
        assertThat(out.writeFrom(new ByteArrayInputStream(payload))).isEqualTo(payload.length);
        out.close();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<Fragment> f = fragments(wire.toByteArray(), data);
        assertThat(f).extracting(Fragment::length).containsExactly(994, 994, 512);
        assertThat(f).extracting(Fragment::last).containsExactly(false, false, true);
        assertThat(data.toByteArray()).isEqualTo(payload);
    }

    @Test
    void anExactMultipleStillEndsWithAFullLastFragment() throws Exception {
        byte[] payload = new byte[994 * 2];
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PDataOutputStream out = new PDataOutputStream(new PduSender(wire), new byte[6 + 1000], 1, true, true);
        out.writeFrom(new ByteArrayInputStream(payload));
        out.close();
        List<Fragment> f = fragments(wire.toByteArray(), new ByteArrayOutputStream());
        assertThat(f).containsExactly(new Fragment(1, true, false, 994), new Fragment(1, true, true, 994));
    }

    @Test
    void anEmptyPartIsOneEmptyLastFragment() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PDataOutputStream out = new PDataOutputStream(new PduSender(wire), new byte[6 + 1000], 1, false, true);
        out.close();
        assertThat(fragments(wire.toByteArray(), new ByteArrayOutputStream()))
                .containsExactly(new Fragment(1, false, true, 0));
    }
}
