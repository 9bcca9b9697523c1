package dev.ferry.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.ChainVerification;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.OperatorAction;
import dev.ferry.core.state.StudyState;
import dev.ferry.core.state.Sweep;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page for the auditor, with no script and nothing fetched
 * from elsewhere (its style is inline). Every value from the state is escaped. Shows the counts and at
 * most a bounded number of exceptions; the CSV files hold everything. Stateless.
 */
final class HtmlPage {
    private static final String STYLE = """
            body{font-family:sans-serif;margin:2em;max-width:80em;color:#111}
            table{border-collapse:collapse;margin:0.5em 0 1.5em}
            th,td{border:1px solid #999;padding:0.25em 0.5em;text-align:left;vertical-align:top}
            td.n{text-align:right}
            code{font-size:0.9em;word-break:break-all}
            .alarm{background:#b00;color:#fff;padding:1em;font-size:1.3em;font-weight:bold}
            .ready{background:#def5de;border:2px solid #2a2;padding:0.75em}
            .notready{background:#fde8d0;border:2px solid #c60;padding:0.75em}
            """;

    private final StringBuilder out = new StringBuilder(64 * 1024);

    private HtmlPage() {}

    /** The page; {@code maxExceptions} bounds the exception table. */
    static String render(Facts f, List<Kpi> kpis, int maxExceptions) {
        HtmlPage p = new HtmlPage();
        p.page(f, kpis, maxExceptions);
        return p.out.toString();
    }

    private void page(Facts f, List<Kpi> kpis, int maxExceptions) {
        raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Ferry proof package: ")
                .text(f.migration).raw("</title>\n<style>\n").raw(STYLE).raw("</style>\n</head>\n<body>\n");
        raw("<h1>Sign-off proof package: migration ").text(f.migration).raw("</h1>\n");
        raw("<p>State as of ").text(f.newest == null ? "(the state store is empty)" : f.newest.toString())
                .raw(", the newest time recorded in the state store (not when this page was written). Written by"
                        + " Ferry from the state store alone; no archive was contacted.</p>\n");
        if (!f.chain.intact()) {
            ChainVerification.Broken b = (ChainVerification.Broken) f.chain;
            raw("<div class=\"alarm\">THE CHAIN OF CUSTODY IS BROKEN at record ").text(Long.toString(b.sequence()))
                    .raw(" (").text(b.problem().name()).raw("): ").text(b.detail())
                    .raw(". The custody records from there on cannot be trusted, and this package cannot be"
                            + " signed off.</div>\n");
        }
        verdict(f);
        reconciliation(f);
        kpis(kpis);
        custody(f.chain);
        exceptions(f, maxExceptions);
        phases(f);
        sweeps(f.sweeps);
        files(f.files);
        raw("</body>\n</html>\n");
    }

    private void verdict(Facts f) {
        List<String> blockers = f.blockers();
        if (blockers.isEmpty()) {
            raw("<div class=\"ready\"><strong>Ready for sign-off.</strong> Every study is migrated or skipped with"
                    + " a reason, no exception is open, validation has run and the chain of custody is intact.</div>\n");
            return;
        }
        raw("<div class=\"notready\"><strong>Not ready for sign-off:</strong>\n<ul>\n");
        blockers.forEach(b -> raw("<li>").text(b).raw("</li>\n"));
        raw("</ul>\n</div>\n");
    }

    private void reconciliation(Facts f) {
        raw("<h2>Count reconciliation</h2>\n<table>\n");
        row("Studies in scope", Format.count(f.studies));
        for (StudyState s : StudyState.values()) {
            row("&nbsp;&nbsp;" + s.name().toLowerCase(Locale.ROOT).replace('_', ' '), true, Format.count(f.studies(s)));
        }
        row("Studies only on the legacy system (not done, not skipped)", Format.count(f.onlyOnLegacy()));
        row("Instances the source listed", Format.count(f.instancesAtSource)
                + (f.studiesWithUnknownCount == 0 ? "" : " (and " + Format.count(f.studiesWithUnknownCount)
                + " studies whose count the source did not report)"));
        row("Instances recorded as stored", Format.count(f.instancesRecorded));
        f.instancesByStatus.forEach((k, v) -> row("&nbsp;&nbsp;" + escape(k.toLowerCase(Locale.ROOT)), true,
                Format.count(v)));
        row("Bytes stored", Format.bytes(f.bytesRecorded));
        row("Instances recorded without a SHA-256", Format.count(f.instancesWithoutHash));
        row("Instances with a Pixel Data digest taken at the source", Format.count(f.instancesWithPixelDigest));
        row("Done studies with fewer instance records than the source listed", Format.count(f.doneStudiesShort));
        row("Open exceptions", Format.count(f.openExceptions()));
        raw("</table>\n<p>Every study is in <code>studies.csv</code>; every instance record, with the SHA-256 of"
                + " what was read from the source and the digest of its Pixel Data value, in <code>instances.csv</code>."
                + "</p>\n");
    }

    private void kpis(List<Kpi> kpis) {
        raw("<h2>Key performance indicators</h2>\n<table>\n<tr><th>Indicator</th><th>Value</th><th>Basis</th></tr>\n");
        for (Kpi k : kpis) {
            raw("<tr><td>").text(k.label()).raw("</td><td>").raw(k.measured() ? "" : "<em>").text(k.text())
                    .raw(k.measured() ? "" : "</em>").raw("</td><td>").text(k.basis()).raw("</td></tr>\n");
        }
        raw("</table>\n");
    }

    private void custody(ChainVerification chain) {
        raw("<h2>Chain of custody</h2>\n<table>\n");
        if (chain instanceof ChainVerification.Intact ok) {
            row("Status", "intact: every record links to the one before and matches its hash");
            row("Records checked", Format.count(ok.records()));
            raw("<tr><th>Head hash</th><td><code>").text(ok.headHash()).raw("</code></td></tr>\n");
        } else if (chain instanceof ChainVerification.Broken b) {
            row("Status", "BROKEN");
            row("First broken record", Long.toString(b.sequence()));
            row("Problem", b.problem().name() + ": " + b.detail());
        }
        raw("</table>\n<p>Keep the head hash apart from the state store: records deleted from the end of the log"
                + " can only be caught against a head hash kept elsewhere.</p>\n");
    }

    private void exceptions(Facts f, int max) {
        raw("<h2>Exceptions</h2>\n<p>").text(Format.count(f.exceptions.size())).raw(" in all");
        f.exceptionsByStatus().forEach((k, v) -> {
            if (v > 0) {
                raw("; ").text(k.toLowerCase(Locale.ROOT)).raw(": ").text(Format.count(v));
            }
        });
        raw(".</p>\n");
        if (f.exceptions.isEmpty()) {
            return;
        }
        raw("<table>\n<tr><th>#</th><th>Raised at</th><th>Study</th><th>SOP instance</th><th>Reason</th>"
                + "<th>Detail</th><th>Disposition</th><th>Operator actions</th></tr>\n");
        int shown = 0;
        for (ExceptionRecord e : f.exceptions) {
            if (shown++ == max) {
                break;
            }
            raw("<tr><td class=\"n\">").text(Long.toString(e.id())).raw("</td><td>").text(e.raisedAt().toString())
                    .raw("</td><td><code>").text(e.studyInstanceUid() == null ? "(migration-wide)" : e.studyInstanceUid())
                    .raw("</code></td><td><code>").text(e.sopInstanceUid() == null ? "" : e.sopInstanceUid())
                    .raw("</code></td><td>").text(e.reason().name()).raw("</td><td>").text(e.detail())
                    .raw("</td><td>").text(Facts.disposition(e.status())).raw("</td><td>");
            List<OperatorAction> actions = f.actionsOf(e);
            for (int i = 0; i < actions.size(); i++) {
                OperatorAction a = actions.get(i);
                raw(i == 0 ? "" : "<br>\n").text(a.kind().name()).raw(" by ").text(a.actor()).raw(" at ")
                        .text(a.at().toString()).raw(": ").text(a.reason());
            }
            raw("</td></tr>\n");
        }
        raw("</table>\n");
        if (f.exceptions.size() > max) {
            raw("<p><strong>").text(Format.count(f.exceptions.size() - max))
                    .raw(" more exceptions are not shown here</strong>: every exception, with its actions, is in"
                            + " <code>exceptions.csv</code> and <code>report.json</code>.</p>\n");
        }
    }

    private void phases(Facts f) {
        raw("<h2>Phases run</h2>\n");
        if (f.phases.isEmpty()) {
            raw("<p>No phase has saved a report.</p>\n");
            return;
        }
        raw("<table>\n<tr><th>Phase</th><th>Started</th><th>Finished</th><th>Notes</th></tr>\n");
        for (Map.Entry<String, JsonNode> p : f.phases.entrySet()) {
            JsonNode r = p.getValue();
            raw("<tr><td>").text(p.getKey()).raw("</td><td>").text(r.path("startedAt").asText(""))
                    .raw("</td><td>").text(r.path("finishedAt").asText("")).raw("</td><td>");
            boolean first = true;
            for (JsonNode n : r.path("notes")) {
                raw(first ? "" : "<br>\n").text(n.asText());
                first = false;
            }
            raw("</td></tr>\n");
        }
        raw("</table>\n<p>Each phase's figures are in <code>report.json</code> under <code>phases</code>.</p>\n");
    }

    private void sweeps(List<Sweep> sweeps) {
        if (sweeps.isEmpty()) {
            return;
        }
        raw("<h2>Sweeps of the source</h2>\n<table>\n<tr><th>Kind</th><th>Finished</th><th>From date</th>"
                + "<th>Added</th><th>Changed</th></tr>\n");
        for (Sweep s : sweeps) {
            raw("<tr><td>").text(s.kind()).raw("</td><td>").text(s.at().toString()).raw("</td><td>")
                    .text(s.from() == null ? "" : s.from().toString()).raw("</td><td class=\"n\">")
                    .text(Format.count(s.added())).raw("</td><td class=\"n\">").text(Format.count(s.changed()))
                    .raw("</td></tr>\n");
        }
        raw("</table>\n");
    }

    private void files(Map<String, String> files) {
        raw("<h2>Files of this package</h2>\n<table>\n<tr><th>File</th><th>SHA-256</th></tr>\n");
        files.forEach((name, hash) -> raw("<tr><td>").text(name).raw("</td><td><code>").text(hash)
                .raw("</code></td></tr>\n"));
        raw("</table>\n<p>This page's own hash is in <code>").text(ProofPackage.SUMS)
                .raw("</code> with the others (check them with <code>sha256sum -c ").text(ProofPackage.SUMS)
                .raw("</code>).</p>\n");
    }

    // --- writing ------------------------------------------------------------------------------------

    private void row(String header, String value) {
        row(escape(header), false, value);
    }

    private void row(String headerHtml, boolean indented, String value) {
        raw("<tr><th>").raw(headerHtml).raw("</th><td").raw(indented ? " class=\"n\"" : "").raw(">").text(value)
                .raw("</td></tr>\n");
    }

    private HtmlPage raw(String html) {
        out.append(html);
        return this;
    }

    private HtmlPage text(String s) {
        out.append(escape(s));
        return this;
    }

    /** Text as HTML: the five characters that can start markup or end an attribute are escaped. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
