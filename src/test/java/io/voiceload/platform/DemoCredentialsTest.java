package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.config.TargetCredentials;
import io.voiceload.platform.auth.AuthOptions;
import org.junit.jupiter.api.Test;

/** The suite's default credentials are the demo data the platform seeds. */
class DemoCredentialsTest {

    @Test
    void theSuitesDefaultsMatchTheSeededDemoUsersAndKey() {
        for (AuthOptions.DemoUsers users : AuthOptions.DEFAULT_DEMO_USERS) {
            TargetCredentials.UserPool pool =
                    TargetCredentials.DEMO.pool(users.role().wireName()).orElseThrow();
            assertThat(pool.count()).as(users.role().name()).isEqualTo(users.count());
            assertThat(pool.password()).isEqualTo(users.password());
            assertThat(pool.username(1)).isEqualTo(users.username(1));
            assertThat(pool.username(users.count())).isEqualTo(users.username(users.count()));
        }
        assertThat(TargetCredentials.DEMO.users()).hasSameSizeAs(AuthOptions.DEFAULT_DEMO_USERS);
        assertThat(TargetCredentials.DEMO.serviceApiKey())
                .contains(AuthOptions.DEFAULT_DEMO_API_KEYS.getFirst().headerValue());
    }

    @Test
    void thereAreEnoughDemoUsersForLoadTests() {
        assertThat(TargetCredentials.DEMO.pool("guest").orElseThrow().count()).isGreaterThanOrEqualTo(200);
        assertThat(TargetCredentials.DEMO.pool("front_desk").orElseThrow().count())
                .isGreaterThanOrEqualTo(50);
        assertThat(TargetCredentials.DEMO.pool("manager").orElseThrow().count()).isGreaterThanOrEqualTo(10);
        assertThat(TargetCredentials.DEMO.pool("admin").orElseThrow().count()).isGreaterThanOrEqualTo(2);
    }
}
