package io.voiceload.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AuthOptions} refuses impossible values naming them, and never prints the JWT secret. */
class AuthOptionsTest {

    @Test
    void impossibleValuesAreRefusedWithTheirName() {
        AuthOptions d = AuthOptions.defaults();

        assertThatThrownBy(() -> d.withBcryptCost(3)).hasMessage("bcryptCost must be 4-31, not 3");
        assertThatThrownBy(() -> d.withJwtSecret("short")).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> d.withTtls(Duration.ofMinutes(10), Duration.ofMinutes(5)))
                .hasMessageContaining("sessionTtl");
        assertThatThrownBy(() -> d.withLoginLimits(0, 1, Duration.ofMinutes(1))).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> d.withClockSkew(Duration.ofMinutes(6))).hasMessageContaining("clockSkew");
        assertThatThrownBy(() -> d.withDemoUsers(List.of(
                        new AuthOptions.DemoUsers(Role.GUEST, "g-", 1, "password1"),
                        new AuthOptions.DemoUsers(Role.ADMIN, "g-", 1, "password2"))))
                .hasMessageContaining("prefix g- is used twice");
        assertThatThrownBy(() -> new AuthOptions.DemoUsers(Role.ANYONE, "x-", 1, "password1"))
                .hasMessageContaining("ANYONE");
        assertThatThrownBy(() -> new AuthOptions.DemoApiKey("with_underscore", "n", Role.ADMIN, "s".repeat(32)))
                .hasMessageContaining("a-z 0-9");
    }

    @Test
    void theSecretIsNeverPrinted() {
        String secret = "a-secret-of-more-than-thirty-two-bytes";

        assertThat(AuthOptions.defaults().withJwtSecret(secret).toString())
                .doesNotContain(secret)
                .contains("jwtSecret=***");
    }
}
