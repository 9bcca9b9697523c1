package dev.ferry.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.ChainVerification;
import dev.ferry.api.ReasonCode;
import dev.ferry.core.Backoff;
import dev.ferry.core.Migration;
import dev.ferry.core.MigrationPlan;
import dev.ferry.core.RetryPolicy;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.InstanceRecord;
import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.OperatorAction;
import dev.ferry.core.state.StateStore;
import dev.ferry.spi.CustodyLog;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof package over a small migration driven through the engine on the embedded store: byte for
 * byte the same when written twice, the reconciliation, every instance record in the hash manifest,
 * an exception with its operator action, and a hostile detail escaped on the page.
 */
class ProofPackageTest {
    private static final String HOSTILE = "<script>alert(\"owned\")</script> & 'more'";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private StateStore store;
    private MemoryArchive source;
    private MemoryArchive destination;

    @BeforeEach
    void open() {
        store = JdbcStateStore.openEmbedded(tmp.resolve("state"));
        source = new MemoryArchive("legacy");
        destination = new MemoryArchive("vna");
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Four studies of three instances; the VNA refuses one instance of 1.2.3.2, which an operator skips. */
    private long migrate() throws Exception {
        for (int i = 1; i <= 4; i++) {
            source.study("1.2.3." + i, "PAT-" + i, LocalDate.of(2020, 1, i), 3);
        }
        destination.refusals.put("1.2.3.2.1.2", HOSTILE);
        MigrationPlan plan = MigrationPlan.builder("proof").source(source).destination(destination)
                .retry(new RetryPolicy(2, Backoff.fixed(Duration.ofMillis(10)))).build();
        Migration m = Migration.builder(plan, store).build();
        m.inventory();
        m.production();
        long studyLevel = m.exceptions(Set.of(ExceptionRecord.Status.OPEN)).stream()
                .filter(e -> e.sopInstanceUid() == null).findFirst().orElseThrow().id();
        m.act(studyLevel, new OperatorAction(OperatorAction.Kind.SKIP, "alice", "refused by the VNA, rescanned",
                Instant.now()));
        m.validation();
        m.readiness();
        return studyLevel;
    }

    @Test
    void aSecondPackageOfTheSameStateIsByteIdentical() throws Exception {
        migrate();
        ProofPackage.Result first = ProofPackage.write(store, "proof", tmp.resolve("one"));
        ProofPackage.Result second = ProofPackage.write(store, "proof", tmp.resolve("two"));

        assertThat(first.files().keySet()).containsExactly(ProofPackage.INSTANCES, ProofPackage.STUDIES,
                ProofPackage.EXCEPTIONS, ProofPackage.JSON, ProofPackage.HTML, ProofPackage.SUMS);
        assertThat(second.files()).isEqualTo(first.files());
        for (String name : first.files().keySet()) {
            byte[] a = Files.readAllBytes(tmp.resolve("one").resolve(name));
            assertThat(Files.readAllBytes(tmp.resolve("two").resolve(name))).as(name).isEqualTo(a);
            assertThat(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(a)))
                    .as(name).isEqualTo(first.files().get(name));
            assertThat(new String(a, StandardCharsets.UTF_8)).as(name).doesNotContain("\r");
        }
        try (Stream<Path> left = Files.list(tmp.resolve("one"))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no part or spool file is left")
                    .containsExactlyInAnyOrderElementsOf(first.files().keySet());
        }
        // Written again over itself: the same files.
        assertThat(ProofPackage.write(store, "proof", tmp.resolve("one")).files()).isEqualTo(first.files());
        assertThat(first.generatedAt()).isNotNull().isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void reconcilesCountsAndListsTheKpisWithoutMakingUpTheUnmeasuredOnes() throws Exception {
        migrate();
        ProofPackage.Result r = ProofPackage.write(store, "proof", tmp);
        JsonNode doc = JSON.readTree(tmp.resolve(ProofPackage.JSON).toFile());

        JsonNode rec = doc.path("reconciliation");
        assertThat(rec.path("studiesInScope").asLong()).isEqualTo(4);
        assertThat(rec.path("studiesByState").path("done").asLong()).isEqualTo(3);
        assertThat(rec.path("studiesByState").path("skipped").asLong()).isEqualTo(1);
        assertThat(rec.path("studiesOnlyOnLegacy").asLong()).isZero();
        assertThat(rec.path("instancesListedBySource").asLong()).isEqualTo(12);
        assertThat(rec.path("instancesRecordedStored").asLong()).isEqualTo(11);
        assertThat(rec.path("instancesWithoutHash").asLong()).isZero();
        assertThat(rec.path("openExceptions").asLong()).isZero();
        assertThat(doc.path("generatedAt").asText()).isEqualTo(r.generatedAt().toString());
        assertThat(doc.path("custody").path("intact").asBoolean()).isTrue();
        assertThat(doc.path("custody").path("headHash").asText())
                .isEqualTo(((ChainVerification.Intact) r.chain()).headHash());
        assertThat(doc.path("signOff").path("ready").asBoolean()).as(doc.path("signOff").toString()).isTrue();
        assertThat(r.ready()).isTrue();

        List<String> kpis = new ArrayList<>();
        doc.path("kpis").forEach(k -> kpis.add(k.path("key").asText() + "=" + k.path("value")));
        assertThat(kpis).contains("studyErrorRate=0.0", "validationPassRate=1.0", "retirementReadiness=true",
                "migratedShare=0.75", "priorsPrefetchLatency=null", "doseRetention=null",
                "transferVersusDelta=null");
        String html = Files.readString(tmp.resolve(ProofPackage.HTML));
        assertThat(html).contains("Priors pre-fetch latency</td><td><em>not measured</em>",
                "Dose retention</td><td><em>not measured</em>", "Ready for sign-off",
                ((ChainVerification.Intact) r.chain()).headHash(), r.files().get(ProofPackage.INSTANCES));
        assertThat(Files.readString(tmp.resolve(ProofPackage.STUDIES)).split("\n")).containsExactly(
                "study_instance_uid,state,lane,attempts,instances_listed_by_source,instances_stored,bytes_stored,"
                        + "last_reason",
                "1.2.3.1,DONE,BACKGROUND,0,3," + "3," + bytesOf("1.2.3.1") + ",",
                "1.2.3.2,SKIPPED,BACKGROUND,1,3,2," + bytesOf("1.2.3.2") + ",REFUSED",
                "1.2.3.3,DONE,BACKGROUND,0,3,3," + bytesOf("1.2.3.3") + ",",
                "1.2.3.4,DONE,BACKGROUND,0,3,3," + bytesOf("1.2.3.4") + ",");
        assertThat(Files.readString(tmp.resolve(ProofPackage.SUMS))).contains(
                r.files().get(ProofPackage.HTML) + "  " + ProofPackage.HTML + "\n");
    }

    private long bytesOf(String study) {
        long[] sum = {0};
        store.forEachInstance("proof", i -> sum[0] += i.studyInstanceUid().equals(study) ? i.bytes() : 0);
        return sum[0];
    }

    @Test
    void theHashManifestHoldsEveryInstanceRecordWithItsHashInOrder() throws Exception {
        migrate();
        ProofPackage.write(store, "proof", tmp);
        List<String> expected = new ArrayList<>();
        store.forEachInstance("proof", (InstanceRecord i) -> expected.add(String.join(",", i.studyInstanceUid(),
                i.sopInstanceUid(), i.status().name(), Long.toString(i.bytes()), i.sha256(), i.storedAt().toString(),
                i.transferSyntaxUid() == null ? "" : i.transferSyntaxUid(),
                i.pixelData() == null ? "" : i.pixelData().toString())));

        List<String> lines = Files.readAllLines(tmp.resolve(ProofPackage.INSTANCES));
        assertThat(lines.get(0)).isEqualTo("study_instance_uid,sop_instance_uid,status,bytes,sha256,recorded_at,"
                + "transfer_syntax,pixel_data_digest");
        assertThat(lines.subList(1, lines.size())).hasSize(11).containsExactlyElementsOf(expected).isSorted();
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l.split(",")[4]).matches("[0-9a-f]{64}"));
        assertThat(lines).noneMatch(l -> l.contains("1.2.3.2.1.2"));
    }

    @Test
    void everyExceptionIsListedWithItsOperatorActionAndAHostileDetailIsEscapedOnThePage() throws Exception {
        long skipped = migrate();
        ProofPackage.write(store, "proof", tmp);

        String csv = Files.readString(tmp.resolve(ProofPackage.EXCEPTIONS));
        List<ExceptionRecord> all = store.exceptions("proof", Set.of());
        assertThat(csv.split("\n")).hasSize(all.size() + 1);
        OperatorAction action = store.actions("proof", skipped).get(0);
        assertThat(csv).contains(skipped + ",1.2.3.2,,REFUSED,SKIPPED,")
                .contains(",SKIP,alice," + action.at() + ",\"refused by the VNA, rescanned\"\n");
        assertThat(csv).as("the refusal's message, quoted as CSV").contains(": <script>alert(\"\"owned\"\")</script> & 'more'\",SKIP,alice,");

        String html = Files.readString(tmp.resolve(ProofPackage.HTML));
        assertThat(html).doesNotContain("<script", "alert(\"owned\")", "src=", "href=", "http://", "https://")
                .contains("&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; &amp; &#39;more&#39;")
                .contains("SKIP by alice at " + action.at() + ": refused by the VNA, rescanned")
                .contains("skipped by an operator: the study will not be migrated");
        JsonNode doc = JSON.readTree(tmp.resolve(ProofPackage.JSON).toFile());
        assertThat(doc.path("exceptions").path("list")).hasSize(all.size());
        assertThat(doc.path("exceptions").path("list").findValuesAsText("detail")).anyMatch(d -> d.contains(HOSTILE));
        assertThat(Files.readString(tmp.resolve(ProofPackage.STUDIES)) + csv + html)
                .as("no patient ID in the package").doesNotContain("PAT-");
    }

    @Test
    void thePageShowsTheFirstExceptionsAndSaysHowManyMoreTheCsvHolds() throws Exception {
        migrate();
        for (int i = 0; i < 5; i++) {
            store.raiseException("proof", "op", "1.2.3.1", null, ReasonCode.VERIFICATION_FAILED, "late finding " + i,
                    false, Instant.parse("2030-01-01T00:00:00Z").plusSeconds(i));
        }
        ProofPackage.Result r = ProofPackage.write(store, "proof", tmp, 2);

        int total = store.exceptions("proof", Set.of()).size();
        String html = Files.readString(tmp.resolve(ProofPackage.HTML));
        assertThat(html).contains((total - 2) + " more exceptions are not shown here").doesNotContain("late finding 4");
        assertThat(Files.readString(tmp.resolve(ProofPackage.EXCEPTIONS))).contains("late finding 4");
        assertThat(r.ready()).isFalse();
        assertThat(r.blockers()).contains("5 exceptions are open");
        assertThat(r.generatedAt()).as("the newest thing in the state").isEqualTo("2030-01-01T00:00:04Z");
    }

    @Test
    void aBrokenChainIsWrittenLoudly() throws Exception {
        migrate();
        ChainVerification broken = new ChainVerification.Broken(7, ChainVerification.Problem.CONTENT_MODIFIED,
                "record 7 no longer matches its hash");
        ProofPackage.Result r = ProofPackage.write(withChain(store, broken), "proof", tmp);

        assertThat(r.chain()).isEqualTo(broken);
        assertThat(r.ready()).isFalse();
        assertThat(Files.readString(tmp.resolve(ProofPackage.HTML)))
                .contains("<div class=\"alarm\">THE CHAIN OF CUSTODY IS BROKEN at record 7 (CONTENT_MODIFIED)");
        JsonNode custody = JSON.readTree(tmp.resolve(ProofPackage.JSON).toFile()).path("custody");
        assertThat(custody.path("intact").asBoolean()).isFalse();
        assertThat(custody.path("brokenAtRecord").asLong()).isEqualTo(7);
    }

    @Test
    void anUnknownMigrationIsRefused() {
        assertThatThrownBy(() -> ProofPackage.write(store, "nope", tmp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
    }

    /** {@code store}, except that its custody logs verify as {@code verification}. */
    private static StateStore withChain(StateStore store, ChainVerification verification) {
        return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
                (proxy, method, args) -> {
                    Object result = invoke(store, method, args);
                    if (method.getName().equals("custodyLog")) {
                        CustodyLog real = (CustodyLog) result;
                        return Proxy.newProxyInstance(CustodyLog.class.getClassLoader(), new Class<?>[] {CustodyLog.class},
                                (p, m, a) -> m.getName().equals("verifyChain") ? verification : invoke(real, m, a));
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

}
