package dev.ferry.dicom.archive.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.DicomServer;
import dev.ferry.dicom.net.QueryRetrieveScp;
import dev.ferry.dicom.net.QueryRetrieveScp.RetrieveItem;
import dev.ferry.dicom.net.QueryRetrieveScu.InformationModel;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.ScpRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A small legacy PACS on Ferry's own SCP framework, with the faults the DIMSE source must survive:
 * a C-FIND result cap, retrievals that leave instances out or send one twice, a study that changes
 * between the C-FIND and the C-MOVE. Its matching is the subset of PS3.4 C.2.2 the source uses:
 * single values, UID lists, date and time ranges, and Modalities in Study. Thread-safe.
 */
final class FakePacs implements AutoCloseable {
    static final InformationModel MODEL = InformationModel.STUDY_ROOT;
    private static final List<String> NATIVE = List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);

    /** One stored instance: its header (pixel data included) and its file. */
    record Stored(Dataset header, Path file) {
        String get(int tag) {
            return header.getString(tag, "");
        }
    }

    private final Path dir;
    private final List<Stored> stored = new CopyOnWriteArrayList<>();
    private final AtomicInteger serial = new AtomicInteger();
    volatile int cap;
    /** Rewrites the list of instances a C-MOVE or C-GET sends (to drop one, send one twice...). */
    volatile Function<List<RetrieveItem>, List<RetrieveItem>> retrieveFault = Function.identity();
    /** Runs when a retrieval starts, before anything is sent (to change the study meanwhile). */
    volatile Runnable onRetrieve = () -> { };
    final AtomicInteger finds = new AtomicInteger();
    private DicomServer server;

    FakePacs(Path dir) {
        this.dir = dir;
    }

    /** Starts serving; C-MOVE destinations from {@code directory}. */
    FakePacs start(Map<String, RemoteAe> directory) throws IOException {
        QueryRetrieveScp.RetrieveProvider provider = keys -> {
            onRetrieve.run();
            return retrieveFault.apply(locate(keys));
        };
        server = DicomServer.builder().aeTitle("LEGACY")
                .service(MODEL.find(), NATIVE, QueryRetrieveScp.find(this::find))
                .service(MODEL.move(), NATIVE, QueryRetrieveScp.move(provider, directory::get,
                        AssociationOptions.defaults()))
                .service(MODEL.get(), NATIVE, QueryRetrieveScp.get(provider))
                .build().start();
        return this;
    }

    RemoteAe ae() {
        return new RemoteAe("LEGACY", "127.0.0.1", server.port());
    }

    /** Adds a study of {@code n} CT instances of 64 pixels; returns its UID. */
    String addStudy(String patientId, LocalDate date, String time, String modality, int n) throws IOException {
        String study = "2.25." + (1000000 + serial.incrementAndGet());
        String series = study + ".1";
        for (int i = 1; i <= n; i++) {
            add(study, series, series + "." + i, patientId, date, time, modality, (byte) i);
        }
        return study;
    }

    /** Adds one instance (a new file); {@code fill} sets its pixel values, so content can differ under one UID. */
    Stored add(String study, String series, String sop, String patientId, LocalDate date, String time,
               String modality, byte fill) throws IOException {
        Dataset h = new Dataset();
        h.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        h.setString(Tag.SOPInstanceUID, VR.UI, sop);
        if (date != null) {
            h.setString(Tag.StudyDate, VR.DA, date.toString().replace("-", ""));
        }
        if (time != null) {
            h.setString(Tag.StudyTime, VR.TM, time);
        }
        h.setString(Tag.Modality, VR.CS, modality);
        h.setString(Tag.PatientID, VR.LO, patientId);
        h.setString(Tag.StudyInstanceUID, VR.UI, study);
        h.setString(Tag.SeriesInstanceUID, VR.UI, series);
        h.setInts(Tag.Rows, VR.US, 8);
        h.setInts(Tag.Columns, VR.US, 8);
        h.setInts(Tag.BitsAllocated, VR.US, 8);
        byte[] pixels = new byte[64];
        java.util.Arrays.fill(pixels, fill);
        h.setBytes(Tag.PixelData, VR.OB, pixels);
        Path file = dir.resolve("f" + serial.incrementAndGet() + ".dcm");
        try (OutputStream out = Files.newOutputStream(file)) {
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            DicomWriter.writeFile(out, null, DicomWriter.fileMeta(h, ts, "LEGACY"), h,
                    new ByteArrayInputStream(new byte[0]), ts, null);
        }
        Stored s = new Stored(h, file);
        stored.add(s);
        return s;
    }

    /** Removes an instance from the archive (its file stays, as in a PACS that deletes lazily). */
    void remove(String sop) {
        stored.removeIf(s -> s.get(Tag.SOPInstanceUID).equals(sop));
    }

    List<Stored> study(String uid) {
        return stored.stream().filter(s -> s.get(Tag.StudyInstanceUID).equals(uid)).toList();
    }

    private List<RetrieveItem> locate(Dataset keys) {
        List<RetrieveItem> out = new ArrayList<>();
        for (Stored s : stored) {
            if (matches(keys, s)) {
                out.add(new RetrieveItem(s.get(Tag.SOPClassUID), s.get(Tag.SOPInstanceUID), s.file()));
            }
        }
        return out;
    }

    private void find(Dataset keys, ScpRequest request, Predicate<Dataset> emit) {
        finds.incrementAndGet();
        String level = keys.getString(Tag.QueryRetrieveLevel).strip();
        int unique = switch (level) {
            case "STUDY" -> Tag.StudyInstanceUID;
            case "SERIES" -> Tag.SeriesInstanceUID;
            default -> Tag.SOPInstanceUID;
        };
        Map<String, List<Stored>> groups = new LinkedHashMap<>();
        for (Stored s : stored) {
            groups.computeIfAbsent(s.get(unique), k -> new ArrayList<>()).add(s);
        }
        int sent = 0;
        for (List<Stored> group : groups.values()) {
            Stored first = group.get(0);
            Set<String> modalities = new LinkedHashSet<>();
            study(first.get(Tag.StudyInstanceUID)).forEach(s -> modalities.add(s.get(Tag.Modality)));
            if (!matches(keys, first) || !modalityMatches(keys, modalities)) {
                continue;
            }
            if (cap > 0 && sent >= cap) {
                return; // silently capped, as many legacy archives do
            }
            Dataset m = new Dataset();
            for (int tag : keys.tags()) {
                VR vr = keys.vr(tag);
                if (tag == Tag.QueryRetrieveLevel) {
                    m.setString(tag, vr, level);
                } else if (tag == Tag.ModalitiesInStudy) {
                    m.setString(tag, vr, String.join("\\", modalities));
                } else if (tag == Tag.NumberOfStudyRelatedInstances) {
                    m.setString(tag, vr, Integer.toString(study(first.get(Tag.StudyInstanceUID)).size()));
                } else if (vr.isText() && first.header().contains(tag)) {
                    m.setString(tag, vr, first.get(tag));
                } else {
                    m.setEmpty(tag, vr);
                }
            }
            sent++;
            if (!emit.test(m)) {
                return;
            }
        }
    }

    private static boolean modalityMatches(Dataset keys, Set<String> modalities) {
        String want = keys.getString(Tag.ModalitiesInStudy, "");
        return want.isEmpty() || modalities.contains(want);
    }

    private static boolean matches(Dataset keys, Stored s) {
        for (int tag : keys.tags()) {
            if (tag == Tag.QueryRetrieveLevel || tag == Tag.ModalitiesInStudy || keys.vr(tag) == VR.SQ
                    || tag == Tag.SpecificCharacterSet) {
                continue;
            }
            String want = keys.getString(tag, "");
            if (want.isEmpty()) {
                continue;
            }
            String have = s.get(tag);
            if (tag == Tag.StudyDate || tag == Tag.StudyTime) {
                if (!inRange(want, have)) {
                    return false;
                }
            } else if (want.contains("\\")) {
                if (!List.of(want.split("\\\\")).contains(have)) {
                    return false;
                }
            } else if (!want.equals(have)) {
                return false;
            }
        }
        return true;
    }

    private static boolean inRange(String want, String have) {
        if (have.isEmpty()) {
            return false;
        }
        int dash = want.indexOf('-');
        if (dash < 0) {
            return have.equals(want);
        }
        String from = want.substring(0, dash);
        String to = want.substring(dash + 1);
        return (from.isEmpty() || have.compareTo(from) >= 0) && (to.isEmpty() || have.compareTo(to) <= 0);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
