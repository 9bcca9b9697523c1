package dev.ferry.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PrivateTag;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.io.ParseWarning;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ferry's codec against dcmtk on hard cases that dcmtk itself generates, in a temporary folder, from
 * the text dumps and README beside them ({@value #DUMPS}): nested sequences of defined and undefined
 * length, empty items and sequences, private blocks, padded and multi-valued values, person names
 * with three component groups, ISO 8859-1, UTF-8 and ISO 2022 IR 149 text, every VR, multi-frame
 * native pixel data, each in every encoding {@code dcmconv} writes, and compressed with
 * {@code dcmcrle}, {@code dcmcjpeg} and {@code dcmcjpls}; and images {@code img2dcm} wraps.
 *
 * <p>For each file:
 * <ol>
 *   <li>Ferry reads it, and {@code ferry dump --json} is what {@code dcm2json} prints ({@link Dcm2json}).
 *   <li>Written back unchanged in its own transfer syntax, the data set is byte for byte the one dcmtk
 *       wrote (inflated, if deflated).
 *   <li>With a few attributes changed (at the top level, private, inside a sequence) and written in
 *       each native encoding (in its own syntax if compressed), {@code dcmdump} reads the file
 *       without an error or warning (but those it gives for dcmtk's own conversion of the source,
 *       {@code dcmconv}, too); its Group Lengths, if any, are those dcmtk calculates; dcmtk sees the
 *       file as it sees its own conversion with the same changes (compressed Pixel Data: the same
 *       fragments); {@code ferry dump --json} of the file is what {@code dcm2json} prints; and
 *       {@code dciodvfy} finds no error in it that it does not find in dcmtk's conversion.
 * </ol>
 * Every tool runs with a time limit ({@link Dcm2json#TIMEOUT_SECONDS}), every test too (five
 * minutes, a backstop); a missing tool fails the test (.ci/run installs dcmtk and dicom3tools).
 * Differences between Ferry and dcmtk that are accepted are {@link Dcm2json.Tolerated} (both right,
 * or dcmtk's limits), each with its reason and checked as narrowly as it can be.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DcmtkHardCasesIT {
    static final String DUMPS = "/dev/ferry/dicom/io/dcmtk/";

    /** The values the rewrite sets: ASCII, of even length (no padding question), not patient-like. */
    static final String NEW_PATIENT_ID = "HC-CHANGED-0001";
    static final String NEW_ACCESSION = "ACC-CHANGED";
    static final String NEW_PRIVATE = "changed private text";
    static final String NEW_REFERENCED_UID = "2.25.330000000000000000000000000000000001";
    static final PrivateTag PRIVATE = new PrivateTag("FERRY HARD CASE A", 0x0009, 0x01);

    @TempDir
    static Path generated;
    private static final Map<String, Path> FILES = new HashMap<>();

    @BeforeAll
    static void toolsAreInstalled() {
        Dcm2json.requireTools("dcmtk", "dump2dcm", "dcmconv", "dcmcrle", "dcmcjpeg", "dcmcjpls", "img2dcm",
                "dcm2json", "dcmdump", "dcmodify");
        Dcm2json.requireTools("dicom3tools", "dciodvfy");
    }

    // ---------------------------------------------------------------------------------------------
    // The cases.

    /**
     * One generated file: a name that says how dcmtk made it, whether its Pixel Data is compressed
     * (encapsulated), and how to make it in a folder.
     */
    record HardCase(String name, boolean compressed, Recipe recipe) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Recipe {
        Path make(Path dir) throws Exception;
    }

    /** The dumps, each a base file that dcmconv re-encodes in every way it can. */
    private static final List<String> DUMP_FILES = List.of(
            "structure.dump", "latin1.dump", "korean.dump", "mono16-frames.dump", "rgb8-frames.dump", "mono8-odd.dump");

    /** dcmconv's encodings: option, and what it makes. */
    private static final Map<String, List<String>> ENCODINGS = encodings();

    private static Map<String, List<String>> encodings() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("explicit VR LE", List.of());
        m.put("explicit VR LE, undefined lengths", List.of("-e"));
        m.put("implicit VR LE", List.of("+ti"));
        m.put("explicit VR BE", List.of("+tb"));
        m.put("deflated", List.of("+td"));
        m.put("implicit VR LE, no File Meta", List.of("+ti", "-F"));
        m.put("implicit VR LE, undefined lengths, group lengths", List.of("+ti", "-e", "+g"));
        return m;
    }

    static List<HardCase> cases() {
        List<HardCase> cases = new ArrayList<>();
        for (String dump : DUMP_FILES) {
            String base = dump.replace(".dump", "");
            ENCODINGS.forEach((what, options) -> cases.add(new HardCase(base + ": " + what
                    + (options.isEmpty() ? "" : " (dcmconv " + String.join(" ", options) + ")"), false,
                    dir -> options.isEmpty() ? fromDump(dump, dir)
                            : tool(dir, "dcmconv", fromDump(dump, dir), options))));
        }
        cases.add(compressed("mono16-frames.dump", "RLE", "dcmcrle"));
        cases.add(compressed("mono16-frames.dump", "JPEG lossless SV1", "dcmcjpeg", "+e1"));
        cases.add(compressed("mono16-frames.dump", "JPEG extended 12-bit", "dcmcjpeg", "+ee"));
        cases.add(compressed("mono16-frames.dump", "JPEG-LS lossless", "dcmcjpls"));
        cases.add(compressed("rgb8-frames.dump", "JPEG baseline", "dcmcjpeg", "+eb"));
        cases.add(compressed("rgb8-frames.dump", "JPEG baseline, undefined lengths", "dcmcjpeg", "+eb", "-e"));
        cases.add(compressed("rgb8-frames.dump", "RLE", "dcmcrle"));
        cases.add(compressed("rgb8-frames.dump", "JPEG-LS near-lossless", "dcmcjpls", "+en"));
        cases.add(compressed("mono8-odd.dump", "RLE, empty offset table", "dcmcrle", "-ot"));
        cases.add(compressed("mono8-odd.dump", "JPEG baseline", "dcmcjpeg", "+eb"));
        cases.add(new HardCase("img2dcm: BMP, 7 x 5 RGB", false, dir -> fromImage(dir, "bmp", 7, 5)));
        cases.add(new HardCase("img2dcm: JPEG, 9 x 7 RGB", true, dir -> fromImage(dir, "jpeg", 9, 7)));
        cases.add(new HardCase("structure: defined and undefined lengths in one file", false,
                DcmtkHardCasesIT::mixedLengths));
        return cases;
    }

    private static HardCase compressed(String dump, String what, String tool, String... options) {
        String how = String.join(" ", tool, String.join(" ", options)).strip();
        return new HardCase(dump.replace(".dump", "") + ": " + what + " (" + how + ")", true,
                dir -> tool(dir, tool, fromDump(dump, dir), List.of(options)));
    }

    /** The native encodings a rewrite targets, by the dcmconv option that makes dcmtk's own conversion. */
    private static final Map<TransferSyntax, String> NATIVE_TARGETS = Map.of(
            TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, "+ti",
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "+te",
            TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, "+tb",
            TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, "+td");

    /** What a compressed file is rewritten in: the transfer syntax it has. */
    private static final String OWN_SYNTAX = "its own transfer syntax";

    /** Each case with each transfer syntax it is rewritten in (by keyword). */
    static Stream<Arguments> rewrites() {
        List<Arguments> out = new ArrayList<>();
        for (HardCase c : cases()) {
            if (c.compressed()) {
                out.add(Arguments.of(c, OWN_SYNTAX));
            } else {
                NATIVE_TARGETS.keySet().stream().map(TransferSyntax::keyword).sorted()
                        .forEach(ts -> out.add(Arguments.of(c, ts)));
            }
        }
        return out.stream();
    }

    // ---------------------------------------------------------------------------------------------
    // The tests.

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ferryReadsItAsDcm2jsonDoes(HardCase c, @TempDir Path tmp) throws Exception {
        Path file = file(c);
        List<String> warnings;
        try (DicomObject o = read(file)) {
            warnings = o.warnings().stream().filter(w -> !expected(w, o)).map(ParseWarning::toString).toList();
            o.remainder().transferTo(OutputStream.nullOutputStream());
        }
        assertThat(warnings).as("%s: what Ferry's reader tolerated in a file dcmtk wrote", c).isEmpty();

        Dcm2json.View dcmtk = Dcm2json.view(file, tmp);
        assertThat(dcmtk.json()).as("%s: dcm2json reads it: %s", c, dcmtk.stderr()).isNotNull();
        Dcm2json.Comparison comparison = Dcm2json.compare(Dcm2json.ferryJson(file), dcmtk, file);
        report(c + ", as generated", comparison);
        assertThat(comparison.differences()).as("Ferry vs dcm2json, %s", c).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unchangedRewriteKeepsTheDataSetBytes(HardCase c) throws Exception {
        Path file = file(c);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TransferSyntax ts;
        try (DicomObject o = read(file)) {
            ts = o.transferSyntax();
            DicomWriter.writeFile(out, o.preamble(), DicomWriter.fileMeta(o.header(), ts, null), o.header(),
                    o.remainder(), ts, ItemRef.NONE);
        }
        byte[] original = datasetBytes(Files.readAllBytes(file), ts);
        byte[] rewritten = datasetBytes(out.toByteArray(), ts);
        assertThat(Arrays.mismatch(original, rewritten))
                .as("%s: first differing byte of the data set written back unchanged (%d bytes, dcmtk's %d)",
                        c, rewritten.length, original.length)
                .isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rewrites")
    void changedRewriteIsWhatDcmtkReads(HardCase c, String targetKeyword, @TempDir Path tmp) throws Exception {
        Path source = file(c);
        Path rewritten = tmp.resolve("ferry.dcm");
        TransferSyntax target;
        TransferSyntax sourceSyntax;
        boolean sourceExplicit;
        boolean undefinedLengths;
        try (DicomObject o = read(source); OutputStream out = Files.newOutputStream(rewritten)) {
            sourceSyntax = o.transferSyntax();
            assertThat(sourceSyntax.isEncapsulated()).as("%s: compressed", c).isEqualTo(c.compressed());
            target = c.compressed() ? sourceSyntax : nativeSyntax(targetKeyword);
            sourceExplicit = o.explicitVr();
            Dataset header = o.header();
            undefinedLengths = hasUndefinedLengths(header);
            change(header);
            DicomWriter.writeFile(out, o.preamble(), DicomWriter.fileMeta(header, target, null), header,
                    o.remainder(), sourceSyntax, ItemRef.NONE);
        }
        String what = c + " -> " + target.keyword();

        // dcmtk's own conversion of the source to the target: what Ferry's file is compared with. Ferry
        // keeps each sequence's and item's length encoding; dcmconv writes defined lengths unless told
        // -e, which matters where a private sequence is written in implicit VR (UN if of defined length).
        Path reference = tmp.resolve("dcmtk.dcm");
        List<String> convert = new ArrayList<>(List.of("dcmconv"));
        if (!target.isEncapsulated()) {
            convert.add(NATIVE_TARGETS.get(target));
        }
        if (undefinedLengths) {
            convert.add("-e");
        }
        convert.addAll(List.of(source.toString(), reference.toString()));
        Dcm2json.Result converted = Dcm2json.run(tmp, convert.toArray(String[]::new));
        assertThat(converted.exit()).as("%s: %s; it says %s", what, convert, converted.stderr()).isZero();

        // dcmdump reads the file without an error or warning, but those it has for dcmtk's conversion too.
        Dcm2json.Result dump = Dcm2json.run(tmp, "dcmdump", "-dc", "+L", rewritten.toString());
        Dcm2json.Result referenceDump = Dcm2json.run(tmp, "dcmdump", "-dc", "+L", reference.toString());
        assertThat(dump.exit()).as("%s: dcmdump exit status; it says %s", what, dump.stderr()).isZero();
        List<String> problems = new ArrayList<>(problemLines(dump.stderr() + "\n" + dump.stdout()));
        List<String> inherent = problemLines(referenceDump.stderr() + "\n" + referenceDump.stdout());
        problems.stream().filter(inherent::contains)
                .forEach(p -> System.out.printf("%s: dcmdump says it of dcmtk's conversion too: %s%n", what, p));
        problems.removeAll(inherent);
        assertThat(problems).as("%s: dcmdump's errors and warnings", what).isEmpty();

        // Group lengths, if any, are what dcmtk calculates for the file.
        List<String> groupLengths = groupLengthLines(dump.stdout());
        if (!groupLengths.isEmpty()) {
            Path recalculated = tmp.resolve("recalculated.dcm");
            // In the length encoding Ferry kept, or the delimiters' bytes would differ in the count.
            Dcm2json.Result r = Dcm2json.run(tmp, "dcmconv", undefinedLengths ? "-e" : "+e", rewritten.toString(),
                    recalculated.toString());
            assertThat(r.exit()).as("%s: dcmconv recalculating group lengths; it says %s", what, r.stderr()).isZero();
            List<String> dcmtks = groupLengthLines(Dcm2json.run(tmp, "dcmdump", recalculated.toString()).stdout());
            assertThat(groupLengths).as("%s: Group Length elements, vs dcmtk's recalculation", what)
                    .isEqualTo(dcmtks);
        }

        // dcmtk sees in Ferry's file what it sees in its own conversion with the same changes.
        Dcm2json.View expectedView = Dcm2json.view(reference, tmp);
        assertThat(expectedView.json()).as("%s: dcm2json reads dcmtk's conversion: %s", what, expectedView.stderr())
                .isNotNull();
        Map<String, Object> expected = Dcm2json.tree(expectedView.json());
        change(expected, target);
        Dcm2json.View actualView = Dcm2json.view(rewritten, tmp);
        assertThat(actualView.json()).as("%s: dcm2json reads Ferry's file: %s", what, actualView.stderr()).isNotNull();
        Map<String, Object> actual = Dcm2json.tree(actualView.json());
        assertThat(valueAt(actual, "00100020")).as("%s: the new Patient ID, as dcmtk reads it", what)
                .isEqualTo(List.of(NEW_PATIENT_ID));
        Dcm2json.Comparison asDcmtkWouldWrite = Dcm2json.compare(actual, expected, null, false);
        report(what + ", dcmtk's view vs dcmtk's own conversion", asDcmtkWouldWrite);
        assertThat(asDcmtkWouldWrite.differences()).as("%s: dcm2json of Ferry's file vs of dcmtk's conversion "
                + "with the same changes", what).isEmpty();
        assertTolerable(what, asDcmtkWouldWrite, sourceExplicit);
        if (target.isEncapsulated()) {
            // dcm2json shows neither file's Pixel Data: compare the fragments as dcmdump prints them.
            assertThat(pixelDataLines(dump.stdout())).as("%s: encapsulated Pixel Data as dcmdump prints it", what)
                    .isNotEmpty()
                    .isEqualTo(pixelDataLines(referenceDump.stdout()));
        }

        // ferry dump --json of the file is what dcm2json prints.
        Dcm2json.Comparison ferryView = Dcm2json.compare(Dcm2json.ferryJson(rewritten), actualView, rewritten);
        report(what + ", Ferry's view vs dcmtk's", ferryView);
        assertThat(ferryView.differences()).as("%s: Ferry vs dcm2json of the rewritten file", what).isEmpty();

        // dciodvfy finds no error in Ferry's file that it does not find in dcmtk's conversion.
        Set<String> errorsBefore = dciodvfyErrors(reference, target, tmp);
        Set<String> errorsAfter = dciodvfyErrors(rewritten, target, tmp);
        errorsAfter.removeAll(errorsBefore);
        assertThat(errorsAfter).as("%s: dciodvfy errors in Ferry's file only", what).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // The change a rewrite makes, to a Dataset (Ferry) and to dcm2json's JSON (the expectation).

    /** Sets Patient ID, Accession Number, a private element and a UID in the first referenced image. */
    private static void change(Dataset ds) {
        ds.setString(Tag.PatientID, VR.LO, NEW_PATIENT_ID);
        ds.setString(Tag.AccessionNumber, VR.SH, NEW_ACCESSION);
        int privateTag = ds.reserve(PRIVATE);
        if (ds.contains(privateTag) && ds.vr(privateTag) == VR.UN) {
            // Read from implicit VR: the VR of a private element is unknown, and stays so.
            ds.setBytes(privateTag, VR.UN, NEW_PRIVATE.getBytes(StandardCharsets.US_ASCII));
        } else {
            ds.setString(privateTag, VR.LO, NEW_PRIVATE);
        }
        Dataset.Sequence refs = ds.getSequence(Tag.ReferencedImageSequence);
        Dataset item;
        if (refs == null || refs.isEmpty()) {
            item = ds.newSequence(Tag.ReferencedImageSequence).addItem();
            item.setString(Tag.ReferencedSOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage);
        } else {
            item = refs.get(0);
        }
        item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, NEW_REFERENCED_UID);
    }

    /** {@link #change(Dataset)} applied to dcm2json's view of dcmtk's conversion. */
    @SuppressWarnings("unchecked")
    private static void change(Map<String, Object> ds, TransferSyntax target) {
        ds.put("00100020", attribute("LO", NEW_PATIENT_ID));
        ds.put("00080050", attribute("SH", NEW_ACCESSION));
        String privateKey = reservePrivate(ds);
        Map<String, Object> old = (Map<String, Object>) ds.get(privateKey);
        // Added in implicit VR, or read from it, a private element is UN to dcmtk (no dictionary entry).
        String vr = old != null ? (String) old.get("vr") : target.isExplicitVr() ? "LO" : "UN";
        ds.put(privateKey, vr.equals("UN")
                ? Map.of("vr", "UN", "InlineBinary",
                        Base64.getEncoder().encodeToString(NEW_PRIVATE.getBytes(StandardCharsets.US_ASCII)))
                : attribute(vr, NEW_PRIVATE));
        Map<String, Object> refs = (Map<String, Object>) ds.get("00081140");
        if (refs == null || !(refs.get("Value") instanceof List<?> items) || items.isEmpty()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("00081150", attribute("UI", UID.SecondaryCaptureImageStorage));
            item.put("00081155", attribute("UI", NEW_REFERENCED_UID));
            ds.put("00081140", Map.of("vr", "SQ", "Value", List.of(item)));
        } else {
            ((Map<String, Object>) items.get(0)).put("00081155", attribute("UI", NEW_REFERENCED_UID));
        }
    }

    /** As {@link Dataset#reserve}: the key of {@link #PRIVATE} in its creator's block, reserved if need be. */
    private static String reservePrivate(Map<String, Object> ds) {
        String group = String.format("%04X", PRIVATE.group());
        int free = -1;
        for (int block = 0x10; block <= 0xFF; block++) {
            String creatorKey = group + String.format("%04X", block);
            if (!ds.containsKey(creatorKey)) {
                free = free < 0 ? block : free;
            } else if (List.of(PRIVATE.creator()).equals(valueAt(ds, creatorKey))) {
                return group + String.format("%02X%02X", block, PRIVATE.offset());
            }
        }
        ds.put(group + String.format("%04X", free), attribute("LO", PRIVATE.creator()));
        return group + String.format("%02X%02X", free, PRIVATE.offset());
    }

    private static Map<String, Object> attribute(String vr, String value) {
        return Map.of("vr", vr, "Value", List.of(value));
    }

    @SuppressWarnings("unchecked")
    private static Object valueAt(Map<String, Object> ds, String key) {
        return ds.get(key) instanceof Map<?, ?> a ? ((Map<String, Object>) a).get("Value") : null;
    }

    /**
     * Between two dcm2json views only one difference is tolerated: Pixel Data of Bits Allocated 8 or
     * less, OB in Ferry's file and OW in dcmtk's, both allowed, where the source was implicit VR.
     */
    private static void assertTolerable(String what, Dcm2json.Comparison c, boolean sourceExplicit) {
        assertThat(c.tolerated().keySet()).as("%s: differences tolerated between two dcm2json views", what)
                .isSubsetOf(Set.of(Dcm2json.Tolerated.PIXEL_DATA_OB_OR_OW));
        if (c.tolerated().containsKey(Dcm2json.Tolerated.PIXEL_DATA_OB_OR_OW)) {
            assertThat(sourceExplicit).as("%s: Pixel Data OB vs OW from an explicit VR source", what).isFalse();
        }
    }

    /** Whether any sequence or item in the data set has undefined length. */
    private static boolean hasUndefinedLengths(Dataset ds) {
        for (int i = 0; i < ds.size(); i++) {
            Dataset.Sequence seq = ds.sequenceAt(i);
            if (seq != null && (seq.undefinedLength()
                    || seq.stream().anyMatch(item -> item.undefinedLength() || hasUndefinedLengths(item)))) {
                return true;
            }
        }
        return false;
    }

    /** dcmdump's lines of Group Length elements (gggg,0000) outside File Meta, at any depth. */
    private static List<String> groupLengthLines(String dump) {
        return dump.lines().map(String::strip)
                .filter(l -> l.matches("\\((?!0002)[0-9a-f]{4},0000\\) UL .*")).collect(Collectors.toList());
    }

    // ---------------------------------------------------------------------------------------------
    // Generating the files with dcmtk.

    /** The file of a case, generated on first use in this run. */
    static Path file(HardCase c) throws Exception {
        Path f = FILES.get(c.name());
        if (f == null) {
            Path dir = Files.createTempDirectory(generated, "case-");
            f = c.recipe().make(dir);
            FILES.put(c.name(), f);
        }
        return f;
    }

    /** Runs a dcmtk tool on {@code in}, writing {@code in.tool.dcm} beside it, and fails if it fails. */
    private static Path tool(Path dir, String tool, Path in, List<String> options) throws Exception {
        Path out = dir.resolve(in.getFileName() + "." + tool + ".dcm");
        List<String> command = new ArrayList<>(List.of(tool));
        command.addAll(options);
        command.addAll(List.of(in.toString(), out.toString()));
        Dcm2json.Result r = Dcm2json.run(dir, command.toArray(String[]::new));
        assertThat(r.exit()).as("%s: %s", command, r.stderr()).isZero();
        assertThat(problemLines(r.stderr())).as("%s: errors and warnings", command).isEmpty();
        return out;
    }

    /**
     * dump2dcm of a dump, in explicit VR little endian with defined lengths, after the preparation
     * its character set needs (README.md): ISO 2022 IR 149 text is encoded here, ISO_IR 100 text is
     * converted from UTF-8 with dcmconv.
     */
    private static Path fromDump(String dump, Path dir) throws Exception {
        String text = resource(dump);
        Path in = dir.resolve(dump);
        if (dump.equals("korean.dump")) {
            Files.write(in, iso2022Ir149(text));
        } else {
            Files.writeString(in, text, StandardCharsets.UTF_8);
        }
        writePixels(dir);
        Path out = tool(dir, "dump2dcm", in, List.of("+te"));
        if (dump.equals("latin1.dump")) {
            out = tool(dir, "dcmconv", out, List.of("+C", "ISO_IR 100"));
        }
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DcmtkHardCasesIT.class.getResourceAsStream(DUMPS + name)) {
            assertThat(in).as("%s%s on the test class path", DUMPS, name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Text as ISO 2022 IR 149 (PS3.5 6.1.2.5.3, table K-1): ASCII as it is, each run of other
     * characters behind ESC $ ) C in KS X 1001 (EUC-KR bytes), the run ending before any delimiter.
     */
    static byte[] iso2022Ir149(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Charset ksx1001 = Charset.forName("EUC-KR");
        Matcher m = Pattern.compile("[\\x00-\\x7F]+|[^\\x00-\\x7F]+").matcher(text);
        while (m.find()) {
            String run = m.group();
            if (run.charAt(0) < 0x80) {
                out.writeBytes(run.getBytes(StandardCharsets.US_ASCII));
            } else {
                out.writeBytes(new byte[] {0x1B, '$', ')', 'C'});
                out.writeBytes(run.getBytes(ksx1001));
            }
        }
        return out.toByteArray();
    }

    /** The pixel files the dumps name: a pattern over frames, rows and columns, little endian. */
    private static void writePixels(Path dir) throws IOException {
        ByteBuffer mono16 = ByteBuffer.allocate(3 * 32 * 32 * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < 3; f++) {
            for (int r = 0; r < 32; r++) {
                for (int col = 0; col < 32; col++) {
                    mono16.putShort((short) ((f * 997 + r * 64 + col * 31) % 4096 - 2048));
                }
            }
        }
        Files.write(dir.resolve("mono16.raw"), mono16.array());
        byte[] rgb8 = new byte[2 * 24 * 24 * 3];
        int i = 0;
        for (int f = 0; f < 2; f++) {
            for (int r = 0; r < 24; r++) {
                for (int col = 0; col < 24; col++) {
                    for (int s = 0; s < 3; s++) {
                        rgb8[i++] = (byte) (f * 50 + r * 10 + col * 3 + s * 80);
                    }
                }
            }
        }
        Files.write(dir.resolve("rgb8.raw"), rgb8);
    }

    /** img2dcm of an image javax.imageio writes: BMP (native RGB) or JPEG (kept as JPEG baseline). */
    private static Path fromImage(Path dir, String format, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 36 << 16) | (y * 50 << 8) | ((x + y) * 20));
            }
        }
        Path in = dir.resolve("image." + format);
        assertThat(ImageIO.write(image, format, in.toFile())).as("javax.imageio writes %s", format).isTrue();
        return tool(dir, "img2dcm", in, List.of("-i", format.equals("bmp") ? "BMP" : "JPEG"));
    }

    /**
     * The structure dump in two halves, the first as a file with defined lengths, the second (from
     * the first private group on) as a data set with undefined lengths, one after the other.
     */
    private static Path mixedLengths(Path dir) throws Exception {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        List<String> into = first;
        for (String line : resource("structure.dump").split("\n")) {
            if (line.startsWith("(0009,")) {
                into = second;
            }
            into.add(line);
        }
        Path a = dir.resolve("first.dump");
        Path b = dir.resolve("second.dump");
        Files.write(a, first, StandardCharsets.UTF_8);
        Files.write(b, second, StandardCharsets.UTF_8);
        Path file = tool(dir, "dump2dcm", a, List.of("+te"));
        Path rest = tool(dir, "dump2dcm", b, List.of("+te", "-e", "-F"));
        Files.write(file, Files.readAllBytes(rest), java.nio.file.StandardOpenOption.APPEND);
        return file;
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers.

    private static DicomObject read(Path file) throws IOException {
        return DicomReader.standard().read(new BufferedInputStream(Files.newInputStream(file)), file.toString());
    }

    private static TransferSyntax nativeSyntax(String keyword) {
        return NATIVE_TARGETS.keySet().stream().filter(ts -> ts.keyword().equals(keyword)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a native target: " + keyword));
    }

    /**
     * Whether the reader's warning is what a valid file of this kind gives: the encoding detected
     * where there is no File Meta.
     */
    private static boolean expected(ParseWarning w, DicomObject o) {
        return o.fileMeta().isEmpty() && w.problem().startsWith("no File Meta: detected");
    }

    /** The data set of a DICOM file or bare data set as stored, inflated if deflated. */
    private static byte[] datasetBytes(byte[] file, TransferSyntax ts) throws IOException {
        long offset;
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "bytes")) {
            offset = o.datasetOffset();
        }
        byte[] dataset = Arrays.copyOfRange(file, (int) offset, file.length);
        if (!ts.isDeflated()) {
            return dataset;
        }
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(dataset), new Inflater(true))) {
            return in.readAllBytes();
        }
    }

    /** dcmtk's log lines that are errors, warnings or fatal ("E: ", "W: ", "F: "). */
    static List<String> problemLines(String output) {
        return output.lines().filter(l -> l.startsWith("E: ") || l.startsWith("W: ") || l.startsWith("F: "))
                .collect(Collectors.toList());
    }

    /** dcmdump's lines from Pixel Data on: the fragments in hex, with +L. */
    private static List<String> pixelDataLines(String dump) {
        List<String> lines = dump.lines().collect(Collectors.toList());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("(7fe0,0010)")) {
                return lines.subList(i, lines.size());
            }
        }
        return List.of();
    }

    /**
     * dciodvfy's error lines ("Error - ..."). dciodvfy (dicom3tools 1.00~20220618) reads a deflated
     * data set as if it were not deflated, dcmtk's as much as Ferry's: such a file is given to it
     * inflated by dcmconv.
     */
    private static Set<String> dciodvfyErrors(Path file, TransferSyntax ts, Path tmp) throws Exception {
        Path checked = file;
        if (ts.isDeflated()) {
            checked = tool(tmp, "dcmconv", file, List.of("+te"));
        }
        Dcm2json.Result r = Dcm2json.run(tmp, "dciodvfy", checked.toString());
        return (r.stdout() + "\n" + r.stderr()).lines()
                .filter(l -> l.startsWith("Error") || l.contains(" - Error - "))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static void report(String what, Dcm2json.Comparison c) {
        c.tolerated().forEach((t, n) -> System.out.printf("%s: tolerated %s x%d%n", what, t, n));
    }
}
