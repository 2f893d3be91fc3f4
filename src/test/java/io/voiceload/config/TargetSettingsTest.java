package io.voiceload.config;

import static io.voiceload.config.TestConfigs.config;
import static io.voiceload.config.TestConfigs.sysprops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
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
}
