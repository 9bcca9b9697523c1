package dev.ferry.dicom.archive.web;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.InvalidValueException;
import dev.ferry.api.ItemRef;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomParseException;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.TruncationCheckingInputStream.TruncatedDataSetException;
import dev.ferry.dicom.io.TruncationCheckingInputStream;
import dev.ferry.dicom.web.DicomWebClient;
import dev.ferry.dicom.web.MultipartPart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retrieval of a study over WADO-RS, on the caller's thread:
 * <ol>
 *   <li>the study is described (QIDO-RS), which says what to expect and in which series;
 *   <li>the whole study is retrieved in one request, or for a subset each series whose instances are
 *       all wanted, and each other instance on its own;
 *   <li>each part is parsed as it streams and handed to the consumer; a part that does not parse is
 *       counted, not fatal;
 *   <li>each listed instance that did not arrive is asked for on its own once, which names the
 *       corrupt ones ({@link ReasonCode#CORRUPT_OBJECT}) and the missing ones
 *       ({@link ReasonCode#MISSING_INSTANCE}).
 * </ol>
 * An instance sent twice is delivered once; if the copies differ, it is also reported as a
 * {@link ReasonCode#DUPLICATE_CONFLICT}. In a whole-study retrieval, instances the study gained
 * after it was described are delivered too. Single use, not thread-safe.
 */
final class Retrieval {
    private static final Logger LOG = LoggerFactory.getLogger(Retrieval.class);
    private static final DicomReader READER = DicomReader.standard();

    private final DicomWebClient client;
    private final RetrieveRequest request;
    private final InstanceConsumer consumer;
    private final String study;
    private final Map<String, FingerprintingInputStream.Fingerprint> delivered = new HashMap<>();
    private final Set<String> conflicts = new LinkedHashSet<>();
    private final List<Finding> failures = new ArrayList<>();
    private Map<String, InstanceDescriptor> wanted = Map.of();
    private int corruptParts;
    private String lastCorruption;
    private int extras;

    Retrieval(DicomWebClient client, RetrieveRequest request, InstanceConsumer consumer) {
        this.client = client;
        this.request = request;
        this.consumer = consumer;
        this.study = request.studyInstanceUid().strip();
    }

    RetrieveResult run() throws IOException {
        Optional<StudyManifest> manifest = Manifests.describe(client, study);
        Set<String> held = new LinkedHashSet<>();
        wanted = new LinkedHashMap<>();
        for (InstanceDescriptor i : manifest.map(StudyManifest::instances).orElse(List.of())) {
            held.add(i.sopInstanceUid());
            if (request.wants(i.sopInstanceUid())) {
                wanted.put(i.sopInstanceUid(), i);
            }
        }
        for (String sop : request.sopInstanceUids()) {
            if (!held.contains(sop)) {
                failures.add(new Finding(ItemRef.instance(study, null, sop), ReasonCode.MISSING_INSTANCE,
                        "named in the request, but the study does not hold it"));
            }
        }
        int expected = wanted.size() + (int) request.sopInstanceUids().stream().filter(s -> !held.contains(s)).count();
        if (manifest.isEmpty() || wanted.isEmpty()) {
            return new RetrieveResult(0, expected, failures);
        }
        List<InstanceDescriptor> singles = new ArrayList<>();
        boolean bulk = false;
        if (request.wholeStudy()) {
            client.retrieveStudy(study, this::part);
            bulk = true;
        } else {
            Map<String, List<InstanceDescriptor>> bySeries = new LinkedHashMap<>();
            for (InstanceDescriptor i : manifest.get().instances()) {
                bySeries.computeIfAbsent(i.seriesInstanceUid(), k -> new ArrayList<>()).add(i);
            }
            for (Map.Entry<String, List<InstanceDescriptor>> s : bySeries.entrySet()) {
                List<InstanceDescriptor> inSeries = s.getValue().stream()
                        .filter(i -> wanted.containsKey(i.sopInstanceUid())).toList();
                if (inSeries.isEmpty()) {
                    continue;
                }
                if (inSeries.size() == s.getValue().size() && inSeries.size() > 1) {
                    client.retrieveSeries(study, s.getKey(), this::part);
                    bulk = true;
                } else {
                    singles.addAll(inSeries);
                }
            }
        }
        int bulkCorrupt = corruptParts;
        int namedCorrupt = 0;
        List<InstanceDescriptor> retry = new ArrayList<>(singles);
        if (bulk) {
            for (InstanceDescriptor i : wanted.values()) {
                if (!delivered.containsKey(i.sopInstanceUid()) && !singles.contains(i)) {
                    retry.add(i);
                }
            }
        }
        for (InstanceDescriptor i : retry) {
            if (delivered.containsKey(i.sopInstanceUid())) {
                continue;
            }
            int before = corruptParts;
            boolean found = client.retrieveInstance(study, i.seriesInstanceUid(), i.sopInstanceUid(), this::part);
            if (delivered.containsKey(i.sopInstanceUid())) {
                continue;
            }
            if (corruptParts > before) {
                namedCorrupt++;
                failures.add(new Finding(i.ref(), ReasonCode.CORRUPT_OBJECT, lastCorruption));
            } else {
                failures.add(new Finding(i.ref(), ReasonCode.MISSING_INSTANCE, found
                        ? "listed by QIDO-RS, but WADO-RS did not deliver it"
                        : "listed by QIDO-RS, but WADO-RS answers 404 Not Found"));
            }
        }
        // Corrupt parts of a bulk response that asking one by one did not name (they may have been
        // instances the study gained after it was described) are reported against the study.
        for (int k = namedCorrupt; k < bulkCorrupt; k++) {
            failures.add(new Finding(ItemRef.study(study), ReasonCode.CORRUPT_OBJECT,
                    "a WADO-RS part that is not a readable DICOM object"));
        }
        for (String sop : conflicts) {
            InstanceDescriptor d = wanted.get(sop);
            failures.add(new Finding(d != null ? d.ref() : ItemRef.instance(study, null, sop),
                    ReasonCode.DUPLICATE_CONFLICT, "the server sent this instance twice with different content"));
        }
        if (extras > 0) {
            LOG.debug("study {}: {} instances delivered that were not listed when the retrieval started", study, extras);
        }
        return new RetrieveResult(delivered.size(), expected, failures);
    }

    /** Parses one part and delivers it, unless it is unreadable, unwanted or a repeat. */
    private void part(MultipartPart part) throws IOException {
        FingerprintingInputStream in = new FingerprintingInputStream(part.body());
        String source = "WADO-RS part " + part.index() + " of study " + study;
        DicomObject object;
        DicomInstance instance;
        try {
            object = READER.read(in, source);
        } catch (DicomParseException e) {
            corrupt(in, e.getMessage());
            return;
        }
        try {
            instance = object.toInstance(part.contentLength() >= 0 ? part.contentLength() : StudyDescriptor.UNKNOWN);
        } catch (InvalidValueException e) {
            object.close();
            corrupt(in, source + ": " + e.getMessage());
            return;
        }
        InstanceDescriptor d = instance.descriptor();
        String sop = d.sopInstanceUid();
        if (!study.equals(d.studyInstanceUid())) {
            instance.close();
            LOG.warn("{} holds instance {} of study {}: skipped", source, sop, d.studyInstanceUid());
            return;
        }
        FingerprintingInputStream.Fingerprint first = delivered.get(sop);
        boolean unwanted = !wanted.containsKey(sop) && !request.wholeStudy();
        if (first != null || unwanted) {
            instance.close(); // reads the rest through the fingerprint
            if (first != null && !first.equals(in.fingerprint())) {
                conflicts.add(sop);
                LOG.warn("{}: instance {} sent again with different content", source, sop);
            }
            return;
        }
        // A server sends a truncated file as it is: the part ends where the file does, inside its
        // last element. Followed as it streams, the read that reaches the end fails, so nothing
        // downstream stores it as if complete; the part is then corrupt, as one that does not parse.
        TransferSyntax ts = object.transferSyntax();
        InputStream checked = ts.isDeflated() ? instance.remainder()
                : new TruncationCheckingInputStream(instance.remainder(), object.explicitVr(), ts.isBigEndian(), source);
        DicomInstance whole = new DicomInstance(d, instance.header(), instance.transferSyntaxUid(), checked,
                instance.remainderLength());
        try {
            consumer.accept(whole);
            checked.transferTo(OutputStream.nullOutputStream()); // what the consumer left, through the check
        } catch (IOException | RuntimeException e) {
            TruncatedDataSetException t = truncation(e);
            if (t == null) {
                throw e; // the response is abandoned, not read to its end
            }
            instance.close();
            corrupt(in, t.getMessage());
            return;
        }
        // Not in a finally: after a consumer failure the response is abandoned, not read to its end.
        instance.close();
        delivered.put(sop, in.fingerprint());
        if (!wanted.containsKey(sop)) {
            extras++;
        }
    }

    /** The truncation that {@code e} is, or was caused by; {@code null} if none. */
    private static TruncatedDataSetException truncation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TruncatedDataSetException found) {
                return found;
            }
        }
        return null;
    }

    private void corrupt(FingerprintingInputStream in, String detail) throws IOException {
        in.close();
        corruptParts++;
        lastCorruption = detail;
        LOG.warn("study {}: {}", study, detail);
    }
}
