package io.voiceload.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The precomputed demo hashes are real bcrypt hashes of the default demo passwords. */
class DemoSeedTest {

    @Test
    void eachPrecomputedHashVerifiesItsPasswordAtTheDefaultCost() {
        assertThat(DemoSeed.PRECOMPUTED.keySet())
                .containsExactlyInAnyOrderElementsOf(AuthOptions.DEFAULT_DEMO_USERS.stream()
                        .map(AuthOptions.DemoUsers::password)
                        .toList());
        DemoSeed.PRECOMPUTED.forEach((password, hash) -> {
            BCrypt.Result result =
                    BCrypt.verifyer().verify(password.toCharArray(), hash.getBytes(StandardCharsets.UTF_8));
            assertThat(result.verified).as(password).isTrue();
            assertThat(result.details.cost).isEqualTo(AuthOptions.DEFAULT_BCRYPT_COST);
        });
    }

    @Test
    void aWrongPasswordDoesNotVerify() {
        try (Passwords passwords = new Passwords(4, Passwords.hash(4, "dummy-password"), 1, 0, Duration.ofSeconds(5))) {
            String hash = Passwords.hash(4, "right-password");

            assertThat(passwords.verify("right-password", hash)).isTrue();
            assertThat(passwords.verify("wrong-password", hash)).isFalse();
            assertThat(passwords.verify("dummy-password", null))
                    .as("the dummy never lets anyone in")
                    .isFalse();
            assertThat(passwords.verify("x".repeat(100), hash))
                    .as("over bcrypt's 72 bytes")
                    .isFalse();
        }
    }
}
