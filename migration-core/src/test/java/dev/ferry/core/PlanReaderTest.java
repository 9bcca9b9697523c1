package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.DateRange;
import dev.ferry.api.StudyQuery;
import dev.ferry.core.FakeArchiveOpener.FakeArchive;
import dev.ferry.spi.CustodyLog;
import dev.ferry.spi.IdentityResolver;
import dev.ferry.spi.TagCoercer;
import dev.ferry.spi.Verifier;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanReaderTest {
    static final String MINIMAL = """
            name: m
            source: folder:/in
            destination: folder:/out
            """;

    final FakeArchiveOpener opener = new FakeArchiveOpener();
    final IdentityResolver mergeHistory = context -> null;
    final IdentityResolver mpi = context -> null;
    final TagCoercer siteRules = (header, context) -> null;
    final Verifier counts = context -> null;
    final Verifier pixels = context -> null;
    final CustodyLog custody = (CustodyLog) Proxy.newProxyInstance(CustodyLog.class.getClassLoader(),
            new Class<?>[] {CustodyLog.class}, (proxy, method, args) -> null);
    final PlanComponents components = PlanComponents.builder()
            .identityResolver("merge-history", mergeHistory)
            .identityResolver("mpi", mpi)
            .coercer("site-rules", siteRules)
            .verifier("counts", counts)
            .verifier("pixels", pixels)
            .custodyLog("default", custody)
            .build();

    LoadedPlan read(String yaml) throws IOException {
        return PlanReader.read(new StringReader(yaml), "plan.yaml", opener, components);
    }

    static Path example() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        return module.getParent().resolve("docs").resolve("plan.example.yaml");
    }

    @Test
    void readsEveryValueOfTheExampleFile() throws IOException {
        try (LoadedPlan loaded = PlanReader.read(example(), opener, components)) {
            MigrationPlan plan = loaded.plan();
            assertThat(plan.name()).isEqualTo("st-elsewhere-2026");

            FakeArchive source = (FakeArchive) plan.source();
            assertThat(source.uri).isEqualTo("dimse:LEGACY@10.1.2.3:104");
            assertThat(source.options).isEqualTo(Map.of("local", "FERRY@0.0.0.0:11112", "maxAssociations", "4",
                    "resultCap", "500"));
            FakeArchive destination = (FakeArchive) plan.destination();
            assertThat(destination.uri).isEqualTo("dicomweb:https://vna.example.org/dicom-web");
            assertThat(destination.options).isEqualTo(Map.of("maxConnections", "8", "readBack", "true"));
            assertThat(opener.opened).containsExactly(source, destination);
            assertThat(loaded.stateUrl()).contains("jdbc:postgresql://db.example.org/ferry");

            assertThat(plan.scope()).isEqualTo(StudyQuery.builder()
                    .dates(LocalDate.of(2010, 1, 1), LocalDate.of(2025, 12, 31))
                    .modality("CT", "MR", "CR", "MG").build());
            assertThat(plan.tiers()).containsExactly(
                    new Tier("recent", Lane.RECENT, Period.ofYears(2), null),
                    new Tier("old", Lane.BACKGROUND, null, new DateRange(null, LocalDate.of(2009, 12, 31))),
                    Tier.all("background", Lane.BACKGROUND));
            assertThat(plan.modalityGroups()).isEqualTo(Map.of("mammography", Set.of("MG")));
            assertThat(plan.maxStudies()).isEqualTo(4);

            assertThat(plan.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
            assertThat(plan.throttleWindows()).containsExactly(
                    new ThrottleWindow(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(7, 0),
                            LocalTime.of(19, 0), 2, Map.of("mammography", 1)),
                    new ThrottleWindow(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.MIDNIGHT,
                            LocalTime.MIDNIGHT, 8, Map.of()));
            assertThat(plan.bandwidthBytesPerSecond()).isEqualTo(40_000_000L);

            assertThat(plan.retry().maxAttempts()).isEqualTo(5);
            PlanBackoff backoff = (PlanBackoff) plan.retry().backoff();
            assertThat(backoff.initial()).isEqualTo(Duration.ofSeconds(30));
            assertThat(backoff.multiplier()).isEqualTo(2.0);
            assertThat(backoff.max()).isEqualTo(Duration.ofMinutes(30));
            assertThat(backoff.jitter()).isEqualTo(0.2);
            assertThat(backoff.delay(1)).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(36));
            assertThat(backoff.delay(30)).isBetween(Duration.ofMinutes(24), Duration.ofMinutes(36));

            assertThat(plan.circuitBreaker()).isEqualTo(new CircuitBreakerPolicy(100, 20, 0.05, Duration.ofMinutes(5),
                    CircuitBreakerPolicy.SYSTEMIC));
            assertThat(plan.leaseDuration()).isEqualTo(Duration.ofMinutes(5));
            assertThat(plan.sampleDays()).isEqualTo(3);
            assertThat(plan.sampleSeed()).isEqualTo(42);

            assertThat(plan.identityResolvers()).containsExactly(mergeHistory, mpi);
            assertThat(plan.coercers()).containsExactly(siteRules);
            assertThat(plan.verifiers()).containsExactly(counts);
            assertThat(plan.custodyLog()).containsSame(custody);
        }
        assertThat(opener.opened).allSatisfy(a -> assertThat(a.closes).isEqualTo(1));
    }

    @Test
    void theJavadocShowsTheExampleFile() throws IOException {
        Path source = Path.of(System.getProperty("basedir", "")).toAbsolutePath()
                .resolve("src/main/java/dev/ferry/core/PlanReader.java");
        String javadoc = Files.readString(source);
        String example = Files.readString(example());
        String body = example.substring(example.indexOf("\nname:") + 1).strip();
        for (String line : body.split("\n")) {
            assertThat(javadoc).contains((" * " + line).stripTrailing() + "\n");
        }
    }

    @Test
    void aMinimalPlanIsTheBuildersDefaultPlan() throws IOException {
        try (LoadedPlan loaded = read(MINIMAL)) {
            MigrationPlan plan = loaded.plan();
            MigrationPlan java = MigrationPlan.builder("m").source(plan.source()).destination(plan.destination())
                    .build();
            assertThat(((FakeArchive) plan.source()).uri).isEqualTo("folder:/in");
            assertThat(((FakeArchive) plan.source()).options).isEmpty();
            assertThat(((FakeArchive) plan.destination()).uri).isEqualTo("folder:/out");
            assertThat(loaded.stateUrl()).isEmpty();

            assertThat(plan.name()).isEqualTo(java.name());
            assertThat(plan.scope()).isEqualTo(StudyQuery.ALL).isEqualTo(java.scope());
            assertThat(plan.tiers()).containsExactly(Tier.all("background", Lane.BACKGROUND))
                    .isEqualTo(java.tiers());
            assertThat(plan.modalityGroups()).isEmpty();
            assertThat(plan.maxStudies()).isEqualTo(java.maxStudies());
            assertThat(plan.throttleWindows()).isEmpty();
            assertThat(plan.zone()).isEqualTo(java.zone());
            assertThat(plan.bandwidthBytesPerSecond()).isZero();
            assertThat(plan.retry()).isSameAs(RetryPolicy.DEFAULT).isSameAs(java.retry());
            assertThat(plan.circuitBreaker()).isSameAs(CircuitBreakerPolicy.DEFAULT);
            assertThat(plan.leaseDuration()).isEqualTo(java.leaseDuration());
            assertThat(plan.sampleDays()).isEqualTo(java.sampleDays());
            assertThat(plan.sampleSeed()).isEqualTo(java.sampleSeed());
            assertThat(plan.identityResolvers()).isEmpty();
            assertThat(plan.coercers()).isEmpty();
            assertThat(plan.verifiers()).isEmpty();
            assertThat(plan.custodyLog()).isEmpty();
        }
    }

    @Test
    void partialPoliciesTakeTheDefaultsOfTheRest() throws IOException {
        try (LoadedPlan loaded = read(MINIMAL + """
                retry: {maxAttempts: 2}
                circuitBreaker: {failureRate: 0.1}
                sample: {seed: 7}
                """)) {
            MigrationPlan plan = loaded.plan();
            PlanBackoff backoff = (PlanBackoff) plan.retry().backoff();
            assertThat(plan.retry().maxAttempts()).isEqualTo(2);
            assertThat(backoff.initial()).isEqualTo(Duration.ofSeconds(30));
            assertThat(backoff.multiplier()).isEqualTo(2.0);
            assertThat(backoff.max()).isEqualTo(Duration.ofMinutes(30));
            assertThat(backoff.jitter()).isEqualTo(0.2);
            CircuitBreakerPolicy d = CircuitBreakerPolicy.DEFAULT;
            assertThat(plan.circuitBreaker()).isEqualTo(new CircuitBreakerPolicy(d.window(), d.minimumAttempts(), 0.1,
                    d.pause(), d.counted()));
            assertThat(plan.sampleDays()).isEqualTo(3);
            assertThat(plan.sampleSeed()).isEqualTo(7);
        }
    }

    @Test
    void otherFormsOfTheValues() throws IOException {
        try (LoadedPlan loaded = read(MINIMAL + """
                scope: {dates: "20200101"}
                tiers:
                  - {name: fresh, lane: RECENT, within: P18M}
                  - {name: mid, lane: Background, dates: 20150101-}
                  - {name: all, lane: background}
                throttle:
                  zone: UTC
                  windows:
                    - {days: &nights [monday, Tue], from: "22:00", to: "06:00", maxStudies: 0}
                    - {days: *nights, from: "06:00", to: "24:00", maxStudies: 1}
                    - {days: [SUNDAY], maxStudies: 3}
                bandwidth: 1 Gbit/s
                retry: {initialDelay: PT1S, maxDelay: 1d, multiplier: 1.5, jitter: 10%}
                circuitBreaker: {enabled: false, window: 5}
                lease: 90s
                """)) {
            MigrationPlan plan = loaded.plan();
            assertThat(plan.scope().dates()).isEqualTo(DateRange.on(LocalDate.of(2020, 1, 1)));
            assertThat(plan.tiers()).containsExactly(
                    new Tier("fresh", Lane.RECENT, Period.ofMonths(18), null),
                    new Tier("mid", Lane.BACKGROUND, null, new DateRange(LocalDate.of(2015, 1, 1), null)),
                    Tier.all("all", Lane.BACKGROUND));
            assertThat(plan.zone()).isEqualTo(ZoneId.of("UTC"));
            Set<DayOfWeek> nights = EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY);
            assertThat(plan.throttleWindows()).containsExactly(
                    new ThrottleWindow(nights, LocalTime.of(22, 0), LocalTime.of(6, 0), 0, Map.of()),
                    new ThrottleWindow(nights, LocalTime.of(6, 0), LocalTime.MIDNIGHT, 1, Map.of()),
                    new ThrottleWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, 3, Map.of()));
            assertThat(plan.bandwidthBytesPerSecond()).isEqualTo(125_000_000L);
            PlanBackoff backoff = (PlanBackoff) plan.retry().backoff();
            assertThat(backoff.initial()).isEqualTo(Duration.ofSeconds(1));
            assertThat(backoff.max()).isEqualTo(Duration.ofDays(1));
            assertThat(backoff.multiplier()).isEqualTo(1.5);
            assertThat(backoff.jitter()).isEqualTo(0.1);
            assertThat(plan.circuitBreaker()).isSameAs(CircuitBreakerPolicy.DISABLED);
            assertThat(plan.leaseDuration()).isEqualTo(Duration.ofSeconds(90));
        }
    }

    @Test
    void closeClosesTheArchivesOnce() throws IOException {
        LoadedPlan loaded = read(MINIMAL);
        assertThat(opener.opened).hasSize(2).allSatisfy(a -> assertThat(a.closes).isZero());
        loaded.close();
        loaded.close();
        assertThat(opener.opened).allSatisfy(a -> assertThat(a.closes).isEqualTo(1));
    }

    @Test
    void aFailureAfterOpeningClosesWhatWasOpened() {
        assertThatThrownBy(() -> read(MINIMAL + """
                throttle:
                  windows: [{days: [MON], maxStudies: 1, groups: {mammography: 1}}]
                """)).isInstanceOf(ConfigurationException.class).hasMessageContaining("plan.yaml:5:");
        assertThat(opener.opened).hasSize(2).allSatisfy(a -> assertThat(a.closes).isEqualTo(1));
    }

    @Test
    void aDestinationThatCannotBeOpenedClosesTheSource() {
        opener.ioFailDestination = new IOException("connection refused");
        assertThatThrownBy(() -> read(MINIMAL)).isInstanceOf(IOException.class)
                .hasMessage("plan.yaml:3:14: destination could not be opened: connection refused");
        assertThat(opener.opened).hasSize(1).allSatisfy(a -> assertThat(a.closes).isEqualTo(1));
    }

    @Test
    void anOptionTheOpenerRefusesIsNamedAtItsLine() {
        opener.failSource = new IllegalArgumentException("unknown option resultCapp; known: local, resultCap");
        assertThatThrownBy(() -> read("""
                name: m
                source:
                  uri: dimse:PACS@pacs:104
                  resultCapp: 500
                destination: folder:/out
                """)).isInstanceOf(ConfigurationException.class)
                .hasMessage("CONFIGURATION: plan.yaml:4:15: source.resultCapp: unknown option resultCapp; known: local,"
                        + " resultCap");
        assertThat(opener.opened).isEmpty();
    }

    @Test
    void aUriTheOpenerRefusesIsNamedAtItsLine() {
        opener.failDestination = new ConfigurationException("no such scheme: ftp");
        assertThatThrownBy(() -> read("name: m\nsource: folder:/in\ndestination: ftp://x\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("CONFIGURATION: plan.yaml:3:14: destination could not be opened: no such scheme: ftp");
        assertThat(opener.opened).hasSize(1).allSatisfy(a -> assertThat(a.closes).isEqualTo(1));
    }

    @Test
    void nothingIsOpenedWhenTheFileIsWrong() {
        assertThatThrownBy(() -> read(MINIMAL + "lease: soon\n")).isInstanceOf(ConfigurationException.class);
        assertThat(opener.opened).isEmpty();
    }

    @Test
    void readsAFileNamingItsPathInErrors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("site.yaml");
        Files.writeString(file, MINIMAL + "lease: 1s\n");
        assertThatThrownBy(() -> PlanReader.read(file, opener, components))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file + ":4:8: lease: leaseDuration must be at least 5 seconds");
        assertThatThrownBy(() -> PlanReader.read(dir.resolve("missing.yaml"), opener, components))
                .isInstanceOf(NoSuchFileException.class);
        Files.write(file, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> PlanReader.read(file, opener, components))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(file + ": is not UTF-8 text");
    }

    @Test
    void componentsAreRegisteredOnceUnderANonEmptyName() {
        assertThatThrownBy(() -> PlanComponents.builder().verifier("counts", counts).verifier("counts", pixels))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'counts' is registered twice");
        assertThatThrownBy(() -> PlanComponents.builder().coercer(" ", siteRules))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
