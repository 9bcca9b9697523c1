package dev.ferry.dicom.privatetags;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.api.VR;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a {@link PrivateTagAudit} found: one {@link Row} per private element per manufacturer, model
 * and modality, with counts and value shapes, never values; written as JSON, CSV or an HTML page
 * (every text escaped). Immutable and thread-safe.
 *
 * @param source the audited archive's name
 * @param sample the studies asked for (0: all)
 * @param studies studies audited
 * @param instances instances audited
 * @param instancesByEquipment instances per {@code manufacturer / model / modality}
 * @param rows the elements, by equipment, group, creator and offset
 */
public record PrivateTagReport(String source, int sample, int studies, int instances,
                               Map<String, Integer> instancesByEquipment, List<Row> rows) {
    public PrivateTagReport {
        instancesByEquipment = Map.copyOf(instancesByEquipment);
        rows = List.copyOf(rows);
    }

    /** What a value is like. */
    public enum Kind { EMPTY, NUMERIC, NUMERIC_TEXT, TEXT, BINARY, SEQUENCE }

    /**
     * One private element as seen on one kind of equipment.
     *
     * @param manufacturer Manufacturer (0008,0070), empty if absent
     * @param model Manufacturer's Model Name (0008,1090), empty if absent
     * @param modality Modality (0008,0060), empty if absent
     * @param group the private group
     * @param creator the Private Creator; empty for an element whose block no creator reserved
     * @param offset the element's offset in its creator's block
     * @param nested whether it was found inside items of sequences (else at the top level)
     * @param count how many times it occurred
     * @param vrs the VRs it was held with
     * @param minLength shortest value in bytes (items for a sequence)
     * @param maxLength longest value in bytes (items for a sequence)
     * @param kinds what its values were like
     * @param minValues fewest values (multiplicity)
     * @param maxValues most values (multiplicity)
     * @param flag the {@link KnownPrivateContent} entry for it, or {@code null}
     */
    public record Row(String manufacturer, String model, String modality, int group, String creator, int offset,
                      boolean nested, int count, Set<VR> vrs, int minLength, int maxLength, Set<Kind> kinds,
                      int minValues, int maxValues, KnownPrivateContent.Entry flag) {
        public Row {
            vrs = Set.copyOf(vrs);
            kinds = Set.copyOf(kinds);
        }

        /** {@code (0019,xx10)}. */
        public String element() {
            return String.format(Locale.ROOT, "(%04X,xx%02X)", group, offset);
        }

        /** The flag's category, or empty. */
        public String category() {
            return flag == null ? "" : flag.category().name();
        }
    }

    /** The rows a known entry flags. */
    public List<Row> flagged() {
        return rows.stream().filter(r -> r.flag() != null).toList();
    }

    // ---------------------------------------------------------------------------------------------
    // Building.

    record Key(String manufacturer, String model, String modality, int group, String creator, int offset,
               boolean nested) {}

    record Observation(VR vr, int length, Kind kind, int values) {}

    /** The shapes seen for one key; not thread-safe. */
    static final class Shape {
        int count;
        final Set<VR> vrs = EnumSet.noneOf(VR.class);
        final Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        int minLength = Integer.MAX_VALUE;
        int maxLength;
        int minValues = Integer.MAX_VALUE;
        int maxValues;

        void add(Observation o) {
            count++;
            vrs.add(o.vr());
            kinds.add(o.kind());
            minLength = Math.min(minLength, o.length());
            maxLength = Math.max(maxLength, o.length());
            minValues = Math.min(minValues, o.values());
            maxValues = Math.max(maxValues, o.values());
        }
    }

    static String equipment(String manufacturer, String model, String modality) {
        return (manufacturer.isEmpty() ? "(no manufacturer)" : manufacturer) + " / "
                + (model.isEmpty() ? "(no model)" : model) + " / " + (modality.isEmpty() ? "(no modality)" : modality);
    }

    static PrivateTagReport of(String source, int sample, int studies, int instances, Map<String, Integer> byEquipment,
                               Map<Key, Shape> elements, KnownPrivateContent known) {
        List<Row> rows = new ArrayList<>(elements.size());
        for (Map.Entry<Key, Shape> e : elements.entrySet()) {
            Key k = e.getKey();
            Shape s = e.getValue();
            rows.add(new Row(k.manufacturer(), k.model(), k.modality(), k.group(), k.creator(), k.offset(), k.nested(),
                    s.count, s.vrs, s.minLength, s.maxLength, s.kinds, s.minValues, s.maxValues,
                    known.lookup(k.creator(), k.group(), k.offset())));
        }
        rows.sort(Comparator.comparing(Row::manufacturer).thenComparing(Row::model).thenComparing(Row::modality)
                .thenComparingInt(Row::group).thenComparing(Row::creator).thenComparingInt(Row::offset)
                .thenComparing(Row::nested));
        return new PrivateTagReport(source, sample, studies, instances, byEquipment, rows);
    }

    // ---------------------------------------------------------------------------------------------
    // Writing.

    /** The report as one JSON object. */
    public void writeJson(Writer out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("source", source);
            g.writeNumberField("sample", sample);
            g.writeNumberField("studies", studies);
            g.writeNumberField("instances", instances);
            g.writeObjectFieldStart("instancesByEquipment");
            for (Map.Entry<String, Integer> e : new TreeMap<>(instancesByEquipment).entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("elements");
            for (Row r : rows) {
                g.writeStartObject();
                g.writeStringField("manufacturer", r.manufacturer());
                g.writeStringField("model", r.model());
                g.writeStringField("modality", r.modality());
                g.writeStringField("group", String.format(Locale.ROOT, "%04X", r.group()));
                g.writeStringField("creator", r.creator());
                g.writeStringField("element", r.element());
                g.writeBooleanField("nested", r.nested());
                g.writeNumberField("count", r.count());
                g.writeStringField("vrs", names(r.vrs()));
                g.writeNumberField("minLength", r.minLength());
                g.writeNumberField("maxLength", r.maxLength());
                g.writeStringField("kinds", names(r.kinds()));
                g.writeNumberField("minValues", r.minValues());
                g.writeNumberField("maxValues", r.maxValues());
                if (r.flag() != null) {
                    g.writeObjectFieldStart("flag");
                    g.writeStringField("category", r.flag().category().name());
                    g.writeStringField("description", r.flag().description());
                    g.writeStringField("source", r.flag().source());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** One line per row, with a header line. */
    public void writeCsv(Writer out) throws IOException {
        out.write("manufacturer,model,modality,group,creator,element,nested,count,vrs,minLength,maxLength,kinds,"
                + "minValues,maxValues,category,description,source\n");
        for (Row r : rows) {
            out.write(String.join(",", csv(r.manufacturer()), csv(r.model()), csv(r.modality()),
                    String.format(Locale.ROOT, "%04X", r.group()), csv(r.creator()), r.element(),
                    Boolean.toString(r.nested()), Integer.toString(r.count()), csv(names(r.vrs())),
                    Integer.toString(r.minLength()), Integer.toString(r.maxLength()), csv(names(r.kinds())),
                    Integer.toString(r.minValues()), Integer.toString(r.maxValues()), r.category(),
                    csv(r.flag() == null ? "" : r.flag().description()), csv(r.flag() == null ? "" : r.flag().source())));
            out.write('\n');
        }
    }

    /** A readable page: the counts per equipment, then the elements, flagged ones marked. */
    public void writeHtml(Writer out) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Private tag audit: "
                + html(source) + "</title>\n<style>body{font-family:sans-serif}table{border-collapse:collapse}"
                + "td,th{border:1px solid #999;padding:2px 6px;text-align:left}tr.flag{background:#fde2c8}</style>"
                + "</head><body>\n");
        out.write("<h1>Private tag audit: " + html(source) + "</h1>\n<p>" + studies + " studies, " + instances
                + " instances" + (sample > 0 ? " (a sample of " + sample + " studies)" : "")
                + ". Shapes only: no value is shown.</p>\n");
        out.write("<h2>Instances per equipment</h2>\n<table><tr><th>manufacturer / model / modality</th>"
                + "<th>instances</th></tr>\n");
        for (Map.Entry<String, Integer> e : new TreeMap<>(instancesByEquipment).entrySet()) {
            out.write("<tr><td>" + html(e.getKey()) + "</td><td>" + e.getValue() + "</td></tr>\n");
        }
        out.write("</table>\n<h2>Private elements</h2>\n<p>" + flagged().size() + " of " + rows.size()
                + " rows hold content known to be clinically relevant (highlighted).</p>\n<table><tr><th>manufacturer"
                + "</th><th>model</th><th>modality</th><th>creator</th><th>element</th><th>nested</th><th>count</th>"
                + "<th>VR</th><th>length</th><th>kind</th><th>values</th><th>relevant content</th></tr>\n");
        for (Row r : rows) {
            out.write("<tr" + (r.flag() != null ? " class=\"flag\"" : "") + "><td>" + html(r.manufacturer()) + "</td><td>"
                    + html(r.model()) + "</td><td>" + html(r.modality()) + "</td><td>"
                    + html(r.creator().isEmpty() ? "(no creator)" : r.creator()) + "</td><td>" + html(r.element())
                    + "</td><td>" + (r.nested() ? "yes" : "") + "</td><td>" + r.count() + "</td><td>"
                    + html(names(r.vrs())) + "</td><td>" + range(r.minLength(), r.maxLength()) + "</td><td>"
                    + html(names(r.kinds()).toLowerCase(Locale.ROOT)) + "</td><td>" + range(r.minValues(), r.maxValues())
                    + "</td><td>" + (r.flag() == null ? "" : html(r.flag().category() + ": " + r.flag().description())
                    + "<br><small>" + html(r.flag().source()) + "</small>") + "</td></tr>\n");
        }
        out.write("</table>\n</body></html>\n");
    }

    private static String range(int min, int max) {
        return min == max ? Integer.toString(min) : min + "–" + max;
    }

    private static String names(Set<? extends Enum<?>> values) {
        TreeSet<String> sorted = new TreeSet<>();
        for (Enum<?> v : values) {
            sorted.add(v.name());
        }
        return String.join("|", sorted);
    }

    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Escapes text for HTML element content and attribute values. */
    static String html(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
