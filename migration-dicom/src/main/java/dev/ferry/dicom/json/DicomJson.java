package dev.ferry.dicom.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.ferry.api.Dataset;
import dev.ferry.api.TagPath;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.ParseWarning;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The DICOM JSON Model of PS3.18 Annex F (section F.2), written and read: one JSON object per data
 * set, keyed by tags as eight uppercase hex digits, each attribute with its "vr" and at most one of
 * "Value", "InlineBinary" and "BulkDataURI".
 *
 * <p>Writing streams through Jackson's generator and follows section F.2 where it is exact; where it
 * leaves a choice:
 * <ul>
 *   <li>Text is decoded with the data set's {@link dev.ferry.api.TextCodec}, one JSON value per
 *       DICOM value, without the padding PS3.5 table 6.2-1 calls insignificant (trailing spaces;
 *       leading ones too in AE, CS, DS, IS, LO and SH), as dcmtk's dcm2json writes it. An empty value
 *       in a multi-valued element is {@code null}; an element without a value, or whose one value is
 *       empty, has only its "vr" (F.2.5).
 *   <li>DS and IS values are JSON numbers written with the value's own digits ({@code 1.50} stays
 *       {@code 1.50}); a value that is no JSON number ({@code +5}, {@code 007}, {@code .5}) is a
 *       string, which the F.2.3 note allows to keep the original format.
 *   <li>PN values are objects with the component groups that have a component (F.2.2: the
 *       non-empty ones), each as written; a name with none ({@code ^^^^}) is {@code null}.
 *   <li>SV and UV beyond 2^53 are strings (the F.2.3 note: no precision lost in a JavaScript
 *       reader), and so are NaN and the infinities of FL and FD, for which JSON has no number.
 *   <li>OB, OD, OF, OL, OV, OW and UN are base64 InlineBinary of their little-endian bytes, or a
 *       BulkDataURI when {@link Builder#bulkData} is set and the value is longer than its threshold.
 *       Encapsulated fragments (an icon's Pixel Data) are the Value Field as PS3.5 A.4 encodes it:
 *       the items, Basic Offset Table first, and the Sequence Delimitation Item, little endian.
 *   <li>Group lengths (gggg,0000) are left out (F.2.2). A binary number value whose length is not a
 *       whole number of values is written as InlineBinary rather than lose its bytes.
 * </ul>
 *
 * <p>Reading accepts what writing produces and what F.2 allows besides: keys in any order, numbers
 * as strings, lowercase hex. A BulkDataURI is handed to the {@link BulkDataLoader} (by default,
 * refused). Specific Character Set (0008,0005) in the JSON sets the data set's text codec, so the
 * text, which JSON holds as Unicode, is encoded in it when the data set is written as DICOM (where
 * a character that set lacks is an error, as {@link dev.ferry.api.TextCodec#encode} says).
 * Values round trip: a data set written and read back holds the same values, compared as DICOM
 * compares them (text decoded and without insignificant padding, person names without trailing
 * empty components and groups, other values byte for byte), group lengths apart.
 *
 * <p>Immutable and thread-safe if the bulk data functions it is given are. Exception messages name
 * tags and JSON positions, never values.
 */
public final class DicomJson {
    private final JsonFactory factory;
    private final boolean prettyPrint;
    private final JsonDatasetWriter writer;
    private final JsonDatasetReader reader;

    private DicomJson(Builder b) {
        int maxChars = (int) Math.min(Integer.MAX_VALUE, (b.maxValueLength + 2L) / 3 * 4);
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxChars).build())
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .build();
        this.prettyPrint = b.prettyPrint;
        this.writer = new JsonDatasetWriter(b.bulkDataThreshold, b.bulkDataUri);
        this.reader = new JsonDatasetReader(b.loader);
    }

    /** Compact output, every value inline, BulkDataURIs refused when reading, 64 MiB values at most. */
    public static DicomJson standard() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Writes the data set as one JSON object in UTF-8; {@code out} is flushed, not closed. */
    public void write(Dataset ds, OutputStream out) throws IOException {
        try (JsonGenerator g = generator(factory.createGenerator(out))) {
            writer.write(g, ds);
        }
    }

    /** Writes the data set as one JSON object; {@code out} is flushed, not closed. */
    public void write(Dataset ds, Writer out) throws IOException {
        try (JsonGenerator g = generator(factory.createGenerator(out))) {
            writer.write(g, ds);
        }
    }

    /** The data set as a JSON string. */
    public String toJson(Dataset ds) {
        StringWriter s = new StringWriter();
        try {
            write(ds, s);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return s.toString();
    }

    /**
     * Reads one DICOM JSON Model object (UTF-8, or the encoding JSON detection finds); {@code in} is
     * not closed.
     *
     * @throws DicomJsonException if the input is not one well-formed DICOM JSON Model object
     */
    public Dataset read(InputStream in) throws IOException {
        try (JsonParser p = factory.createParser(in)) {
            return read(p);
        }
    }

    /** As {@link #read(InputStream)}, from characters. */
    public Dataset read(Reader in) throws IOException {
        try (JsonParser p = factory.createParser(in)) {
            return read(p);
        }
    }

    /**
     * Reads one DICOM JSON Model object from a string.
     *
     * @throws DicomJsonException if it is not one
     */
    public Dataset fromJson(String json) throws IOException {
        try (JsonParser p = factory.createParser(json)) {
            return read(p);
        }
    }

    /**
     * Reads a JSON array of DICOM JSON Model objects (UTF-8), as a QIDO-RS response holds (PS3.18
     * F.2.1), handing each data set to {@code each} as soon as it is read: a long array is never held
     * whole. An exception from {@code each} stops the reading and propagates. {@code in} is not closed.
     *
     * @return how many data sets were read
     * @throws DicomJsonException if the input is not one array of well-formed DICOM JSON Model objects
     */
    public long readArray(InputStream in, Consumer<? super Dataset> each) throws IOException {
        Objects.requireNonNull(each, "each");
        try (JsonParser p = factory.createParser(in)) {
            try {
                return reader.readArray(p, each);
            } catch (StreamConstraintsException e) {
                throw new DicomJsonException("the JSON exceeds a reading limit (value length, nesting depth)"
                        + where(p.currentLocation()));
            } catch (JsonProcessingException e) {
                throw new DicomJsonException("not well-formed JSON" + where(e.getLocation()));
            }
        }
    }

    private Dataset read(JsonParser p) throws IOException {
        try {
            return reader.read(p);
        } catch (StreamConstraintsException e) {
            throw new DicomJsonException("the JSON exceeds a reading limit (value length, nesting depth)"
                    + where(p.currentLocation()));
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending token, which may be patient data: keep the position only.
            throw new DicomJsonException("not well-formed JSON" + where(e.getLocation()));
        }
    }

    private static String where(JsonLocation l) {
        return l == null ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    /**
     * Writes a DICOM file's data set (without File Meta, as dcmtk's {@code dcm2json} does by default)
     * as one JSON object: what {@code ferry dump --json} prints. The header is read with
     * {@link DicomReader#standard()}; the elements it leaves in the file (Pixel Data, values over its
     * bulk threshold) are written with a BulkDataURI that names the file and the value's byte range,
     * {@code file:///path/x.dcm?offset=N&length=M} (for an undefined length, up to and including the
     * Sequence Delimitation Item); elements after them (Data Set Trailing Padding) are read and
     * written as usual. In a deflated file, which has no byte range for a value (nor in one whose data
     * set is implicit VR under an explicit transfer syntax, which the reader may re-encode), and for
     * header values longer than {@code bulkDataThreshold}, the URI names the element instead:
     * {@code file:///path/x.dcm?tag=00400275/0/00081150} (sequence, 0-based item index, ..., tag).
     *
     * @param bulkDataThreshold header values of OB, OD, OF, OL, OV, OW, UN (and encapsulated
     *     fragments) longer than this many bytes get a BulkDataURI; {@link Long#MAX_VALUE} for none
     * @return what the DICOM reader tolerated in the header
     * @throws dev.ferry.dicom.io.DicomParseException if the file is not readable DICOM
     */
    public List<ParseWarning> writeFile(Path file, long bulkDataThreshold, Writer out) throws IOException {
        long size = Files.size(file);
        String uri = file.toAbsolutePath().normalize().toUri().toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DicomObject o = DicomReader.standard().read(in, file.toString())) {
            boolean ranges = RemainderScanner.isAsStored(o);
            List<RemainderScanner.Segment> rest = o.stoppedAtBulk()
                    ? RemainderScanner.scan(o, ranges ? size : -1) : List.of();
            JsonDatasetWriter w = new JsonDatasetWriter(bulkDataThreshold,
                    (path, vr, length) -> uri + "?tag=" + query(path));
            try (JsonGenerator g = generator(factory.createGenerator(out))) {
                g.writeStartObject();
                w.writeElements(g, o.header(), new ArrayList<>());
                for (RemainderScanner.Segment s : rest) {
                    if (s instanceof RemainderScanner.Bulk b) {
                        String at = ranges
                                ? "?offset=" + (size - b.fromEnd() + b.headerLength()) + "&length=" + b.valueLength()
                                : "?tag=" + JsonDatasetWriter.hex8(b.tag());
                        JsonDatasetWriter.writeBulkAttribute(g, b.tag(), b.vr(), uri + at);
                    } else if (s instanceof RemainderScanner.Elements e) {
                        w.writeElements(g, e.elements(), new ArrayList<>());
                    }
                }
                g.writeEndObject();
            }
            return o.warnings();
        }
    }

    /** {@code 00400275/0/00081150}: the path as URI query text (hex digits, digits and slashes only). */
    private static String query(TagPath path) {
        StringBuilder sb = new StringBuilder();
        for (TagPath.Step s : path.steps()) {
            sb.append(JsonDatasetWriter.hex8(s.sequenceTag())).append('/').append(s.item()).append('/');
        }
        return sb.append(JsonDatasetWriter.hex8(path.tag())).toString();
    }

    private JsonGenerator generator(JsonGenerator g) {
        if (prettyPrint) {
            Separators separators = Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER);
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter(separators);
            pp.indentArraysWith(new DefaultIndenter("  ", "\n"));
            pp.indentObjectsWith(new DefaultIndenter("  ", "\n"));
            g.setPrettyPrinter(pp);
        }
        return g;
    }

    /** Options of a {@link DicomJson}; not thread-safe. */
    public static final class Builder {
        private boolean prettyPrint;
        private long bulkDataThreshold = Long.MAX_VALUE;
        private BulkDataUri bulkDataUri;
        private BulkDataLoader loader = BulkDataLoader.REFUSE;
        private int maxValueLength = 64 << 20;

        private Builder() {}

        /** Indented output, one attribute and one value a line, as dcm2json prints by default. Default off. */
        public Builder prettyPrint(boolean prettyPrint) {
            this.prettyPrint = prettyPrint;
            return this;
        }

        /**
         * Writes values of OB, OD, OF, OL, OV, OW and UN (and encapsulated fragments) longer than
         * {@code thresholdBytes} as a BulkDataURI that {@code uri} names. Default: every value inline.
         */
        public Builder bulkData(long thresholdBytes, BulkDataUri uri) {
            if (thresholdBytes < 0) {
                throw new IllegalArgumentException("bulkData thresholdBytes must be >= 0");
            }
            this.bulkDataThreshold = thresholdBytes;
            this.bulkDataUri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** What reading does with a BulkDataURI. Default {@link BulkDataLoader#REFUSE}. */
        public Builder bulkDataLoader(BulkDataLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * The longest value reading accepts inline (decoded bytes of an InlineBinary, characters of a
         * string), so that a hostile document cannot make the reader allocate without bound. Default 64 MiB.
         */
        public Builder maxValueLength(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxValueLength must be >= 0");
            }
            this.maxValueLength = bytes;
            return this;
        }

        public DicomJson build() {
            return new DicomJson(this);
        }
    }
}
