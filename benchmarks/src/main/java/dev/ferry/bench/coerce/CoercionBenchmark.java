package dev.ferry.bench.coerce;

import dev.ferry.api.CoercionContext;
import dev.ferry.api.CoercionOutcome;
import dev.ferry.api.Dataset;
import dev.ferry.bench.CountingSink;
import dev.ferry.bench.CtHeaders;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PrivateTag;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.coerce.Action;
import dev.ferry.dicom.coerce.Condition;
import dev.ferry.dicom.coerce.DoseMapping;
import dev.ferry.dicom.coerce.DoseMappings;
import dev.ferry.dicom.coerce.Rule;
import dev.ferry.dicom.coerce.RuleCoercer;
import dev.ferry.dicom.coerce.RuleSet;
import dev.ferry.dicom.coerce.TagRef;
import dev.ferry.dicom.coerce.TestkitDoseMappings;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The coercion hot path of issue 8 for one typical CT instance (a header of about 130 elements with a
 * vendor's private block, 512x512x16-bit pixel data): parse the header from bytes, apply ten typical
 * rules (a private-to-standard dose mapping, trim and upper-case, a table lookup of 1,000 station
 * names, a regular-expression replacement, set, a date fix, a move into a private element, a remove,
 * and a rejection rule whose regular expression does not match) keeping the originals in the Original
 * Attributes Sequence, re-encode the header, and pass the pixel data through to a counting sink.
 * Target: at least 50,000 instances/s per core, allocation per instance reported ({@code -prof gc}).
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar CoercionBenchmark -prof gc -wi 2 -i 3 -f 1
 * </pre>
 *
 * <p>{@code parseWrite} is the same work without the rules: the difference is what the rules cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CoercionBenchmark {
    private static final DoseMapping ORION = TestkitDoseMappings.entries().get(1);

    @Param({"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"})
    public String transferSyntax;

    private byte[] file;
    private TransferSyntax ts;
    private RuleCoercer coercer;
    private CoercionContext context;
    private final DicomReader reader = DicomReader.standard();

    @Setup
    public void setUp() throws IOException {
        ts = TransferSyntax.of(transferSyntax);
        Dataset header = ctHeader();
        ByteArrayOutputStream out = new ByteArrayOutputStream(600_000);
        DicomWriter.writeFile(out, null, DicomWriter.fileMeta(header, ts, "BENCH"), header,
                InputStream.nullInputStream(), ts, ItemRef.NONE);
        byte[] pixels = new byte[512 * 512 * 2];
        new Random(7).nextBytes(pixels);
        out.write(ts.isExplicitVr() ? new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0}
                : new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00});
        int n = pixels.length;
        out.write(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
        out.write(pixels);
        file = out.toByteArray();
        coercer = RuleCoercer.builder(tenRules())
                .clock(Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC)).build();
        InstanceDescriptor d = InstanceDescriptor.of(header, StudyDescriptor.UNKNOWN);
        context = new CoercionContext("dimse:LEGACY@10.0.0.1:104", StudyDescriptor.ofUid(d.studyInstanceUid()), d, null);
        check();
    }

    /** Ten rules as a site writes them. */
    static RuleSet tenRules() {
        Map<String, String> stations = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            stations.put("CT" + i, "CT-ROOM-" + i);
        }
        TagRef institution = TagRef.of(Tag.InstitutionName);
        List<Rule> rules = new ArrayList<>();
        rules.add(DoseMappings.rule(ORION));
        rules.add(new Rule("institution-trim", null, List.of(new Action.Trim(institution))));
        rules.add(new Rule("institution-upper", null, List.of(new Action.UpperCase(institution))));
        rules.add(new Rule("station-table", new Condition.Modality(Set.of("CT", "MR")),
                List.of(new Action.MapValues(TagRef.of(Tag.StationName), stations, "stations.csv"))));
        rules.add(new Rule("accession-prefix", null,
                List.of(new Action.Replace(TagRef.of(Tag.AccessionNumber), "^ACC-?0*", ""))));
        rules.add(new Rule("issuer", new Condition.SourceAeTitle(Set.of("LEGACY")),
                List.of(new Action.Set(TagRef.of(Tag.IssuerOfPatientID), null, "HOSP_A"))));
        rules.add(new Rule("dates", null, List.of(new Action.FixDates(List.of(TagRef.of(Tag.StudyDate),
                TagRef.of(Tag.SeriesDate)), Action.DateOrder.DMY))));
        rules.add(new Rule("other-ids-private", null, List.of(new Action.Move(TagRef.of(Tag.OtherPatientIDs),
                TagRef.ofPrivate("FERRY SITE", 0x0009, 0x01), VR.LO, null))));
        rules.add(new Rule("drop-request", new Condition.Manufacturer("ORION.*"),
                List.of(new Action.Remove(TagRef.of(Tag.RequestingService)))));
        rules.add(new Rule("no-anonymous", new Condition.Matches(TagRef.of(Tag.PatientID), "(?i)anonymous|unknown"),
                List.of(new Action.Reject("placeholder Patient ID"))));
        return new RuleSet("site-rules", rules);
    }

    /** Every rule but the rejection changes something, so the benchmark measures the full path. */
    private void check() throws IOException {
        try (DicomObject o = reader.read(new ByteArrayInputStream(file), "bench")) {
            CoercionOutcome outcome = coercer.coerce(o.header(), context);
            if (!(outcome instanceof CoercionOutcome.Applied a) || a.changes().size() < 9) {
                throw new IllegalStateException("the rules did not change the header as expected: " + outcome);
            }
        }
    }

    /** Parse, apply the ten rules (originals kept), re-encode, stream the pixel data through. */
    @Benchmark
    public long parseCoerceWrite() throws IOException {
        try (DicomObject o = reader.read(new ByteArrayInputStream(file), "bench")) {
            Dataset h = o.header();
            coercer.coerce(h, context);
            CountingSink sink = new CountingSink();
            DicomWriter.writeDataset(h, ts, sink);
            o.remainder().transferTo(sink);
            return sink.count();
        }
    }

    /** The same without the rules: parse, re-encode, stream the pixel data through. */
    @Benchmark
    public long parseWrite() throws IOException {
        try (DicomObject o = reader.read(new ByteArrayInputStream(file), "bench")) {
            CountingSink sink = new CountingSink();
            DicomWriter.writeDataset(o.header(), ts, sink);
            o.remainder().transferTo(sink);
            return sink.count();
        }
    }

    /** About 130 elements as a CT scanner of the testkit's ORION writes them, CTDIvol in its private block only. */
    static Dataset ctHeader() {
        Dataset h = CtHeaders.withUids();
        h.setString(Tag.StudyDate, VR.DA, "2020.01.31");
        h.setString(Tag.SeriesDate, VR.DA, "20200131");
        h.setString(Tag.StudyTime, VR.TM, "101530.123");
        h.setString(Tag.AccessionNumber, VR.SH, "ACC-000123");
        h.setString(Tag.Modality, VR.CS, "CT");
        h.setString(Tag.Manufacturer, VR.LO, "ORION HEALTHCARE");
        h.setString(Tag.InstitutionName, VR.LO, "  General Hospital ");
        h.setString(Tag.StationName, VR.SH, "CT42");
        h.setString(Tag.PatientName, VR.PN, "DOE^JANE^Q");
        h.setString(Tag.PatientID, VR.LO, "0012345");
        h.setString(Tag.OtherPatientIDs, VR.LO, "OLD-77");
        h.setString(Tag.PatientBirthDate, VR.DA, "19700101");
        h.setString(Tag.PatientSex, VR.CS, "F");
        h.setString(Tag.RequestingService, VR.LO, "EMERGENCY");
        CtHeaders.addImageAndAcquisition(h);
        h.setString(h.reserve(new PrivateTag(ORION.creator(), ORION.group(), 0x01)), VR.LO, "4.2.1");
        h.setString(h.reserve(new PrivateTag(ORION.creator(), ORION.group(), 0x02)), VR.SH, "CHEST_ROUTINE");
        h.setDoubles(h.reserve(new PrivateTag(ORION.creator(), ORION.group(), ORION.offset())), VR.DS, 11.75);
        for (int e = 0x20; e < 0x50; e++) {
            h.setString(h.reserve(new PrivateTag(ORION.creator(), ORION.group(), e)), VR.LO, "private " + e);
        }
        return h;
    }
}
