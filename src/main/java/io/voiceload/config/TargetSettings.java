package io.voiceload.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The system under test as a run sees it, every value with its origin: the base URL ({@code
 * -Dloadtest.target.baseUrl}, {@code LOADTEST_TARGET_BASE_URL}, else {@code target.base_url}; none: the embedded
 * reference platform) and the path that says whether a deployment is ready ({@code
 * -Dloadtest.target.readinessPath}, {@code LOADTEST_TARGET_READINESS_PATH}, else {@code target.readiness_path},
 * else {@value #DEFAULT_READINESS_PATH}, the reference platform's).
 *
 * <pre>{@code
 * TargetSettings target = TargetSettings.resolve(LoadTestConfig.shared(), Overrides.fromSystem());
 * target.readinessUrl().ifPresent(url -> System.out.println("asks " + url + " before any load"));
 * }</pre>
 *
 * @param baseUrl the deployment's base URL; a value of null means the embedded reference platform
 * @param readinessPath the path asked once before any load, answering 2xx when the deployment is ready; a value
 *     of null means no readiness request ({@value #NO_READINESS_CHECK}: only the host is resolved)
 */
public record TargetSettings(Sourced<URI> baseUrl, Sourced<String> readinessPath) {

    /** The reference platform's readiness endpoint: Postgres, Redis and the PMS answer. */
    public static final String DEFAULT_READINESS_PATH = "/health/ready";

    /** The readiness path that asks nothing: for a deployment whose health endpoint is not reachable from outside. */
    public static final String NO_READINESS_CHECK = "none";

    public TargetSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(readinessPath, "readinessPath");
    }

    /** Applies the overrides to the configuration's {@code target} section. */
    public static TargetSettings resolve(LoadTestConfig config, Overrides overrides) {
        Target target = config.target();
        Sourced<URI> baseUrl = overrides
                .targetBaseUrl()
                .orElseGet(() -> target.baseUrl() != null
                        ? Sourced.of(target.baseUrl(), config.label() + " target.base_url")
                        : Sourced.of(null, BuiltInDefaults.ORIGIN));
        Sourced<String> path = overrides
                .targetReadinessPath()
                .orElseGet(() -> target.readinessPath() != null
                        ? Sourced.of(target.readinessPath(), config.label() + " target.readiness_path")
                        : Sourced.of(DEFAULT_READINESS_PATH, BuiltInDefaults.ORIGIN));
        if (NO_READINESS_CHECK.equals(path.value())) {
            path = Sourced.of(null, path.origin());
        }
        return new TargetSettings(baseUrl, path);
    }

    /** True when no base URL is configured: the embedded reference platform is the target. */
    public boolean isEmbedded() {
        return baseUrl.value() == null;
    }

    /** The URL asked once before any load; empty for the embedded platform or with no readiness path. */
    public Optional<URI> readinessUrl() {
        if (isEmbedded() || readinessPath.value() == null) {
            return Optional.empty();
        }
        String base = baseUrl.value().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return Optional.of(URI.create(base + readinessPath.value()));
    }
}
