package io.voiceload.config;

import static io.voiceload.config.TestConfigs.config;
import static io.voiceload.config.TestConfigs.sysprops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code target.jmx_url}, {@code jmx_user}, {@code jmx_password} and their overrides. */
class TargetJmxTest {

    private static final String REGISTRY = "service:jmx:rmi:///jndi/rmi://127.0.0.1:9010/jmxrmi";

    @Test
    void noneByDefault() {
        TargetJmx jmx = TargetJmx.resolve(config(""), Overrides.none());
        assertThat(jmx.url()).isEmpty();
        assertThat(jmx.configuredUrl()).isEqualTo(Sourced.of(null, "built-in default"));
        assertThat(jmx).hasToString("TargetJmx[none]");
    }

    @Test
    void theFileGivesThemAndOverridesBeatIt() {
        LoadTestConfig file = config("\"target\": {\"jmx_url\": \"" + REGISTRY + "\", \"jmx_user\": \"monitor\","
                + " \"jmx_password\": \"file-secret\"}");
        TargetJmx fromFile = TargetJmx.resolve(file, Overrides.none());
        assertThat(fromFile.configuredUrl()).isEqualTo(Sourced.of(REGISTRY, "load_test_config.json target.jmx_url"));
        assertThat(fromFile.user().value()).isEqualTo("monitor");
        assertThat(fromFile.password().value()).isEqualTo("file-secret");
        assertThat(fromFile.toString()).doesNotContain("file-secret").contains("password ***");
        assertThat(file.target().toString()).doesNotContain("file-secret");

        TargetJmx overridden = TargetJmx.resolve(
                file,
                Overrides.of(
                        Map.of("loadtest.target.jmxUrl", "service:jmx:rmi://127.0.0.1/stub/rO0ABXNy"),
                        Map.of("LOADTEST_TARGET_JMX_PASSWORD", "env-secret")));
        assertThat(overridden.url()).contains("service:jmx:rmi://127.0.0.1/stub/rO0ABXNy");
        assertThat(overridden.configuredUrl().origin()).isEqualTo("-Dloadtest.target.jmxUrl");
        assertThat(overridden.password().value()).isEqualTo("env-secret");
        assertThat(overridden.password().origin())
                .as("the origin names the variable, never its value")
                .doesNotContain("env-secret");
        assertThat(overridden.user().value()).isEqualTo("monitor");
    }

    @Test
    void aUrlOfNeitherFormIsNamedWithTheTwoForms() {
        assertThatThrownBy(() -> config("\"target\": {\"jmx_url\": \"http://127.0.0.1:9010\"}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("target.jmx_url = \"http://127.0.0.1:9010\": 'http://127.0.0.1:9010' is not a"
                        + " service:jmx: URL")
                .hasMessageContaining("service:jmx:rmi:///jndi/rmi://host:port/jmxrmi")
                .hasMessageContaining("service:jmx:rmi://host/stub/");
        assertThatThrownBy(() -> sysprops("loadtest.target.jmxUrl", "service:jmx:jmxmp://127.0.0.1:9010"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("-Dloadtest.target.jmxUrl=service:jmx:jmxmp://127.0.0.1:9010")
                .hasMessageContaining("is of neither accepted form");
        assertThat(TargetJmx.problem(REGISTRY)).isEmpty();
        assertThat(TargetJmx.problem("service:jmx:rmi://127.0.0.1/stub/rO0AB")).isEmpty();
        assertThat(TargetJmx.problem("service:jmx:rmi://127.0.0.1/other")).isPresent();
    }

    @Test
    void aPasswordWithoutAUserIsAProblemAndAPasswordIsNeverQuoted() {
        assertThatThrownBy(() -> config("\"target\": {\"jmx_password\": \"p4ssw0rd\"}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("target.jmx_password: given without target.jmx_user")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("p4ssw0rd"));
        assertThatThrownBy(() -> config("\"target\": {\"jmx_user\": \"u\", \"jmx_password\": 12345678}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("target.jmx_password: must be a non-empty string")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("12345678"));
        assertThatThrownBy(() -> sysprops("loadtest.target.jmxPassword", ""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("-Dloadtest.target.jmxPassword=***: empty");
        assertThat(OverrideKey.TARGET_JMX_PASSWORD.display("hunter2")).isEqualTo("***");
    }
}
