package io.voiceload.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.voiceload.config.InfrastructureSettings;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * How the chain chooses: Docker detection, {@code docker = never / required}, falling back, and the
 * error when no provider can serve. Providers are replaced where a real one cannot run here (Docker)
 * or must fail on purpose.
 */
class ProviderChoiceTest {

    private static InfrastructureSettings settings(String docker) {
        return InfrastructureSettings.resolve(
                LoadTestConfig.builtIn(), Overrides.of(Map.of("loadtest.docker", docker), Map.of()));
    }

    @Test
    void dockerAbsenceIsDetectedWithinTwoSecondsAndAskedOnlyOnce() {
        long start = System.nanoTime();
        DockerStatus status = DockerCheck.status();
        Duration call = Duration.ofNanos(System.nanoTime() - start);
        assumeFalse(status.available(), "a Docker engine answered");

        System.out.println("Docker check: " + status + "; this call took " + Infrastructure.seconds(call));
        assertThat(status.checked()).isTrue();
        assertThat(status.took()).isLessThan(Duration.ofSeconds(2));
        assertThat(call).isLessThan(Duration.ofSeconds(2));
        assertThat(status.detail()).isNotBlank();

        long again = System.nanoTime();
        assertThat(DockerCheck.status()).isSameAs(status);
        assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofMillis(50));
    }

    @Test
    void dockerRequiredFailsClearlyWhenNoEngineAnswers() {
        assumeFalse(DockerCheck.status().available(), "a Docker engine answered");

        assertThatThrownBy(() -> RunningInfrastructure.start(settings("required")))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageMatching("(?s)(Postgres|Redis): testcontainers failed and docker = required"
                        + " \\(-Dloadtest.docker\\) forbids falling back to embedded servers; start a Docker engine,"
                        + " or set infrastructure.docker \\(-Dloadtest.docker\\) to auto\\..*")
                .hasMessageContaining("1. external: skipped: no address configured")
                .hasMessageContaining("2. testcontainers: failed after ")
                .hasMessageContaining("IllegalStateException: no Docker engine answered (checked in ");
    }

    @Test
    void whenNoProviderCanServeTheErrorListsEveryAttemptAndHowToUseAnExistingServer() {
        AtomicReference<StartedServer> redis = new AtomicReference<>();
        Providers providers = new Providers() {
            @Override
            DockerStatus docker() {
                throw new AssertionError("docker = never: Docker must not even be asked");
            }

            @Override
            StartedServer embeddedPostgres(WorkDirectories dirs, String database) throws IOException {
                throw new IOException("simulated: no Postgres binaries for this platform");
            }

            @Override
            StartedServer embeddedRedis(WorkDirectories dirs) throws Exception {
                redis.set(super.embeddedRedis(dirs));
                return redis.get();
            }
        };

        assertThatThrownBy(() -> RunningInfrastructure.start(settings("never"), providers))
                .isInstanceOfSatisfying(InfrastructureException.class, e -> assertThat(e.attempts())
                        .extracting(ProviderAttempt::provider, ProviderAttempt::outcome)
                        .containsExactly(
                                tuple(ProviderKind.EXTERNAL, ProviderAttempt.Outcome.SKIPPED),
                                tuple(ProviderKind.TESTCONTAINERS, ProviderAttempt.Outcome.SKIPPED),
                                tuple(ProviderKind.EMBEDDED, ProviderAttempt.Outcome.FAILED)))
                .hasMessageMatching("""
                        No Postgres for the tests: no provider could serve.
                          Tried, in order:
                            1. external: skipped: no address configured \\(infrastructure.postgres.url is not set\\)
                            2. testcontainers: skipped: docker = never \\(-Dloadtest.docker\\)
                            3. embedded: failed after \\d+\\.\\d\\d s: IOException: simulated: no Postgres binaries for this platform
                          To use an existing Postgres, set infrastructure.postgres.url in load_test_config.json, \
                        or -Dloadtest.postgres.url=postgresql://user:password@host:5432/db \\(environment: LOADTEST_POSTGRES_URL\\).""");

        // what did start (Redis) was stopped again
        assertThat(redis.get()).isNotNull();
        for (long pid : redis.get().processIds()) {
            assertThat(ProcessState.running(pid))
                    .as("redis process %d runs", pid)
                    .isFalse();
        }
        assertThat(EmbeddedServersTest.accepts(redis.get().direct())).isFalse();
    }

    @Test
    void withDockerContainersServeAndAFailingOneFallsBackToEmbedded() {
        Providers providers = new FakeDocker() {
            @Override
            StartedServer containerPostgres(DockerContainers containers, String image, String database)
                    throws Exception {
                assertThat(image).isEqualTo("postgres:18");
                WorkDirectories dirs = directories();
                StartedServer s = EmbeddedPostgres.start(dirs, database);
                return asContainer(s, () -> {
                    s.stop().close();
                    dirs.close();
                });
            }

            @Override
            StartedServer containerRedis(DockerContainers containers, String image) {
                throw new IllegalStateException("simulated: image redis:7 could not be pulled");
            }

            @Override
            StartedToxiproxy containerToxiproxy(
                    DockerContainers containers, String image, List<StartedServer> upstreams) throws Exception {
                assertThat(upstreams)
                        .extracting(StartedServer::dependency)
                        .containsExactly(Dependency.POSTGRES, Dependency.REDIS);
                StartedToxiproxy t = EmbeddedToxiproxy.start();
                return new StartedToxiproxy(
                        ProviderKind.TESTCONTAINERS,
                        t.version(),
                        "fake container",
                        t.api(),
                        t.scheme(),
                        t.layout(),
                        t.stop());
            }

            @Override
            StartedToxiproxy embeddedToxiproxy() {
                throw new AssertionError("embedded must not be tried when a container served");
            }
        };

        try (RunningInfrastructure infra = RunningInfrastructure.start(settings("auto"), providers)) {
            Infrastructure info = infra.info();
            assertThat(info.docker().available()).isTrue();
            assertThat(info.provider(Dependency.POSTGRES)).isEqualTo(ProviderKind.TESTCONTAINERS);
            assertThat(info.provider(Dependency.TOXIPROXY)).isEqualTo(ProviderKind.TESTCONTAINERS);
            assertThat(info.provider(Dependency.REDIS)).isEqualTo(ProviderKind.EMBEDDED);
            assertThat(info.attempts())
                    .filteredOn(a -> a.dependency() == Dependency.REDIS)
                    .extracting(ProviderAttempt::provider, ProviderAttempt::outcome)
                    .containsExactly(
                            tuple(ProviderKind.EXTERNAL, ProviderAttempt.Outcome.SKIPPED),
                            tuple(ProviderKind.TESTCONTAINERS, ProviderAttempt.Outcome.FAILED),
                            tuple(ProviderKind.EMBEDDED, ProviderAttempt.Outcome.SERVED));
            assertThat(info.attempts())
                    .filteredOn(a -> a.outcome() == ProviderAttempt.Outcome.FAILED)
                    .singleElement()
                    .extracting(ProviderAttempt::detail)
                    .isEqualTo("IllegalStateException: simulated: image redis:7 could not be pulled");
        }
    }

    @Test
    void withDockerRequiredAFailingContainerDoesNotFallBack() {
        Providers providers = new FakeDocker() {
            @Override
            StartedServer containerPostgres(DockerContainers containers, String image, String database) {
                throw new IllegalStateException("simulated: image postgres:18 could not be pulled");
            }

            @Override
            StartedServer containerRedis(DockerContainers containers, String image) {
                throw new IllegalStateException("simulated: image redis:7 could not be pulled");
            }
        };

        assertThatThrownBy(() -> RunningInfrastructure.start(settings("required"), providers))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageMatching(
                        "(?s)(Postgres|Redis): testcontainers failed and docker = required \\(-Dloadtest.docker\\)"
                                + " forbids falling back to embedded servers\\..*")
                .hasMessageContaining("2. testcontainers: failed after ")
                .hasMessageContaining("could not be pulled")
                .hasMessageNotContaining("embedded:");
    }

    /** A Docker engine that answers; embedded servers must not be asked unless a container failed. */
    private static class FakeDocker extends Providers {

        @Override
        DockerStatus docker() {
            return new DockerStatus(true, true, Duration.ofMillis(1), "fake engine");
        }

        @Override
        StartedServer embeddedPostgres(WorkDirectories dirs, String database) {
            throw new AssertionError("embedded must not be tried when a container served");
        }

        static StartedServer asContainer(StartedServer s, AutoCloseable stop) {
            return new StartedServer(
                    s.dependency(),
                    ProviderKind.TESTCONTAINERS,
                    s.version(),
                    "fake container",
                    s.direct(),
                    null,
                    s.user(),
                    s.password(),
                    s.database(),
                    s.parameters(),
                    s.processIds(),
                    stop);
        }
    }
}
