package io.voiceload.infra;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.voiceload.config.DockerMode;
import io.voiceload.config.InfrastructureSettings;
import io.voiceload.config.Sourced;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Postgres, Redis and Toxiproxy through their provider chains (Postgres on its own thread, as it
 * takes longest), then puts a Toxiproxy proxy in front of Postgres and Redis and checks that each
 * answers through it. On any failure everything already started is stopped again.
 */
final class InfrastructureProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(RunningInfrastructure.class);

    /** What a successful start leaves: the description, and what {@link RunningInfrastructure} needs. */
    record Provisioned(
            Infrastructure info,
            StartedToxiproxy toxiproxy,
            List<StartedServer> servers,
            List<Path> directories,
            Closer closer) {}

    private final InfrastructureSettings settings;
    private final Providers providers;
    private final Closer closer = new Closer();
    private final List<Path> directories = new ArrayList<>();
    private WorkDirectories dirs;
    private DockerContainers containers;

    private InfrastructureProvisioner(InfrastructureSettings settings, Providers providers) {
        this.settings = settings;
        this.providers = providers;
    }

    static Provisioned provision(InfrastructureSettings settings, Providers providers) {
        return new InfrastructureProvisioner(settings, providers).provision();
    }

    private Provisioned provision() {
        long start = System.nanoTime();
        try {
            DockerStatus docker = dockerStatus();
            List<ProviderAttempt> postgresAttempts = new ArrayList<>();
            List<ProviderAttempt> redisAttempts = new ArrayList<>();
            List<ProviderAttempt> toxiproxyAttempts = new ArrayList<>();

            CompletableFuture<StartedServer> postgresFuture = new CompletableFuture<>();
            Thread.ofPlatform().name("voiceload-postgres-start").daemon().start(() -> {
                try {
                    postgresFuture.complete(postgres(docker, postgresAttempts));
                } catch (Throwable e) {
                    postgresFuture.completeExceptionally(e);
                }
            });
            StartedServer redis;
            try {
                redis = redis(docker, redisAttempts);
            } catch (RuntimeException | Error e) {
                // Wait for Postgres even so: whatever it started must be registered before stopping.
                try {
                    join(postgresFuture);
                } catch (RuntimeException | Error postgresFailure) {
                    e.addSuppressed(postgresFailure);
                }
                throw e;
            }
            StartedServer postgres = join(postgresFuture);
            StartedToxiproxy toxiproxy = toxiproxy(docker, List.of(postgres, redis), toxiproxyAttempts);

            ToxiproxyClient client = toxiproxy.endpoint().client();
            HostPort postgresProxied = proxy(client, toxiproxy, Dependency.POSTGRES, 0, postgres);
            HostPort redisProxied = proxy(client, toxiproxy, Dependency.REDIS, 1, redis);
            PostgresEndpoint postgresEndpoint = new PostgresEndpoint(
                    postgres.kind(),
                    postgres.version(),
                    postgres.detail(),
                    postgres.direct(),
                    postgresProxied,
                    postgres.database(),
                    postgres.user(),
                    postgres.password(),
                    postgres.parameters());
            RedisEndpoint redisEndpoint = new RedisEndpoint(
                    redis.kind(),
                    redis.version(),
                    redis.detail(),
                    redis.direct(),
                    redisProxied,
                    redis.user(),
                    redis.password(),
                    Integer.parseInt(redis.database()));
            checkThroughProxies(postgresEndpoint, redisEndpoint);

            List<ProviderAttempt> attempts = new ArrayList<>(postgresAttempts);
            attempts.addAll(redisAttempts);
            attempts.addAll(toxiproxyAttempts);
            Infrastructure info = new Infrastructure(
                    postgresEndpoint,
                    redisEndpoint,
                    toxiproxy.endpoint(),
                    docker,
                    attempts,
                    Duration.ofNanos(System.nanoTime() - start),
                    images(postgres.kind(), redis.kind(), toxiproxy.kind()));
            log(
                    Dependency.POSTGRES,
                    postgresAttempts,
                    postgres.version(),
                    postgres.direct() + ", through proxy \"postgres\" at " + postgresProxied);
            log(
                    Dependency.REDIS,
                    redisAttempts,
                    redis.version(),
                    redis.direct() + ", through proxy \"redis\" at " + redisProxied);
            log(
                    Dependency.TOXIPROXY,
                    toxiproxyAttempts,
                    toxiproxy.version(),
                    "API " + toxiproxy.endpoint().url());
            return new Provisioned(info, toxiproxy, List.of(postgres, redis), List.copyOf(directories), closer);
        } catch (RuntimeException | Error e) {
            try {
                closer.close();
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
    }

    /** The images of the dependencies containers serve, as the settings name them. */
    private Map<Dependency, String> images(ProviderKind postgres, ProviderKind redis, ProviderKind toxiproxy) {
        Map<Dependency, String> images = new EnumMap<>(Dependency.class);
        if (postgres == ProviderKind.TESTCONTAINERS) {
            images.put(Dependency.POSTGRES, settings.postgresImage().value());
        }
        if (redis == ProviderKind.TESTCONTAINERS) {
            images.put(Dependency.REDIS, settings.redisImage().value());
        }
        if (toxiproxy == ProviderKind.TESTCONTAINERS) {
            images.put(Dependency.TOXIPROXY, settings.toxiproxyImage().value());
        }
        return images;
    }

    private DockerStatus dockerStatus() {
        Sourced<DockerMode> mode = settings.docker();
        if (mode.value() == DockerMode.NEVER) {
            return DockerStatus.notChecked("docker = never (" + mode.origin() + ")");
        }
        boolean allConfigured = settings.postgresUrl().value() != null
                && settings.redisUrl().value() != null
                && settings.toxiproxyUrl().value() != null;
        if (allConfigured) {
            return DockerStatus.notChecked("every dependency has a configured address");
        }
        DockerStatus status = providers.docker();
        LOG.info("Docker {}", status);
        return status;
    }

    private StartedServer postgres(DockerStatus docker, List<ProviderAttempt> attempts) {
        Sourced<?> url = settings.postgresUrl();
        List<ProviderStep<StartedServer>> steps = new ArrayList<>();
        steps.add(external(
                url,
                InfrastructureSettings.POSTGRES_URL_KEY,
                () -> ExternalServers.postgres(settings.postgresUrl().value())));
        steps.add(container(
                docker,
                () -> providers.containerPostgres(
                        containers(),
                        settings.postgresImage().value(),
                        settings.postgresDatabase().value()),
                settings.postgresImage().value()));
        steps.add(embedded(() ->
                providers.embeddedPostgres(dirs(), settings.postgresDatabase().value())));
        return register(ProviderChain.run(
                Dependency.POSTGRES, steps, attempts, InfrastructureSettings.howToUseExisting("postgres")));
    }

    private StartedServer redis(DockerStatus docker, List<ProviderAttempt> attempts) {
        List<ProviderStep<StartedServer>> steps = new ArrayList<>();
        steps.add(external(
                settings.redisUrl(),
                InfrastructureSettings.REDIS_URL_KEY,
                () -> ExternalServers.redis(settings.redisUrl().value())));
        steps.add(container(
                docker,
                () -> providers.containerRedis(
                        containers(), settings.redisImage().value()),
                settings.redisImage().value()));
        steps.add(embedded(() -> providers.embeddedRedis(dirs())));
        return register(
                ProviderChain.run(Dependency.REDIS, steps, attempts, InfrastructureSettings.howToUseExisting("redis")));
    }

    private StartedToxiproxy toxiproxy(
            DockerStatus docker, List<StartedServer> upstreams, List<ProviderAttempt> attempts) {
        List<ProviderStep<StartedToxiproxy>> steps = new ArrayList<>();
        steps.add(external(
                settings.toxiproxyUrl(),
                InfrastructureSettings.TOXIPROXY_URL_KEY,
                () -> ExternalServers.toxiproxy(settings.toxiproxyUrl().value())));
        steps.add(container(
                docker,
                () -> providers.containerToxiproxy(
                        containers(), settings.toxiproxyImage().value(), upstreams),
                settings.toxiproxyImage().value()));
        steps.add(embedded(providers::embeddedToxiproxy));
        StartedToxiproxy toxiproxy = ProviderChain.run(
                Dependency.TOXIPROXY, steps, attempts, InfrastructureSettings.howToUseExisting("toxiproxy"));
        closer.register("toxiproxy (" + toxiproxy.detail() + ")", toxiproxy.stop());
        return toxiproxy;
    }

    private <T> ProviderStep<T> external(Sourced<?> url, String key, java.util.concurrent.Callable<T> start) {
        if (url.value() == null) {
            return ProviderStep.skipped(ProviderKind.EXTERNAL, "no address configured (" + key + " is not set)");
        }
        String noFallback = "an address is configured (" + url.origin() + "), so no other provider is tried: "
                + "fix the address, or unset it to let the suite start a server";
        return new ProviderStep<>(
                ProviderKind.EXTERNAL, null, noFallback, start, s -> "at " + url.value() + " (" + url.origin() + ")");
    }

    private <T> ProviderStep<T> container(DockerStatus docker, java.util.concurrent.Callable<T> start, String image) {
        Sourced<DockerMode> mode = settings.docker();
        String required = "docker = required (" + mode.origin() + ")";
        if (mode.value() == DockerMode.NEVER) {
            return ProviderStep.skipped(ProviderKind.TESTCONTAINERS, "docker = never (" + mode.origin() + ")");
        }
        if (!docker.available()) {
            if (mode.value() == DockerMode.REQUIRED) {
                return new ProviderStep<>(
                        ProviderKind.TESTCONTAINERS,
                        null,
                        required + " forbids falling back to embedded servers; start a Docker engine, or set "
                                + InfrastructureSettings.DOCKER_KEY + " (-Dloadtest.docker) to auto",
                        () -> {
                            throw new IllegalStateException("no Docker engine answered (checked in "
                                    + Infrastructure.seconds(docker.took()) + ": " + docker.detail() + ")");
                        },
                        t -> "");
            }
            return ProviderStep.skipped(
                    ProviderKind.TESTCONTAINERS,
                    "no Docker engine answered (checked in " + Infrastructure.seconds(docker.took()) + ": "
                            + docker.detail() + ")");
        }
        String noFallback =
                mode.value() == DockerMode.REQUIRED ? required + " forbids falling back to embedded servers" : null;
        return new ProviderStep<>(ProviderKind.TESTCONTAINERS, null, noFallback, start, s -> "image " + image);
    }

    private <T> ProviderStep<T> embedded(java.util.concurrent.Callable<T> start) {
        Sourced<DockerMode> mode = settings.docker();
        if (mode.value() == DockerMode.REQUIRED) {
            return ProviderStep.skipped(ProviderKind.EMBEDDED, "docker = required (" + mode.origin() + ")");
        }
        return new ProviderStep<>(ProviderKind.EMBEDDED, null, null, start, s -> describeEmbedded(s));
    }

    private static String describeEmbedded(Object started) {
        return started instanceof StartedServer s
                ? s.detail()
                : started instanceof StartedToxiproxy t ? t.detail() : String.valueOf(started);
    }

    private StartedServer register(StartedServer server) {
        closer.register(server.dependency().key() + " (" + server.detail() + ")", server.stop());
        return server;
    }

    private synchronized WorkDirectories dirs() {
        if (dirs == null) {
            dirs = providers.directories();
            directories.addAll(dirs.owned());
            closer.register("work directories " + dirs.owned(), dirs);
        }
        return dirs;
    }

    private synchronized DockerContainers containers() {
        if (containers == null) {
            containers = providers.containers();
            closer.register("Docker network", containers);
        }
        return containers;
    }

    /** Creates (or replaces) the named proxy and returns where this JVM reaches it. */
    private HostPort proxy(
            ToxiproxyClient client,
            StartedToxiproxy toxiproxy,
            Dependency dependency,
            int index,
            StartedServer upstream) {
        String name = dependency.proxyName();
        String listen = toxiproxy.layout().listen(index);
        String target = toxiproxy.layout().upstream(upstream);
        try {
            Proxy existing = client.getProxyOrNull(name);
            if (existing != null) {
                LOG.info(
                        "Toxiproxy at {} already has a proxy \"{}\" ({} -> {}); replacing it",
                        toxiproxy.endpoint().url(),
                        name,
                        existing.getListen(),
                        existing.getUpstream());
                existing.delete();
            }
            Proxy proxy = client.createProxy(name, listen, target);
            if (toxiproxy.kind() == ProviderKind.EXTERNAL) {
                // The server outlives us: leave no proxy of ours behind on it.
                closer.register(
                        "proxy \"" + name + "\" on " + toxiproxy.endpoint().url(), proxy::delete);
            }
            return toxiproxy.layout().reachable(proxy, index);
        } catch (IOException | RuntimeException e) {
            throw new InfrastructureException(
                    "Could not create the Toxiproxy proxy \"" + name + "\" (listen " + listen + ", upstream " + target
                            + ") on " + toxiproxy.endpoint().url() + " (" + toxiproxy.detail() + "): "
                            + CauseChain.describe(e),
                    e);
        }
    }

    /** Postgres and Redis must answer through their proxies: a Toxiproxy that cannot reach them is useless. */
    private static void checkThroughProxies(PostgresEndpoint postgres, RedisEndpoint redis) {
        try {
            PostgresProbe.version(postgres.jdbcUrl(), postgres.user(), postgres.password());
        } catch (Exception e) {
            throw new InfrastructureException(
                    "Postgres answers at " + postgres.direct() + " but not through its Toxiproxy proxy at "
                            + postgres.proxied() + ": " + CauseChain.describe(e)
                            + "\n  The Toxiproxy server must be able to reach Postgres at the proxy's upstream.",
                    e);
        }
        try {
            RedisProbe.version(redis.proxied(), redis.username(), redis.password(), redis.database());
        } catch (Exception e) {
            throw new InfrastructureException(
                    "Redis answers at " + redis.direct() + " but not through its Toxiproxy proxy at "
                            + redis.proxied() + ": " + CauseChain.describe(e)
                            + "\n  The Toxiproxy server must be able to reach Redis at the proxy's upstream.",
                    e);
        }
    }

    private static void log(Dependency dependency, List<ProviderAttempt> attempts, String version, String where) {
        ProviderAttempt served = attempts.get(attempts.size() - 1);
        List<String> before = attempts.subList(0, attempts.size() - 1).stream()
                .map(a -> a.provider() + " (" + a.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": "
                        + a.detail() + ")")
                .toList();
        LOG.info(
                "{}: {} {} at {} ({}){}",
                dependency.key(),
                served.provider(),
                version,
                where,
                served.detail(),
                before.isEmpty() ? "" : "; before it: " + String.join(", ", before));
    }

    private static StartedServer join(CompletableFuture<StartedServer> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while starting Postgres", e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new InfrastructureException("Postgres did not start: " + CauseChain.describe(cause), cause);
        }
    }
}
