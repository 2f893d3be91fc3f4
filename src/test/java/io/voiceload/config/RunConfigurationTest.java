package io.voiceload.config;

import static io.voiceload.config.TestConfigs.config;
import static io.voiceload.config.TestConfigs.pairs;
import static io.voiceload.config.TestConfigs.sysprops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run's configuration is checked as a whole: file, overrides, the profile they select, target. */
class RunConfigurationTest {

    @Test
    void anUnknownProfileOnTheCommandLineIsARunProblem() {
        assertThatThrownBy(() -> RunConfiguration.check(() -> config(""), () -> sysprops("loadtest.profile", "hevy")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("-Dloadtest.profile=hevy: unknown profile; defined profiles: smoke, light, normal, heavy,"
                        + " stress, soak, spike; did you mean \"heavy\"?");
    }

    @Test
    void theFilesAndTheOverridesProblemsComeTogetherEachOnce() {
        ConfigException e =
                (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> RunConfiguration.check(
                        () -> config("\"concurrent_users\": 0"),
                        () -> Overrides.of(pairs("loadTest.users", "5", "loadtest.runReport", "maybe"), Map.of())));
        assertThat(e.problems())
                .containsExactly(
                        "load_test_config.json: concurrent_users = 0: must be a whole number >= 1",
                        "-DloadTest.users=5: not read: names are case-sensitive; did you mean -Dloadtest.users?",
                        "-Dloadtest.runReport=maybe: must be true or false");
        ConfigException same = new ConfigException("x: bad");
        assertThatThrownBy(() -> RunConfiguration.check(
                        () -> {
                            throw same;
                        },
                        () -> {
                            throw same;
                        }))
                .hasMessage("x: bad");
    }

    @Test
    void aValidRunResolvesItsTargetAndInfrastructure() {
        RunConfiguration run = RunConfiguration.check(
                () -> config("\"target\": {\"base_url\": \"https://staging.example.com\"}"),
                () -> sysprops("loadtest.profile", "heavy"));
        assertThat(run.target().baseUrl().value()).isEqualTo(URI.create("https://staging.example.com"));
        assertThat(run.target().readinessUrl()).contains(URI.create("https://staging.example.com/health/ready"));
        assertThat(run.infrastructure().docker().value()).isEqualTo(DockerMode.AUTO);
    }

    @Test
    void aConfigErrorCarriesNoStackTrace() {
        // The message is the whole story: a report shows what to fix, not the framework's frames.
        assertThatThrownBy(() -> config("\"concurrent_users\": 0")).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.getStackTrace()).isEmpty();
            assertThat(e.getCause()).isNull();
        });
        assertThatThrownBy(() -> LoadTestConfig.parse("{ \"a\": ", "x.json"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getStackTrace()).isEmpty();
                    assertThat(e.getCause()).isNull();
                });
    }
}
