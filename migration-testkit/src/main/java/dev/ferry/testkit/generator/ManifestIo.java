package dev.ferry.testkit.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes {@code manifest.json}: UTF-8, two-space indentation, {@code \n} line ends (never
 * the platform's), fields in declaration order, numbers as Jackson prints them (the same on every
 * platform). Thread-safe: the mapper is configured once and only used.
 */
final class ManifestIo {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final ObjectWriter WRITER;

    static {
        DefaultIndenter lf = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(lf).withArrayIndenter(lf);
        WRITER = MAPPER.writer(printer);
    }

    private ManifestIo() {}

    static void write(GroundTruth truth, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            WRITER.writeValue(out, truth);
            out.write('\n');
        }
    }

    /**
     * @throws IOException naming the file (and where in it) if it is not a manifest Ferry can read;
     *     the message never quotes the file's content, which holds patient names
     */
    static GroundTruth read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            GroundTruth truth = MAPPER.readValue(in, GroundTruth.class);
            if (truth.formatVersion() != GroundTruth.FORMAT_VERSION) {
                throw new IOException(file + ": manifest format " + truth.formatVersion() + ", expected "
                        + GroundTruth.FORMAT_VERSION);
            }
            return truth;
        } catch (JsonProcessingException e) {
            // Jackson's own message may quote a value (a name): say where, not what.
            var at = e.getLocation();
            throw new IOException(file + " is not a generator manifest" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }
}
