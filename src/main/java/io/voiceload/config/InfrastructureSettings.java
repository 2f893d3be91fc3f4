package io.voiceload.config;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The effective infrastructure settings, every value with its origin. Precedence, highest first:
 * {@code -Dloadtest.*} system property, {@code LOADTEST_*} environment variable, the {@code infrastructure}
 * section of {@code load_test_config.json}, the built-in defaults below.
 *
 * <pre>{@code
 * InfrastructureSettings settings = InfrastructureSettings.resolve(LoadTestConfig.shared(), Overrides.fromSystem());
 * InfrastructureSettings forTest = InfrastructureSettings.resolve(LoadTestConfig.builtIn(),
 *         Overrides.of(Map.of("loadtest.redis.url", "redis://127.0.0.1:6379"), Map.of()));
 * }</pre>
 *
 * <p>An address ({@code postgresUrl}, {@code redisUrl}, {@code toxiproxyUrl}) of null means: no existing
 * server is configured, the suite starts one (in Docker or embedded).
 *
 * @param docker whether Docker may, must or must not be used
 * @param postgresUrl an existing Postgres, with its database filled in from {@code postgresDatabase}
 *     when the address names none
 * @param postgresImage Docker image for Postgres
 * @param postgresPoolSize connections in the tests' pool
 * @param postgresDatabase the database the suite creates in a Postgres it starts
 * @param redisUrl an existing Redis
 * @param redisImage Docker image for Redis
 * @param toxiproxyUrl an existing Toxiproxy API
 * @param toxiproxyImage Docker image for Toxiproxy
 * @param configSource where the configuration came from
 */
public record InfrastructureSettings(
        Sourced<DockerMode> docker,
        Sourced<PostgresUrl> postgresUrl,
        Sourced<String> postgresImage,
        Sourced<Integer> postgresPoolSize,
        Sourced<String> postgresDatabase,
        Sourced<RedisUrl> redisUrl,
        Sourced<String> redisImage,
        Sourced<ToxiproxyUrl> toxiproxyUrl,
        Sourced<String> toxiproxyImage,
        String configSource) {

    public static final DockerMode DEFAULT_DOCKER = DockerMode.AUTO;
    public static final String DEFAULT_POSTGRES_IMAGE = "postgres:18";
    public static final int DEFAULT_POSTGRES_POOL_SIZE = 10;
    public static final String DEFAULT_POSTGRES_DATABASE = "voiceload";
    public static final String DEFAULT_REDIS_IMAGE = "redis:7";
    public static final String DEFAULT_TOXIPROXY_IMAGE = "ghcr.io/shopify/toxiproxy:2.12.0";

    /** Key paths of the section, as messages name them. */
    public static final String POSTGRES_URL_KEY = "infrastructure.postgres.url";

    public static final String REDIS_URL_KEY = "infrastructure.redis.url";
    public static final String TOXIPROXY_URL_KEY = "infrastructure.toxiproxy.url";
    public static final String DOCKER_KEY = "infrastructure.docker";

    public InfrastructureSettings {
        Objects.requireNonNull(docker, "docker");
        Objects.requireNonNull(postgresUrl, "postgresUrl");
        Objects.requireNonNull(postgresImage, "postgresImage");
        Objects.requireNonNull(postgresPoolSize, "postgresPoolSize");
        Objects.requireNonNull(postgresDatabase, "postgresDatabase");
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(redisImage, "redisImage");
        Objects.requireNonNull(toxiproxyUrl, "toxiproxyUrl");
        Objects.requireNonNull(toxiproxyImage, "toxiproxyImage");
    }

    /** Applies the overrides and the defaults to the configuration's {@code infrastructure} section. */
    public static InfrastructureSettings resolve(LoadTestConfig config, Overrides overrides) {
        InfrastructureConfig file = config.infrastructure();
        String label = config.label() + " infrastructure.";
        Sourced<String> database =
                pick(Optional.empty(), file.postgresDatabase(), label + "postgres.database", DEFAULT_POSTGRES_DATABASE);
        Sourced<PostgresUrl> postgres = pick(overrides.postgresUrl(), file.postgresUrl(), label + "postgres.url", null);
        if (postgres.value() != null && postgres.value().database() == null) {
            postgres = Sourced.of(
                    postgres.value().withDatabase(database.value()),
                    postgres.origin() + " + database from " + database.origin());
        }
        return new InfrastructureSettings(
                pick(overrides.docker(), file.docker(), label + "docker", DEFAULT_DOCKER),
                postgres,
                pick(Optional.empty(), file.postgresImage(), label + "postgres.image", DEFAULT_POSTGRES_IMAGE),
                pick(
                        Optional.empty(),
                        file.postgresPoolSize(),
                        label + "postgres.pool_size",
                        DEFAULT_POSTGRES_POOL_SIZE),
                database,
                pick(overrides.redisUrl(), file.redisUrl(), label + "redis.url", null),
                pick(Optional.empty(), file.redisImage(), label + "redis.image", DEFAULT_REDIS_IMAGE),
                pick(overrides.toxiproxyUrl(), file.toxiproxyUrl(), label + "toxiproxy.url", null),
                pick(Optional.empty(), file.toxiproxyImage(), label + "toxiproxy.image", DEFAULT_TOXIPROXY_IMAGE),
                config.source());
    }

    /** {@link #resolve} with this JVM's configuration, system properties and environment. */
    public static InfrastructureSettings fromSystem() {
        return resolve(LoadTestConfig.shared(), Overrides.fromSystem());
    }

    private static <T> Sourced<T> pick(Optional<Sourced<T>> override, T fileValue, String fileKey, T builtIn) {
        if (override.isPresent()) {
            return override.get();
        }
        if (fileValue != null) {
            return Sourced.of(fileValue, fileKey);
        }
        return Sourced.of(builtIn, BuiltInDefaults.ORIGIN);
    }

    /**
     * How to point the suite at an existing server of a kind, for messages: e.g. {@code set
     * infrastructure.redis.url in load_test_config.json, or -Dloadtest.redis.url / LOADTEST_REDIS_URL
     * (redis://host:6379)}.
     *
     * @param kind {@code postgres}, {@code redis} or {@code toxiproxy}
     */
    public static String howToUseExisting(String kind) {
        OverrideKey key =
                switch (kind) {
                    case "postgres" -> OverrideKey.POSTGRES_URL;
                    case "redis" -> OverrideKey.REDIS_URL;
                    case "toxiproxy" -> OverrideKey.TOXIPROXY_URL;
                    default -> throw new IllegalArgumentException("not a dependency: " + kind);
                };
        String example =
                switch (kind) {
                    case "postgres" -> "postgresql://user:password@host:5432/db";
                    case "redis" -> "redis://host:6379";
                    default -> "http://host:8474";
                };
        return "set infrastructure." + kind + ".url in " + LoadTestConfig.FILE_NAME + ", or -D" + key.property() + "="
                + example + " (environment: " + key.environmentVariable() + ")";
    }

    /** One line per setting with its origin; passwords masked. */
    public String describe() {
        StringBuilder sb = new StringBuilder("infrastructure settings (" + configSource + "):");
        line(sb, "docker", docker, DockerMode::key);
        line(sb, "postgres.url", postgresUrl, u -> u.toString());
        line(sb, "postgres.image", postgresImage, Function.identity());
        line(sb, "postgres.pool_size", postgresPoolSize, String::valueOf);
        line(sb, "postgres.database", postgresDatabase, Function.identity());
        line(sb, "redis.url", redisUrl, u -> u.toString());
        line(sb, "redis.image", redisImage, Function.identity());
        line(sb, "toxiproxy.url", toxiproxyUrl, u -> u.toString());
        line(sb, "toxiproxy.image", toxiproxyImage, Function.identity());
        return sb.toString();
    }

    private static <T> void line(StringBuilder sb, String name, Sourced<T> value, Function<T, String> show) {
        String text = value.value() == null ? "none (started by the suite)" : show.apply(value.value());
        sb.append("\n  ")
                .append(name)
                .append(" = ")
                .append(text)
                .append("  (")
                .append(value.origin())
                .append(')');
    }
}
