package dev.ferry.dicom;

import dev.ferry.api.Tags;
import dev.ferry.api.VR;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry of DICOM data elements (PS3.6 chapters 6 to 9, with the command elements of PS3.7
 * Annex E): each standard tag's VR, VM, keyword and whether it is retired.
 *
 * <p>Look-ups take an {@code int} tag and never allocate. A tag is resolved in this order:
 * <ol>
 *   <li>an element PS3.6 lists at that exact tag;</li>
 *   <li>a group length {@code (gggg,0000)}: UL, VM 1 (PS3.5 section 7.2; retired outside the command
 *       and file meta groups, which PS3.6 lists themselves);</li>
 *   <li>in an odd group (private, PS3.5 section 7.8): a private creator {@code (gggg,0010-00FF)} is
 *       LO, VM 1; any other private element is unknown here;</li>
 *   <li>an element PS3.6 lists with a mask: repeating groups such as {@code (60xx,3000)} Overlay Data,
 *       {@code (50xx,xxxx)} curves and {@code (7Fxx,0010)}, and repeating elements such as
 *       {@code (0020,31xx)} and {@code (1000,xxx0)}. Repeating groups are even, so a private group such
 *       as {@code 6001} never matches {@code 60xx};</li>
 *   <li>anything else is unknown: VR UN, no VM and no keyword.</li>
 * </ol>
 *
 * <p>Where PS3.6 allows several VRs ({@code US or SS}, {@code OB or OW}, {@code US or OW},
 * {@code US or SS or OW}), {@link #vrsOf(int)} gives them all and {@link #vrOf(int)} gives the one to
 * assume when decoding Implicit VR Little Endian without more context:
 * <ul>
 *   <li>OW whenever OW is allowed. PS3.5 section A.1 requires OW for Pixel Data and Overlay Data in
 *       Implicit VR Little Endian; for the others (Waveform Data, LUT Data, ...) OW reads the same
 *       little-endian bytes, keeps values longer than 64 KiB encodable when re-written with an
 *       explicit VR, and the codec can still narrow it from Bits Allocated;</li>
 *   <li>US for {@code US or SS}: the bytes are the same, and Pixel Representation (0028,0103), which
 *       the dictionary cannot see, decides the sign.</li>
 * </ul>
 * The item and delimitation tags {@code (FFFE,E000/E00D/E0DD)} have no VR: {@code vrsOf} is empty for
 * them and {@code vrOf} answers UN, which a codec never asks for.
 *
 * <p>The dictionary is generated from PS3.6 (see {@code migration-dicom/src/build/DICTIONARY.md} for the
 * edition and sources) into the resource {@code elements.tsv}, read once on the first call to
 * {@link #standard()}. Instances are immutable and thread-safe; no method accepts or returns
 * {@code null} except where stated.
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part06/chapter_6.html">PS3.6 chapter 6</a>
 */
public final class ElementDictionary {
    private static final String RESOURCE = "elements.tsv";

    private static final Entry GROUP_LENGTH = new Entry(0, 0, new VR[] {VR.UL}, "1", null, true);
    private static final Entry PRIVATE_CREATOR = new Entry(0, 0, new VR[] {VR.LO}, "1", null, false);
    private static final List<VR> UNKNOWN_VRS = List.of(VR.UN);

    private final IntTable exact;
    /** Distinct masks of the repeating entries, most specific (most fixed bits) first. */
    private final int[] masks;
    private final IntTable[] masked;
    private final Map<String, Integer> tagByKeyword;

    private ElementDictionary(List<Entry> entries) {
        List<Entry> exactEntries = new ArrayList<>();
        Map<Integer, List<Entry>> byMask = new TreeMap<>((a, b) -> Integer.bitCount(b) != Integer.bitCount(a)
                ? Integer.compare(Integer.bitCount(b), Integer.bitCount(a)) : Integer.compareUnsigned(a, b));
        for (Entry e : entries) {
            if (e.mask == -1) {
                exactEntries.add(e);
            } else {
                byMask.computeIfAbsent(e.mask, m -> new ArrayList<>()).add(e);
            }
        }
        exact = new IntTable(exactEntries, -1);
        masks = new int[byMask.size()];
        masked = new IntTable[byMask.size()];
        int i = 0;
        for (Map.Entry<Integer, List<Entry>> m : byMask.entrySet()) {
            masks[i] = m.getKey();
            masked[i++] = new IntTable(m.getValue(), m.getKey());
        }
        Map<String, Integer> keywords = new HashMap<>(entries.size() * 2);
        for (Entry e : entries) {
            if (e.keyword != null) {
                int tag = e.mask == -1 ? e.tag : firstTagResolvingTo(e);
                if (keywords.put(e.keyword, tag) != null) {
                    throw new IllegalStateException(RESOURCE + ": duplicate keyword " + e.keyword);
                }
            }
        }
        tagByKeyword = keywords;
    }

    /** The standard dictionary, read from the generated resource on first use. */
    public static ElementDictionary standard() {
        return Standard.INSTANCE;
    }

    private static final class Standard {
        static final ElementDictionary INSTANCE = new ElementDictionary(load());
    }

    /**
     * The VR to assume for the tag when the encoding does not say (Implicit VR Little Endian): the
     * PS3.6 VR, the default described in the class comment where PS3.6 allows several, LO for a
     * private creator, UL for a group length and UN for anything unknown, private data elements
     * included.
     */
    public VR vrOf(int tag) {
        Entry e = lookup(tag);
        return e == null ? VR.UN : e.implicitVr;
    }

    /**
     * Every VR PS3.6 allows for the tag, in PS3.6 order ({@code [OB, OW]} for Pixel Data); empty for the
     * item and delimitation tags, which have no VR; {@code [UN]} for unknown tags. Unmodifiable.
     */
    public List<VR> vrsOf(int tag) {
        Entry e = lookup(tag);
        return e == null ? UNKNOWN_VRS : e.vrs;
    }

    /** The value multiplicity PS3.6 gives ({@code "1"}, {@code "1-n"}, {@code "2-2n"}, ...), or {@code null} if unknown. */
    public String vmOf(int tag) {
        Entry e = lookup(tag);
        return e == null ? null : e.vm;
    }

    /**
     * The PS3.6 keyword ({@code "PatientID"}), or {@code null} for unknown and private tags, generic
     * group lengths and the few retired elements PS3.6 lists without one.
     */
    public String keywordOf(int tag) {
        Entry e = lookup(tag);
        return e == null ? null : e.keyword;
    }

    /**
     * Whether PS3.6 lists the tag as retired; also true for group lengths other than those of the
     * command and file meta groups (PS3.5 section 7.2). False for unknown and private tags.
     */
    public boolean isRetired(int tag) {
        Entry e = lookup(tag);
        return e != null && e.retired;
    }

    /** Whether PS3.6 lists the tag, at that exact tag or through a repeating group or element mask. */
    public boolean contains(int tag) {
        Entry e = lookup(tag);
        return e != null && e != GROUP_LENGTH && e != PRIVATE_CREATOR;
    }

    /**
     * The tag with this PS3.6 keyword. An element listed with a mask answers the lowest tag that
     * resolves back to it: {@code OverlayData} is {@code (6000,3000)}, {@code EscapeTriplet}
     * {@code (1000,0010)} since {@code (1000,0000)} is a group length.
     *
     * @throws IllegalArgumentException naming the keyword when PS3.6 has no such keyword
     */
    public int tagForKeyword(String keyword) {
        Integer tag = keyword == null ? null : tagByKeyword.get(keyword);
        if (tag == null) {
            throw new IllegalArgumentException("not a PS3.6 data element keyword: '" + keyword + "'");
        }
        return tag;
    }

    /** Every keyword of the dictionary, for tests and tools. */
    Collection<String> keywords() {
        return Collections.unmodifiableSet(tagByKeyword.keySet());
    }

    /** Number of entries: exact tags and masks. */
    int size() {
        int n = exact.size();
        for (IntTable t : masked) {
            n += t.size();
        }
        return n;
    }

    private Entry lookup(int tag) {
        Entry e = exact.get(tag);
        if (e != null) {
            return e;
        }
        if ((tag & 0xFFFF) == 0) {
            return GROUP_LENGTH;
        }
        if ((tag & 0x10000) != 0) {
            return Tags.isPrivateCreator(tag) ? PRIVATE_CREATOR : null;
        }
        for (int i = 0; i < masks.length; i++) {
            e = masked[i].get(tag & masks[i]);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /** The lowest tag matching the entry's mask that this dictionary resolves to the entry. */
    private int firstTagResolvingTo(Entry e) {
        int free = ~e.mask;
        int[] shifts = new int[8];
        int n = 0;
        for (int nibble = 0; nibble < 8; nibble++) {
            if (((free >>> (4 * nibble)) & 0xF) != 0) {
                shifts[n++] = 4 * nibble;
            }
        }
        for (long k = 0; k < 1L << (4 * n); k++) {
            int tag = e.tag;
            for (int d = 0; d < n; d++) {
                tag |= (int) ((k >>> (4 * d)) & 0xF) << shifts[d];
            }
            if (lookup(tag) == e) {
                return tag;
            }
        }
        throw new IllegalStateException(RESOURCE + ": no tag resolves to " + e.keyword);
    }

    private static List<Entry> load() {
        InputStream in = ElementDictionary.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("resource " + RESOURCE + " missing next to " + ElementDictionary.class);
        }
        List<Entry> entries = new ArrayList<>(5200);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isEmpty() && line.charAt(0) != '#') {
                    entries.add(parse(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
        return entries;
    }

    /** {@code 60xx3000 <TAB> OB|OW <TAB> 1 <TAB> OverlayData <TAB> [R]}. */
    private static Entry parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 5 || f[0].length() != 8) {
            throw new IllegalStateException(RESOURCE + ": malformed line: " + line);
        }
        int tag = 0;
        int mask = 0;
        for (int i = 0; i < 8; i++) {
            char c = f[0].charAt(i);
            tag <<= 4;
            mask <<= 4;
            if (c != 'x') {
                tag |= Character.digit(c, 16);
                mask |= 0xF;
            }
        }
        VR[] vrs;
        if (f[1].isEmpty()) {
            vrs = new VR[0];
        } else {
            String[] names = f[1].split("\\|");
            vrs = new VR[names.length];
            for (int i = 0; i < names.length; i++) {
                vrs[i] = VR.valueOf(names[i]);
            }
        }
        return new Entry(tag, mask, vrs, f[2], f[3].isEmpty() ? null : f[3], f[4].equals("R"));
    }

    /** One registry row; {@code tag} has 0 where {@code mask} has wildcards. */
    private static final class Entry {
        final int tag;
        final int mask;
        final List<VR> vrs;
        final VR implicitVr;
        final String vm;
        final String keyword;
        final boolean retired;

        Entry(int tag, int mask, VR[] vrs, String vm, String keyword, boolean retired) {
            this.tag = tag;
            this.mask = mask;
            this.vrs = List.of(vrs);
            this.implicitVr = implicitVr(this.vrs);
            this.vm = vm;
            this.keyword = keyword;
            this.retired = retired;
        }

        private static VR implicitVr(List<VR> vrs) {
            if (vrs.isEmpty()) {
                return VR.UN;
            }
            return vrs.contains(VR.OW) ? VR.OW : vrs.get(0);
        }
    }

    /** Open-addressing hash table from an {@code int} key (a tag, or a tag under a mask) to an entry. */
    private static final class IntTable {
        private final int[] keys;
        private final Entry[] values;
        private final int size;

        IntTable(List<Entry> entries, int mask) {
            int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 - 1)) << 1;
            keys = new int[capacity];
            values = new Entry[capacity];
            for (Entry e : entries) {
                int key = e.tag & mask;
                int i = slot(key);
                while (values[i] != null) {
                    if (keys[i] == key) {
                        throw new IllegalStateException(RESOURCE + ": duplicate tag " + Tags.format(key));
                    }
                    i = (i + 1) & (keys.length - 1);
                }
                keys[i] = key;
                values[i] = e;
            }
            size = entries.size();
        }

        Entry get(int key) {
            for (int i = slot(key); ; i = (i + 1) & (keys.length - 1)) {
                Entry e = values[i];
                if (e == null || keys[i] == key) {
                    return e;
                }
            }
        }

        int size() {
            return size;
        }

        private int slot(int key) {
            int h = key * 0x9E3779B9;
            return (h ^ (h >>> 16)) & (keys.length - 1);
        }
    }
}
