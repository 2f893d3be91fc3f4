package io.voiceload.config;

import static io.voiceload.config.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code target.credentials}: the users and API key the suite logs in with. */
class TargetCredentialsTest {

    @Test
    void theShippedFileHoldsTheDemoCredentials() {
        LoadTestConfig shipped = LoadTestConfig.load(Path.of(LoadTestConfig.FILE_NAME));

        assertThat(shipped.target().credentials()).isEqualTo(TargetCredentials.DEMO);
        assertThat(LoadTestConfig.builtIn().target().credentials()).isEqualTo(TargetCredentials.DEMO);
    }

    @Test
    void absentMeansTheDemoCredentials() {
        assertThat(config("\"target\": { \"base_url\": null }").target().credentials())
                .isEqualTo(TargetCredentials.DEMO);
        assertThat(config("\"seed\": 1").target().credentials()).isEqualTo(TargetCredentials.DEMO);
    }

    @Test
    void aDeploymentCanNameItsOwnUsersAndKey() {
        TargetCredentials credentials = config("""
                        "target": { "base_url": "https://staging.example.com", "credentials": {
                          "front_desk": { "username_pattern": "loadtest-agent-%03d", "count": 20, "password": "s3cret" },
                          "api_key": "vk_staging1_0123456789abcdef0123" } }""").target().credentials();

        TargetCredentials.UserPool agents = credentials.pool("front_desk").orElseThrow();
        assertThat(agents.usernameFor(0)).isEqualTo("loadtest-agent-001");
        assertThat(agents.usernameFor(19)).isEqualTo("loadtest-agent-020");
        assertThat(agents.usernameFor(20)).isEqualTo("loadtest-agent-001");
        assertThat(agents.password()).isEqualTo("s3cret");
        assertThat(credentials.pool("guest")).isEmpty();
        assertThat(credentials.serviceApiKey()).contains("vk_staging1_0123456789abcdef0123");
        assertThat(credentials.toString()).doesNotContain("s3cret").doesNotContain("0123456789abcdef");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown role      | "guests": {} | load_test_config.json: unknown key "guests" in target.credentials; did you mean "guest"? allowed: guest, front_desk, manager, admin, api_key
            unknown pool key  | "guest": { "username_pattern": "g-%d", "count": 1, "password": "p", "pasword": "p" } | unknown key "pasword" in target.credentials.guest; did you mean "password"?
            pattern without %d | "guest": { "username_pattern": "guest", "count": 1, "password": "p" } | load_test_config.json: target.credentials.guest.username_pattern = "guest": must hold exactly one %d
            two conversions   | "guest": { "username_pattern": "%s-%d", "count": 1, "password": "p" } | target.credentials.guest.username_pattern = "%s-%d": must hold exactly one %d
            zero count        | "guest": { "username_pattern": "g-%d", "count": 0, "password": "p" } | load_test_config.json: target.credentials.guest.count = 0: must be a whole number >= 1
            missing password  | "admin": { "username_pattern": "a-%d", "count": 1 } | load_test_config.json: target.credentials.admin.password: missing; every role needs username_pattern, count, password
            empty password    | "admin": { "username_pattern": "a-%d", "count": 1, "password": "" } | target.credentials.admin.password = "": must not be empty
            bad api key       | "api_key": "secret-key-value-123" | load_test_config.json: target.credentials.api_key: not an API key; expected vk_<id>_<secret>
            role not object   | "manager": 5 | target.credentials.manager = 5: must be a JSON object
            """)
    void mistakesNameTheKeyAndWhatIsAllowed(String name, String fields, String expected) {
        assertThatThrownBy(() -> config("\"target\": { \"credentials\": { " + fields + " } }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void aBadApiKeyIsNotEchoed() {
        assertThatThrownBy(() -> config("\"target\": { \"credentials\": { \"api_key\": \"secret-key-value-123\" } }"))
                .isInstanceOf(ConfigException.class)
                .message()
                .doesNotContain("secret-key-value-123");
    }
}
