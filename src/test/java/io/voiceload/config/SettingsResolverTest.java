package io.voiceload.config;

import static io.voiceload.config.TestConfigs.config;
import static io.voiceload.config.TestConfigs.pairs;
import static io.voiceload.config.TestConfigs.sysprops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SettingsResolverTest {

    /** Every level can set users: file 10, category 20 (25), annotation 30, profile "fixed" 40. */
    static final LoadTestConfig CONFIG = config("""
            "concurrent_users": 10, "requests_per_user": 20, "test_duration": "60s",
            "max_response_time": 900, "max_error_rate": 0.03, "seed": 99,
            "thresholds": { "p99": "2s" },
            "profiles": {
              "fixed": { "users": 40, "scale": 3, "ramp_up": "7s" },
              "strict": { "thresholds": { "p95": "100ms", "max_dropped": 0 } }
            },
            "categories": {
              "concurrent-calls": { "users": 20, "ramp_up": "3s", "thresholds": { "p95": "500ms" },
                                    "settings": { "operation_mix": { "create_call": 3 } } },
              "auth-system": { "users": 25, "thresholds": { "p95": "300ms", "p50": "100ms" } }
            }
            """);

    static final Overrides NONE = Overrides.none();

    static ResolvedSettings resolve(Overrides overrides, RequestedSettings requested, String... tags) {
        return resolve(CONFIG, overrides, requested, tags);
    }

    static ResolvedSettings resolve(
            LoadTestConfig config, Overrides overrides, RequestedSettings requested, String... tags) {
        return SettingsResolver.resolve(config, overrides, requested, new LinkedHashSet<>(List.of(tags)));
    }

    static RequestedSettings.Builder annotation() {
        return RequestedSettings.builder().testName("CallsIT.create");
    }

    @Nested
    class Precedence {

        @Test
        void systemPropertyEnvironmentProfileAnnotationCategoryFileBuiltIn() {
            RequestedSettings users30 = annotation().users(30).build();
            Map<String, String> env = Map.of("LOADTEST_USERS", "50");

            assertThat(resolve(
                                    Overrides.of(pairs("loadtest.users", "60", "loadtest.profile", "fixed"), env),
                                    users30,
                                    "concurrent-calls")
                            .users())
                    .isEqualTo(Sourced.of(60, "-Dloadtest.users"));
            assertThat(resolve(Overrides.of(pairs("loadtest.profile", "fixed"), env), users30, "concurrent-calls")
                            .users())
                    .isEqualTo(Sourced.of(50, "LOADTEST_USERS"));
            assertThat(resolve(sysprops("loadtest.profile", "fixed"), users30, "concurrent-calls")
                            .users())
                    .isEqualTo(Sourced.of(40, "profile \"fixed\""));
            assertThat(resolve(sysprops("loadtest.profile", "normal"), users30, "concurrent-calls")
                            .users())
                    .isEqualTo(Sourced.of(30, "@LoadTest"));
            assertThat(resolve(NONE, RequestedSettings.NONE, "concurrent-calls").users())
                    .isEqualTo(Sourced.of(20, "categories.concurrent-calls"));
            assertThat(resolve(NONE, RequestedSettings.NONE).users())
                    .isEqualTo(Sourced.of(10, "load_test_config.json concurrent_users"));
            assertThat(resolve(config(""), NONE, RequestedSettings.NONE).users())
                    .isEqualTo(Sourced.of(BuiltInDefaults.DEFAULT_USERS, "built-in default"));
        }

        @Test
        void eachValueResolvesOnItsOwn() {
            ResolvedSettings s = resolve(
                    Overrides.of(Map.of("loadtest.thinkTime", "1s"), Map.of("LOADTEST_WARMUP", "4s")),
                    annotation().users(30).build(),
                    "concurrent-calls");
            assertThat(s.users()).isEqualTo(Sourced.of(30, "@LoadTest"));
            assertThat(s.rampUp()).isEqualTo(Sourced.of(Duration.ofSeconds(3), "categories.concurrent-calls"));
            assertThat(s.thinkTime()).isEqualTo(Sourced.of(ThinkTime.parse("1s", "x"), "-Dloadtest.thinkTime"));
            assertThat(s.warmup()).isEqualTo(Sourced.of(Duration.ofSeconds(4), "LOADTEST_WARMUP"));
            assertThat(s.requests()).isEqualTo(Sourced.of(20, "load_test_config.json requests_per_user"));
            assertThat(s.maxTestDuration()).isEqualTo(Sourced.of(Duration.ofMinutes(15), "built-in default"));
        }

        @Test
        void profileSelectionCommandLineThenAnnotationThenFile() {
            LoadTestConfig withDefault = config("\"profile\": \"light\"");
            RequestedSettings wantsSoak = annotation().profile("soak").build();

            assertThat(resolve(withDefault, sysprops("loadtest.profile", "heavy"), wantsSoak)
                            .profile())
                    .isEqualTo(Sourced.of("heavy", "-Dloadtest.profile"));
            assertThat(resolve(withDefault, Overrides.of(Map.of(), Map.of("LOADTEST_PROFILE", "stress")), wantsSoak)
                            .profile())
                    .isEqualTo(Sourced.of("stress", "LOADTEST_PROFILE"));
            assertThat(resolve(withDefault, NONE, wantsSoak).profile()).isEqualTo(Sourced.of("soak", "@LoadTest"));
            assertThat(resolve(withDefault, NONE, RequestedSettings.NONE).profile())
                    .isEqualTo(Sourced.of("light", "load_test_config.json profile"));
            assertThat(resolve(NONE, RequestedSettings.NONE).profile().value()).isNull();
        }

        @Test
        void seedTargetAndIntervals() {
            ResolvedSettings fromFile = resolve(NONE, RequestedSettings.NONE);
            assertThat(fromFile.seed()).isEqualTo(Sourced.of(99L, "load_test_config.json seed"));
            assertThat(fromFile.targetBaseUrl()).isEqualTo(Sourced.of(null, "built-in default"));
            assertThat(fromFile.isEmbeddedTarget()).isTrue();
            assertThat(fromFile.progressInterval()).isEqualTo(Sourced.of(Duration.ofSeconds(5), "built-in default"));
            assertThat(fromFile.generatorLagLimit()).isEqualTo(Sourced.of(Duration.ofMillis(100), "built-in default"));
            assertThat(fromFile.memoryThresholdMb().value()).isEqualTo(BuiltInDefaults.DEFAULT_MEMORY_THRESHOLD_MB);

            ResolvedSettings overridden = resolve(
                    sysprops(
                            "loadtest.seed", "7",
                            "loadtest.target.baseUrl", "http://10.0.0.5:8080",
                            "loadtest.progressInterval", "1s"),
                    RequestedSettings.NONE);
            assertThat(overridden.seed()).isEqualTo(Sourced.of(7L, "-Dloadtest.seed"));
            assertThat(overridden.targetBaseUrl())
                    .isEqualTo(Sourced.of(URI.create("http://10.0.0.5:8080"), "-Dloadtest.target.baseUrl"));
            assertThat(overridden.progressInterval())
                    .isEqualTo(Sourced.of(Duration.ofSeconds(1), "-Dloadtest.progressInterval"));

            LoadTestConfig staging =
                    config("\"target\": { \"base_url\": \"https://staging.example.com\" }, \"seed\": null");
            ResolvedSettings s = resolve(staging, NONE, RequestedSettings.NONE);
            assertThat(s.targetBaseUrl())
                    .isEqualTo(Sourced.of(
                            URI.create("https://staging.example.com"), "load_test_config.json target.base_url"));
            assertThat(s.seed()).isEqualTo(Sourced.of(null, "built-in default"));
        }
    }

    @Nested
    class StopCondition {

        @Test
        void theHighestSourceSettingEitherDecidesBoth() {
            ResolvedSettings s = resolve(
                    sysprops("loadtest.duration", "300s"),
                    annotation().requests(100).build());
            assertThat(s.duration()).isEqualTo(Sourced.of(Duration.ofSeconds(300), "-Dloadtest.duration"));
            assertThat(s.requests()).isEqualTo(Sourced.of(null, "the stop condition is set by -Dloadtest.duration"));
            assertThat(s.notes())
                    .contains(
                            "requests = 100 from @LoadTest not used: the stop condition is set by -Dloadtest.duration");
        }

        @Test
        void theFileDefaultsSetBoth() {
            ResolvedSettings s = resolve(NONE, RequestedSettings.NONE);
            assertThat(s.requests()).isEqualTo(Sourced.of(20, "load_test_config.json requests_per_user"));
            assertThat(s.duration())
                    .isEqualTo(Sourced.of(Duration.ofSeconds(60), "load_test_config.json test_duration"));
        }

        @Test
        void anAnnotationSettingOnlyRequestsRunsUntilTheyAreDone() {
            ResolvedSettings s = resolve(NONE, annotation().requests(100).build());
            assertThat(s.requests()).isEqualTo(Sourced.of(100, "@LoadTest"));
            assertThat(s.duration().value()).isNull();
            assertThat(s.duration().origin()).isEqualTo("the stop condition is set by @LoadTest");
            assertThat(s.notes()).isEmpty();
        }

        @Test
        void aProfileDurationReplacesTheAnnotationsRequests() {
            ResolvedSettings s = resolve(
                    sysprops("loadtest.profile", "smoke"),
                    annotation().requests(100).duration(Duration.ofSeconds(5)).build());
            assertThat(s.duration()).isEqualTo(Sourced.of(Duration.ofSeconds(30), "profile \"smoke\""));
            assertThat(s.requests().value()).isNull();
            assertThat(s.notes())
                    .containsExactly(
                            "requests = 100 from @LoadTest not used: the stop condition is set by profile \"smoke\"");
        }

        @Test
        void bothFromOneSourceBothApply() {
            ResolvedSettings s = resolve(
                    Overrides.of(Map.of(), Map.of("LOADTEST_REQUESTS", "5", "LOADTEST_DURATION", "10")),
                    annotation().requests(100).build());
            assertThat(s.requests()).isEqualTo(Sourced.of(5, "LOADTEST_REQUESTS"));
            assertThat(s.duration()).isEqualTo(Sourced.of(Duration.ofSeconds(10), "LOADTEST_DURATION"));
        }

        @Test
        void warmupTimeAndIterationsResolveAsAUnitToo() {
            ResolvedSettings s = resolve(
                    sysprops("loadtest.warmupIterations", "3"),
                    annotation().warmup(Duration.ofSeconds(10)).build());
            assertThat(s.warmupIterations()).isEqualTo(Sourced.of(3, "-Dloadtest.warmupIterations"));
            assertThat(s.warmup().value()).isNull();
            assertThat(s.notes()).anyMatch(n -> n.startsWith("warmup = 10s from @LoadTest not used"));

            ResolvedSettings builtIn = resolve(config(""), NONE, RequestedSettings.NONE);
            assertThat(builtIn.warmup()).isEqualTo(Sourced.of(Duration.ZERO, "built-in default"));
            assertThat(builtIn.warmupIterations()).isEqualTo(Sourced.of(0, "built-in default"));
        }

        @Test
        void maxTestDurationCapsEveryRun() {
            assertThatThrownBy(() -> resolve(
                            NONE, annotation().duration(Duration.ofMinutes(20)).build()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(
                            "duration = 20m (@LoadTest) exceeds max_test_duration = 15m (built-in default);"
                                    + " raise max_test_duration in load_test_config.json or with -Dloadtest.maxTestDuration");

            ResolvedSettings raised = resolve(
                    sysprops("loadtest.maxTestDuration", "30m"),
                    annotation().duration(Duration.ofMinutes(20)).build());
            assertThat(raised.maxTestDuration())
                    .isEqualTo(Sourced.of(Duration.ofMinutes(30), "-Dloadtest.maxTestDuration"));

            LoadTestConfig shortCap = config("\"max_test_duration\": \"20s\", \"test_duration\": \"10s\"");
            assertThatCode(() -> resolve(shortCap, NONE, annotation().rate(5.0).build()))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> resolve(
                            shortCap,
                            sysprops("loadtest.profile", "spike"),
                            annotation().rate(5.0).build()))
                    .hasMessageStartingWith("stages last 30s (profile \"spike\"), more than max_test_duration = 20s"
                            + " (load_test_config.json max_test_duration)");
        }
    }

    @Nested
    class Scale {

        @Test
        void multipliesUsersFromLowerSources() {
            ResolvedSettings s = resolve(
                    sysprops("loadtest.profile", "heavy"), annotation().users(5).build());
            assertThat(s.users()).isEqualTo(Sourced.of(50, "@LoadTest × profile \"heavy\" scale 10"));

            assertThat(resolve(sysprops("loadtest.profile", "heavy"), RequestedSettings.NONE)
                            .users())
                    .isEqualTo(Sourced.of(100, "load_test_config.json concurrent_users × profile \"heavy\" scale 10"));
        }

        @Test
        void roundsUsersUpToAtLeastOne() {
            assertThat(resolve(
                                    sysprops("loadtest.profile", "light"),
                                    annotation().users(3).build())
                            .users()
                            .value())
                    .isEqualTo(2);
            LoadTestConfig tiny = config("\"profiles\": { \"light\": { \"scale\": 0.01 } }");
            assertThat(resolve(
                                    tiny,
                                    sysprops("loadtest.profile", "light"),
                                    annotation().users(3).build())
                            .users()
                            .value())
                    .isEqualTo(1);
        }

        @Test
        void doesNotScaleWhatTheProfileOrTheCommandLineSets() {
            assertThat(resolve(
                                    sysprops("loadtest.profile", "fixed"),
                                    annotation().users(5).build())
                            .users())
                    .isEqualTo(Sourced.of(40, "profile \"fixed\""));
            assertThat(resolve(
                                    sysprops("loadtest.profile", "heavy", "loadtest.users", "7"),
                                    annotation().users(5).build())
                            .users())
                    .isEqualTo(Sourced.of(7, "-Dloadtest.users"));
        }

        @Test
        void multipliesRateStagesAndMaxConcurrencyOfOpenTests() {
            ResolvedSettings s = resolve(
                    sysprops("loadtest.profile", "heavy"),
                    annotation()
                            .rate(20.0)
                            .stages(List.of(new Stage(40, Duration.ofSeconds(10))))
                            .maxConcurrency(30)
                            .build());
            assertThat(s.rate()).isEqualTo(Sourced.of(200.0, "@LoadTest × profile \"heavy\" scale 10"));
            assertThat(s.stages().value()).containsExactly(new Stage(400, Duration.ofSeconds(10)));
            assertThat(s.maxConcurrency()).isEqualTo(Sourced.of(300, "@LoadTest × profile \"heavy\" scale 10"));

            ResolvedSettings defaults = resolve(
                    sysprops("loadtest.profile", "heavy"),
                    annotation().rate(1.0).build());
            assertThat(defaults.maxConcurrency())
                    .isEqualTo(Sourced.of(10_000, "built-in default × profile \"heavy\" scale 10"));
        }
    }

    @Nested
    class WorkloadModels {

        @Test
        void closedTestsIgnoreRateSettingsWithANote() {
            ResolvedSettings s = resolve(
                    sysprops("loadtest.profile", "spike", "loadtest.rate", "5"),
                    annotation().users(4).build());
            assertThat(s.model()).isEqualTo(WorkloadModel.CLOSED);
            assertThat(s.users()).isEqualTo(Sourced.of(4, "@LoadTest"));
            assertThat(s.rate()).isEqualTo(Sourced.of(null, "not used: closed-model test"));
            assertThat(s.stages().value()).isEmpty();
            assertThat(s.maxConcurrency().value()).isNull();
            assertThat(s.notes())
                    .containsExactly(
                            "rate from -Dloadtest.rate ignored: closed-model test",
                            "stages from profile \"spike\" ignored: closed-model test",
                            "max_concurrency from profile \"spike\" ignored: closed-model test");
            assertThat(s.describe()).contains("note: stages from profile \"spike\" ignored: closed-model test");
        }

        @Test
        void openTestsUseTheArrivalSchedule() {
            ResolvedSettings s = resolve(NONE, annotation().rate(20.0).build(), "concurrent-calls");
            assertThat(s.model()).isEqualTo(WorkloadModel.OPEN);
            assertThat(s.rate()).isEqualTo(Sourced.of(20.0, "@LoadTest"));
            assertThat(s.stages().value()).isEmpty();
            assertThat(s.maxConcurrency())
                    .isEqualTo(Sourced.of(BuiltInDefaults.DEFAULT_MAX_CONCURRENCY, "built-in default"));
            assertThat(s.users()).isEqualTo(Sourced.of(null, "not used: open-model test"));
            assertThat(s.notes()).isEmpty();
            // requests_per_user counts per user: an open-model test stops on the file's duration
            assertThat(s.requests())
                    .isEqualTo(Sourced.of(null, "the stop condition is set by load_test_config.json test_duration"));
            assertThat(s.duration())
                    .isEqualTo(Sourced.of(Duration.ofSeconds(60), "load_test_config.json test_duration"));
        }

        @Test
        void openTestsMayLimitTheTotalNumberOfRequests() {
            ResolvedSettings s = resolve(
                    sysprops("loadtest.requests", "500"),
                    annotation().rate(20.0).build());
            assertThat(s.requests()).isEqualTo(Sourced.of(500, "-Dloadtest.requests"));
            assertThat(s.duration().value()).isNull();
        }

        @Test
        void openTestsIgnoreUsersWithANote() {
            ResolvedSettings s = resolve(
                    Overrides.of(Map.of(), Map.of("LOADTEST_USERS", "9")),
                    annotation().rate(2.0).build());
            assertThat(s.notes()).containsExactly("users from LOADTEST_USERS ignored: open-model test");
        }

        @Test
        void theSpikeProfileReplacesTheArrivalScheduleAsAUnit() {
            ResolvedSettings s = resolve(
                    sysprops("loadtest.profile", "spike"),
                    annotation().rate(20.0).build());
            assertThat(s.stages().origin()).isEqualTo("profile \"spike\"");
            assertThat(s.stages().value())
                    .containsExactly(new Stage(50, Duration.ofSeconds(10)), new Stage(5, Duration.ofSeconds(20)));
            assertThat(s.stagesDuration()).isEqualTo(Duration.ofSeconds(30));
            assertThat(s.rate()).isEqualTo(Sourced.of(null, "the arrival schedule is set by profile \"spike\""));
            assertThat(s.maxConcurrency()).isEqualTo(Sourced.of(100, "profile \"spike\""));
            assertThat(s.notes())
                    .containsExactly(
                            "rate = 20 from @LoadTest not used: the arrival schedule is set by profile \"spike\"");
        }

        @Test
        void aRateOverrideTurnsStagesIntoAConstantRate() {
            ResolvedSettings s = resolve(
                    sysprops("loadtest.rate", "3"),
                    annotation()
                            .stages(List.of(new Stage(10, Duration.ofSeconds(5))))
                            .build());
            assertThat(s.rate()).isEqualTo(Sourced.of(3.0, "-Dloadtest.rate"));
            assertThat(s.stages().value()).isEmpty();
            assertThat(s.stages().origin()).isEqualTo("the arrival schedule is set by -Dloadtest.rate");
        }
    }

    @Nested
    class AnnotationValidation {

        @Test
        void namesTheAnnotationAttributeAndTest() {
            assertThatThrownBy(() -> resolve(NONE, annotation().users(0).build()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("@LoadTest(users = 0) on CallsIT.create: must be a whole number >= 1");
            assertThatThrownBy(() ->
                            resolve(NONE, annotation().duration(Duration.ZERO).build()))
                    .hasMessage("@LoadTest(duration = \"0s\") on CallsIT.create: must be greater than 0");
            assertThatThrownBy(() -> resolve(NONE, annotation().rate(-1.0).build()))
                    .hasMessage("@LoadTest(rate = -1.0) on CallsIT.create: must be a number > 0 (arrivals per second)");
            assertThatThrownBy(() -> resolve(
                            NONE,
                            annotation()
                                    .annotation("@CheckoutLoad")
                                    .requests(-2)
                                    .build()))
                    .hasMessage("@CheckoutLoad(requests = -2) on CallsIT.create: must be a whole number >= 1");
        }

        @Test
        void aTestIsEitherClosedOrOpen() {
            assertThatThrownBy(
                            () -> resolve(NONE, annotation().users(5).rate(10.0).build()))
                    .hasMessageStartingWith("@LoadTest(users = 5) on CallsIT.create: a test is either closed-model"
                            + " (users) or open-model (rate, stages), not both");
            assertThatThrownBy(
                            () -> resolve(NONE, annotation().maxConcurrency(5).build()))
                    .hasMessageStartingWith(
                            "@LoadTest(maxConcurrency = 5) on CallsIT.create: only for open-model tests");
        }

        @Test
        void stagesAreChecked() {
            assertThatThrownBy(
                            () -> resolve(NONE, annotation().stages(List.of()).build()))
                    .hasMessageContaining("must list at least one stage");
            assertThatThrownBy(() -> resolve(
                            NONE,
                            annotation()
                                    .stages(List.of(new Stage(-1, Duration.ofSeconds(1))))
                                    .build()))
                    .hasMessageContaining("stage 1 target = -1: must be a number >= 0");
        }

        @Test
        void anUnknownAnnotationProfile() {
            assertThatThrownBy(() -> resolve(NONE, annotation().profile("hevy").build()))
                    .hasMessage(
                            "@LoadTest(profile = \"hevy\") on CallsIT.create: unknown profile; defined profiles:"
                                    + " smoke, light, normal, heavy, stress, soak, spike, fixed, strict; did you mean \"heavy\"?");
        }
    }

    @Nested
    class UnknownProfile {

        @Test
        void fromASystemProperty() {
            assertThatThrownBy(() -> new SettingsResolver(config(""), sysprops("loadtest.profile", "hevy")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("-Dloadtest.profile=hevy: unknown profile; defined profiles:"
                            + " smoke, light, normal, heavy, stress, soak, spike; did you mean \"heavy\"?");
        }

        @Test
        void fromTheEnvironment() {
            assertThatThrownBy(() -> new SettingsResolver(
                            config(""), Overrides.of(Map.of(), Map.of("LOADTEST_PROFILE", "extreme"))))
                    .hasMessage("LOADTEST_PROFILE=extreme: unknown profile; defined profiles:"
                            + " smoke, light, normal, heavy, stress, soak, spike");
        }
    }

    @Nested
    class ResolvedThresholdsPrecedence {

        @Test
        void categoryThenFileThenAliases() {
            ResolvedThresholds t = resolve(NONE, RequestedSettings.NONE, "auth-system", "concurrent-calls")
                    .thresholds();
            assertThat(t.p95()).contains(Sourced.of(Duration.ofMillis(300), "categories.auth-system.thresholds.p95"));
            assertThat(t.p50()).contains(Sourced.of(Duration.ofMillis(100), "categories.auth-system.thresholds.p50"));
            assertThat(t.p99()).contains(Sourced.of(Duration.ofSeconds(2), "load_test_config.json thresholds.p99"));
            assertThat(t.errorRate()).contains(Sourced.of(0.03, "load_test_config.json max_error_rate"));
            assertThat(t.max()).isEmpty();
            assertThat(t.byMetric().keySet()).containsExactly("p50", "p95", "p99", "error_rate");
        }

        @Test
        void theFirstCategoryTagThatDefinesAMetricWins() {
            ResolvedThresholds t = resolve(NONE, RequestedSettings.NONE, "fast", "concurrent-calls", "auth-system")
                    .thresholds();
            assertThat(t.p95())
                    .contains(Sourced.of(Duration.ofMillis(500), "categories.concurrent-calls.thresholds.p95"));
            assertThat(t.p50()).contains(Sourced.of(Duration.ofMillis(100), "categories.auth-system.thresholds.p50"));
        }

        @Test
        void theProfileBeatsCategories() {
            ResolvedThresholds t = resolve(
                            sysprops("loadtest.profile", "strict"), RequestedSettings.NONE, "concurrent-calls")
                    .thresholds();
            assertThat(t.p95()).contains(Sourced.of(Duration.ofMillis(100), "profile \"strict\" thresholds.p95"));
            assertThat(t.maxDropped()).contains(Sourced.of(0L, "profile \"strict\" thresholds.max_dropped"));
        }

        @Test
        void maxResponseTimeSuppliesP95() {
            assertThat(resolve(NONE, RequestedSettings.NONE).thresholds().p95())
                    .contains(Sourced.of(Duration.ofMillis(900), "load_test_config.json max_response_time"));
            LoadTestConfig both = config("\"max_response_time\": 900, \"thresholds\": { \"p95\": \"900ms\" }");
            assertThat(resolve(both, NONE, RequestedSettings.NONE).thresholds().p95())
                    .contains(Sourced.of(Duration.ofMillis(900), "load_test_config.json thresholds.p95"));
            assertThat(resolve(config(""), NONE, RequestedSettings.NONE)
                            .thresholds()
                            .isEmpty())
                    .isTrue();
        }
    }

    @Nested
    class WarmupFollowsThePlan {
        private final LoadTestConfig config = config("");

        private Sourced<Integer> warmupIterations(Overrides overrides, RequestedSettings.Builder annotation) {
            return resolve(config, overrides, annotation.build()).warmupIterations();
        }

        @Test
        void aSmallerRequestCountFromTheCommandLineScalesTheWarmupByTheSameFactor() {
            assertThat(warmupIterations(
                            sysprops("loadtest.requests", "3"),
                            annotation().users(20).requests(15).warmupIterations(8)))
                    .isEqualTo(Sourced.of(
                            2, "@LoadTest 8 × 3/15 requests, rounded up (requests from -Dloadtest.requests)"));
            assertThat(warmupIterations(
                                    Overrides.of(Map.of(), Map.of("LOADTEST_REQUESTS", "3")),
                                    annotation().users(20).requests(10).warmupIterations(8))
                            .value())
                    .isEqualTo(3);
        }

        @Test
        void neverMoreWarmupIterationsThanMeasuredOnes() {
            assertThat(warmupIterations(
                            sysprops("loadtest.requests", "3"),
                            annotation().users(10).requests(5).warmupIterations(8)))
                    .isEqualTo(Sourced.of(
                            3,
                            "@LoadTest 8 × 3/5 requests, rounded up = 5, at most the 3 measured (requests from"
                                    + " -Dloadtest.requests)"));
            assertThat(warmupIterations(
                            sysprops("loadtest.requests", "3"),
                            annotation()
                                    .users(20)
                                    .duration(Duration.ofSeconds(15))
                                    .warmupIterations(5)))
                    .isEqualTo(
                            Sourced.of(3, "@LoadTest 5, at most the 3 measured (requests from -Dloadtest.requests)"));
        }

        @Test
        void aWarmupThatFitsOrWasGivenOnTheCommandLineIsKept() {
            assertThat(warmupIterations(NONE, annotation().users(10).requests(5).warmupIterations(8)))
                    .isEqualTo(Sourced.of(8, "@LoadTest"));
            assertThat(warmupIterations(
                            sysprops("loadtest.requests", "100"),
                            annotation().users(10).requests(5).warmupIterations(8)))
                    .isEqualTo(Sourced.of(8, "@LoadTest"));
            assertThat(warmupIterations(
                            sysprops("loadtest.requests", "3"),
                            annotation()
                                    .users(20)
                                    .duration(Duration.ofSeconds(15))
                                    .warmupIterations(1)))
                    .isEqualTo(Sourced.of(1, "@LoadTest"));
            assertThat(warmupIterations(
                            sysprops("loadtest.requests", "3", "loadtest.warmupIterations", "8"),
                            annotation().users(10).requests(5).warmupIterations(2)))
                    .isEqualTo(Sourced.of(8, "-Dloadtest.warmupIterations"));
        }

        @Test
        void thePlanSaysWhereTheScaledValueCameFrom() {
            String plan = resolve(
                            config,
                            sysprops("loadtest.users", "5", "loadtest.requests", "3"),
                            annotation()
                                    .users(20)
                                    .requests(15)
                                    .warmupIterations(8)
                                    .build())
                    .describe();
            assertThat(plan)
                    .contains("  warmup_iterations = 2  (@LoadTest 8 × 3/15 requests, rounded up (requests from"
                            + " -Dloadtest.requests))");
        }
    }

    @Test
    void thePlanShowsCategorySettingsWithoutTheirComments() {
        LoadTestConfig config = config("""
                "categories": { "concurrent-calls": { "settings": {
                  "$comment": "a long explanation of every setting",
                  "user_types": { "guest": { "weight": 1, "$comment": "nested" } } } } }
                """);
        String plan = resolve(config, NONE, RequestedSettings.NONE, "concurrent-calls")
                .describe();
        assertThat(plan)
                .contains("  categories.concurrent-calls.settings = {\"user_types\":{\"guest\":{\"weight\":1}}}")
                .doesNotContain("$comment")
                .doesNotContain("explanation");
        assertThat(resolve(config, NONE, RequestedSettings.NONE, "concurrent-calls")
                        .categorySettings("concurrent-calls")
                        .has("$comment"))
                .as("the settings themselves keep it")
                .isTrue();
    }

    @Test
    void categorySettingsAreHandedThrough() {
        ResolvedSettings s = resolve(NONE, RequestedSettings.NONE, "concurrent-calls", "memory");
        assertThat(s.categories()).containsExactly("concurrent-calls", "memory");
        assertThat(s.categorySettings("concurrent-calls")
                        .at("/operation_mix/create_call")
                        .asInt())
                .isEqualTo(3);
        assertThat(s.categorySettings("memory").isEmpty()).isTrue();
        assertThat(s.categorySettings().keySet()).containsExactly("concurrent-calls");
    }

    @Test
    void describeShowsEveryValueWithItsOrigin() {
        ResolvedSettings s = resolve(
                Overrides.of(Map.of("loadtest.profile", "heavy", "loadtest.duration", "90s"), Map.of()),
                annotation().users(5).requests(100).build(),
                "auth-system");
        String plan = s.describe();
        assertThat(plan)
                .startsWith("effective plan (config: load_test_config.json; categories: auth-system)")
                .contains("  profile = heavy  (-Dloadtest.profile)")
                .contains("  model = closed  (")
                .contains("  users = 50  (@LoadTest × profile \"heavy\" scale 10)")
                .contains("  requests = unbounded  (the stop condition is set by -Dloadtest.duration)")
                .contains("  duration = 1m30s  (-Dloadtest.duration)")
                .contains("  max_test_duration = 15m (hard cap)  (built-in default)")
                .contains("  ramp_up = 0s  (built-in default)")
                .contains("  seed = 99  (load_test_config.json seed)")
                .contains(
                        "  memory_threshold_mb = 512  (built-in default; bounds the heap after GC of tests that record memory)")
                .contains("  target = embedded reference platform  (built-in default)")
                .contains("  thresholds.p95 = 300ms  (categories.auth-system.thresholds.p95)")
                .contains(
                        "  note: requests = 100 from @LoadTest not used: the stop condition is set by -Dloadtest.duration");
        System.out.println(plan);
        System.out.println(resolve(
                        sysprops("loadtest.profile", "spike"),
                        annotation().rate(3.0).build(),
                        "concurrent-calls")
                .describe());
    }

    @Test
    void resolvesWithTheShippedFile() {
        LoadTestConfig shipped = LoadTestConfig.load(java.nio.file.Path.of(LoadTestConfig.FILE_NAME));
        for (String profile : shipped.profiles().keySet()) {
            Overrides o = sysprops("loadtest.profile", profile);
            assertThat(resolve(shipped, o, annotation().users(10).build(), "concurrent-calls")
                            .users()
                            .value())
                    .isPositive();
            assertThat(resolve(shipped, o, annotation().rate(10.0).build(), "memory")
                            .model())
                    .isEqualTo(WorkloadModel.OPEN);
        }
        ResolvedSettings byDefault = resolve(shipped, NONE, RequestedSettings.NONE, "memory");
        assertThat(byDefault.duration().value()).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }
}
