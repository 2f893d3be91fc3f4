package io.voiceload.config;

import static io.voiceload.config.TestConfigs.pairs;
import static io.voiceload.config.TestConfigs.sysprops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverridesTest {

    @Test
    void readsEveryKeyTyped() {
        Overrides o = sysprops(
                "loadtest.profile", "heavy",
                "loadtest.users", "50",
                "loadtest.requests", "100",
                "loadtest.duration", "300s",
                "loadtest.rampUp", "10",
                "loadtest.rate", "12.5",
                "loadtest.maxConcurrency", "64",
                "loadtest.thinkTime", "exp(200ms)",
                "loadtest.warmup", "5s",
                "loadtest.warmupIterations", "0",
                "loadtest.seed", "-42",
                "loadtest.progressInterval", "PT2S",
                "loadtest.maxTestDuration", "1h",
                "loadtest.target.baseUrl", "https://staging.example.com");
        assertThat(o.profile().orElseThrow()).isEqualTo(Sourced.of("heavy", "-Dloadtest.profile"));
        assertThat(o.users().orElseThrow()).isEqualTo(Sourced.of(50, "-Dloadtest.users"));
        assertThat(o.requests().orElseThrow().value()).isEqualTo(100);
        assertThat(o.duration().orElseThrow().value()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.rampUp().orElseThrow().value()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.rate().orElseThrow().value()).isEqualTo(12.5);
        assertThat(o.maxConcurrency().orElseThrow().value()).isEqualTo(64);
        assertThat(o.thinkTime().orElseThrow().value()).hasToString("exp(200ms)");
        assertThat(o.warmup().orElseThrow().value()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.warmupIterations().orElseThrow().value()).isZero();
        assertThat(o.seed().orElseThrow().value()).isEqualTo(-42L);
        assertThat(o.progressInterval().orElseThrow().value()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.maxTestDuration().orElseThrow().value()).isEqualTo(Duration.ofHours(1));
        assertThat(o.targetBaseUrl().orElseThrow().value()).isEqualTo(URI.create("https://staging.example.com"));
        assertThat(o.configFile()).isEmpty();
    }

    @Test
    void faultProxiesAreNamePairsAndABadOneIsNamed() {
        Overrides o = sysprops("loadtest.faults.proxies", "pms=pms_3, pms_secondary=pms_secondary_3");
        assertThat(o.faultProxies().orElseThrow().value())
                .containsExactly(Map.entry("pms", "pms_3"), Map.entry("pms_secondary", "pms_secondary_3"));

        assertThatThrownBy(() -> sysprops("loadtest.faults.proxies", "pms"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("-Dloadtest.faults.proxies=pms: \"pms\" is not name=proxy")
                .hasMessageContaining("e.g. pms=pms_3,pms_secondary=pms_secondary_3");
        assertThatThrownBy(() -> sysprops("loadtest.faults.proxies", "pms=a,pms=b"))
                .hasMessageContaining("pms is renamed twice");
    }

    @Test
    void environmentNamesAreDerived() {
        assertThat(OverrideKey.RAMP_UP.environmentVariable()).isEqualTo("LOADTEST_RAMP_UP");
        assertThat(OverrideKey.TARGET_BASE_URL.environmentVariable()).isEqualTo("LOADTEST_TARGET_BASE_URL");
        assertThat(OverrideKey.BASELINE_MARGIN.environmentVariable()).isEqualTo("LOADTEST_BASELINE_MARGIN");
        assertThat(OverrideKey.WARMUP_ITERATIONS.environmentVariable()).isEqualTo("LOADTEST_WARMUP_ITERATIONS");
        assertThat(OverrideKey.PROFILE.environmentVariable()).isEqualTo("LOADTEST_PROFILE");

        Overrides o = Overrides.of(Map.of(), Map.of("LOADTEST_RAMP_UP", "5s", "LOADTEST_USERS", "7"));
        assertThat(o.rampUp().orElseThrow()).isEqualTo(Sourced.of(Duration.ofSeconds(5), "LOADTEST_RAMP_UP"));
        assertThat(o.users().orElseThrow()).isEqualTo(Sourced.of(7, "LOADTEST_USERS"));
    }

    @Test
    void aSystemPropertyBeatsTheEnvironmentAndTheShadowedValueIsNoted() {
        Overrides o = Overrides.of(Map.of("loadtest.users", "50"), Map.of("LOADTEST_USERS", "20"));
        assertThat(o.users().orElseThrow()).isEqualTo(Sourced.of(50, "-Dloadtest.users"));
        assertThat(o.notes()).containsExactly("LOADTEST_USERS=20 ignored: -Dloadtest.users=50 takes precedence");
    }

    @Test
    void passThroughKeysAreKnownButNotValidated() {
        Overrides o = Overrides.of(
                pairs("loadtest.runId", "20250101-120000", "loadtest.reports.dir", "/tmp/r"),
                Map.of("LOADTEST_BASELINE", "base line.json"));
        assertThat(o.raw("loadtest.runId")).isEqualTo("20250101-120000");
        assertThat(o.raw("loadtest.reports.dir")).isEqualTo("/tmp/r");
        assertThat(o.raw("loadtest.baseline")).isEqualTo("base line.json");
        assertThat(o.raw("loadtest.baseline.margin")).isNull();
        assertThatThrownBy(() -> o.raw("loadtest.nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            loadTest.users    | -DloadTest.users=5: not read: names are case-sensitive; did you mean -Dloadtest.users?
            LOADTEST.users    | -DLOADTEST.users=5: not read: names are case-sensitive; did you mean -Dloadtest.users?
            LoadTest.rampUp   | -DLoadTest.rampUp=5: not read: names are case-sensitive; did you mean -Dloadtest.rampUp?
            LOADTEST_USERS    | -DLOADTEST_USERS=5: not read: names are case-sensitive; did you mean -Dloadtest.users?
            loadTest.usrs     | -DloadTest.usrs=5: not read: names are case-sensitive and start with "loadtest."; did you mean "loadtest.users"?
            """)
    void aPropertyOfOursInAnotherCaseIsAnErrorNamingTheRightSpelling(String name, String expected) {
        assertThatThrownBy(() -> sysprops(name, "5"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected);
    }

    @Test
    void anEnvironmentVariableOfOursInAnotherCaseIsAnError() {
        assertThatThrownBy(() -> Overrides.of(Map.of(), Map.of("loadtest_users", "5")))
                .hasMessage("loadtest_users=5: not read: names are case-sensitive; did you mean LOADTEST_USERS?");
        assertThatThrownBy(() -> Overrides.of(Map.of(), Map.of("Loadtest_Ramp_Up", "5s")))
                .hasMessage("Loadtest_Ramp_Up=5s: not read: names are case-sensitive; did you mean LOADTEST_RAMP_UP?");
    }

    @Test
    void keysReadOnlyAsSystemPropertiesRefuseTheirEnvironmentVariable() {
        assertThatThrownBy(() -> Overrides.of(Map.of(), Map.of("LOADTEST_RUN_ID", "nightly-7")))
                .hasMessage("LOADTEST_RUN_ID=nightly-7: not read: loadtest.runId is read only as a system property;"
                        + " use -Dloadtest.runId=nightly-7");
        assertThatThrownBy(() -> Overrides.of(Map.of(), Map.of("LOADTEST_REPORTS_DIR", "/tmp/r")))
                .hasMessageContaining("use -Dloadtest.reports.dir=/tmp/r");
        assertThatThrownBy(() -> Overrides.of(Map.of(), Map.of("LOADTEST_RUN_REPORT", "false")))
                .hasMessageContaining("use -Dloadtest.runReport=false");
        assertThat(OverrideKey.byEnvironmentVariable("LOADTEST_RUN_ID")).isEmpty();
        assertThat(OverrideKey.byEnvironmentVariable("LOADTEST_BASELINE")).contains(OverrideKey.BASELINE);
    }

    @Test
    void switchesAreTrueOrFalse() {
        assertThat(sysprops("loadtest.runReport", "FALSE").get(OverrideKey.RUN_REPORT))
                .hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(false));
        assertThat(sysprops("loadtest.baseline.force", "true").get(OverrideKey.BASELINE_FORCE))
                .hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(true));
        assertThat(sysprops("loadtest.runReport", " ").get(OverrideKey.RUN_REPORT))
                .as("blank: the reader's default")
                .hasValueSatisfying(v -> assertThat(v.value()).isNull());
    }

    @Test
    void aSwitchReadsAsItsValueElseTheReadersDefault() {
        assertThat(sysprops("loadtest.runReport", "FALSE").flag(OverrideKey.RUN_REPORT, true))
                .isFalse();
        assertThat(sysprops("loadtest.baseline.force", "TRUE").flag(OverrideKey.BASELINE_FORCE, false))
                .isTrue();
        assertThat(sysprops("loadtest.runReport", " ").flag(OverrideKey.RUN_REPORT, true))
                .isTrue();
        assertThat(Overrides.none().flag(OverrideKey.BASELINE_FORCE, false)).isFalse();
        assertThatThrownBy(() -> Overrides.none().flag(OverrideKey.USERS, false))
                .hasMessage("loadtest.users is not a true/false key");
    }

    @Test
    void keysNobodyReadsAreUnknown() {
        assertThatThrownBy(() -> sysprops("loadtest.shard.index", "1"))
                .hasMessageStartingWith("-Dloadtest.shard.index=1: unknown loadtest property;");
    }

    @Test
    void otherPropertiesAndVariablesAreNotOurs() {
        Overrides o = Overrides.of(Map.of("java.version", "25", "loadtestx", "1"), Map.of("PATH", "/bin"));
        assertThat(o.users()).isEmpty();
    }

    @Test
    void fromSystemReadsTheRealOnes() {
        // Surefire passes loadtest.runId and loadtest.reports.dir: both must be known keys.
        Overrides o = Overrides.fromSystem();
        assertThat(o.raw("loadtest.runId")).isEqualTo(System.getProperty("loadtest.runId"));
    }

    @Test
    void anUnknownSystemPropertyIsAnErrorWithDidYouMean() {
        assertThatThrownBy(() -> sysprops("loadtest.user", "5"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("-Dloadtest.user=5: unknown loadtest property; did you mean \"loadtest.users\"?"
                        + " known: loadtest.profile, loadtest.users, loadtest.requests,")
                .hasMessageContaining("loadtest.target.baseUrl")
                .hasMessageContaining("loadtest.runReport");
    }

    @Test
    void anUnknownEnvironmentVariableIsAnErrorWithDidYouMean() {
        assertThatThrownBy(() -> Overrides.of(Map.of(), Map.of("LOADTEST_RAMPUP", "5s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LOADTEST_RAMPUP=5s: unknown LOADTEST_ environment variable;"
                        + " did you mean \"LOADTEST_RAMP_UP\"? known: LOADTEST_PROFILE, LOADTEST_USERS,");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            loadtest.users            | 0          | -Dloadtest.users=0: must be a whole number >= 1
            loadtest.users            | five       | -Dloadtest.users=five: must be a whole number >= 1
            loadtest.requests         | -3         | -Dloadtest.requests=-3: must be a whole number >= 1
            loadtest.maxConcurrency   | 1.5        | -Dloadtest.maxConcurrency=1.5: must be a whole number >= 1
            loadtest.warmupIterations | -1         | -Dloadtest.warmupIterations=-1: must be a whole number >= 0
            loadtest.duration         | 5 minutes  | -Dloadtest.duration=5 minutes: not a duration; use seconds (300), 300s, 5m, 1h, 250ms or ISO-8601 (PT5M)
            loadtest.duration         | 0          | -Dloadtest.duration=0: must be greater than 0
            loadtest.rampUp           | -1s        | -Dloadtest.rampUp=-1s: must not be negative
            loadtest.rate             | 0          | -Dloadtest.rate=0: must be a number > 0 (arrivals per second)
            loadtest.thinkTime        | 500        | -Dloadtest.thinkTime=500: not a think time
            loadtest.seed             | 1.5        | -Dloadtest.seed=1.5: must be a whole number
            loadtest.profile          | Heavy!     | -Dloadtest.profile=Heavy!: not a profile name
            loadtest.target.baseUrl   | staging    | -Dloadtest.target.baseUrl=staging: not an absolute http/https URL with a host
            loadtest.progressInterval | 0s         | -Dloadtest.progressInterval=0s: must be greater than 0
            loadtest.runReport        | maybe      | -Dloadtest.runReport=maybe: must be true or false
            loadtest.baseline.force   | yes        | -Dloadtest.baseline.force=yes: must be true or false
            """)
    void valuesAreValidatedLikeFileValues(String property, String value, String expected) {
        assertThatThrownBy(() -> sysprops(property, value))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected);
    }

    @Test
    void environmentValuesNameTheVariable() {
        assertThatThrownBy(() -> Overrides.of(Map.of(), Map.of("LOADTEST_USERS", "0")))
                .hasMessage("LOADTEST_USERS=0: must be a whole number >= 1");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> Overrides.of(
                        pairs("loadtest.user", "5", "loadtest.duration", "forever"), Map.of("LOADTEST_RATE", "-1")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .hasSize(3)
                        .anySatisfy(p -> assertThat(p).startsWith("-Dloadtest.user=5: unknown"))
                        .anySatisfy(p -> assertThat(p).startsWith("-Dloadtest.duration=forever: not a duration"))
                        .anySatisfy(p -> assertThat(p).startsWith("LOADTEST_RATE=-1: must be a number > 0")));
    }

    @Test
    void embeddedCanBeAskedForExplicitly() {
        Overrides o = sysprops("loadtest.target.baseUrl", "embedded");
        assertThat(o.targetBaseUrl()).hasValueSatisfying(s -> {
            assertThat(s.value()).isNull();
            assertThat(s.origin()).isEqualTo("-Dloadtest.target.baseUrl");
        });
    }
}
