package dev.ferry.dicom.privatetags;

import dev.ferry.api.Dataset;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.coerce.StudySampler;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Surveys the private elements of a source archive, over a sample of studies or all of them: per
 * manufacturer, model and modality, which private groups, creators and elements occur, how often,
 * with which VRs and value shapes (length range, numeric, text or binary, multiplicity), flagging
 * those a {@link KnownPrivateContent} table knows to be clinically relevant. It never keeps a value:
 * private elements hold patient data as often as anything else.
 *
 * <pre>{@code
 * PrivateTagReport r = PrivateTagAudit.builder().sample(100).build().run(source);
 * r.writeHtml(writer);
 * }</pre>
 *
 * <p>Headers only: each instance's remainder (pixel data) is left unread. Private elements inside
 * items are counted too, marked as nested. Immutable and thread-safe; a run works on the calling thread.
 */
public final class PrivateTagAudit {
    private static final Pattern NUMBER = Pattern.compile("\\s*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?\\s*");

    private final int sample;
    private final KnownPrivateContent known;

    private PrivateTagAudit(Builder b) {
        this.sample = b.sample;
        this.known = b.known;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Audits the source.
     *
     * @throws IOException if the source fails
     */
    public PrivateTagReport run(SourceArchive source) throws IOException {
        Tally tally = new Tally();
        for (StudyDescriptor study : StudySampler.sample(source, StudyQuery.ALL, sample)) {
            tally.studies++;
            source.retrieve(RetrieveRequest.study(study.studyInstanceUid()), instance -> tally.instance(instance.header()));
        }
        return tally.report(source.name(), sample, known);
    }

    /** Audits one header into {@code tally}: for callers that have headers at hand. */
    static void audit(Dataset header, Tally tally) {
        tally.instance(header);
    }

    /** Counts over one run; not thread-safe. */
    static final class Tally {
        int studies;
        int instances;
        final Map<String, Integer> instancesByEquipment = new HashMap<>();
        final Map<PrivateTagReport.Key, PrivateTagReport.Shape> elements = new HashMap<>();

        void instance(Dataset header) {
            instances++;
            String manufacturer = header.getString(Tag.Manufacturer, "").strip();
            String model = header.getString(Tag.ManufacturerModelName, "").strip();
            String modality = header.getString(Tag.Modality, "").strip();
            instancesByEquipment.merge(PrivateTagReport.equipment(manufacturer, model, modality), 1, Integer::sum);
            walk(header, manufacturer, model, modality, false);
        }

        private void walk(Dataset d, String manufacturer, String model, String modality, boolean nested) {
            for (int i = 0; i < d.size(); i++) {
                int tag = d.tagAt(i);
                Dataset.Sequence seq = d.sequenceAt(i);
                if (Tags.isPrivate(tag) && Tags.element(tag) >= 0x1000) {
                    String creator = d.privateCreatorOf(tag);
                    PrivateTagReport.Key key = new PrivateTagReport.Key(manufacturer, model, modality, Tags.group(tag),
                            creator == null ? "" : creator.strip(), tag & 0xFF, nested);
                    elements.computeIfAbsent(key, k -> new PrivateTagReport.Shape()).add(shape(d, i, seq));
                }
                if (seq != null) {
                    for (Dataset item : seq) {
                        walk(item, manufacturer, model, modality, true);
                    }
                }
            }
        }

        PrivateTagReport report(String source, int sample, KnownPrivateContent known) {
            return PrivateTagReport.of(source, sample, studies, instances, instancesByEquipment, elements, known);
        }
    }

    /** The shape of one value: VR, length, kind and multiplicity; the value itself is looked at, never kept. */
    static PrivateTagReport.Observation shape(Dataset d, int i, Dataset.Sequence seq) {
        VR vr = d.vrAt(i);
        if (seq != null) {
            return new PrivateTagReport.Observation(vr, seq.size(), PrivateTagReport.Kind.SEQUENCE, seq.size());
        }
        Dataset.Fragments f = d.fragmentsAt(i);
        if (f != null) {
            return new PrivateTagReport.Observation(vr, (int) Math.min(Integer.MAX_VALUE, f.totalLength()),
                    PrivateTagReport.Kind.BINARY, 1);
        }
        byte[] raw = d.encodedValueAt(i);
        int length = raw.length;
        if (length == 0) {
            return new PrivateTagReport.Observation(vr, 0, PrivateTagReport.Kind.EMPTY, 0);
        }
        if (vr.kind() == VR.Kind.BINARY_NUMBER) {
            int size = vr.numberSize();
            return new PrivateTagReport.Observation(vr, length, PrivateTagReport.Kind.NUMERIC, size == 0 ? 1 : length / size);
        }
        if (vr.isText() || (vr == VR.UN && printable(raw))) {
            String text = vr.isText() ? d.getString(d.tagAt(i)) : new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
            boolean single = vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR;
            String[] values = single ? new String[] {text} : text.split("\\\\", -1);
            boolean numeric = !text.isBlank();
            for (String v : values) {
                if (!NUMBER.matcher(v).matches()) {
                    numeric = false;
                    break;
                }
            }
            return new PrivateTagReport.Observation(vr, length,
                    numeric ? PrivateTagReport.Kind.NUMERIC_TEXT : PrivateTagReport.Kind.TEXT, values.length);
        }
        return new PrivateTagReport.Observation(vr, length, PrivateTagReport.Kind.BINARY, 1);
    }

    /** Printable ASCII with the padding text uses: a UN value that is probably text. */
    private static boolean printable(byte[] raw) {
        for (int k = 0; k < raw.length; k++) {
            int b = raw[k] & 0xFF;
            boolean padding = b == 0 && k == raw.length - 1;
            if ((b < 0x20 || b > 0x7E) && !padding) {
                return false;
            }
        }
        return true;
    }

    /** Builds a {@link PrivateTagAudit}; not thread-safe. */
    public static final class Builder {
        private int sample = StudySampler.ALL;
        private KnownPrivateContent known = KnownPrivateContent.builtIn();

        private Builder() {}

        /** Studies to audit ({@link StudySampler}); 0 for every study. */
        public Builder sample(int studies) {
            if (studies < 0) {
                throw new IllegalArgumentException("sample must be >= 0 (0 for every study), not " + studies);
            }
            this.sample = studies;
            return this;
        }

        /** The table of clinically relevant content to flag; default {@link KnownPrivateContent#builtIn()}. */
        public Builder known(KnownPrivateContent known) {
            this.known = Objects.requireNonNull(known, "known");
            return this;
        }

        public PrivateTagAudit build() {
            return new PrivateTagAudit(this);
        }
    }
}
