package io.voiceload.config;

import static io.voiceload.config.TestConfigs.config;
import static io.voiceload.config.TestConfigs.sysprops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where the system under test is and which path says it is ready, with origins. */
class TargetSettingsTest {

    @Test
    void embeddedByDefaultAndNothingToAsk() {
        TargetSettings t = TargetSettings.resolve(config(""), Overrides.none());
        assertThat(t.isEmbedded()).isTrue();
        assertThat(t.baseUrl()).isEqualTo(Sourced.of(null, "built-in default"));
        assertThat(t.readinessPath()).isEqualTo(Sourced.of("/health/ready", "built-in default"));
        assertThat(t.readinessUrl()).isEmpty();
    }

    @Test
    void theFilesBaseUrlAndPathApply() {
        TargetSettings t = TargetSettings.resolve(
                config("\"target\": {\"base_url\": \"https://staging.example.com/api/\","
                        + " \"readiness_path\": \"/actuator/health?probe=1\"}"),
                Overrides.none());
        assertThat(t.baseUrl().origin()).isEqualTo("load_test_config.json target.base_url");
        assertThat(t.readinessPath())
                .isEqualTo(Sourced.of("/actuator/health?probe=1", "load_test_config.json target.readiness_path"));
        assertThat(t.readinessUrl()).contains(URI.create("https://staging.example.com/api/actuator/health?probe=1"));
    }

    @Test
    void overridesBeatTheFile() {
        LoadTestConfig file = config("\"target\": {\"base_url\": \"https://staging.example.com\"}");
        TargetSettings t = TargetSettings.resolve(
                file,
                Overrides.of(
                        Map.of("loadtest.target.baseUrl", "http://127.0.0.1:8080"),
                        Map.of("LOADTEST_TARGET_READINESS_PATH", "/ready")));
        assertThat(t.baseUrl()).isEqualTo(Sourced.of(URI.create("http://127.0.0.1:8080"), "-Dloadtest.target.baseUrl"));
        assertThat(t.readinessUrl()).contains(URI.create("http://127.0.0.1:8080/ready"));
        assertThat(TargetSettings.resolve(file, sysprops("loadtest.target.baseUrl", "embedded"))
                        .isEmbedded())
                .isTrue();
    }

    @Test
    void noneAsksNothing() {
        TargetSettings t = TargetSettings.resolve(
                config("\"target\": {\"base_url\": \"https://staging.example.com\"}"),
                sysprops("loadtest.target.readinessPath", "NONE"));
        assertThat(t.readinessPath()).isEqualTo(Sourced.of(null, "-Dloadtest.target.readinessPath"));
        assertThat(t.readinessUrl()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            health/ready     | -Dloadtest.target.readinessPath=health/ready: not a readiness path; use a path on the target such as /health/ready
            //evil.example   | -Dloadtest.target.readinessPath=//evil.example: not a readiness path
            /health ready    | -Dloadtest.target.readinessPath=/health ready: not a readiness path
            /health#x        | -Dloadtest.target.readinessPath=/health#x: not a readiness path
            """)
    void aBadPathIsNamed(String path, String expected) {
        assertThatThrownBy(() -> sysprops("loadtest.target.readinessPath", path))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected)
                .hasMessageEndingWith("or none to check only that the host resolves");
        assertThatThrownBy(() -> config("\"target\": {\"readiness_path\": \"" + path + "\"}"))
                .hasMessageStartingWith(
                        "load_test_config.json: target.readiness_path = \"" + path + "\": not a readiness path");
    }

    @Test
    void theModeIsImpliedByTheBaseUrlUnlessGiven() {
        assertThat(TargetSettings.resolve(config(""), Overrides.none()).mode())
                .isEqualTo(Sourced.of(TargetMode.EMBEDDED, "built-in default"));
        TargetSettings external = TargetSettings.resolve(
                config("\"target\": {\"base_url\": \"https://staging.example.com\"}"), Overrides.none());
        assertThat(external.isExternal()).isTrue();
        assertThat(external.mode().origin()).isEqualTo("load_test_config.json target.base_url");
        TargetSettings child = TargetSettings.resolve(config("\"target\": {\"mode\": \"child\"}"), Overrides.none());
        assertThat(child.isChild()).isTrue();
        assertThat(child.isEmbedded()).isFalse();
        assertThat(child.readinessUrl()).isEmpty();
        assertThat(child.childJvmArgs()).isEqualTo(Sourced.of(List.of("-Xmx512m", "-XX:+UseG1GC"), "built-in default"));
        assertThat(TargetSettings.resolve(config(""), sysprops("loadtest.target.mode", " Child "))
                        .mode())
                .isEqualTo(Sourced.of(TargetMode.CHILD, "-Dloadtest.target.mode"));
    }

    @Test
    void theModeOrTheBaseUrlGivenAtTheHigherPrecedenceWins() {
        // The shipped file says "mode": "embedded": a -Dloadtest.target.baseUrl still points the suite elsewhere.
        TargetSettings external = TargetSettings.resolve(
                config("\"target\": {\"mode\": \"embedded\"}"),
                sysprops("loadtest.target.baseUrl", "http://127.0.0.1:8080"));
        assertThat(external.isExternal()).isTrue();
        assertThat(external.mode().origin()).isEqualTo("-Dloadtest.target.baseUrl");
        // And a -Dloadtest.target.mode=child beats the file's base URL.
        TargetSettings child = TargetSettings.resolve(
                config("\"target\": {\"base_url\": \"https://staging.example.com\"}"),
                sysprops("loadtest.target.mode", "child"));
        assertThat(child.isChild()).isTrue();
        assertThat(child.baseUrl()).isEqualTo(Sourced.of(null, "-Dloadtest.target.mode"));
        TargetSettings viaFileAndOverride = TargetSettings.resolve(
                config("\"target\": {\"base_url\": \"https://staging.example.com\"}"),
                sysprops("loadtest.target.mode", "external"));
        assertThat(viaFileAndOverride.readinessUrl()).contains(URI.create("https://staging.example.com/health/ready"));
    }

    @Test
    void aModeThatDisagreesWithTheBaseUrlIsNamed() {
        assertThatThrownBy(() -> TargetSettings.resolve(config(""), sysprops("loadtest.target.mode", "external")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("-Dloadtest.target.mode: target mode external needs a base URL (target.base_url,"
                        + " -Dloadtest.target.baseUrl or LOADTEST_TARGET_BASE_URL); the modes are embedded, child,"
                        + " external");
        assertThatThrownBy(() -> TargetSettings.resolve(
                        config("\"target\": {\"mode\": \"child\", \"base_url\": \"https://staging.example.com\"}"),
                        Overrides.none()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("load_test_config.json target.mode: target mode child starts the reference platform, but"
                        + " load_test_config.json target.base_url names a deployment (https://staging.example.com);"
                        + " a base URL means mode external: drop one of them");
        assertThatThrownBy(() -> TargetSettings.resolve(
                        config(""),
                        Overrides.of(
                                Map.of("loadtest.target.mode", "embedded"),
                                Map.of("LOADTEST_TARGET_BASE_URL", "http://127.0.0.1:8080"))))
                .hasMessageContaining("target mode embedded starts the reference platform, but");
    }

    @Test
    void aBadModeIsNamedWithTheModes() {
        assertThatThrownBy(() -> sysprops("loadtest.target.mode", "kid"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("-Dloadtest.target.mode=kid: \"kid\" is not a target mode; the modes are embedded, child,"
                        + " external");
        assertThatThrownBy(() -> config("\"target\": {\"mode\": \"forked\"}"))
                .hasMessageContaining("target.mode = \"forked\": \"forked\" is not a target mode; the modes are"
                        + " embedded, child, external");
    }

    @Test
    void childJvmArgsAreAListOfOptions() {
        TargetSettings t = TargetSettings.resolve(
                config("\"target\": {\"mode\": \"child\", \"child_jvm_args\": [\"-Xmx1g\", \" -XX:+UseZGC \"]}"),
                Overrides.none());
        assertThat(t.childJvmArgs())
                .isEqualTo(Sourced.of(List.of("-Xmx1g", "-XX:+UseZGC"), "load_test_config.json target.child_jvm_args"));
        assertThat(TargetSettings.resolve(config(""), sysprops("loadtest.target.childJvmArgs", "-Xmx2g  -Dx=y"))
                        .childJvmArgs()
                        .value())
                .containsExactly("-Xmx2g", "-Dx=y");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "-Xmx512m"                | : must be a list of strings, e.g. ["-Xmx512m", "-XX:+UseG1GC"]
            ["-Xmx512m", 5]           | : must be a list of strings
            ["Xmx512m"]               | : "Xmx512m" is not a JVM option; give options such as -Xmx512m
            ["-cp", "/tmp"]           | : -cp is set by the launcher of the child platform (the test class path); leave it out
            ["-Xmx512m -Xms512m"]     | : "-Xmx512m -Xms512m" is not a JVM option
            """)
    void badChildJvmArgsAreNamed(String json, String expected) {
        assertThatThrownBy(() -> config("\"target\": {\"child_jvm_args\": " + json + "}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("load_test_config.json: target.child_jvm_args = ")
                .hasMessageContaining(expected);
    }

    @Test
    void badChildJvmArgsOverridesAreNamed() {
        assertThatThrownBy(() -> sysprops("loadtest.target.childJvmArgs", "-Xmx1g -classpath /x"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("-Dloadtest.target.childJvmArgs=-Xmx1g -classpath /x: -classpath is set by the launcher"
                        + " of the child platform (the test class path); leave it out");
    }

    @Test
    void childWarmupIsADurationNoneByDefault() {
        assertThat(TargetSettings.resolve(config(""), Overrides.none()).childWarmup())
                .isEqualTo(Sourced.of(Duration.ZERO, "built-in default"));
        assertThat(TargetSettings.resolve(config("\"target\": {\"child_warmup\": \"30s\"}"), Overrides.none())
                        .childWarmup())
                .isEqualTo(Sourced.of(Duration.ofSeconds(30), "load_test_config.json target.child_warmup"));
        assertThat(TargetSettings.resolve(config(""), sysprops("loadtest.target.childWarmup", "1m"))
                        .childWarmup()
                        .value())
                .isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> config("\"target\": {\"child_warmup\": \"soon\"}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("load_test_config.json: target.child_warmup = \"soon\"");
        assertThatThrownBy(() -> sysprops("loadtest.target.childWarmup", "-5s"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("-Dloadtest.target.childWarmup=-5s");
    }
}
