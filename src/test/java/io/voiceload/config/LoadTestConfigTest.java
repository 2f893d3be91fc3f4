package io.voiceload.config;

import static io.voiceload.config.TestConfigs.config;
import static io.voiceload.config.TestConfigs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadTestConfigTest {

    private static final Path SHIPPED = Path.of(LoadTestConfig.FILE_NAME);

    @Nested
    class ShippedFile {

        @Test
        void parsesAndDefinesAllSevenProfiles() {
            LoadTestConfig config = LoadTestConfig.load(SHIPPED);
            assertThat(config.profiles()).containsKeys("smoke", "light", "normal", "heavy", "stress", "soak", "spike");
            assertThat(config.source()).isEqualTo(SHIPPED.toString());
            assertThat(config.isBuiltIn()).isFalse();
        }

        @Test
        void smokeIsFiveUsersForThirtySeconds() {
            Profile smoke = LoadTestConfig.load(SHIPPED).profile("smoke").orElseThrow();
            assertThat(smoke.workload().users()).isEqualTo(5);
            assertThat(smoke.workload().duration()).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        void hasTheSeedSuiteKeysAndEveryCategory() {
            LoadTestConfig config = LoadTestConfig.load(SHIPPED);
            FileDefaults d = config.defaults();
            assertThat(d.concurrentUsers()).isPositive();
            assertThat(d.requestsPerUser()).isPositive();
            assertThat(d.testDuration()).isLessThanOrEqualTo(Duration.ofSeconds(30));
            assertThat(d.memoryThresholdMb()).isPositive();
            assertThat(d.maxResponseTime()).isEqualTo(Duration.ofSeconds(1));
            assertThat(d.maxErrorRate()).isEqualTo(0.01);
            assertThat(d.maxTestDuration()).isEqualTo(Duration.ofMinutes(15));
            assertThat(config.categories()).containsOnlyKeys(LoadTestConfig.CATEGORIES);
            assertThat(config.target().isEmbedded()).isTrue();
            assertThat(config.category("concurrent-calls")
                            .orElseThrow()
                            .settings()
                            .path("operation_mix"))
                    .isNotEmpty();
        }

        @Test
        void everyProfileFitsUnderTheHardCap() {
            LoadTestConfig config = LoadTestConfig.load(SHIPPED);
            config.profiles().values().forEach(p -> {
                if (p.workload().duration() != null) {
                    assertThat(p.workload().duration())
                            .as(p.name())
                            .isLessThanOrEqualTo(config.defaults().maxTestDuration());
                }
            });
        }

        @Test
        void theBuiltInDefaultsAreACopyOfIt() throws Exception {
            ObjectMapper mapper = new ObjectMapper();
            try (var in = LoadTestConfig.class.getResourceAsStream(LoadTestConfig.BUILT_IN_RESOURCE)) {
                assertThat(mapper.readTree(in)).isEqualTo(mapper.readTree(SHIPPED.toFile()));
            }
            assertThat(LoadTestConfig.builtIn().source()).isEqualTo("built-in defaults");
        }

        @Test
        void sharedIsLocatedOnceAndCached() {
            assertThat(LoadTestConfig.shared()).isSameAs(LoadTestConfig.shared());
        }
    }

    @Nested
    class Values {

        @Test
        void readsEverySection() {
            LoadTestConfig config = config("""
                    "concurrent_users": 12, "requests_per_user": 7, "test_duration": 45, "ramp_up": "1.5s",
                    "think_time": "100ms..200ms", "warmup": "2s", "warmup_iterations": 3, "max_test_duration": "20m",
                    "memory_threshold_mb": 256, "max_response_time": 800, "max_error_rate": 0.02, "seed": 7,
                    "progress_interval": 10, "generator_lag_limit": 50, "profile": "heavy", "description": "d",
                    "$comment": "ignored",
                    "thresholds": { "p99": 1500, "min_rps": 20, "max_dropped": 0 },
                    "target": { "base_url": "https://staging.example.com/api", "description": "staging" },
                    "categories": { "memory": { "users": 3, "thresholds": { "max": "3s" } },
                                    "concurrent-calls": { "settings": { "operation_mix": { "lookup": 2 } } } }
                    """);
            FileDefaults d = config.defaults();
            assertThat(d.concurrentUsers()).isEqualTo(12);
            assertThat(d.requestsPerUser()).isEqualTo(7);
            assertThat(d.testDuration()).isEqualTo(Duration.ofSeconds(45));
            assertThat(d.rampUp()).isEqualTo(Duration.ofMillis(1500));
            assertThat(d.thinkTime()).hasToString("100ms..200ms");
            assertThat(d.warmup()).isEqualTo(Duration.ofSeconds(2));
            assertThat(d.warmupIterations()).isEqualTo(3);
            assertThat(d.maxTestDuration()).isEqualTo(Duration.ofMinutes(20));
            assertThat(d.memoryThresholdMb()).isEqualTo(256);
            assertThat(d.maxResponseTime()).isEqualTo(Duration.ofMillis(800));
            assertThat(d.maxErrorRate()).isEqualTo(0.02);
            assertThat(d.seed()).isEqualTo(7L);
            assertThat(d.progressInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(d.generatorLagLimit()).isEqualTo(Duration.ofMillis(50));
            assertThat(config.defaultProfile()).contains("heavy");
            assertThat(config.thresholds().p99()).isEqualTo(Duration.ofMillis(1500));
            assertThat(config.thresholds().minRps()).isEqualTo(20.0);
            assertThat(config.thresholds().maxDropped()).isZero();
            assertThat(config.effectiveThresholds().p95()).isEqualTo(Duration.ofMillis(800));
            assertThat(config.effectiveThresholds().errorRate()).isEqualTo(0.02);
            assertThat(config.target().baseUrl()).isEqualTo(URI.create("https://staging.example.com/api"));
            Category memory = config.category("memory").orElseThrow();
            assertThat(memory.workload().users()).isEqualTo(3);
            assertThat(memory.settings().isEmpty()).isTrue();
            assertThat(config.category("concurrent-calls")
                            .orElseThrow()
                            .settings()
                            .at("/operation_mix/lookup")
                            .asInt())
                    .isEqualTo(2);
            assertThat(memory.thresholds().max()).isEqualTo(Duration.ofSeconds(3));
            assertThat(config.category("auth-system")).isEmpty();
            assertThat(config.profile("nope")).isEmpty();
            Profile spike = config.profile("spike").orElseThrow();
            assertThat(spike.workload().stages())
                    .containsExactly(new Stage(50, Duration.ofSeconds(10)), new Stage(5, Duration.ofSeconds(20)));
        }

        @Test
        void nullMeansUnset() {
            LoadTestConfig config = config("\"seed\": null, \"profile\": null, \"target\": {\"base_url\": null}");
            assertThat(config.defaults().seed()).isNull();
            assertThat(config.defaultProfile()).isEmpty();
            assertThat(config.target().isEmbedded()).isTrue();
        }

        @Test
        void usersMayAddProfiles() {
            LoadTestConfig config = config("\"profiles\": { \"nightly_2x\": { \"scale\": 2 } }");
            assertThat(config.profile("nightly_2x").orElseThrow().scale()).isEqualTo(2.0);
            assertThat(config.profiles().keySet()).startsWith("smoke").endsWith("nightly_2x");
        }

        @Test
        void aSeedKeyAndItsThresholdsKeyMayAgree() {
            LoadTestConfig config = config("\"max_response_time\": \"1s\", \"thresholds\": { \"p95\": 1000 }");
            assertThat(config.effectiveThresholds().p95()).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Nested
    class Errors {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                unknown top-level key  | "concurent_users": 5 | load_test_config.json: unknown key "concurent_users" at top level; did you mean "concurrent_users"? allowed: description, concurrent_users, requests_per_user,
                unknown profile key    | "profiles": { "heavy": { "user": 5 } } | load_test_config.json: unknown key "user" in profiles.heavy; did you mean "users"? allowed: description, users, requests,
                unknown thresholds key | "thresholds": { "error-rate": 0.1 } | load_test_config.json: unknown key "error-rate" in thresholds; did you mean "error_rate"? allowed: avg, p50, p90, p95, p99, p999, max, error_rate, min_rps, max_dropped
                unknown profile thresholds key | "profiles": { "soak": { "thresholds": { "p9999": 5 } } } | unknown key "p9999" in profiles.soak.thresholds; did you mean "p999"?
                unknown category key   | "categories": { "memory": { "setting": {} } } | load_test_config.json: unknown key "setting" in categories.memory; did you mean "settings"? allowed:
                unknown target key     | "target": { "baseUrl": "http://x" } | load_test_config.json: unknown key "baseUrl" in target; did you mean "base_url"? allowed: base_url, mode, readiness_path, description
                unknown category       | "categories": { "concurrent_calls": {} } | load_test_config.json: unknown category "concurrent_calls" in categories; did you mean "concurrent-calls"? allowed: concurrent-calls, pms-connector, auth-system, memory, database-redis, network-failure
                unknown key no hint    | "colour": "blue" | load_test_config.json: unknown key "colour" at top level; allowed:
                duration in words      | "test_duration": "5 minutes" | load_test_config.json: test_duration = "5 minutes": not a duration; use seconds (300), 300s, 5m, 1h, 250ms or ISO-8601 (PT5M)
                latency in words       | "max_response_time": "fast" | load_test_config.json: max_response_time = "fast": not a duration; use milliseconds (250)
                duration as boolean    | "ramp_up": true | load_test_config.json: ramp_up = true: not a duration; use seconds (300)
                negative users         | "profiles": { "heavy": { "users": -5 } } | load_test_config.json: profiles.heavy.users = -5: must be a whole number >= 1
                zero users             | "concurrent_users": 0 | load_test_config.json: concurrent_users = 0: must be a whole number >= 1
                zero requests          | "requests_per_user": 0 | load_test_config.json: requests_per_user = 0: must be a whole number >= 1
                fractional users       | "concurrent_users": 2.5 | load_test_config.json: concurrent_users = 2.5: must be a whole number >= 1
                users as string        | "concurrent_users": "5" | load_test_config.json: concurrent_users = "5": must be a whole number >= 1
                huge users             | "concurrent_users": 3000000000 | concurrent_users = 3000000000: must be a whole number >= 1 and <= 2147483647
                negative warmup iterations | "warmup_iterations": -1 | load_test_config.json: warmup_iterations = -1: must be a whole number >= 0
                zero duration          | "test_duration": 0 | load_test_config.json: test_duration = 0: must be greater than 0
                negative ramp-up       | "ramp_up": "-5s" | load_test_config.json: ramp_up = "-5s": must not be negative
                zero memory threshold  | "memory_threshold_mb": 0 | memory_threshold_mb = 0: must be a whole number >= 1
                error rate above one   | "thresholds": { "error_rate": 1.5 } | load_test_config.json: thresholds.error_rate = 1.5: must be a number from 0 to 1
                max error rate above one | "max_error_rate": 1.5 | load_test_config.json: max_error_rate = 1.5: must be a number from 0 to 1
                zero p95               | "thresholds": { "p95": 0 } | load_test_config.json: thresholds.p95 = 0: must be greater than 0
                negative min rps       | "thresholds": { "min_rps": -1 } | thresholds.min_rps = -1: must be a number >= 0
                zero rate              | "profiles": { "spike": { "rate": 0 } } | load_test_config.json: profiles.spike.rate = 0: must be a number > 0 (arrivals per second)
                zero scale             | "profiles": { "heavy": { "scale": 0 } } | load_test_config.json: profiles.heavy.scale = 0: must be a number > 0
                negative stage target  | "profiles": { "spike": { "stages": [ { "target": -1, "duration": "10s" } ] } } | load_test_config.json: profiles.spike.stages[0].target = -1: must be a number >= 0
                stage without duration | "profiles": { "spike": { "stages": [ { "target": 1 } ] } } | load_test_config.json: profiles.spike.stages[0].duration: missing
                empty stages           | "profiles": { "spike": { "stages": [] } } | load_test_config.json: profiles.spike.stages = []: must be a non-empty array
                bad think time         | "think_time": "500" | load_test_config.json: think_time = "500": not a think time; use none, 500ms (constant)
                seed as text           | "seed": "abc" | load_test_config.json: seed = "abc": must be a whole number
                bad URL                | "target": { "base_url": "localhost:8080" } | load_test_config.json: target.base_url = "localhost:8080": not an absolute http/https URL with a host
                ftp URL                | "target": { "base_url": "ftp://files.example.com" } | target.base_url = "ftp://files.example.com": not an absolute http/https URL
                unknown default profile | "profile": "hevy" | load_test_config.json: profile = "hevy": unknown profile; defined profiles: smoke, light, normal, heavy, stress, soak, spike; did you mean "heavy"?
                bad profile name       | "profiles": { "Heavy2": {} } | load_test_config.json: profiles."Heavy2": not a profile name; names match [a-z][a-z0-9_-]*
                profile not an object  | "profiles": { "heavy": 5 } | load_test_config.json: profiles.heavy = 5: must be a JSON object
                settings not an object | "categories": { "memory": { "settings": [1] } } | load_test_config.json: categories.memory.settings = [1]: must be a JSON object
                unknown settings key   | "categories": { "concurrent-calls": { "settings": { "operation_mx": {} } } } | load_test_config.json: unknown key "operation_mx" in categories.concurrent-calls.settings; did you mean "operation_mix"? allowed: operation_mix, user_types
                settings nobody reads  | "categories": { "auth-system": { "settings": { "leak_check_cycles": 3 } } } | load_test_config.json: unknown key "leak_check_cycles" in categories.auth-system.settings; the tests of auth-system read no settings: remove it
                description not text   | "description": 5 | load_test_config.json: description = 5: must be a string
                p95 alias conflict     | "max_response_time": 1000, "thresholds": { "p95": 800 } | load_test_config.json: max_response_time = 1000 and thresholds.p95 = 800 disagree (1s vs 800ms)
                error rate alias conflict | "max_error_rate": 0.01, "thresholds": { "error_rate": 0.05 } | load_test_config.json: max_error_rate = 0.01 and thresholds.error_rate = 0.05 disagree
                """)
        void namesKeyPathValueAndWhatIsAllowed(String name, String fields, String expected) {
            assertThatThrownBy(() -> config(fields))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(expected);
        }

        @Test
        void reportsEveryProblemAtOnce() {
            assertThatThrownBy(() -> config("\"concurrent_users\": 0, \"requests_per_user\": -1"))
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                            .containsExactly(
                                    "load_test_config.json: concurrent_users = 0: must be a whole number >= 1",
                                    "load_test_config.json: requests_per_user = -1: must be a whole number >= 1"))
                    .hasMessageStartingWith("2 configuration problems:");
        }

        @Test
        void malformedJsonNamesFileLineAndColumn() {
            String json = "{\n  \"concurrent_users\": 10,\n  \"requests_per_user\": }\n";
            assertThatThrownBy(() -> LoadTestConfig.parse(json, "load_test_config.json"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("load_test_config.json: malformed JSON at line 3, column 24: ")
                    .hasMessageContaining("Unexpected character ('}'");
        }

        @Test
        void duplicateKeysAreAnErrorNamingThePath() {
            String json = json("").replace("\"users\" : 5,", "\"users\" : 5, \"users\" : 50,");
            assertThat(json).contains("\"users\" : 50");
            assertThatThrownBy(() -> LoadTestConfig.parse(json, "load_test_config.json"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("load_test_config.json: duplicate key \"users\" in profiles.smoke at line ")
                    .hasMessageContaining("nothing may be silently dropped");
        }

        @Test
        void duplicateTopLevelKey() {
            String json = "{ \"seed\": 1, \"seed\": 2 }";
            assertThatThrownBy(() -> LoadTestConfig.parse(json, "cfg.json"))
                    .hasMessageStartingWith("cfg.json: duplicate key \"seed\" at top level at line 1, column ");
        }

        @Test
        void contentAfterTheObjectIsAnError() {
            assertThatThrownBy(() -> LoadTestConfig.parse(json("") + " {}", "load_test_config.json"))
                    .hasMessageContaining("load_test_config.json: malformed JSON at line ")
                    .hasMessageContaining("unexpected content after the end of the top-level object");
        }

        @Test
        void emptyOrNonObjectFiles() {
            assertThatThrownBy(() -> LoadTestConfig.parse("  ", "load_test_config.json"))
                    .hasMessageStartingWith("load_test_config.json: empty; expected a JSON object");
            assertThatThrownBy(() -> LoadTestConfig.parse("[1]", "load_test_config.json"))
                    .hasMessageStartingWith("load_test_config.json: the top level must be a JSON object");
        }

        @Test
        void theSevenProfilesAreRequired() {
            assertThatThrownBy(() -> LoadTestConfig.parse("{}", "load_test_config.json"))
                    .hasMessage("load_test_config.json: profiles: missing; the file must define at least the"
                            + " profiles smoke, light, normal, heavy, stress, soak, spike");
            String withoutSpike = "{ \"profiles\": { \"smoke\": {}, \"light\": {}, \"normal\": {}, \"heavy\": {},"
                    + " \"stress\": {}, \"soak\": {} } }";
            assertThatThrownBy(() -> LoadTestConfig.parse(withoutSpike, "load_test_config.json"))
                    .hasMessageStartingWith("load_test_config.json: profiles: missing \"spike\"; ");
        }

        @Test
        void loadNamesTheFileByItsPath(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
            Path file = dir.resolve("ci.json");
            Files.writeString(file, json("\"concurrent_users\": -1"));
            assertThatThrownBy(() -> LoadTestConfig.load(file))
                    .hasMessage(file + ": concurrent_users = -1: must be a whole number >= 1");
            assertThatThrownBy(() -> LoadTestConfig.load(dir.resolve("missing.json")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("missing.json: cannot read");
        }
    }

    @Nested
    class Locate {

        @org.junit.jupiter.api.io.TempDir
        Path root;

        @Test
        void findsTheFileInTheNearestParent() throws Exception {
            Path project = Files.createDirectories(root.resolve("project"));
            Path deep = Files.createDirectories(project.resolve("module/src/test"));
            Files.writeString(root.resolve(LoadTestConfig.FILE_NAME), json("\"concurrent_users\": 1"));
            Files.writeString(project.resolve(LoadTestConfig.FILE_NAME), json("\"concurrent_users\": 2"));

            LoadTestConfig config = LoadTestConfig.locate(Overrides.none(), deep);

            assertThat(config.source())
                    .isEqualTo(project.resolve(LoadTestConfig.FILE_NAME).toString());
            assertThat(config.defaults().concurrentUsers()).isEqualTo(2);
        }

        @Test
        void prefersTheWorkingDirectory() throws Exception {
            Files.writeString(root.resolve(LoadTestConfig.FILE_NAME), json("\"concurrent_users\": 3"));
            assertThat(LoadTestConfig.locate(Overrides.none(), root).defaults().concurrentUsers())
                    .isEqualTo(3);
        }

        @Test
        void theConfigOverrideWins() throws Exception {
            Files.writeString(root.resolve(LoadTestConfig.FILE_NAME), json("\"concurrent_users\": 3"));
            Files.createDirectories(root.resolve("conf"));
            Files.writeString(root.resolve("conf/ci.json"), json("\"concurrent_users\": 4"));
            Overrides overrides = Overrides.of(Map.of(), Map.of("LOADTEST_CONFIG", "conf/ci.json"));

            LoadTestConfig config = LoadTestConfig.locate(overrides, root);

            assertThat(config.defaults().concurrentUsers()).isEqualTo(4);
            assertThat(config.label()).isEqualTo("ci.json");
        }

        @Test
        void aMissingConfigOverrideIsAnError() {
            Overrides overrides = TestConfigs.sysprops("loadtest.config", "nope.json");
            assertThatThrownBy(() -> LoadTestConfig.locate(overrides, root))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("-Dloadtest.config=nope.json: no such file (looked for "
                            + root.toAbsolutePath().normalize().resolve("nope.json") + ")");
        }

        @Test
        void fallsBackToTheBuiltInDefaults() {
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    noConfigAbove(root), "a load_test_config.json exists above the temporary directory");

            LoadTestConfig config = LoadTestConfig.locate(Overrides.none(), root);

            assertThat(config.isBuiltIn()).isTrue();
            assertThat(config.source())
                    .startsWith("built-in defaults (no load_test_config.json in "
                            + root.toAbsolutePath().normalize());
            assertThat(config.profiles()).containsKeys("smoke", "spike");
        }

        private boolean noConfigAbove(Path dir) {
            for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.exists(p.resolve(LoadTestConfig.FILE_NAME))) {
                    return false;
                }
            }
            return true;
        }
    }
}
