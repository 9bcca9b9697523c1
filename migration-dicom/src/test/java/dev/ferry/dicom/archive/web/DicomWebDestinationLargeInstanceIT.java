package dev.ferry.dicom.archive.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.StoreResult;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.json.DicomJson;
import dev.ferry.dicom.web.ScriptedServer;
import dev.ferry.dicom.web.WebTestObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that a store streams: an instance whose remainder (2.6 GB, generated as it is read) no
 * array can hold goes through the spool file and the STOW-RS request to a server that reads it as it
 * arrives, and arrives whole. Orthanc cannot take such an instance, so the destination kit skips
 * this case there; this test is its stand-in. Slow (disk and loopback), hence an IT, and skipped
 * outside Failsafe (which sets {@code ferry.interop}) when a {@code -Dtest=DicomWeb*} pattern picks it up.
 */
@Timeout(600)
class DicomWebDestinationLargeInstanceIT {
    /** 5,000 frames of 512 × 512 × 16 bits, as the destination kit's large instance. */
    private static final long PIXELS = 5000L * 512 * 512 * 2;

    @TempDir
    Path spool;

    @Test
    void anInstanceOfMoreThan2GiBIsStreamedNotBuffered() throws Exception {
        assumeTrue(Boolean.getBoolean("ferry.interop"), "an interop test: run by Failsafe in the interop profile");
        String study = "1.2.826.0.1.3680043.10.9.1";
        String sop = study + ".1.1";
        long[] received = {0};
        String[] receivedDigest = {null};
        String[] receivedSop = {null};
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 5);
        server.createContext("/dicom-web/studies", x -> {
            try (x) {
                ScriptedServer.eachPart(x.getRequestBody(), x.getRequestHeaders().getFirst("Content-Type"), part -> {
                    try (DicomObject o = DicomReader.standard().read(part.body(), "received")) {
                        receivedSop[0] = o.header().getString(Tag.SOPInstanceUID);
                        MessageDigest sha = sha256();
                        byte[] buf = new byte[1 << 16];
                        InputStream in = o.remainder();
                        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                            sha.update(buf, 0, n);
                            received[0] += n;
                        }
                        receivedDigest[0] = HexFormat.of().formatHex(sha.digest());
                    }
                });
                Dataset answer = new Dataset();
                Dataset item = answer.newSequence(Tag.ReferencedSOPSequence).addItem();
                item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, receivedSop[0]);
                byte[] body = DicomJson.standard().toJson(answer).getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().add("Content-Type", "application/dicom+json");
                x.sendResponseHeaders(200, body.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        try (DicomWebDestination destination = DicomWebDestination.builder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web/"))
                .spoolDirectory(spool).requestTimeout(Duration.ofMinutes(5)).build()) {
            Dataset header = WebTestObjects.header(study, study + ".1", sop);
            DigestInputStream remainder = new DigestInputStream(new Generated(PIXELS), sha256());
            StoreResult result;
            try (DicomInstance i = new DicomInstance(InstanceDescriptor.of(header, -1), header,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), remainder, 12 + PIXELS)) {
                result = destination.store(i);
            }
            assertThat(result).isEqualTo(StoreResult.stored(sop));
            assertThat(receivedSop[0]).isEqualTo(sop);
            assertThat(received[0]).as("remainder bytes the server received").isEqualTo(12 + PIXELS);
            assertThat(receivedDigest[0]).isEqualTo(HexFormat.of().formatHex(remainder.getMessageDigest().digest()));
            try (var files = Files.list(spool)) {
                assertThat(files).as("spool files left").isEmpty();
            }
        } finally {
            server.stop(0);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Pixel Data element (OW, {@code length} bytes) with its value generated as it is read. */
    private static final class Generated extends InputStream {
        private final byte[] head;
        private final long total;
        private long position;

        Generated(long length) {
            head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x7FE0)
                    .putShort((short) 0x0010).put((byte) 'O').put((byte) 'W').putShort((short) 0)
                    .putInt((int) length).array();
            total = 12 + length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= total) {
                return -1;
            }
            int n = (int) Math.min(len, total - position);
            for (int k = 0; k < n; k++) {
                long p = position + k;
                b[off + k] = p < 12 ? head[(int) p] : (byte) (p * 31 ^ (p >>> 13));
            }
            position += n;
            return n;
        }
    }
}
