package dev.ferry.dicom.privatetags;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A small table of private elements known to hold clinically relevant content, for the
 * {@link PrivateTagAudit} to flag: what would be lost if the destination dropped them. Each entry
 * names the public document it comes from.
 *
 * <p>The built-in entries ({@link #builtIn()}) come from the private dictionaries shipped with
 * DCMTK ({@code private.dic}, Debian libdcmtk17 3.6.7, which lists the vendors' conformance
 * statements it was built from) and GDCM (as generated into pydicom's {@code _private_dict.py},
 * Debian python3-pydicom 2.3.1). A site adds its own with {@link #with(List)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class KnownPrivateContent {

    /** What a flagged element holds. */
    public enum Category {
        /** Radiation dose: CTDIvol, DLP, dose-area product, skin dose, exposure. */
        RADIATION_DOSE,
        /** Display shutters: what part of the image is meant to be blanked. */
        SHUTTER,
        /** Display: windowing, annotations, layout the images were read with. */
        DISPLAY,
        /** References to structured reports or other objects. */
        SR_REFERENCE
    }

    /**
     * One known element, or a whole creator's block.
     *
     * @param creator the Private Creator, compared exactly (after trailing spaces are removed)
     * @param group its group
     * @param offset the element's offset in the block (0x00 to 0xFF), or -1 for every element of the block
     * @param category what it holds
     * @param description what the element is, as the source names it
     * @param source the public document the entry comes from
     */
    public record Entry(String creator, int group, int offset, Category category, String description, String source) {
        public Entry {
            Objects.requireNonNull(creator, "creator");
            creator = creator.strip();
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(source, "source");
            if (offset < -1 || offset > 0xFF) {
                throw new IllegalArgumentException("offset must be 0x00 to 0xFF, or -1 for the whole block");
            }
        }

        boolean matches(String c, int g, int o) {
            return group == g && creator.equals(c) && (offset == -1 || offset == o);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "(%04X,xx%s) %s: %s", group, offset < 0 ? "**" : String.format("%02X", offset),
                    creator, description);
        }
    }

    private static final String DCMTK = "DCMTK private.dic (Debian libdcmtk17 3.6.7)";
    private static final String GDCM = "GDCM private dictionary, as in pydicom _private_dict.py (Debian python3-pydicom 2.3.1)";

    private static final KnownPrivateContent BUILT_IN = new KnownPrivateContent(List.of(
            new Entry("TOSHIBA_MEC_CT3", 0x7005, 0x40, Category.RADIATION_DOSE, "DLP Dose Length Product (FD)", GDCM),
            new Entry("INTEGRIS 1.0", 0x0041, 0x20, Category.RADIATION_DOSE, "Accumulated Fluoroscopy Dose",
                    DCMTK + ", after the Philips Integris H RIS-interface document"),
            new Entry("INTEGRIS 1.0", 0x0041, 0x30, Category.RADIATION_DOSE, "Accumulated Exposure Dose",
                    DCMTK + ", after the Philips Integris H RIS-interface document"),
            new Entry("INTEGRIS 1.0", 0x0041, 0x40, Category.RADIATION_DOSE, "Total Dose",
                    DCMTK + ", after the Philips Integris H RIS-interface document"),
            new Entry("SIEMENS RA GEN", 0x0011, 0x25, Category.RADIATION_DOSE, "Patient Dose Area Product", DCMTK),
            new Entry("SIEMENS RA GEN", 0x0011, 0x26, Category.RADIATION_DOSE, "Patient Total Skin Dose", DCMTK),
            new Entry("SIEMENS RA PLANE A", 0x0011, 0x29, Category.RADIATION_DOSE, "Fluoro Skin Dose A", DCMTK),
            new Entry("SIEMENS RA PLANE A", 0x0011, 0x2A, Category.RADIATION_DOSE, "Total Skin Dose A", DCMTK),
            new Entry("SIEMENS RA PLANE A", 0x0011, 0x2B, Category.RADIATION_DOSE, "Fluoro Dose Area Product A", DCMTK),
            new Entry("SIEMENS RA PLANE A", 0x0011, 0x2C, Category.RADIATION_DOSE, "Total Dose Area Product A", DCMTK),
            new Entry("SIEMENS RA PLANE B", 0x0011, 0x2B, Category.RADIATION_DOSE, "Fluoro Dose Area Product B", DCMTK),
            new Entry("SIEMENS RA PLANE B", 0x0011, 0x2C, Category.RADIATION_DOSE, "Total Dose Area Product B", DCMTK),
            new Entry("SIEMENS SMS-AX  ACQ 1.0", 0x0021, 0x05, Category.RADIATION_DOSE, "Dose",
                    DCMTK + ", after the Siemens AXIOM Artis VB30 conformance statement"),
            new Entry("SIEMENS MED DISPLAY", 0x0029, 0x99, Category.SHUTTER, "Shutter Type", DCMTK),
            new Entry("SIEMENS MED DISPLAY", 0x0029, 0xA0, Category.SHUTTER, "Rows of Rectangular Shutter", DCMTK),
            new Entry("SIEMENS MED DISPLAY", 0x0029, 0xA1, Category.SHUTTER, "Columns of Rectangular Shutter", DCMTK),
            new Entry("SIEMENS MED DISPLAY", 0x0029, 0xA2, Category.SHUTTER, "Origin of Rectangular Shutter", DCMTK),
            new Entry("SIEMENS MED DISPLAY", 0x0029, 0xB0, Category.SHUTTER, "Radius of Circular Shutter", DCMTK),
            new Entry("SIEMENS MED DISPLAY", 0x0029, 0xB2, Category.SHUTTER, "Origin of Circular Shutter", DCMTK),
            new Entry("SIEMENS MED DISPLAY", 0x0029, 0xC1, Category.SHUTTER, "Contour of Irregular Shutter", DCMTK),
            new Entry("SIEMENS MED DISPLAY", 0x0029, -1, Category.DISPLAY, "display parameters", DCMTK),
            new Entry("Philips Imaging DD 001", 0x2001, 0x69, Category.SHUTTER, "Display Shutter Sequence", GDCM),
            new Entry("SPI-P Release 1", 0x0029, 0xC1, Category.SHUTTER, "Field Of Shutter", GDCM),
            new Entry("SPI-P Release 1", 0x0029, 0xC5, Category.SHUTTER, "Field Of Shutter Rectangle", GDCM)));

    private final List<Entry> entries;

    private KnownPrivateContent(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The built-in table. */
    public static KnownPrivateContent builtIn() {
        return BUILT_IN;
    }

    /** No entries: nothing is flagged. */
    public static KnownPrivateContent none() {
        return new KnownPrivateContent(List.of());
    }

    /** This table and {@code more}; an entry of {@code more} wins over one of this table for the same element. */
    public KnownPrivateContent with(List<Entry> more) {
        List<Entry> all = new ArrayList<>(more);
        all.addAll(entries);
        return new KnownPrivateContent(all);
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * Reads entries from a CSV file of {@code creator,group,offset,category,description,source} lines
     * (group and offset in hex, offset {@code **} for the whole block; a first line starting with
     * {@code creator,} is a header; {@code #} lines are comments; values may be quoted with {@code "}).
     *
     * @throws dev.ferry.api.ConfigurationException naming the file and line when a line is wrong
     */
    public static List<Entry> read(java.nio.file.Path file) throws java.io.IOException {
        List<Entry> out = new ArrayList<>();
        List<String> lines = java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank() || line.startsWith("#") || (n == 0 && line.startsWith("creator,"))) {
                continue;
            }
            List<String> cells = cells(line);
            String where = file + ":" + (n + 1) + ": ";
            if (cells.size() != 6) {
                throw new dev.ferry.api.ConfigurationException(where + "must hold creator,group,offset,category,"
                        + "description,source, not " + cells.size() + " values");
            }
            try {
                int group = Integer.parseInt(cells.get(1).replaceFirst("^0[xX]", ""), 16);
                int offset = cells.get(2).equals("**") ? -1 : Integer.parseInt(cells.get(2).replaceFirst("^(0[xX]|xx)", ""), 16);
                out.add(new Entry(cells.get(0), group, offset,
                        Category.valueOf(cells.get(3).strip().toUpperCase(Locale.ROOT)), cells.get(4), cells.get(5)));
            } catch (IllegalArgumentException e) {
                throw new dev.ferry.api.ConfigurationException(where + e.getMessage()
                        + " (group and offset in hex, category one of " + java.util.Arrays.toString(Category.values()) + ")", e);
            }
        }
        return out;
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }

    /** The entry for an element, a specific one before a whole block's; {@code null} if unknown. */
    public Entry lookup(String creator, int group, int offset) {
        Entry block = null;
        for (Entry e : entries) {
            if (e.matches(creator, group, offset)) {
                if (e.offset() >= 0) {
                    return e;
                }
                block = block == null ? e : block;
            }
        }
        return block;
    }
}
