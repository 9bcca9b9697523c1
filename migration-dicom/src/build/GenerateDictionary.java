/*
 * Generates Ferry's DICOM data dictionary and UID registry from machine-readable transcriptions of
 * PS3.6, and cross-checks each against a second transcription. See DICTIONARY.md beside this file
 * for the sources, their editions and licences, and what the last run of the cross-check found.
 *
 *   java migration-dicom/src/build/GenerateDictionary.java \
 *        --dcmtk-dic /usr/share/libdcmtk17/dicom.dic \
 *        --pydicom /usr/lib/python3/dist-packages/pydicom \
 *        [--dcmtk-uid-header DIR/usr/include/dcmtk/dcmdata/dcuid.h] \
 *        [--npm-dictionary DIR/package/src/index.ts] \
 *        --out migration-dicom
 *
 * Writes, under --out:
 *   src/main/resources/dev/ferry/dicom/elements.tsv  data elements (primary: dcmtk's dicom.dic)
 *   src/main/resources/dev/ferry/dicom/uids.tsv      UID registry (primary: pydicom's _uid_dict.py)
 *   src/main/java/dev/ferry/dicom/UID.java           UID constants named by PS3.6 keyword
 * and prints the cross-check report on standard output. The sources are read as data only;
 * nothing of them is executed. The output is deterministic.
 */
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class GenerateDictionary {

    /** One data element row: pattern is 8 hex digits with 'x' where any digit matches. */
    record Element(String pattern, String vr, String vm, String keyword, boolean retired) {}

    /** One UID registry row. */
    record Uid(String uid, String keyword, String type, boolean retired, String name) {}

    /**
     * dcmtk's dicom.dic uses pseudo-VRs where PS3.6 lists alternatives or no VR at all. These are
     * the PS3.6 spellings (alternatives in PS3.6 order, joined by '|'; empty for no VR).
     */
    static final Map<String, String> DCMTK_PSEUDO_VR = Map.of(
            "xs", "US|SS",   // US or SS, depending on Pixel Representation
            "ox", "OB|OW",   // OB or OW
            "px", "OB|OW",   // Pixel Data: OB or OW
            "up", "UL",      // an unsigned 32-bit file offset, UL in PS3.6
            "na", "");       // Item and delimitation items have no VR

    /** dcmtk's "lt" stands for two different PS3.6 VR lists; these are PS3.6's, by tag. */
    static final Map<String, String> DCMTK_LT_VR = Map.of(
            "00283006", "US|OW",      // LUT Data
            "00281200", "US|SS|OW");  // Gray Lookup Table Data (retired)

    /**
     * PS3.6 element masks that dicom.dic cannot express: it lists one instance of each (at the
     * tag the keyword maps to here) and keeps the PS3.6 masks in comments. The instance must match.
     */
    static final Map<String, String> ELEMENT_MASKS = Map.ofEntries(
            Map.entry("RowsForNthOrderCoefficients", "002804x0"),
            Map.entry("ColumnsForNthOrderCoefficients", "002804x1"),
            Map.entry("CoefficientCoding", "002804x2"),
            Map.entry("CoefficientCodingPointers", "002804x3"),
            Map.entry("CodeLabel", "002808x0"),
            Map.entry("NumberOfTables", "002808x2"),
            Map.entry("CodeTableLocation", "002808x3"),
            Map.entry("BitsForCodeWord", "002808x4"),
            Map.entry("ImageDataLocation", "002808x8"),
            Map.entry("EscapeTriplet", "1000xxx0"),
            Map.entry("RunLengthTriplet", "1000xxx1"),
            Map.entry("HuffmanTableSize", "1000xxx2"),
            Map.entry("HuffmanTableTriplet", "1000xxx3"),
            Map.entry("ShiftTableSize", "1000xxx4"),
            Map.entry("ShiftTableTriplet", "1000xxx5"),
            Map.entry("ZonalMap", "1010xxxx"));

    /**
     * Retired elements that PS3.6 lists with a VR but no name or keyword, which dicom.dic leaves
     * out. A decoder of old implicit-VR files still needs their VR.
     */
    static final List<Element> KEYWORDLESS_RETIRED = List.of(
            new Element("00080202", "OB", "1", "", true),
            new Element("00180061", "DS", "1", "", true),
            new Element("00189445", "OB", "1", "", true),
            new Element("00280020", "OB", "1", "", true),
            new Element("04000315", "FL", "1", "", true),
            new Element("300A0782", "US", "1", "", true));

    static final Pattern DIC_TAG = Pattern.compile(
            "\\(([0-9A-F]{4})(?:-([0-9A-F]{4}))?,([0-9A-F]{4})(?:-([0-9A-F]{4}))?\\)");

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = options(args);
        Path out = Path.of(require(opt, "--out"));
        Path dic = Path.of(require(opt, "--dcmtk-dic"));
        Path pydicom = Path.of(require(opt, "--pydicom"));

        String dicEdition = dicomDicEdition(dic);
        Map<String, Element> elements = readDicomDic(dic);
        Map<String, String> pyVersion = readPydicomVersion(pydicom.resolve("_version.py"));
        Map<String, Element> pyElements = readPydicomElements(pydicom.resolve("_dicom_dict.py"));
        Map<String, Uid> uids = readPydicomUids(pydicom.resolve("_uid_dict.py"));

        Report report = new Report();
        report.line("Cross-check of the generated dictionary");
        report.line("");
        report.line("Rules applied to dicom.dic before comparing: pseudo-VRs " + new TreeSet<>(DCMTK_PSEUDO_VR.keySet())
                + " and 'lt' (" + DCMTK_LT_VR.size() + " tags) spelled as PS3.6 does; " + ELEMENT_MASKS.size()
                + " single instances replaced by their PS3.6 element masks; " + KEYWORDLESS_RETIRED.size()
                + " keyword-less retired elements added.");
        report.line("");
        crossCheckElements(report, elements, "dcmtk dicom.dic (" + dicEdition + ")", pyElements,
                "pydicom " + pyVersion.get("version") + " (DICOM " + pyVersion.get("dicom") + ")");
        if (opt.containsKey("--npm-dictionary")) {
            Map<String, Element> npm = readNpmElements(Path.of(opt.get("--npm-dictionary")));
            crossCheckElements(report, elements, "dcmtk dicom.dic", npm,
                    "@iwharris/dicom-data-dictionary (DICOM " + npmRevision(Path.of(opt.get("--npm-dictionary"))) + ")");
        }
        if (opt.containsKey("--dcmtk-uid-header")) {
            crossCheckUids(report, uids, readDcmtkUids(Path.of(opt.get("--dcmtk-uid-header"))));
        }

        Path resources = out.resolve("src/main/resources/dev/ferry/dicom");
        Path sources = out.resolve("src/main/java/dev/ferry/dicom");
        Files.createDirectories(resources);
        Files.createDirectories(sources);
        String elementsSource = "dcmtk's dicom.dic (" + dicEdition + ")";
        String uidSource = "pydicom " + pyVersion.get("version") + " pydicom/_uid_dict.py (DICOM "
                + pyVersion.get("dicom") + ")";
        Files.writeString(resources.resolve("elements.tsv"), elementsTsv(elements, elementsSource),
                StandardCharsets.UTF_8);
        List<Uid> named = uids.values().stream().filter(u -> !u.keyword().isEmpty()).toList();
        Files.writeString(resources.resolve("uids.tsv"), uidsTsv(named, uidSource), StandardCharsets.UTF_8);
        Files.writeString(sources.resolve("UID.java"), uidJava(named, uidSource), StandardCharsets.UTF_8);
        report.line("");
        report.line("Written: " + elements.size() + " elements, " + named.size() + " UIDs ("
                + (uids.size() - named.size()) + " registry rows without keyword or name left out).");
        System.out.print(report);
    }

    // ---------------------------------------------------------------- dcmtk dicom.dic (primary)

    static String dicomDicEdition(Path dic) throws IOException {
        for (String line : Files.readAllLines(dic, StandardCharsets.ISO_8859_1)) {
            Matcher m = Pattern.compile("Generated automatically from (.*)\\.").matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new IllegalStateException(dic + ": no 'Generated automatically from' line names the edition");
    }

    static Map<String, Element> readDicomDic(Path dic) throws IOException {
        Map<String, Element> byPattern = new TreeMap<>();
        Set<String> keywords = new TreeSet<>();
        for (String line : Files.readAllLines(dic, StandardCharsets.ISO_8859_1)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 5) {
                throw new IllegalStateException("expected 5 tab-separated fields: " + line);
            }
            if (!f[4].startsWith("DICOM")) {
                continue; // PRIVATE, ILLEGAL and GENERIC catch-alls: ElementDictionary has rules for them
            }
            Matcher m = DIC_TAG.matcher(f[0].toUpperCase());
            if (!m.matches()) {
                throw new IllegalStateException("unparsed tag: " + line);
            }
            String group = m.group(2) == null ? m.group(1) : mask(m.group(1), m.group(2), line);
            String element = m.group(4) == null ? m.group(3) : mask(m.group(3), m.group(4), line);
            String pattern = group + element;
            boolean retired = f[2].startsWith("RETIRED_") || f[4].contains("retired");
            String keyword = f[2].replaceFirst("^RETIRED_", "");
            String vr = vr(f[1], pattern, line);
            String maskOf = ELEMENT_MASKS.get(keyword);
            if (maskOf != null) {
                if (!matches(maskOf, pattern)) {
                    throw new IllegalStateException(keyword + " at " + pattern + " does not match " + maskOf);
                }
                pattern = maskOf;
            }
            if (!keyword.matches("[A-Za-z][A-Za-z0-9_]*") || !keywords.add(keyword)) {
                throw new IllegalStateException("bad or duplicate keyword: " + line);
            }
            if (byPattern.put(pattern, new Element(pattern, vr, f[3], keyword, retired)) != null) {
                throw new IllegalStateException("duplicate tag: " + line);
            }
        }
        for (String keyword : ELEMENT_MASKS.keySet()) {
            if (!keywords.contains(keyword)) {
                throw new IllegalStateException("dicom.dic no longer lists " + keyword + ": review ELEMENT_MASKS");
            }
        }
        for (Element e : KEYWORDLESS_RETIRED) {
            if (byPattern.putIfAbsent(e.pattern(), e) != null) {
                throw new IllegalStateException("dicom.dic now lists " + e.pattern() + ": review KEYWORDLESS_RETIRED");
            }
        }
        return byPattern;
    }

    /** "6000"-"60FF" becomes "60xx": the digits that run through 0-F are wildcards. */
    static String mask(String low, String high, String line) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            char a = low.charAt(i);
            char b = high.charAt(i);
            if (a == b) {
                s.append(a);
            } else if (a == '0' && b == 'F') {
                s.append('x');
            } else {
                throw new IllegalStateException("range is not a hex-digit mask: " + line);
            }
        }
        return s.toString();
    }

    static String vr(String vr, String pattern, String line) {
        if (vr.equals("lt")) {
            String lt = DCMTK_LT_VR.get(pattern);
            if (lt == null) {
                throw new IllegalStateException("new 'lt' element, add its PS3.6 VRs to DCMTK_LT_VR: " + line);
            }
            return lt;
        }
        String mapped = DCMTK_PSEUDO_VR.get(vr);
        if (mapped != null) {
            return mapped;
        }
        if (!vr.matches("[A-Z]{2}")) {
            throw new IllegalStateException("unknown VR: " + line);
        }
        return vr;
    }

    static boolean matches(String pattern, String tag) {
        for (int i = 0; i < 8; i++) {
            if (pattern.charAt(i) != 'x' && pattern.charAt(i) != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- pydicom (second source; UID primary)

    static final Pattern PY_ENTRY = Pattern.compile("^\\s*(0x[0-9A-Fa-f]{8}|'[^']+'):\\s*\\((.*)\\),?\\s*(#.*)?$");

    static Map<String, String> readPydicomVersion(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, String> v = new HashMap<>();
        v.put("version", find(text, "__version__[^=]*=\\s*'([^']+)'", file));
        v.put("dicom", find(text, "__dicom_version__[^=]*=\\s*'([^']+)'", file));
        return v;
    }

    static Map<String, Element> readPydicomElements(Path file) throws IOException {
        Map<String, Element> out = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = PY_ENTRY.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String key = m.group(1);
            String pattern = key.startsWith("0x") ? key.substring(2).toUpperCase()
                    : key.substring(1, key.length() - 1).toUpperCase().replace('X', 'x');
            List<String> t = pythonStrings(m.group(2), line);
            // (VR, VM, Name, Retired, Keyword)
            out.put(pattern, new Element(pattern, psVr(t.get(0)), t.get(1), t.get(4), t.get(3).equals("Retired")));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(file + ": no entries found");
        }
        return out;
    }

    static Map<String, Uid> readPydicomUids(Path file) throws IOException {
        Map<String, Uid> out = new TreeMap<>(GenerateDictionary::compareUids);
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = PY_ENTRY.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String uid = m.group(1).substring(1, m.group(1).length() - 1);
            List<String> t = pythonStrings(m.group(2), line);
            // (Name, Type, Info, Retired, Keyword)
            out.put(uid, new Uid(uid, t.get(4), t.get(1), t.get(3).equals("Retired"), t.get(0)));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(file + ": no entries found");
        }
        Set<String> seen = new TreeSet<>();
        for (Uid u : out.values()) {
            if (!u.keyword().isEmpty()
                    && (!u.keyword().matches("[A-Za-z_][A-Za-z0-9_]*") || !seen.add(u.keyword()))) {
                throw new IllegalStateException("bad or duplicate UID keyword: " + u);
            }
        }
        return out;
    }

    /** The string literals of a Python tuple body; only what pydicom's generated files use. */
    static List<String> pythonStrings(String body, String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == ' ' || c == ',') {
                i++;
                continue;
            }
            if (c != '\'' && c != '"') {
                throw new IllegalStateException("not a string literal at " + i + ": " + line);
            }
            StringBuilder s = new StringBuilder();
            i++;
            while (body.charAt(i) != c) {
                if (body.charAt(i) == '\\') {
                    i++;
                }
                s.append(body.charAt(i++));
            }
            i++;
            out.add(s.toString());
        }
        if (out.size() != 5) {
            throw new IllegalStateException("expected 5 strings: " + line);
        }
        return out;
    }

    /** "US or SS" becomes "US|SS"; pydicom's "NONE" (items) becomes no VR. */
    static String psVr(String vr) {
        String v = vr.strip();
        if (v.equals("NONE") || v.startsWith("See Note")) {
            return "";
        }
        return v.replace(" or ", "|");
    }

    // ---------------------------------------------------------------- npm (third source, optional)

    static String npmRevision(Path file) throws IOException {
        return find(Files.readString(file, StandardCharsets.UTF_8), "revision: string = '([^']+)'", file);
    }

    static Map<String, Element> readNpmElements(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("tag: `\\(([0-9A-Fa-fx]{4}),([0-9A-Fa-fx]{4})\\)`,\\s*name: `[^`]*`,"
                + "\\s*keyword: `([^`]*)`,\\s*vr: `([^`]*)`,\\s*vm: `([^`]*)`,\\s*note: `[^`]*`,"
                + "\\s*isRetired: (true|false)").matcher(text);
        Map<String, Element> out = new TreeMap<>();
        while (m.find()) {
            String pattern = (m.group(1) + m.group(2)).toUpperCase().replace('X', 'x');
            out.put(pattern, new Element(pattern, psVr(m.group(4)), m.group(5), m.group(3), m.group(6).equals("true")));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(file + ": no entries found");
        }
        return out;
    }

    // ---------------------------------------------------------------- dcmtk dcuid.h (UID second source)

    /** UID to retired flag, from the #defines of dcmtk's dcuid.h within the DICOM root. */
    static Map<String, Boolean> readDcmtkUids(Path header) throws IOException {
        Map<String, Boolean> out = new TreeMap<>(GenerateDictionary::compareUids);
        Pattern define = Pattern.compile("#define\\s+(UID_\\w+)\\s+\"(1\\.2\\.840\\.10008\\.[0-9.]*[0-9])\"");
        StringBuilder comment = new StringBuilder();
        boolean inBlock = false;
        for (String line : Files.readAllLines(header, StandardCharsets.ISO_8859_1)) {
            String s = line.strip();
            if (inBlock) {
                comment.append(' ').append(s);
                inBlock = !s.contains("*/");
                continue;
            }
            if (s.startsWith("/**")) {
                comment.setLength(0);
                comment.append(s);
                inBlock = !s.contains("*/");
                continue;
            }
            if (s.startsWith("///")) {
                comment.setLength(0);
                comment.append(s);
                continue;
            }
            Matcher m = define.matcher(s);
            if (m.find()) {
                String name = m.group(1);
                boolean retired = name.startsWith("UID_RETIRED_") || name.startsWith("UID_DRAFT_")
                        || comment.indexOf("RETIRED") >= 0;
                out.put(m.group(2), retired);
            }
            comment.setLength(0);
        }
        return out;
    }

    // ---------------------------------------------------------------- cross-checks

    static final class Report {
        private final StringBuilder text = new StringBuilder();

        void line(String s) {
            text.append(s).append('\n');
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    static void crossCheckElements(Report r, Map<String, Element> primary, String primaryName,
                                   Map<String, Element> second, String secondName) {
        r.line("== Data elements: " + primaryName + " vs " + secondName);
        r.line(primary.size() + " vs " + second.size() + " entries");
        List<String> onlyPrimary = new ArrayList<>();
        List<String> onlySecond = new ArrayList<>();
        List<String> differ = new ArrayList<>();
        for (Element e : primary.values()) {
            Element o = second.get(e.pattern());
            if (o == null) {
                onlyPrimary.add(describe(e));
                continue;
            }
            List<String> d = new ArrayList<>();
            if (!e.keyword().equals(o.keyword())) {
                d.add("keyword " + e.keyword() + " / " + o.keyword());
            }
            if (!e.vr().equals(o.vr())) {
                d.add("VR " + e.vr() + " / " + o.vr());
            }
            if (!e.vm().equals(o.vm())) {
                d.add("VM " + e.vm() + " / " + o.vm());
            }
            if (e.retired() != o.retired()) {
                d.add("retired " + e.retired() + " / " + o.retired());
            }
            if (!d.isEmpty()) {
                differ.add(describe(e) + ": " + String.join(", ", d));
            }
        }
        for (Element o : second.values()) {
            if (!primary.containsKey(o.pattern())) {
                onlySecond.add(describe(o));
            }
        }
        list(r, "only in the primary", onlyPrimary);
        list(r, "only in the second source", onlySecond);
        list(r, "field disagreements (primary / second)", differ);
        r.line("");
    }

    static void crossCheckUids(Report r, Map<String, Uid> pydicom, Map<String, Boolean> dcmtk) {
        r.line("== UIDs: pydicom _uid_dict.py vs dcmtk dcuid.h (UIDs under 1.2.840.10008 only)");
        Map<String, Integer> byType = new TreeMap<>();
        pydicom.values().forEach(u -> byType.merge(u.type(), 1, Integer::sum));
        r.line(pydicom.size() + " vs " + dcmtk.size() + " UIDs; pydicom by type: " + byType);
        List<String> onlyPy = new ArrayList<>();
        List<String> onlyDcmtk = new ArrayList<>();
        List<String> retired = new ArrayList<>();
        for (Uid u : pydicom.values()) {
            Boolean r2 = dcmtk.get(u.uid());
            if (r2 == null) {
                onlyPy.add(u.uid() + " " + u.keyword() + " (" + u.type() + (u.retired() ? ", retired" : "") + ")");
            } else if (r2 != u.retired()) {
                retired.add(u.uid() + " " + u.keyword() + ": retired " + u.retired() + " / " + r2);
            }
        }
        for (String uid : dcmtk.keySet()) {
            if (!pydicom.containsKey(uid)) {
                onlyDcmtk.add(uid);
            }
        }
        list(r, "only in pydicom", onlyPy);
        list(r, "only in dcmtk", onlyDcmtk);
        list(r, "retired flag disagreements (pydicom / dcmtk)", retired);
        r.line("");
    }

    static void list(Report r, String title, List<String> items) {
        r.line("-- " + title + ": " + items.size());
        items.forEach(s -> r.line("   " + s));
    }

    static String describe(Element e) {
        return "(" + e.pattern().substring(0, 4) + "," + e.pattern().substring(4) + ") "
                + (e.keyword().isEmpty() ? "<no keyword>" : e.keyword());
    }

    // ---------------------------------------------------------------- outputs

    static String elementsTsv(Map<String, Element> elements, String source) {
        StringBuilder s = new StringBuilder();
        s.append("# DICOM PS3.6 registry of data elements, with the command elements of PS3.7 (group 0000)\n")
                .append("# and the file meta and directory elements (groups 0002, 0004).\n")
                .append("# GENERATED by migration-dicom/src/build/GenerateDictionary.java from ").append(source)
                .append(";\n# see migration-dicom/src/build/DICTIONARY.md. Do not edit by hand: regenerate.\n")
                .append("# Columns: tag (8 hex digits, x = any digit), VR (PS3.6 alternatives joined by |, empty\n")
                .append("# for none), VM, keyword (empty where PS3.6 gives none), R when retired.\n");
        for (Element e : elements.values()) {
            s.append(e.pattern()).append('\t').append(e.vr()).append('\t').append(e.vm()).append('\t')
                    .append(e.keyword()).append('\t').append(e.retired() ? "R" : "").append('\n');
        }
        return s.toString();
    }

    static String uidsTsv(List<Uid> uids, String source) {
        StringBuilder s = new StringBuilder();
        s.append("# DICOM PS3.6 Annex A registry of UIDs (Table A-1, and the well-known frames of reference\n")
                .append("# of Table A-2). GENERATED by migration-dicom/src/build/GenerateDictionary.java from\n")
                .append("# ").append(source).append("; see migration-dicom/src/build/DICTIONARY.md.\n")
                .append("# Do not edit by hand: regenerate.\n")
                .append("# Columns: UID, keyword, type, R when retired, name.\n");
        for (Uid u : uids) {
            s.append(u.uid()).append('\t').append(u.keyword()).append('\t').append(u.type()).append('\t')
                    .append(u.retired() ? "R" : "").append('\t').append(u.name()).append('\n');
        }
        return s.toString();
    }

    static String uidJava(List<Uid> uids, String source) {
        StringBuilder s = new StringBuilder();
        s.append("""
                /*
                 * GENERATED by migration-dicom/src/build/GenerateDictionary.java from\s""").append(source).append("""
                .
                 * Do not edit by hand: regenerate (see migration-dicom/src/build/DICTIONARY.md).
                 */
                package dev.ferry.dicom;

                /**
                 * The UIDs of the DICOM registry (PS3.6 Annex A): transfer syntaxes, SOP classes, meta SOP
                 * classes, well-known SOP instances and frames of reference, coding schemes, the application
                 * context name and the rest, as {@code String} constants named by their PS3.6 keyword, with
                 * look-ups by UID and by keyword.
                 *
                 * <p>The look-up table is read once, on first use of a look-up method, from the generated
                 * resource {@code uids.tsv}; the constants need no table. All methods are thread-safe. The
                 * look-ups by UID compare the exact string (strip a value's trailing NUL padding first) and
                 * answer {@code null} or {@code false} for {@code null} and for UIDs PS3.6 does not register.
                 *
                 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part06/chapter_A.html">PS3.6 Annex A</a>
                 */
                public final class UID {
                    private UID() {}

                    /** The name PS3.6 gives the UID ({@code "CT Image Storage"}), or {@code null} if it is not registered. */
                    public static String nameOf(String uid) {
                        return UidRegistry.nameOf(uid);
                    }

                    /** The PS3.6 keyword of the UID ({@code "CTImageStorage"}), or {@code null} if it is not registered. */
                    public static String keywordOf(String uid) {
                        return UidRegistry.keywordOf(uid);
                    }

                    /**
                     * The UID type column of PS3.6 Table A-1 ({@code "SOP Class"}, {@code "Transfer Syntax"},
                     * {@code "Well-known SOP Instance"}, ...), or {@code null} if the UID is not registered.
                     */
                    public static String typeOf(String uid) {
                        return UidRegistry.typeOf(uid);
                    }

                    /** Whether PS3.6 lists the UID as retired; {@code false} for UIDs it does not list. */
                    public static boolean isRetired(String uid) {
                        return UidRegistry.isRetired(uid);
                    }

                    /** Whether the UID is in the registry. */
                    public static boolean isRegistered(String uid) {
                        return UidRegistry.keywordOf(uid) != null;
                    }

                    /**
                     * The UID with this PS3.6 keyword ({@code "CTImageStorage"} gives {@link #CTImageStorage}).
                     *
                     * @throws IllegalArgumentException naming the keyword when PS3.6 has no such UID keyword
                     */
                    public static String forKeyword(String keyword) {
                        return UidRegistry.forKeyword(keyword);
                    }

                """);
        for (Uid u : uids) {
            s.append("    /** ").append(javadoc(u.name())).append(" (").append(javadoc(u.type()))
                    .append(u.retired() ? ", retired" : "").append("): {@code ").append(u.uid()).append("}. */\n");
            s.append("    public static final String ").append(u.keyword()).append(" = \"").append(u.uid())
                    .append("\";\n\n");
        }
        s.setLength(s.length() - 1);
        s.append("}\n");
        return s.toString();
    }

    static String javadoc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("@", "&#64;").replace("*/", "*&#47;");
    }

    // ---------------------------------------------------------------- helpers

    static int compareUids(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].length() != y[i].length() ? Integer.compare(x[i].length(), y[i].length())
                    : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    static String find(String text, String regex, Path file) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(file + ": no match for " + regex);
        }
        return m.group(1);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: see the comment at the top of GenerateDictionary.java");
            }
            opt.put(args[i], args[i + 1]);
        }
        return opt;
    }

    static String require(Map<String, String> opt, String name) {
        return Objects.requireNonNull(opt.get(name), "missing option " + name);
    }

}
