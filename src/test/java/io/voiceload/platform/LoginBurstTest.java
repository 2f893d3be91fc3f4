package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.platform.auth.AuthOptions;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.EmbeddedPlatform;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A login burst far beyond the password check pool (one thread, two waiting) degrades cleanly: every answer is
 * 200, 401, 429 or 503 with {@code Retry-After}, none is slow, none is a 500, and the platform counts the logins
 * it turned away. Against a platform of its own that shares the suite's Postgres, Redis and demo users.
 */
@WithPlatform
class LoginBurstTest {

    private static final int LOGINS = 40;
    private static final Duration SLOWEST = Duration.ofSeconds(4);
    private static final Set<Integer> CLEAN = Set.of(200, 401, 429, 503);

    @Test
    void aBurstBeyondThePasswordPoolIsAnswered503WithRetryAfterQuicklyAndNeverWith500() throws Exception {
        AuthOptions auth = AuthOptions.builder()
                .bcryptCost(4)
                .demoUsers(List.of())
                .passwordHashThreads(1)
                .passwordHashQueue(2)
                .passwordHashMaxWait(Duration.ofSeconds(1))
                .build();
        try (EmbeddedPlatform platform = EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                PlatformOptions.builder().auth(auth).build())) {
            PlatformEndpoint endpoint = new PlatformEndpoint(platform.platform().baseUrl(), true);
            AuthClient client = new AuthClient(Api.anonymous(endpoint));
            List<Timed> answers = burst(client);

            List<String> unclean = answers.stream()
                    .filter(a -> !CLEAN.contains(a.answer().status()))
                    .map(a -> a.answer().raw())
                    .toList();
            assertThat(unclean).as("answers other than 200, 401, 429, 503").isEmpty();
            List<Timed> busy =
                    answers.stream().filter(a -> a.answer().status() == 503).toList();
            assertThat(busy).as("the pool's bound is reached").isNotEmpty();
            busy.forEach(a -> {
                assertThat(a.answer().header("Retry-After"))
                        .as(a.answer().raw())
                        .isEqualTo("1");
                assertThat(a.answer().body().path("error").asText()).startsWith("login is busy");
            });
            assertThat(answers.stream().filter(a -> a.answer().status() == 200))
                    .as("logins that found a thread")
                    .isNotEmpty();
            Duration slowest =
                    answers.stream().map(Timed::took).max(Duration::compareTo).orElseThrow();
            assertThat(slowest).as("the slowest answer").isLessThan(SLOWEST);

            Api.Response metrics = new Api(endpoint).as(Role.ADMIN).get("/admin/metrics");
            assertThat(metrics.status()).as(metrics.raw()).isEqualTo(200);
            assertThat(metrics.body().path("auth").path("loginsRefusedBusy").asLong())
                    .isEqualTo(busy.size());
        }
    }

    private record Timed(Api.Response answer, Duration took) {}

    /** {@link #LOGINS} logins of distinct demo guests at once; every tenth with a wrong password. */
    private static List<Timed> burst(AuthClient client) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Timed>> pending = new ArrayList<>();
        try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < LOGINS; i++) {
                String username = String.format("guest-%04d", 160 + i);
                String password = i % 10 == 9 ? "a-wrong-password" : "guest-demo-password";
                pending.add(users.submit(() -> {
                    go.await();
                    long start = System.nanoTime();
                    Api.Response answer = client.login(username, password);
                    return new Timed(answer, Duration.ofNanos(System.nanoTime() - start));
                }));
            }
            go.countDown();
            List<Timed> answers = new ArrayList<>();
            for (Future<Timed> f : pending) {
                answers.add(f.get());
            }
            return answers;
        }
    }
}
