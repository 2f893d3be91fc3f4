package io.voiceload.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Password checks run on a bounded pool: beyond it, or after the longest wait, a 503 at once. */
class PasswordsTest {

    /** About a second of CPU: long enough to keep the only thread busy while the test knocks. */
    private static final int SLOW_COST = 14;

    @Test
    void beyondThePoolAndItsQueueAPasswordCheckIsRefusedAtOnce() throws Exception {
        String slowHash = Passwords.hash(SLOW_COST, "a-password");
        try (Passwords passwords = new Passwords(4, Passwords.hash(4, "dummy"), 1, 0, Duration.ofSeconds(30))) {
            CompletableFuture<Boolean> busy =
                    CompletableFuture.supplyAsync(() -> passwords.verify("a-password", slowHash));
            awaitRunning(passwords);

            long start = System.nanoTime();
            AuthRefusal refused = catchThrowableOfType(
                    AuthRefusal.class, () -> passwords.verify("a-password", Passwords.hash(4, "a-password")));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(refused).isNotNull();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.headers()).containsEntry("Retry-After", "1");
            assertThat(refused.getMessage()).startsWith("login is busy: every password check thread is busy");
            assertThat(took).isLessThan(Duration.ofMillis(300));
            assertThat(passwords.refused()).isEqualTo(1);
            assertThat(busy.get(30, TimeUnit.SECONDS))
                    .as("the running check completes")
                    .isTrue();
        }
    }

    @Test
    void aQueuedPasswordCheckWaitsAtMostMaxWait() throws Exception {
        String slowHash = Passwords.hash(SLOW_COST, "a-password");
        try (Passwords passwords = new Passwords(4, Passwords.hash(4, "dummy"), 1, 5, Duration.ofMillis(100))) {
            CompletableFuture.runAsync(() -> passwords.verify("a-password", slowHash));
            awaitRunning(passwords);

            long start = System.nanoTime();
            AuthRefusal refused = catchThrowableOfType(AuthRefusal.class, () -> passwords.hash("another-password"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(refused).isNotNull();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.getMessage()).contains("within 100 ms");
            assertThat(took).isBetween(Duration.ofMillis(90), Duration.ofMillis(600));
        }
    }

    @Test
    void withAFreeThreadChecksAndHashesWork() {
        try (Passwords passwords = new Passwords(4, Passwords.hash(4, "dummy"), 2, 0, Duration.ofSeconds(5))) {
            String hash = passwords.hash("a-password");
            assertThat(passwords.verify("a-password", hash)).isTrue();
            assertThat(passwords.verify("another", hash)).isFalse();
            assertThat(passwords.refused()).isZero();
        }
    }

    /** Waits until the slow check holds the pool's only thread. */
    private static void awaitRunning(Passwords passwords) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (passwords.active() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(passwords.active()).isEqualTo(1);
    }
}
