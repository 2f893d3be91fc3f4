package io.voiceload.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AuthOptions} refuses impossible values naming them (each builder setter as it is called, the
 * record when built), and never prints the JWT secret.
 */
class AuthOptionsTest {

    @Test
    void impossibleValuesAreRefusedWithTheirName() {
        AuthOptions.Builder b = AuthOptions.builder();

        assertThatThrownBy(() -> b.bcryptCost(3)).hasMessage("bcryptCost must be 4-31, not 3");
        assertThatThrownBy(() -> b.jwtSecret("short")).hasMessageContaining("jwtSecret must be at least 32 bytes");
        assertThatThrownBy(() -> b.issuer(" ")).hasMessage("issuer must not be blank");
        assertThatThrownBy(() -> b.accessTokenTtl(Duration.ZERO))
                .hasMessage("accessTokenTtl must be at least PT1S, not PT0S");
        assertThatThrownBy(() -> b.loginAttemptsPerUsername(0))
                .hasMessage("loginAttemptsPerUsername must be at least 1, not 0");
        assertThatThrownBy(() -> b.loginAttemptsPerIp(-1)).hasMessage("loginAttemptsPerIp must be at least 1, not -1");
        assertThatThrownBy(() -> b.clockSkew(Duration.ofMinutes(6))).hasMessage("clockSkew must be 0-5 min, not PT6M");
        assertThatThrownBy(() -> b.passwordHashThreads(0)).hasMessage("passwordHashThreads must be 1-1024, not 0");
        assertThatThrownBy(() -> b.passwordHashQueue(-1)).hasMessage("passwordHashQueue must be 0-100000, not -1");
        assertThatThrownBy(() -> b.passwordHashMaxWait(Duration.ZERO))
                .hasMessage("passwordHashMaxWait must be at least PT0.001S, not PT0S");
        assertThatThrownBy(() -> b.passwordHashMaxWait(Duration.ofMinutes(2)))
                .hasMessage("passwordHashMaxWait must be 1 ms-1 min, not PT2M");
        assertThatThrownBy(() -> b.demoHotelId("a b")).hasMessageContaining("demoHotelId must be 1-64");
        assertThatThrownBy(() -> b.demoUsers(List.of(
                        new AuthOptions.DemoUsers(Role.GUEST, "g-", 1, "password1"),
                        new AuthOptions.DemoUsers(Role.ADMIN, "g-", 1, "password2"))))
                .hasMessageContaining("prefix g- is used twice");
        assertThatThrownBy(() -> new AuthOptions.DemoUsers(Role.ANYONE, "x-", 1, "password1"))
                .hasMessageContaining("ANYONE");
        assertThatThrownBy(() -> new AuthOptions.DemoApiKey("with_underscore", "n", Role.ADMIN, "s".repeat(32)))
                .hasMessageContaining("a-z 0-9");
        assertThat(b.build()).as("refused values leave the builder as it was").isEqualTo(AuthOptions.defaults());
    }

    @Test
    void theSessionMustOutliveTheAccessTokenWhateverTheOrderOfTheSetters() {
        AuthOptions longTokens = AuthOptions.builder()
                .sessionTtl(Duration.ofHours(2)) // before the access token's: the two are compared by build()
                .accessTokenTtl(Duration.ofHours(1))
                .build();
        assertThat(longTokens.sessionTtl()).isEqualTo(Duration.ofHours(2));

        assertThatThrownBy(() -> AuthOptions.builder()
                        .accessTokenTtl(Duration.ofMinutes(10))
                        .sessionTtl(Duration.ofMinutes(5))
                        .build())
                .hasMessage("sessionTtl must be at least the access token's lifetime (PT10M), not PT5M");
    }

    @Test
    void toBuilderChangesOnlyWhatItIsTold() {
        AuthOptions base =
                AuthOptions.builder().bcryptCost(4).demoUsers(List.of()).build();

        AuthOptions changed =
                base.toBuilder().loginWindow(Duration.ofSeconds(2)).build();

        assertThat(changed)
                .usingRecursiveComparison()
                .ignoringFields("loginWindow")
                .isEqualTo(base);
        assertThat(changed.loginWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(base.toBuilder().build()).isEqualTo(base);
    }

    @Test
    void theSecretIsNeverPrinted() {
        String secret = "a-secret-of-more-than-thirty-two-bytes";

        assertThat(AuthOptions.builder().jwtSecret(secret).build().toString())
                .doesNotContain(secret)
                .contains("jwtSecret=***");
    }
}
