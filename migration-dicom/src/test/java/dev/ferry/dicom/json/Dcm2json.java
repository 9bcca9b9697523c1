package dev.ferry.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dcmtk's {@code dcm2json} as the reference for {@code ferry dump --json} ({@link DicomJson#writeFile}),
 * shared by the interop tests of this package: runs dcmtk tools with a time limit, and compares two
 * DICOM JSON documents element by element: same tags, same VRs, same values (numbers compared as
 * numbers, binary values as bytes, sequences item by item). A top-level value Ferry leaves in the
 * file is compared through its BulkDataURI: the byte range it names must hold what dcm2json writes
 * inline.
 *
 * <p>Where the two differ on purpose, the difference is a {@link Tolerated} with its reason, checked
 * as narrowly as it can be and counted; any other difference is reported. Not thread-safe per run
 * folder: each caller gives its own.
 */
final class Dcm2json {
    /** The longest any one tool may run; a tool that outlives it is killed and the test fails. */
    static final long TIMEOUT_SECONDS = 60;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    /** What dcm2json says when a file has encapsulated Pixel Data: it is then given a copy without. */
    static final String COMPRESSED = "JSON InlineBinary encoding not supported for compressed pixel data";

    /**
     * What dcm2json says when "DICM" at offset 128 is no Part 10 marker (a data set without preamble
     * whose bytes 128-131 happen to spell it, dcm4che #981): it is then told the file is a data set.
     */
    static final String NOT_PART_10 = "Found Preamble but no Meta Information Header";

    /** The differences tolerated in the JSON, by name; each check says where it applies. */
    enum Tolerated {
        UTF8_CHARACTER_SET("dcm2json converts every text to UTF-8 and says so in (0008,0005) (ISO_IR 192); Ferry "
                + "writes the source's term, so that the JSON reads back into the same data set. The text "
                + "itself is compared"),
        FLOATING_LAST_DIGIT("dcmtk prints FL and FD with its own 17-digit formatting, which can be one unit in "
                + "the last place off (0.025476696592378157 printed as ...154); Ferry writes Java's shortest "
                + "text that reads back as the exact value (the round trip test checks that)"),
        FLOATING_LAST_DIGITS("as FLOATING_LAST_DIGIT, but up to " + FLOATING_ULPS + " units in the last place, "
                + "which dcmtk 3.6.7 is off by for some values (6.02214076e23, stored exactly, printed as "
                + "6.022140759999997e23: 4 units; 1e308 as 1.0000000000000007e308: 3 units)"),
        PIXEL_DATA_OB_OR_OW("native Pixel Data with Bits Allocated 8 or less may be OB or OW in explicit VR "
                + "(PS3.5 A.2); re-encoding it from implicit VR (where it is OW), dcmtk keeps OW and Ferry "
                + "chooses OB by Bits Allocated (PS3.5 8.2); the bytes are compared"),
        US_OR_SS("in implicit VR, PS3.6 gives US or SS for (0028,0106) and the like: dcmtk picks by Pixel "
                + "Representation, Ferry's dictionary US; the 16-bit values are compared"),
        ODD_LENGTH_PADDED("a value of odd length (invalid): dcmtk pads it with a zero byte, Ferry keeps the "
                + "bytes read; compared without the pad"),
        ITEM_CHARACTER_SET("text in an item with its own (0008,0005): dcm2json converts it with the data set's "
                + "character set instead (PS3.5 7.5.3 says the item's), which gives mojibake; Ferry decodes "
                + "with the item's, and PydicomCharsetFilesTest checks that text"),
        BIG_ENDIAN_RANGE("Explicit VR Big Endian: the BulkDataURI names the value as stored, in big-endian "
                + "words; dcm2json's InlineBinary is little endian; compared after swapping"),
        ELEMENT_URI("a deflated data set, or an implicit VR one under an explicit transfer syntax (which the "
                + "reader may re-encode), has no byte range for a value in the file: the BulkDataURI names the "
                + "element (?tag=), and its bytes cannot be compared here"),
        PIXEL_DATA_REMOVED("dcm2json 3.6.7 cannot write encapsulated Pixel Data (\"" + COMPRESSED
                + "\"): it is given a copy without Pixel Data (dcmodify -ea); Ferry's BulkDataURI range is "
                + "checked to be the encapsulated items, ending with the Sequence Delimitation Item"),
        TRAILING_PADDING_DROPPED("the copy without Pixel Data that dcmodify writes has no Data Set Trailing "
                + "Padding (FFFC,FFFC) either, which Ferry shows from the original");

        final String reason;

        Tolerated(String reason) {
            this.reason = reason;
        }
    }

    /** The most units in the last place dcmtk's printing of a floating point value was seen to be off. */
    static final int FLOATING_ULPS = 4;

    private Dcm2json() {}

    /** Fails, naming the Debian package, unless every tool is an executable on the PATH. */
    static void requireTools(String debianPackage, String... tools) {
        List<Path> path = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(d -> !d.isEmpty()).map(Path::of).toList();
        for (String tool : tools) {
            assertThat(path.stream().map(d -> d.resolve(tool)).anyMatch(Files::isExecutable))
                    .as("%s (Debian package %s) is not installed: the interop profile needs it (.ci/run installs it)",
                            tool, debianPackage)
                    .isTrue();
        }
    }

    /** What a tool printed: its exit status, standard output and standard error (ISO 8859-1). */
    record Result(int exit, String stdout, String stderr) {}

    /** Runs {@code command} in {@code dir}, killing it (and failing) after {@link #TIMEOUT_SECONDS}. */
    static Result run(Path dir, String... command) throws Exception {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.ISO_8859_1));
    }

    /**
     * dcm2json's view of a file: its JSON, or {@code null} with its error output if it refuses.
     *
     * @param readAsDataset it was told the file is a data set ({@link #NOT_PART_10})
     * @param pixelDataRemoved it was given a copy without Pixel Data ({@link #COMPRESSED})
     */
    record View(String json, String stderr, boolean readAsDataset, boolean pixelDataRemoved) {}

    /** Runs dcm2json on {@code file}, working in {@code tmp}, as the notes on {@link View} say. */
    static View view(Path file, Path tmp) throws Exception {
        Run r = dcm2json(file, tmp);
        boolean readAsDataset = false;
        if (r.json == null && r.stderr.contains(NOT_PART_10)) {
            r = dcm2json(file, tmp, "--read-dataset");
            readAsDataset = true;
        }
        boolean pixelDataRemoved = false;
        if (r.json == null && r.stderr.contains(COMPRESSED)) {
            Path copy = tmp.resolve("without-pixel-data.dcm");
            Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Result removed = run(tmp, "dcmodify", "-nb", "-ea", "(7fe0,0010)", copy.toString());
            assertThat(removed.exit()).as("dcmodify -ea (7fe0,0010) %s: %s", file.getFileName(), removed.stderr())
                    .isZero();
            r = dcm2json(copy, tmp);
            pixelDataRemoved = true;
        }
        return new View(r.json, r.stderr, readAsDataset, pixelDataRemoved);
    }

    private record Run(String json, String stderr) {}

    private static Run dcm2json(Path file, Path tmp, String... options) throws Exception {
        Path out = tmp.resolve("out.json");
        Files.deleteIfExists(out);
        List<String> command = new ArrayList<>(List.of("dcm2json"));
        command.addAll(List.of(options));
        command.addAll(List.of(file.toString(), out.toString()));
        Result r = run(tmp, command.toArray(String[]::new));
        if (r.exit() != 0 || !Files.exists(out)) {
            return new Run(null, r.stderr());
        }
        // dcm2json writes the bytes it could not convert as they are: decode leniently.
        String json = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(Files.readAllBytes(out))).toString();
        return new Run(json, r.stderr());
    }

    /** What {@code ferry dump --json} prints for a file: every value inline but those left in the file. */
    static String ferryJson(Path file) throws IOException {
        StringWriter out = new StringWriter();
        DicomJson.standard().writeFile(file, Long.MAX_VALUE, out);
        return out.toString();
    }

    /** The differences found and the tolerated ones counted. */
    record Comparison(List<String> differences, Map<Tolerated, Integer> tolerated) {}

    /**
     * Compares Ferry's JSON of {@code file} with dcm2json's view of it.
     *
     * @param file the file both describe: Ferry's BulkDataURIs must name byte ranges in it
     */
    static Comparison compare(String ferryJson, View dcmtk, Path file) throws IOException {
        return compare(tree(ferryJson), tree(dcmtk.json()), file, dcmtk.pixelDataRemoved());
    }

    /** As {@link #compare(String, View, Path)}, on parsed JSON ({@link #tree}). */
    static Comparison compare(Map<String, Object> ferry, Map<String, Object> dcmtk, Path file, boolean pixelDataRemoved)
            throws IOException {
        Context c = new Context(file, file != null && bigEndian(file), pixelDataRemoved, bitsAllocated(dcmtk),
                new ArrayList<>(), new TreeMap<>());
        compareDatasets("", ferry, dcmtk, null, c);
        return new Comparison(c.differences, c.tolerated);
    }

    private static boolean bigEndian(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file);
             DicomObject o = DicomReader.standard().read(in, file.toString())) {
            return o.transferSyntax().isBigEndian();
        }
    }

    /** A DICOM JSON document as {@link JsonTree} reads it: attributes by tag, in document order. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> tree(String json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            return (Map<String, Object>) JsonTree.read(p);
        }
    }

    /** The top-level Bits Allocated (0028,0100) in a JSON data set, or -1. */
    private static int bitsAllocated(Map<String, Object> ds) {
        return ds.get("00280100") instanceof Map<?, ?> a && a.get("Value") instanceof List<?> v && v.size() == 1
                ? Integer.parseInt(text(v.get(0))) : -1;
    }

    private record Context(Path file, boolean bigEndian, boolean pixelDataRemoved, int bitsAllocated,
                           List<String> differences, Map<Tolerated, Integer> tolerated) {
        void differ(String path, String what) {
            differences.add(path + ": " + what);
        }

        void tolerate(Tolerated t) {
            tolerated.merge(t, 1, Integer::sum);
        }
    }

    /**
     * @param itemCharacterSet the item's own (0008,0005) as Ferry wrote it, or {@code null} at the top
     *     level and in items without one
     */
    @SuppressWarnings("unchecked")
    private static void compareDatasets(String path, Map<String, Object> ferry, Map<String, Object> dcmtk,
                                        Object itemCharacterSet, Context c) throws IOException {
        if (!new ArrayList<>(ferry.keySet()).equals(new ArrayList<>(new TreeSet<>(ferry.keySet())))) {
            c.differ(path, "Ferry's attributes are not in ascending order (F.2.2)");
        }
        TreeSet<String> keys = new TreeSet<>(ferry.keySet());
        keys.addAll(dcmtk.keySet());
        for (String key : keys) {
            Map<String, Object> f = (Map<String, Object>) ferry.get(key);
            Map<String, Object> d = (Map<String, Object>) dcmtk.get(key);
            String at = path + key;
            if (key.equals("00080005") && d != null && List.of("ISO_IR 192").equals(d.get("Value")) && !d.equals(f)) {
                c.tolerate(Tolerated.UTF8_CHARACTER_SET);
            } else if (f == null) {
                c.differ(at, "only dcm2json has it");
            } else if (d == null && path.isEmpty() && key.equals("7FE00010") && c.pixelDataRemoved) {
                checkEncapsulatedRange((String) f.get("BulkDataURI"), at, c);
            } else if (d == null && path.isEmpty() && key.equals("FFFCFFFC") && c.pixelDataRemoved) {
                c.tolerate(Tolerated.TRAILING_PADDING_DROPPED);
            } else if (d == null) {
                c.differ(at, "only Ferry has it");
            } else {
                compareAttributes(at, f, d, itemCharacterSet, c);
            }
        }
    }

    private static void compareAttributes(String at, Map<String, Object> f, Map<String, Object> d,
                                          Object itemCharacterSet, Context c) throws IOException {
        String vr = (String) f.get("vr");
        if (!vr.equals(d.get("vr"))) {
            if (Set.of(vr, d.get("vr")).equals(Set.of("US", "SS")) && sameShorts(f.get("Value"), d.get("Value"))) {
                c.tolerate(Tolerated.US_OR_SS);
            } else if (Set.of(vr, d.get("vr")).equals(Set.of("OB", "OW")) && at.equals("7FE00010")
                    && c.bitsAllocated() > 0 && c.bitsAllocated() <= 8 && f.get("InlineBinary") instanceof String fs
                    && fs.equals(d.get("InlineBinary"))) {
                c.tolerate(Tolerated.PIXEL_DATA_OB_OR_OW);
            } else {
                c.differ(at, "VR " + vr + " vs " + d.get("vr"));
            }
            return;
        }
        if (f.get("BulkDataURI") instanceof String uri) {
            compareRange(at, vr, uri, d, c);
            return;
        }
        if (f.containsKey("InlineBinary") || d.containsKey("InlineBinary")) {
            if (!(f.get("InlineBinary") instanceof String fs) || !(d.get("InlineBinary") instanceof String ds)) {
                c.differ(at, "InlineBinary: Ferry " + f.keySet() + ", dcm2json " + d.keySet());
                return;
            }
            byte[] fb = Base64.getDecoder().decode(fs);
            byte[] db = Base64.getDecoder().decode(ds);
            if (fb.length % 2 == 1 && db.length == fb.length + 1 && db[fb.length] == 0
                    && Arrays.equals(fb, Arrays.copyOf(db, fb.length))) {
                c.tolerate(Tolerated.ODD_LENGTH_PADDED);
            } else if (!Arrays.equals(fb, db)) {
                c.differ(at, "InlineBinary bytes differ (" + fb.length + " vs " + db.length + " bytes)");
            }
            return;
        }
        List<?> fv = (List<?>) f.get("Value");
        List<?> dv = (List<?>) d.get("Value");
        if (fv == null || dv == null) {
            if (fv != dv) {
                c.differ(at, "Value: Ferry " + (fv == null ? "none" : fv.size() + " values") + ", dcm2json "
                        + (dv == null ? "none" : dv.size() + " values"));
            }
            return;
        }
        if (fv.size() != dv.size()) {
            c.differ(at, fv.size() + " values vs " + dv.size());
            return;
        }
        for (int k = 0; k < fv.size(); k++) {
            compareValues(at + "[" + k + "]", vr, fv.get(k), dv.get(k), itemCharacterSet, c);
        }
    }

    @SuppressWarnings("unchecked")
    private static void compareValues(String at, String vr, Object f, Object d, Object itemCharacterSet, Context c)
            throws IOException {
        if (vr.equals("SQ")) {
            Map<String, Object> item = (Map<String, Object>) f;
            Object own = item.get("00080005") instanceof Map<?, ?> cs ? cs.get("Value") : null;
            compareDatasets(at + ".", item, (Map<String, Object>) d, own, c);
        } else if (f == null || d == null) {
            if (f != d) {
                c.differ(at, "empty in one only");
            }
        } else if (f instanceof JsonTree.Num || d instanceof JsonTree.Num) {
            if (sameNumber(vr, text(f), text(d))) {
                return;
            }
            if (ulpsApart(vr, text(f), text(d), 1)) {
                c.tolerate(Tolerated.FLOATING_LAST_DIGIT);
            } else if (ulpsApart(vr, text(f), text(d), FLOATING_ULPS)) {
                c.tolerate(Tolerated.FLOATING_LAST_DIGITS);
            } else {
                c.differ(at, "number " + text(f) + " vs " + text(d));
            }
        } else if (!f.equals(d)) {
            if (itemCharacterSet != null && String.valueOf(d).matches("(?s).*[\\uFFFD\\u001B].*")) {
                c.tolerate(Tolerated.ITEM_CHARACTER_SET);
            } else {
                c.differ(at, "value differs");
            }
        }
    }

    private static boolean sameShorts(Object f, Object d) {
        if (!(f instanceof List<?> fl) || !(d instanceof List<?> dl) || fl.size() != dl.size()) {
            return f == null && d == null;
        }
        for (int k = 0; k < fl.size(); k++) {
            if ((Integer.parseInt(text(fl.get(k))) & 0xFFFF) != (Integer.parseInt(text(dl.get(k))) & 0xFFFF)) {
                return false;
            }
        }
        return true;
    }

    private static String text(Object v) {
        return v instanceof JsonTree.Num n ? n.text() : String.valueOf(v);
    }

    private static boolean sameNumber(String vr, String f, String d) {
        try {
            if (vr.equals("FL")) {
                return Float.compare(Float.parseFloat(f), Float.parseFloat(d)) == 0;
            }
            if (vr.equals("FD")) {
                return Double.compare(Double.parseDouble(f), Double.parseDouble(d)) == 0;
            }
            return new BigDecimal(f.strip()).compareTo(new BigDecimal(d.strip())) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean ulpsApart(String vr, String f, String d, int ulps) {
        try {
            if (vr.equals("FL")) {
                float a = Float.parseFloat(f);
                return Math.abs(a - Float.parseFloat(d)) <= ulps * Math.ulp(a);
            }
            if (vr.equals("FD")) {
                double a = Double.parseDouble(f);
                return Math.abs(a - Double.parseDouble(d)) <= ulps * Math.ulp(a);
            }
        } catch (NumberFormatException e) {
            return false;
        }
        return false;
    }

    private static void compareRange(String at, String vr, String uri, Map<String, Object> d, Context c)
            throws IOException {
        if (!(d.get("InlineBinary") instanceof String inline)) {
            c.differ(at, "Ferry has a BulkDataURI, dcm2json " + d.keySet());
            return;
        }
        if (uri.endsWith("?tag=" + at)) {
            c.tolerate(Tolerated.ELEMENT_URI);
            return;
        }
        byte[] inFile = range(uri, c.file());
        byte[] dcmtk = Base64.getDecoder().decode(inline);
        if (c.bigEndian() && !Arrays.equals(inFile, dcmtk)) {
            swap(inFile, VR_WORD.getOrDefault(vr, 1));
            if (Arrays.equals(inFile, dcmtk)) {
                c.tolerate(Tolerated.BIG_ENDIAN_RANGE);
                return;
            }
        }
        if (!Arrays.equals(inFile, dcmtk)) {
            c.differ(at, "the BulkDataURI range (" + inFile.length + " bytes) is not dcm2json's value ("
                    + dcmtk.length + " bytes)");
        }
    }

    private static final Map<String, Integer> VR_WORD = Map.of("OW", 2, "OF", 4, "OL", 4, "OD", 8, "OV", 8);

    private static void swap(byte[] b, int word) {
        for (int i = 0; i + word <= b.length; i += word) {
            for (int l = i, r = i + word - 1; l < r; l++, r--) {
                byte t = b[l];
                b[l] = b[r];
                b[r] = t;
            }
        }
    }

    /** The range of removed Pixel Data must be items (FFFE,E000) ending with (FFFE,E0DD), length 0. */
    private static void checkEncapsulatedRange(String uri, String at, Context c) throws IOException {
        if (uri == null) {
            c.differ(at, "Ferry has encapsulated Pixel Data without a BulkDataURI");
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(range(uri, c.file())).order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= 8) {
            int tag = ((b.getShort() & 0xFFFF) << 16) | (b.getShort() & 0xFFFF);
            int length = b.getInt();
            if (tag == 0xFFFEE0DD && length == 0 && !b.hasRemaining()) {
                c.tolerate(Tolerated.PIXEL_DATA_REMOVED);
                return;
            }
            if (tag != 0xFFFEE000 || length < 0 || length > b.remaining()) {
                break;
            }
            b.position(b.position() + length);
        }
        c.differ(at, "the BulkDataURI range is not an encapsulated value");
    }

    private static final Pattern RANGE = Pattern.compile("^(file:[^?]*)\\?offset=(\\d+)&length=(\\d+)$");

    /** The bytes a {@code file:...?offset=N&length=M} URI names, which must be in the file compared. */
    private static byte[] range(String uri, Path file) throws IOException {
        Matcher m = RANGE.matcher(uri);
        assertThat(m.matches()).as("BulkDataURI %s", uri).isTrue();
        assertThat(file).as("the file the BulkDataURI %s names", uri).isNotNull();
        assertThat(Path.of(URI.create(m.group(1)))).isEqualTo(file.toAbsolutePath().normalize());
        byte[] b = new byte[Integer.parseInt(m.group(3))];
        try (RandomAccessFile r = new RandomAccessFile(file.toFile(), "r")) {
            r.seek(Long.parseLong(m.group(2)));
            r.readFully(b);
        }
        return b;
    }
}
