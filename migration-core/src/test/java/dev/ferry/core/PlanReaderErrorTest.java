package dev.ferry.core;

import static dev.ferry.core.PlanReaderTest.MINIMAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ferry.api.ConfigurationException;
import java.io.StringReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every kind of mistake in a plan file is an error naming the file, the line and the setting. */
class PlanReaderErrorTest {
    final FakeArchiveOpener opener = new FakeArchiveOpener();
    final PlanComponents components = PlanComponents.builder()
            .verifier("counts", context -> null)
            .verifier("pixels", context -> null)
            .build();

    /** The message of reading {@code yaml}, after checking that it is a ConfigurationException and opened nothing. */
    String error(String yaml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> PlanReader.read(new StringReader(yaml), "plan.yaml", opener, components).close());
        assertThat(t).isInstanceOf(ConfigurationException.class);
        assertThat(opener.opened).allSatisfy(a -> assertThat(a.closes).isEqualTo(1));
        return t.getMessage();
    }

    @Test
    void yamlSyntax() {
        assertThat(error(MINIMAL + "scope:\n  dates: 2010\n   modalities: [CT]\n"))
                .startsWith("CONFIGURATION: plan.yaml:6:14: not valid YAML: mapping values are not allowed here");
        assertThat(error(MINIMAL + "retry: {maxAttempts: 5\nlease: 5m\n"))
                .contains("plan.yaml:5:6: not valid YAML: while parsing a flow mapping (line 4), expected ',' or '}'");
    }

    @Test
    void unknownKeysAreNamedWithTheKnownOnes() {
        assertThat(error(MINIMAL + "retries: {maxAttempts: 3}\n"))
                .contains("plan.yaml:4:1: unknown setting 'retries'; known settings: name, source, destination, state,"
                        + " scope, tiers, modalityGroups, concurrency, throttle, bandwidth, retry, circuitBreaker,"
                        + " lease, sample, identityResolvers, coercers, verifiers, custodyLog");
        assertThat(error(MINIMAL + "retry: {maxAttempts: 3, delay: 5s}\n"))
                .contains("plan.yaml:4:25: unknown setting 'delay' in retry; known settings: maxAttempts,"
                        + " initialDelay, multiplier, maxDelay, jitter");
        assertThat(error(MINIMAL + "throttle:\n  windows:\n    - {days: [MON], maxStudies: 1, max: 2}\n"))
                .contains("plan.yaml:6:36: unknown setting 'max' in throttle.windows[0]");
    }

    @Test
    void duplicateKeys() {
        assertThat(error(MINIMAL + "name: other\n")).contains("plan.yaml:4:1: 'name' is given twice (first on line 1)");
        assertThat(error(MINIMAL + "sample:\n  days: 3\n  days: 4\n"))
                .contains("plan.yaml:6:3: 'days' is given twice in sample (first on line 5)");
        assertThat(error(MINIMAL + "modalityGroups: {mammo: [MG], mammo: [MG]}\n"))
                .contains("plan.yaml:4:31: 'mammo' is given twice in modalityGroups");
        assertThat(error("name: m\nsource: {uri: folder:/in, local: A@h:1, local: B@h:1}\ndestination: folder:/o\n"))
                .contains("plan.yaml:2:41: 'local' is given twice in source");
    }

    @Test
    void wrongKinds() {
        assertThat(error(MINIMAL + "scope: [CT]\n"))
                .contains("plan.yaml:4:8: scope must be a mapping (key: value), not a list");
        assertThat(error(MINIMAL + "tiers: {name: a}\n")).contains("plan.yaml:4:8: tiers must be a list, not a mapping");
        assertThat(error(MINIMAL + "lease: [5m]\n")).contains("plan.yaml:4:8: lease must be a single value, not a list");
        assertThat(error(MINIMAL + "scope: {modalities: CT}\n"))
                .contains("plan.yaml:4:21: scope.modalities must be a list, not a single value");
        assertThat(error(MINIMAL + "concurrency: {maxStudies: four}\n"))
                .contains("plan.yaml:4:27: concurrency.maxStudies must be a whole number, not 'four'");
        assertThat(error(MINIMAL + "retry: {multiplier: twice}\n"))
                .contains("plan.yaml:4:21: retry.multiplier must be a number such as 2 or 1.5, not 'twice'");
        assertThat(error(MINIMAL + "circuitBreaker: {enabled: no}\n"))
                .contains("plan.yaml:4:27: circuitBreaker.enabled must be true or false, not 'no'");
        assertThat(error("name: [a]\nsource: folder:/in\ndestination: folder:/out\n"))
                .contains("plan.yaml:1:7: name must be a single value, not a list");
        assertThat(error("- name: m\n")).contains("plan.yaml:1:1: the plan must be a mapping (key: value), not a list");
    }

    @Test
    void requiredSettings() {
        assertThat(error("name: m\ndestination: folder:/out\n"))
                .contains("plan.yaml:1:1: source is required: a URI (folder:PATH, dimse:AET@host:port, dicomweb:URL)");
        assertThat(error("name:\nsource: folder:/in\ndestination: folder:/out\n"))
                .contains("plan.yaml:1:1: name is required: the migration's id");
        assertThat(error("name: m\nsource: {local: A@h:1}\ndestination: folder:/out\n"))
                .contains("plan.yaml:2:9: uri is required in source");
        assertThat(error(MINIMAL + "throttle:\n  windows: [{days: [MON]}]\n"))
                .contains("plan.yaml:5:13: maxStudies is required in throttle.windows[0]");
        assertThat(error(MINIMAL + "tiers: [{name: a, within: 1y}]\n"))
                .contains("plan.yaml:4:9: lane is required in tiers[0]: recent or background");
        assertThat(error("")).isEqualTo(
                "CONFIGURATION: plan.yaml: is empty; a plan needs at least name, source and destination");
    }

    @Test
    void badValues() {
        assertThat(error(MINIMAL + "retry: {maxAttempts: 0}\n"))
                .isEqualTo("CONFIGURATION: plan.yaml:4:22: retry.maxAttempts must be at least 1, not 0");
        assertThat(error(MINIMAL + "lease: 5 minutes\n"))
                .contains("plan.yaml:4:8: lease must be a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S,"
                        + " not '5 minutes'");
        assertThat(error(MINIMAL + "retry: {initialDelay: -5s}\n")).contains("plan.yaml:4:23: retry.initialDelay must be a duration");
        assertThat(error(MINIMAL + "bandwidth: 40 MB\n")).contains("plan.yaml:4:12: bandwidth must be a rate such as 40 MB/s");
        assertThat(error(MINIMAL + "bandwidth: 40 Mb/s\n")).contains("plan.yaml:4:12: bandwidth has an unknown unit 'Mb/s'");
        assertThat(error(MINIMAL + "scope:\n  dates: 20101301-\n"))
                .contains("plan.yaml:5:10: scope.dates has no such date: '20101301'");
        assertThat(error(MINIMAL + "scope: {dates: 2010-2020}\n"))
                .contains("plan.yaml:4:16: scope.dates must be a date range such as 20100101-20251231");
        assertThat(error(MINIMAL + "scope: {dates: 20200101-20100101}\n"))
                .contains("plan.yaml:4:16: scope.dates starts after it ends");
        assertThat(error(MINIMAL + "scope: {modalities: [CT, \"\"]}\n"))
                .contains("plan.yaml:4:26: scope.modalities[1] must not be empty");
        assertThat(error(MINIMAL + "throttle:\n  windows:\n    - {days: [MON, FUNDAY], maxStudies: 1}\n"))
                .contains("plan.yaml:6:20: throttle.windows[0].days[1] must be a day, MON to SUN or MONDAY to SUNDAY,"
                        + " not 'FUNDAY'");
        assertThat(error(MINIMAL + "throttle:\n  windows:\n    - {days: [MON, mon], maxStudies: 1}\n"))
                .contains("plan.yaml:6:20: throttle.windows[0].days[1] lists mon twice");
        assertThat(error(MINIMAL + "throttle:\n  windows:\n    - {days: [MON], from: 7am, to: \"19:00\", maxStudies: 1}\n"))
                .contains("plan.yaml:6:27: throttle.windows[0].from must be a time HH:mm such as \"07:00\", not '7am'");
        assertThat(error(MINIMAL + "throttle:\n  windows:\n    - {days: [MON], from: \"07:00\", to: \"25:00\", maxStudies: 1}\n"))
                .contains("plan.yaml:6:40: throttle.windows[0].to must be a time HH:mm");
        assertThat(error(MINIMAL + "throttle:\n  windows:\n    - {days: [MON], from: \"07:00\", maxStudies: 1}\n"))
                .contains("plan.yaml:6:7: throttle.windows[0] needs both from and to");
        assertThat(error(MINIMAL + "throttle:\n  windows:\n    - {days: [MON], maxStudies: -1}\n"))
                .contains("plan.yaml:6:33: throttle.windows[0].maxStudies must be at least 0, not -1");
        assertThat(error(MINIMAL + "throttle: {zone: Mars/Olympus}\n"))
                .contains("plan.yaml:4:18: throttle.zone must be a time zone such as Europe/Berlin or UTC");
        assertThat(error(MINIMAL + "tiers:\n  - {name: a, lane: fast}\n"))
                .contains("plan.yaml:5:21: tiers[0].lane must be recent or background, not 'fast'");
        assertThat(error(MINIMAL + "tiers:\n  - {name: a, lane: prefetch}\n"))
                .contains("tiers[0].lane must be recent or background (prefetch is for promoted patients only)");
        assertThat(error(MINIMAL + "tiers: [{name: a, lane: recent, within: 2 years}]\n"))
                .contains("plan.yaml:4:41: tiers[0].within must be a period such as 2y, 18m (months), 6w, 90d or P2Y");
        assertThat(error(MINIMAL + "tiers: [{name: a, lane: recent}, {name: b, lane: background, within: 1y}]\n"))
                .contains("plan.yaml:4:34: tiers[1] comes after tier 'a', which takes every study");
        assertThat(error(MINIMAL + "circuitBreaker: {failureRate: 100%}\n"))
                .contains("plan.yaml:4:31: circuitBreaker.failureRate must be at least 0 and below 100%, not 100%");
        assertThat(error(MINIMAL + "retry: {jitter: 1.5}\n"))
                .contains("plan.yaml:4:17: retry.jitter must be at least 0 and at most 1, not 1.5");
        assertThat(error(MINIMAL + "sample: {days: 0}\n")).contains("plan.yaml:4:16: sample.days must be at least 1, not 0");
        assertThat(error(MINIMAL + "state: postgresql://db/ferry\n"))
                .contains("plan.yaml:4:8: state must be a JDBC URL such as jdbc:postgresql://host/db");
        assertThat(error("name: m\nsource: {uri: folder:/in, local:}\ndestination: folder:/out\n"))
                .contains("plan.yaml:2:33: source.local must have a value");
    }

    @Test
    void unknownComponentNamesListTheRegisteredOnes() {
        assertThat(error(MINIMAL + "verifiers: [counts, pixel]\n"))
                .contains("plan.yaml:4:21: verifiers[1] 'pixel' is not a registered verifier; registered: counts,"
                        + " pixels");
        assertThat(error(MINIMAL + "verifiers: [counts, counts]\n"))
                .contains("plan.yaml:4:21: verifiers[1] lists 'counts' twice");
        assertThat(error(MINIMAL + "coercers: [site-rules]\n"))
                .contains("plan.yaml:4:12: coercers[0] 'site-rules' is not a registered coercer; registered: none");
        assertThat(error(MINIMAL + "custodyLog: default\n"))
                .contains("plan.yaml:4:13: custodyLog 'default' is not a registered custody log; registered: none");
    }

    @Test
    void rulesOfThePlanModelAreNamedAtTheirSetting() {
        assertThat(error(MINIMAL + """
                modalityGroups:
                  mammography: [MG]
                throttle:
                  windows:
                    - days: [MON]
                      maxStudies: 2
                      groups:
                        mammo: 1
                """)).isEqualTo("CONFIGURATION: plan.yaml:11:16: throttle.windows[0].groups.mammo: throttle window"
                        + " limits group 'mammo', which is not a modality group of the plan");
        assertThat(error(MINIMAL + "tiers:\n  - {name: a, lane: recent, within: 1y}\n  - {name: a, lane: background,"
                + " within: 5y}\n")).contains("plan.yaml:6:12: tiers[1].name: tier name 'a' is used twice");
        assertThat(error(MINIMAL + "modalityGroups:\n  mammo: []\n  us: [US]\n"))
                .contains("plan.yaml:5:10: modalityGroups.mammo: modality group 'mammo' has no modalities");
        assertThat(error(MINIMAL + "lease: 1s\n"))
                .contains("plan.yaml:4:8: lease: leaseDuration must be at least 5 seconds, not PT1S");
        assertThat(error(MINIMAL + "concurrency: {maxStudies: 300}\n"))
                .contains("plan.yaml:4:27: concurrency.maxStudies: maxStudies must be between 1 and 256, not 300");
        assertThat(error("name: bad name\nsource: folder:/in\ndestination: folder:/out\n"))
                .contains("plan.yaml:1:7: name: plan name must be 1 to 64 letters");
    }

    @Test
    void rulesOfThePoliciesAreNamedAtTheirSetting() {
        assertThat(error(MINIMAL + "circuitBreaker: {window: 10, minimumAttempts: 20}\n"))
                .contains("plan.yaml:4:47: circuitBreaker.minimumAttempts: circuit breaker minimumAttempts must be"
                        + " between 1 and the window (10), not 20");
        assertThat(error(MINIMAL + "retry: {initialDelay: 1h, maxDelay: 10m}\n"))
                .contains("plan.yaml:4:37: retry.maxDelay: backoff max delay PT10M is below the initial PT1H");
        assertThat(error(MINIMAL + "circuitBreaker: {pause: 0s}\n"))
                .contains("plan.yaml:4:25: circuitBreaker.pause: circuit breaker pause must be positive");
        assertThat(error(MINIMAL + "tiers: [{name: a, lane: recent, within: P-1Y}]\n"))
                .contains("plan.yaml:4:41: tiers[0].within");
    }

    @Test
    void tagsMergeKeysAndTheRestOfYamlsCleverness() {
        assertThat(error(MINIMAL + "lease: !!java.lang.Object 5m\n")).contains("plan.yaml:4:");
        assertThat(error(MINIMAL + "lease: !duration 5m\n"))
                .contains("plan.yaml:4:8: lease has the tag !duration, which a plan does not use");
        assertThat(error(MINIMAL + "lease: !!binary aGVsbG8=\n")).contains("plan.yaml:4:8: lease has the tag !!binary, which a plan does not use");
        assertThat(error(MINIMAL + "retry:\n  <<: {maxAttempts: 3}\n"))
                .contains("plan.yaml:5:3: merge keys (<<) are not supported");
        assertThat(error(MINIMAL + "? [a, b]\n: c\n")).contains("plan.yaml:4:3: a key that is not a name");
        assertThat(error(MINIMAL + "---\nname: n\n")).contains("plan.yaml:").contains("not valid YAML");
    }

    @Test
    void aBillionLaughsIsRefusedAtOnce() {
        StringBuilder bomb = new StringBuilder(MINIMAL).append("lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            bomb.append("lol").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        String message = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> error(bomb.toString()));
        assertThat(message).isEqualTo("CONFIGURATION: plan.yaml: refused: it has more than 20 aliases (*name) of lists"
                + " or mappings");
    }

    @Test
    void aliasesWithinTheLimitAreCheckedWhereTheyAreUsed() {
        String yaml = MINIMAL + """
                modalityGroups:
                  a: &a [CT]
                  b: [*a, *a]
                """;
        assertThat(error(yaml)).contains("plan.yaml:5:6: modalityGroups.b[0] must be a single value, not a list");
        assertThat(error("name: m\nsource: [folder:/in]\ndestination: folder:/out\n"))
                .contains("plan.yaml:2:9: source must be a URI (folder:PATH, dimse:AET@host:port, dicomweb:URL) or a"
                        + " mapping with uri: and options, not a list");
    }

    @Test
    void anOversizedFileIsRefused() {
        String yaml = MINIMAL + "# " + "x".repeat(PlanReader.MAX_CODE_POINTS) + "\n";
        assertThat(error(yaml)).isEqualTo("CONFIGURATION: plan.yaml: refused: it exceeds the limit of 1000000 characters of a plan file");
    }
}
