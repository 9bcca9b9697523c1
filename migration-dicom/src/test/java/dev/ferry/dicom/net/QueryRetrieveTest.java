package dev.ferry.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Dataset;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.net.QueryRetrieveScp.RetrieveItem;
import dev.ferry.dicom.net.QueryRetrieveScu.FindResult;
import dev.ferry.dicom.net.QueryRetrieveScu.InformationModel;
import dev.ferry.dicom.net.QueryRetrieveScu.RetrieveResult;
import dev.ferry.dicom.net.dimse.Priority;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.dimse.SubOperations;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ferry as Query/Retrieve SCU against Ferry as Query/Retrieve SCP, in process on loopback. */
@Timeout(60)
class QueryRetrieveTest {
    static final String CT = "CT_small.dcm";
    static final String MR = "MR_small.dcm";
    static final String RTPLAN = "rtplan.dcm";
    static final String CT_STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
    static final String MR_STUDY = "1.3.6.1.4.1.5962.1.2.4.20040826185059.5457";
    static final String RTPLAN_STUDY = "1.22.333.4.555555.6.7777777777777777777777777777";
    static final String MR_INSTANCE = "1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457";

    private static final List<String> NATIVE = List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
    private static final InformationModel MODEL = InformationModel.STUDY_ROOT;

    /** A Storage SCP whose sink records what it got; {@code status} decides each answer. */
    static final class Received implements StorageSink {
        final List<ReceivedInstance> instances = new CopyOnWriteArrayList<>();
        private final java.util.function.Function<ReceivedInstance, Status> status;

        Received() {
            this(i -> Status.SUCCESS);
        }

        Received(java.util.function.Function<ReceivedInstance, Status> status) {
            this.status = status;
        }

        @Override
        public Status store(ReceivedInstance instance, InputStream dataSet) throws IOException {
            long n = dataSet.transferTo(OutputStream.nullOutputStream());
            assertThat(n).isPositive();
            instances.add(instance);
            return status.apply(instance);
        }

        List<String> sopInstanceUids() {
            return instances.stream().map(ReceivedInstance::sopInstanceUid).toList();
        }
    }

    /**
     * A tiny archive over Part 10 files: matching by equality, {@code *} and {@code ?} wildcards, and
     * UID lists; one answer per distinct value of the level's unique key. Used by the IT too.
     */
    static final class Archive implements QueryRetrieveScp.QueryProvider, QueryRetrieveScp.RetrieveProvider {
        private final List<Path> files = new ArrayList<>();
        private final List<Dataset> headers = new ArrayList<>();

        Archive(Path... files) throws IOException {
            for (Path f : files) {
                try (DicomObject obj = DicomReader.standard().read(new BufferedInputStream(Files.newInputStream(f)),
                        f.toString())) {
                    this.files.add(f);
                    headers.add(obj.header());
                }
            }
        }

        private static int uniqueKey(String level) {
            return switch (level) {
                case "PATIENT" -> Tag.PatientID;
                case "STUDY" -> Tag.StudyInstanceUID;
                case "SERIES" -> Tag.SeriesInstanceUID;
                default -> Tag.SOPInstanceUID;
            };
        }

        private static boolean matches(Dataset keys, Dataset header) {
            for (int tag : keys.tags()) {
                if (tag == Tag.QueryRetrieveLevel || tag == Tag.SpecificCharacterSet || keys.vr(tag) == VR.SQ) {
                    continue;
                }
                String want = keys.getString(tag, "");
                if (want.isEmpty()) {
                    continue;
                }
                String have = header.getString(tag, "");
                if (want.contains("\\")) {
                    if (!List.of(want.split("\\\\")).contains(have)) {
                        return false;
                    }
                } else if (want.contains("*") || want.contains("?")) {
                    String regex = Pattern.quote(want).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
                    if (!have.matches(regex)) {
                        return false;
                    }
                } else if (!want.equals(have)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void find(Dataset keys, ScpRequest request, Predicate<Dataset> emit) {
            String level = keys.getString(Tag.QueryRetrieveLevel).strip();
            List<String> seen = new ArrayList<>();
            for (Dataset h : headers) {
                String unique = h.getString(uniqueKey(level), "");
                if (!matches(keys, h) || seen.contains(unique)) {
                    continue;
                }
                seen.add(unique);
                Dataset match = new Dataset();
                for (int tag : keys.tags()) {
                    VR vr = keys.vr(tag);
                    if (tag == Tag.QueryRetrieveLevel) {
                        match.setString(tag, vr, level);
                    } else if (vr.isText() && h.contains(tag)) {
                        match.setString(tag, vr, h.getString(tag, ""));
                    } else {
                        match.setEmpty(tag, vr);
                    }
                }
                if (!emit.test(match)) {
                    return;
                }
            }
        }

        @Override
        public List<RetrieveItem> locate(Dataset keys) {
            List<RetrieveItem> items = new ArrayList<>();
            for (int i = 0; i < headers.size(); i++) {
                Dataset h = headers.get(i);
                if (matches(keys, h)) {
                    items.add(new RetrieveItem(h.getString(Tag.SOPClassUID), h.getString(Tag.SOPInstanceUID),
                            files.get(i)));
                }
            }
            return items;
        }
    }

    static Archive archive() throws IOException {
        return new Archive(NetTestFiles.corpus(CT), NetTestFiles.corpus(MR), NetTestFiles.corpus(RTPLAN));
    }

    /** A Q/R SCP for the Study Root model, C-MOVE destinations from {@code directory}. */
    static DicomServer qrServer(Archive archive, Map<String, RemoteAe> directory) throws IOException {
        return DicomServer.builder().aeTitle("FERRYQR")
                .service(MODEL.find(), NATIVE, QueryRetrieveScp.find(archive))
                .service(MODEL.move(), NATIVE, QueryRetrieveScp.move(archive, directory::get,
                        AssociationOptions.defaults()))
                .service(MODEL.get(), NATIVE, QueryRetrieveScp.get(archive))
                .build().start();
    }

    private static RemoteAe at(DicomServer server, String ae) {
        return new RemoteAe(ae, "127.0.0.1", server.port());
    }

    private static Association connect(DicomServer server, String... sopClasses) throws IOException {
        AssociationRequest.Builder b = AssociationRequest.builder("FERRYQR", "FERRYSCU");
        for (String c : sopClasses) {
            b.addContext(c, NATIVE);
        }
        return Association.connect(at(server, "FERRYQR"), b.build(), AssociationOptions.defaults());
    }

    private static Dataset studies(String... uids) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("StudyInstanceUID", String.join("\\", uids));
        return QueryRetrieveScu.keys("STUDY", keys);
    }

    @Test
    void findsSeveralStudiesAndFilters() throws Exception {
        try (DicomServer qr = qrServer(archive(), Map.of());
             Association as = connect(qr, MODEL.find())) {
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("PatientID", "");
            keys.put("StudyDate", "");
            List<Dataset> matches = new ArrayList<>();
            FindResult all = QueryRetrieveScu.find(as, MODEL.find(), QueryRetrieveScu.keys("study", keys),
                    Priority.MEDIUM, matches::add);
            assertThat(all).isEqualTo(new FindResult(Status.SUCCESS, 3, false));
            assertThat(matches).extracting(m -> m.getString(Tag.StudyInstanceUID))
                    .containsExactly(CT_STUDY, MR_STUDY, RTPLAN_STUDY);
            assertThat(matches).allSatisfy(m -> {
                assertThat(m.getString(Tag.QueryRetrieveLevel)).isEqualTo("STUDY");
                assertThat(m.contains(Tag.PatientID)).isTrue();
            });

            keys.put("PatientID", "4MR*");
            matches.clear();
            FindResult one = QueryRetrieveScu.find(as, MODEL.find(), QueryRetrieveScu.keys("STUDY", keys),
                    Priority.HIGH, matches::add);
            assertThat(one.status()).isEqualTo(Status.SUCCESS);
            assertThat(matches).singleElement()
                    .satisfies(m -> assertThat(m.getString(Tag.StudyInstanceUID)).isEqualTo(MR_STUDY));
        }
    }

    @Test
    void aFindCancelledAfterTheFirstMatchEndsWithCancelAndTheAssociationGoesOn() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        AtomicBoolean providerStopped = new AtomicBoolean();
        AtomicInteger emitted = new AtomicInteger();
        QueryRetrieveScp.QueryProvider endless = (keys, request, emit) -> {
            for (int i = 0; i < 5000; i++) {
                Dataset match = new Dataset();
                match.setString(Tag.StudyInstanceUID, VR.UI, "2.25." + (i + 1));
                if (!emit.test(match)) {
                    providerStopped.set(true);
                    return;
                }
                emitted.incrementAndGet();
                if (i == 0) {
                    try {
                        firstSeen.await(10, TimeUnit.SECONDS);
                        Thread.sleep(50); // the C-CANCEL-RQ is on its way
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                }
            }
        };
        try (DicomServer qr = DicomServer.builder().service(MODEL.find(), NATIVE, QueryRetrieveScp.find(endless))
                .build().start();
             Association as = connect(qr, MODEL.find(), UID.Verification)) {
            List<Dataset> matches = new ArrayList<>();
            FindResult r = QueryRetrieveScu.find(as, MODEL.find(), studies(""), Priority.MEDIUM, m -> {
                matches.add(m);
                firstSeen.countDown();
                return false;
            });
            assertThat(r).isEqualTo(new FindResult(Status.CANCEL, 1, true));
            assertThat(matches).singleElement()
                    .satisfies(m -> assertThat(m.getString(Tag.StudyInstanceUID)).isEqualTo("2.25.1"));
            assertThat(providerStopped).isTrue();
            assertThat(emitted.get()).isLessThan(5000);
            assertThat(as.echo().isSuccess()).as("the association goes on").isTrue();
        }
    }

    @Test
    void aFailingOnMatchCancelsDrainsAndRethrows() throws Exception {
        try (DicomServer qr = qrServer(archive(), Map.of());
             Association as = connect(qr, MODEL.find(), UID.Verification)) {
            assertThatThrownBy(() -> QueryRetrieveScu.find(as, MODEL.find(), studies(""), Priority.MEDIUM, m -> {
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
            assertThat(as.isOpen()).isTrue();
            assertThat(as.echo().isSuccess()).isTrue();
            List<Dataset> again = new ArrayList<>();
            assertThat(QueryRetrieveScu.find(as, MODEL.find(), studies(""), Priority.MEDIUM, again::add).matches())
                    .isEqualTo(3);
        }
    }

    @Test
    void movesThreeInstancesWithTheMoveOriginator() throws Exception {
        Received sink = new Received();
        try (DicomServer store = DicomServer.builder().aeTitle("FERRYSTORE").storage(new StorageScp(sink)).build()
                .start();
             DicomServer qr = qrServer(archive(), Map.of("FERRYSTORE", at(store, "FERRYSTORE")));
             Association as = connect(qr, MODEL.move())) {
            List<SubOperations> progress = new ArrayList<>();
            int before = as.nextMessageId();
            RetrieveResult r = QueryRetrieveScu.move(as, MODEL.move(), "FERRYSTORE",
                    studies(CT_STUDY, MR_STUDY, RTPLAN_STUDY), Priority.MEDIUM, progress::add);
            assertThat(r.status()).isEqualTo(Status.SUCCESS);
            assertThat(r.last()).isEqualTo(SubOperations.done(3, 0, 0));
            assertThat(r.failedSopInstanceUids()).isEmpty();
            assertThat(progress).containsExactly(SubOperations.of(2, 1, 0, 0), SubOperations.of(1, 2, 0, 0));
            assertThat(sink.instances).hasSize(3).allSatisfy(i -> {
                assertThat(i.moveOriginatorAeTitle()).isEqualTo("FERRYSCU");
                assertThat(i.moveOriginatorMessageId()).isEqualTo(before + 1);
                assertThat(i.callingAeTitle()).isEqualTo("FERRYQR");
                assertThat(i.calledAeTitle()).isEqualTo("FERRYSTORE");
            });
            assertThat(sink.instances).extracting(ReceivedInstance::sopClassUid)
                    .containsExactly(UID.CTImageStorage, UID.MRImageStorage, UID.RTPlanStorage);
        }
    }

    @Test
    void aMoveToAnUnknownDestinationIsRefused() throws Exception {
        try (DicomServer qr = qrServer(archive(), Map.of());
             Association as = connect(qr, MODEL.move())) {
            RetrieveResult r = QueryRetrieveScu.move(as, MODEL.move(), "NOWHERE", studies(CT_STUDY), Priority.LOW,
                    p -> { });
            assertThat(r.status().code()).isEqualTo(0xA801);
            assertThat(r.status().isPermanentFailure()).isTrue();
            assertThat(r.last()).isEqualTo(SubOperations.NONE);
            assertThat(r.failedSopInstanceUids()).isEmpty();
        }
    }

    @Test
    void aMoveWhereOneSubOperationFailsEndsWithWarningAndTheFailedUid() throws Exception {
        Received sink = new Received(i -> i.sopInstanceUid().equals(MR_INSTANCE)
                ? StorageScp.OUT_OF_RESOURCES : Status.SUCCESS);
        try (DicomServer store = DicomServer.builder().storage(new StorageScp(sink)).build().start();
             DicomServer qr = qrServer(archive(), Map.of("FERRYSTORE", at(store, "FERRYSTORE")));
             Association as = connect(qr, MODEL.move())) {
            RetrieveResult r = QueryRetrieveScu.move(as, MODEL.move(), "FERRYSTORE",
                    studies(CT_STUDY, MR_STUDY, RTPLAN_STUDY), Priority.MEDIUM, p -> { });
            assertThat(r.status().code()).isEqualTo(0xB000);
            assertThat(r.status().isWarning()).isTrue();
            assertThat(r.last()).isEqualTo(SubOperations.done(2, 1, 0));
            assertThat(r.failedSopInstanceUids()).containsExactly(MR_INSTANCE);
            assertThat(r.toString()).contains("1 failed UIDs").doesNotContain(MR_INSTANCE);
        }
    }

    @Test
    void aMoveToADestinationThatRefusesFailsEverySubOperation() throws Exception {
        try (DicomServer store = DicomServer.builder().aeTitle("OTHER").storage(new StorageScp(new Received()))
                .build().start();
             DicomServer qr = qrServer(archive(), Map.of("FERRYSTORE", at(store, "FERRYSTORE")));
             Association as = connect(qr, MODEL.move())) {
            RetrieveResult r = QueryRetrieveScu.move(as, MODEL.move(), "FERRYSTORE", studies(CT_STUDY, MR_STUDY),
                    Priority.MEDIUM, p -> { });
            assertThat(r.status().code()).isEqualTo(0xA702);
            assertThat(r.last()).isEqualTo(SubOperations.done(0, 2, 0));
            assertThat(r.failedSopInstanceUids()).hasSize(2);
            assertThat(store.rejectedAssociations()).as("one attempt, not one per instance").isEqualTo(1);
        }
    }

    @Test
    void aMoveCancelledAfterTheFirstSubOperation() throws Exception {
        Received slow = new Received(i -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Status.SUCCESS;
        });
        try (DicomServer store = DicomServer.builder().storage(new StorageScp(slow)).build().start();
             DicomServer qr = qrServer(archive(), Map.of("FERRYSTORE", at(store, "FERRYSTORE")));
             Association as = connect(qr, MODEL.move())) {
            List<SubOperations> progress = new ArrayList<>();
            RetrieveResult r = QueryRetrieveScu.move(as, MODEL.move(), "FERRYSTORE",
                    studies(CT_STUDY, MR_STUDY, RTPLAN_STUDY), Priority.MEDIUM, progress::add,
                    () -> !progress.isEmpty());
            assertThat(r.status()).isEqualTo(Status.CANCEL);
            assertThat(r.last().remaining()).isPositive();
            assertThat(slow.instances.size()).isLessThan(3);
        }
    }

    @Test
    void getsThreeInstancesIntoTheSink() throws Exception {
        Received sink = new Received();
        try (DicomServer qr = qrServer(archive(), Map.of())) {
            AssociationRequest.Builder b = AssociationRequest.builder("FERRYQR", "FERRYSCU");
            QueryRetrieveScu.proposeGet(b, MODEL.get(),
                    List.of(UID.CTImageStorage, UID.MRImageStorage, UID.RTPlanStorage), NATIVE);
            try (Association as = Association.connect(at(qr, "FERRYQR"), b.build(), AssociationOptions.defaults())) {
                assertThat(as.requestorIsScp(UID.CTImageStorage)).isTrue();
                List<SubOperations> progress = new ArrayList<>();
                RetrieveResult r = QueryRetrieveScu.get(as, MODEL.get(), studies(CT_STUDY, MR_STUDY, RTPLAN_STUDY),
                        Priority.MEDIUM, sink, progress::add);
                assertThat(r.status()).isEqualTo(Status.SUCCESS);
                assertThat(r.last()).isEqualTo(SubOperations.done(3, 0, 0));
                assertThat(progress).hasSize(2);
                assertThat(sink.instances).hasSize(3).allSatisfy(i -> {
                    assertThat(i.isMoveSubOperation()).isFalse();
                    assertThat(i.callingAeTitle()).isEqualTo("FERRYSCU");
                });
                assertThat(sink.instances).extracting(ReceivedInstance::sopClassUid)
                        .containsExactly(UID.CTImageStorage, UID.MRImageStorage, UID.RTPlanStorage);
            }
        }
    }

    /** An archive that records the sub-operation hooks and aborts the association after the {@code abortAt}-th. */
    static final class Hooked implements QueryRetrieveScp.RetrieveProvider {
        final Archive archive;
        final List<String> calls = new CopyOnWriteArrayList<>();
        final int abortAt;

        Hooked(Archive archive, int abortAt) {
            this.archive = archive;
            this.abortAt = abortAt;
        }

        @Override
        public List<RetrieveItem> locate(Dataset keys) {
            return archive.locate(keys);
        }

        @Override
        public void beforeSubOperation(ScpRequest request, RetrieveItem item) {
            calls.add("before " + item.sopClassUid());
        }

        @Override
        public void afterSubOperation(ScpRequest request, RetrieveItem item, Status status) {
            calls.add("after " + item.sopClassUid() + " " + (status == null ? "-" : status.isSuccess()));
            if (calls.size() / 2 == abortAt) {
                request.association().abort();
            }
        }
    }

    @Test
    void theSubOperationHooksSeeEachMoveAndGetSubOperation() throws Exception {
        Received sink = new Received();
        Hooked hooks = new Hooked(archive(), 0);
        try (DicomServer store = DicomServer.builder().aeTitle("FERRYSTORE").storage(new StorageScp(sink)).build()
                .start();
             DicomServer qr = DicomServer.builder().aeTitle("FERRYQR")
                     .service(MODEL.move(), NATIVE, QueryRetrieveScp.move(hooks,
                             Map.of("FERRYSTORE", at(store, "FERRYSTORE"))::get, AssociationOptions.defaults()))
                     .service(MODEL.get(), NATIVE, QueryRetrieveScp.get(hooks))
                     .build().start();
             Association as = connect(qr, MODEL.move())) {
            RetrieveResult r = QueryRetrieveScu.move(as, MODEL.move(), "FERRYSTORE", studies(CT_STUDY, MR_STUDY),
                    Priority.MEDIUM, p -> { });
            assertThat(r.status()).isEqualTo(Status.SUCCESS);
            assertThat(hooks.calls).containsExactly("before " + UID.CTImageStorage, "after " + UID.CTImageStorage
                    + " true", "before " + UID.MRImageStorage, "after " + UID.MRImageStorage + " true");
        }
    }

    @Test
    void anAbortFromTheAfterHookEndsTheGetOnThatAssociation() throws Exception {
        Received sink = new Received();
        Hooked hooks = new Hooked(archive(), 1);
        try (DicomServer qr = DicomServer.builder().aeTitle("FERRYQR")
                .service(MODEL.get(), NATIVE, QueryRetrieveScp.get(hooks)).build().start()) {
            AssociationRequest.Builder b = AssociationRequest.builder("FERRYQR", "FERRYSCU");
            QueryRetrieveScu.proposeGet(b, MODEL.get(), List.of(UID.CTImageStorage, UID.MRImageStorage), NATIVE);
            try (Association as = Association.connect(at(qr, "FERRYQR"), b.build(), AssociationOptions.defaults())) {
                assertThatThrownBy(() -> QueryRetrieveScu.get(as, MODEL.get(), studies(CT_STUDY, MR_STUDY),
                        Priority.MEDIUM, sink, p -> { })).isInstanceOf(AssociationException.class);
                assertThat(sink.instances).as("the instance sent before the abort").hasSize(1);
                assertThat(hooks.calls).hasSize(2);
            }
        }
    }

    @Test
    void aSinkThatThrowsDuringAGetIsAnsweredSoNeitherSideWaitsForTheTimeout() throws Exception {
        AssociationOptions slow = AssociationOptions.builder().dimseTimeout(java.time.Duration.ofSeconds(20)).build();
        try (DicomServer qr = qrServer(archive(), Map.of())) {
            AssociationRequest.Builder b = AssociationRequest.builder("FERRYQR", "FERRYSCU");
            QueryRetrieveScu.proposeGet(b, MODEL.get(), List.of(UID.CTImageStorage, UID.MRImageStorage,
                    UID.RTPlanStorage), NATIVE);
            try (Association as = Association.connect(at(qr, "FERRYQR"), b.build(), slow)) {
                StorageSink broken = (instance, data) -> {
                    throw new IllegalStateException("listener bug");
                };
                long start = System.nanoTime();
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> QueryRetrieveScu.get(as, MODEL.get(),
                        studies(CT_STUDY, MR_STUDY, RTPLAN_STUDY), Priority.MEDIUM, broken, p -> { }))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("listener bug");
                assertThat(System.nanoTime() - start).as("well before the 20 s DIMSE timeout")
                        .isLessThan(10_000_000_000L);
            }
        }
    }

    @Test
    void aGetFailsTheInstancesWithoutAContext() throws Exception {
        try (DicomServer qr = qrServer(archive(), Map.of())) {
            AssociationRequest.Builder b = AssociationRequest.builder("FERRYQR", "FERRYSCU");
            QueryRetrieveScu.proposeGet(b, MODEL.get(), List.of(UID.CTImageStorage, UID.RTPlanStorage), NATIVE);
            try (Association as = Association.connect(at(qr, "FERRYQR"), b.build(), AssociationOptions.defaults())) {
                Received sink = new Received();
                RetrieveResult r = QueryRetrieveScu.get(as, MODEL.get(), studies(CT_STUDY, MR_STUDY, RTPLAN_STUDY),
                        Priority.MEDIUM, sink, p -> { });
                assertThat(r.status().code()).isEqualTo(0xB000);
                assertThat(r.last()).isEqualTo(SubOperations.done(2, 1, 0));
                assertThat(r.failedSopInstanceUids()).containsExactly(MR_INSTANCE);
                assertThat(sink.sopInstanceUids()).hasSize(2).doesNotContain(MR_INSTANCE);
            }
        }
    }

    @Test
    void aGetCancelledAfterTheFirstInstanceEndsWithCancelAndTheAssociationGoesOn() throws Exception {
        Archive archive = new Archive(NetTestFiles.corpus(CT), NetTestFiles.corpus(RTPLAN),
                NetTestFiles.corpus("rtdose.dcm"));
        try (DicomServer qr = qrServer(archive, Map.of())) {
            AssociationRequest.Builder b = AssociationRequest.builder("FERRYQR", "FERRYSCU");
            QueryRetrieveScu.proposeGet(b, MODEL.get(), List.of(UID.CTImageStorage, UID.RTPlanStorage,
                    UID.RTDoseStorage), NATIVE);
            try (Association as = Association.connect(at(qr, "FERRYQR"), b.build(), AssociationOptions.defaults())) {
                // The C-CANCEL-RQ goes before the first C-STORE-RSP: the SCP, awaiting that response,
                // keeps it and stops before the second sub-operation.
                Received some = new Received();
                Dataset all = QueryRetrieveScu.keys("STUDY", Map.of());
                RetrieveResult c = QueryRetrieveScu.get(as, MODEL.get(), all, Priority.MEDIUM, some, p -> { },
                        () -> !some.instances.isEmpty());
                assertThat(c.status()).isEqualTo(Status.CANCEL);
                assertThat(c.last()).isEqualTo(SubOperations.of(2, 1, 0, 0));
                assertThat(some.instances).hasSize(1);
                assertThat(as.isOpen()).isTrue();

                Received rest = new Received();
                assertThat(QueryRetrieveScu.get(as, MODEL.get(), all, Priority.MEDIUM, rest, p -> { }).status())
                        .isEqualTo(Status.SUCCESS);
                assertThat(rest.instances).hasSize(3);
            }
        }
    }

    @Test
    void proposeGetKeepsToTheContextLimit() {
        AssociationRequest.Builder b = AssociationRequest.builder("X", "Y");
        assertThatThrownBy(() -> QueryRetrieveScu.proposeGet(b, MODEL.get(), UID.storageSopClasses(), NATIVE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128");
        assertThat(b.contextCount()).isZero();
        QueryRetrieveScu.proposeGet(b, MODEL.get(), List.of(UID.CTImageStorage, UID.CTImageStorage), NATIVE);
        QueryRetrieveScu.proposeGet(b, MODEL.get(), List.of(UID.CTImageStorage, UID.MRImageStorage), NATIVE);
        assertThat(b.contextCount()).isEqualTo(3);
        assertThat(b.build().roleSelections()).hasSize(2)
                .allSatisfy(r -> assertThat(r.scpRole() && !r.scuRole()).isTrue());
    }

    @Test
    void anOperationOnAClassThePeerRefusedNamesThePeer() throws Exception {
        try (DicomServer qr = qrServer(archive(), Map.of());
             Association as = connect(qr, MODEL.find())) {
            assertThatThrownBy(() -> QueryRetrieveScu.move(as, MODEL.move(), "X", studies(CT_STUDY), Priority.MEDIUM,
                    p -> { }))
                    .isInstanceOf(PermanentMigrationException.class)
                    .hasMessageContaining("FERRYQR")
                    .hasMessageContaining("C-MOVE")
                    .hasMessageContaining("Study Root Query/Retrieve Information Model - MOVE");
        }
    }

    @Test
    void anIdentifierWithoutALevelIsRefused() throws Exception {
        try (DicomServer qr = qrServer(archive(), Map.of());
             Association as = connect(qr, MODEL.find())) {
            Dataset keys = new Dataset();
            keys.setEmpty(Tag.StudyInstanceUID, VR.UI);
            FindResult r = QueryRetrieveScu.find(as, MODEL.find(), keys, Priority.MEDIUM, m -> true);
            assertThat(r.status().code()).isEqualTo(0xA900);
            assertThat(r.status().offendingElements()).containsExactly(Tag.QueryRetrieveLevel);
            assertThat(r.matches()).isZero();
        }
    }

    @Test
    void keysFromKeywordsAndTags() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("PatientName", "Müller*");
        m.put("0008,0020", "20040101-");
        m.put("ModalitiesInStudy", "");
        m.put("NumberOfStudyRelatedInstances", null);
        Dataset keys = QueryRetrieveScu.keys("study", m);
        assertThat(keys.getString(Tag.QueryRetrieveLevel)).isEqualTo("STUDY");
        assertThat(keys.vr(Tag.PatientName)).isEqualTo(VR.PN);
        assertThat(keys.getString(Tag.PatientName)).isEqualTo("Müller*");
        assertThat(keys.getString(Tag.StudyDate)).isEqualTo("20040101-");
        assertThat(keys.getString(Tag.ModalitiesInStudy)).isEmpty();
        assertThat(keys.vr(Tag.NumberOfStudyRelatedInstances)).isEqualTo(VR.IS);
        assertThat(keys.getString(Tag.StudyInstanceUID)).as("the level's unique key is returned").isEmpty();
        assertThat(keys.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");

        assertThatThrownBy(() -> QueryRetrieveScu.keys("FRAME", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FRAME");
        assertThatThrownBy(() -> QueryRetrieveScu.keys("STUDY", Map.of("PatientNmae", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PatientNmae");
        assertThatThrownBy(() -> QueryRetrieveScu.keys("STUDY", Map.of("PixelData", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PixelData");
        assertThatThrownBy(() -> QueryRetrieveScu.keys("IMAGE", Map.of("Rows", "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Rows");
    }
}
