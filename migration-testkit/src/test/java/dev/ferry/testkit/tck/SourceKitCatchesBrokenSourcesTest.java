package dev.ferry.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.DateRange;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyQuery;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The source kit fails sources that break its contract, each in one way. */
class SourceKitCatchesBrokenSourcesTest {

    /** Silently leaves out one study, as a capped legacy PACS does. */
    @BrokenOnPurpose
    static class DropsOneStudy extends SourceArchiveConformance {
        @Override
        protected SourceArchive createSource(List<DicomInstance> content) throws Exception {
            return new ForwardingArchive(content) {
                @Override
                public void query(StudyQuery query, Consumer<? super StudyDescriptor> sink) throws IOException {
                    List<StudyDescriptor> all = new ArrayList<>();
                    delegate.query(query, all::add);
                    all.stream().sorted(Comparator.comparing(StudyDescriptor::studyInstanceUid)).skip(1).forEach(sink);
                }
            };
        }
    }

    /** Treats a patient query's issuer as a wildcard. */
    @BrokenOnPurpose
    static class IgnoresIssuer extends SourceArchiveConformance {
        @Override
        protected SourceArchive createSource(List<DicomInstance> content) throws Exception {
            return new ForwardingArchive(content) {
                @Override
                public void query(StudyQuery query, Consumer<? super StudyDescriptor> sink) throws IOException {
                    PatientIdentity p = query.patient();
                    StudyQuery loose = p == null ? query
                            : new StudyQuery(query.dates(), query.modalities(), PatientIdentity.of(p.id(), ""),
                                    query.studyInstanceUids());
                    delegate.query(loose, sink);
                }
            };
        }
    }

    /** Lets studies without a date into every date range. */
    @BrokenOnPurpose
    static class UndatedInEveryRange extends SourceArchiveConformance {
        @Override
        protected SourceArchive createSource(List<DicomInstance> content) throws Exception {
            return new ForwardingArchive(content) {
                @Override
                public void query(StudyQuery query, Consumer<? super StudyDescriptor> sink) throws IOException {
                    delegate.query(query.withDates(DateRange.ALL), d -> {
                        if (d.studyDate() == null || query.dates().contains(d.studyDate())) {
                            sink.accept(d);
                        }
                    });
                }
            };
        }
    }

    /** Delivers the first instance of every retrieval twice. */
    @BrokenOnPurpose
    static class DeliversTwice extends SourceArchiveConformance {
        @Override
        protected SourceArchive createSource(List<DicomInstance> content) throws Exception {
            return new ForwardingArchive(content) {
                @Override
                public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
                    boolean[] first = {true};
                    return delegate.retrieve(request, i -> {
                        if (first[0]) {
                            first[0] = false;
                            delegate.retrieve(RetrieveRequest.instances(request.studyInstanceUid(),
                                    java.util.Set.of(i.descriptor().sopInstanceUid())), consumer);
                        }
                        consumer.accept(i);
                    });
                }
            };
        }
    }

    /** Goes on after the consumer fails, and swallows the failure. */
    @BrokenOnPurpose
    static class SwallowsConsumerFailures extends SourceArchiveConformance {
        @Override
        protected SourceArchive createSource(List<DicomInstance> content) throws Exception {
            return new ForwardingArchive(content) {
                @Override
                public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
                    return delegate.retrieve(request, i -> {
                        try {
                            consumer.accept(i);
                        } catch (IOException | RuntimeException e) {
                            // the defect under test: the failure never reaches the caller
                        }
                    });
                }
            };
        }
    }

    /** Reads pixel data a byte short, as a codec with an off-by-one would. */
    @BrokenOnPurpose
    static class TruncatesRemainders extends SourceArchiveConformance {
        @Override
        protected SourceArchive createSource(List<DicomInstance> content) throws Exception {
            return new ForwardingArchive(content) {
                @Override
                public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
                    return delegate.retrieve(request, i -> {
                        byte[] r = i.remainder().readAllBytes();
                        int n = Math.max(0, r.length - 1);
                        try (DicomInstance cut = new DicomInstance(i.descriptor(), i.header(), i.transferSyntaxUid(),
                                new java.io.ByteArrayInputStream(r, 0, n), StudyDescriptor.UNKNOWN)) {
                            consumer.accept(cut);
                        }
                    });
                }
            };
        }
    }

    @Test
    void droppingAStudyFailsCompleteness() {
        KitRun.of(DropsOneStudy.class)
                .failed("queryAllListsEverySeededStudyExactlyOnce")
                .passed("describeCountsSeriesAndInstances")
                .passed("retrieveWholeStudyDeliversEachInstanceOnceAndIntact");
    }

    @Test
    void ignoringTheIssuerFailsThePatientQuery() {
        KitRun run = KitRun.of(IgnoresIssuer.class)
                .failed("queryByPatientWithIssuerMatchesOnlyThatIssuer")
                .passed("queryByPatientWithoutIssuerMatchesEveryIssuer");
        assertThat(run.failures()).containsExactly("queryByPatientWithIssuerMatchesOnlyThatIssuer");
    }

    @Test
    void undatedStudiesInBoundedRangesFail() {
        KitRun.of(UndatedInEveryRange.class)
                .failed("studyWithoutUsableDateIsListedOnlyByUnboundedQueries")
                .failed("queryByDateRangeIncludesBothBounds")
                .passed("queryAllListsEverySeededStudyExactlyOnce");
    }

    @Test
    void deliveringAnInstanceTwiceFails() {
        KitRun.of(DeliversTwice.class)
                .failed("retrieveWholeStudyDeliversEachInstanceOnceAndIntact")
                .failed("concurrentRetrievesFromSeveralThreadsAreCorrect")
                .passed("queryAllListsEverySeededStudyExactlyOnce");
    }

    @Test
    void swallowingConsumerFailuresFails() {
        KitRun run = KitRun.of(SwallowsConsumerFailures.class)
                .failed("consumerRuntimeExceptionAbortsTheRetrievalAndPropagates")
                .failed("consumerIOExceptionAbortsTheRetrievalAndPropagates");
        assertThat(run.failures()).hasSize(2);
    }

    @Test
    void truncatedRemaindersFail() {
        KitRun.of(TruncatesRemainders.class)
                .failed("retrieveWholeStudyDeliversEachInstanceOnceAndIntact")
                .failed("partlyReadRemaindersDoNotDisturbTheNextInstances")
                .passed("describeCountsSeriesAndInstances");
    }
}
