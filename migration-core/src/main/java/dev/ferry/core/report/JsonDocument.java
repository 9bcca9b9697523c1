package dev.ferry.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.ferry.api.ChainVerification;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.OperatorAction;
import dev.ferry.core.state.StudyState;
import dev.ferry.core.state.Sweep;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.json}: everything the package says, keys in a fixed order (written as listed here; the
 * saved phase reports keep their own order), two-space indents, {@code \n} line ends, times as ISO-8601
 * UTC. Stateless.
 */
final class JsonDocument {
    /** The document's format; a reader checks it before reading further. */
    static final String FORMAT = "ferry-proof-package/1";

    private static final ObjectWriter WRITER;

    static {
        DefaultIndenter lines = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter().withObjectIndenter(lines).withArrayIndenter(lines);
        WRITER = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writer(pretty);
    }

    private JsonDocument() {}

    static void write(Facts f, List<Kpi> kpis, Writer out) throws IOException {
        WRITER.writeValue(out, tree(f, kpis));
        out.write('\n');
    }

    static Map<String, Object> tree(Facts f, List<Kpi> kpis) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("migration", f.migration);
        doc.put("generatedAt", text(f.newest));
        doc.put("generatedAtMeans", "the newest time recorded in the state store, not when these files were written");
        Map<String, Object> signOff = new LinkedHashMap<>();
        List<String> blockers = f.blockers();
        signOff.put("ready", blockers.isEmpty());
        signOff.put("blockers", blockers);
        doc.put("signOff", signOff);
        doc.put("reconciliation", reconciliation(f));
        List<Map<String, Object>> kpiList = new ArrayList<>();
        for (Kpi k : kpis) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", k.key());
            m.put("label", k.label());
            m.put("measured", k.measured());
            m.put("value", k.value());
            m.put("text", k.text());
            m.put("basis", k.basis());
            kpiList.add(m);
        }
        doc.put("kpis", kpiList);
        doc.put("custody", custody(f.chain));
        doc.put("exceptions", exceptions(f));
        doc.put("phases", f.phases);
        List<Map<String, Object>> sweeps = new ArrayList<>();
        for (Sweep s : f.sweeps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", s.kind());
            m.put("at", text(s.at()));
            m.put("from", s.from() == null ? null : s.from().toString());
            m.put("added", s.added());
            m.put("changed", s.changed());
            sweeps.add(m);
        }
        doc.put("sweeps", sweeps);
        doc.put("files", f.files);
        return doc;
    }

    private static Map<String, Object> reconciliation(Facts f) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("studiesInScope", f.studies);
        Map<String, Long> byState = new LinkedHashMap<>();
        for (StudyState s : StudyState.values()) {
            byState.put(s.name().toLowerCase(Locale.ROOT), f.studies(s));
        }
        r.put("studiesByState", byState);
        r.put("studiesOnlyOnLegacy", f.onlyOnLegacy());
        r.put("instancesListedBySource", f.instancesAtSource);
        r.put("studiesWithUnknownInstanceCount", f.studiesWithUnknownCount);
        r.put("instancesRecordedStored", f.instancesRecorded);
        r.put("instancesByStatus", f.instancesByStatus);
        r.put("bytesRecordedStored", f.bytesRecorded);
        r.put("instancesWithoutHash", f.instancesWithoutHash);
        r.put("instancesWithPixelDigest", f.instancesWithPixelDigest);
        r.put("doneStudiesWithFewerInstancesThanListed", f.doneStudiesShort);
        r.put("instanceRecordsWithoutStudy", f.unmatchedRecords);
        r.put("openExceptions", f.openExceptions());
        return r;
    }

    static Map<String, Object> custody(ChainVerification chain) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("intact", chain.intact());
        if (chain instanceof ChainVerification.Intact ok) {
            c.put("records", ok.records());
            c.put("headHash", ok.headHash());
        } else if (chain instanceof ChainVerification.Broken b) {
            c.put("brokenAtRecord", b.sequence());
            c.put("problem", b.problem().name());
            c.put("detail", b.detail());
        }
        return c;
    }

    private static Map<String, Object> exceptions(Facts f) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("total", f.exceptions.size());
        x.put("byStatus", f.exceptionsByStatus());
        x.put("byReason", f.exceptionsByReason());
        List<Map<String, Object>> list = new ArrayList<>();
        for (ExceptionRecord e : f.exceptions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("study", e.studyInstanceUid());
            m.put("sop", e.sopInstanceUid());
            m.put("reason", e.reason().name());
            m.put("status", e.status().name());
            m.put("disposition", Facts.disposition(e.status()));
            m.put("raisedAt", text(e.raisedAt()));
            m.put("detail", e.detail());
            List<Map<String, Object>> actions = new ArrayList<>();
            for (OperatorAction a : f.actionsOf(e)) {
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("kind", a.kind().name());
                am.put("actor", a.actor());
                am.put("at", text(a.at()));
                am.put("reason", a.reason());
                actions.add(am);
            }
            m.put("actions", actions);
            list.add(m);
        }
        x.put("list", list);
        return x;
    }

    static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
