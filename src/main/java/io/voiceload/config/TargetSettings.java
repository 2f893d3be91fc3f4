package io.voiceload.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The system under test as a run sees it, every value with its origin: the base URL ({@code
 * -Dloadtest.target.baseUrl}, {@code LOADTEST_TARGET_BASE_URL}, else {@code target.base_url}; none: the reference
 * platform), where it runs ({@code -Dloadtest.target.mode}, {@code LOADTEST_TARGET_MODE}, else {@code
 * target.mode}, else implied by the base URL: {@link TargetMode#EXTERNAL} with one, {@link TargetMode#EMBEDDED}
 * without; of the mode and the base URL, the one given at the higher precedence wins, and given at the same level
 * they must agree), the JVM options of a {@link TargetMode#CHILD child} platform ({@code -Dloadtest.target.childJvmArgs},
 * else {@code target.child_jvm_args}, else {@link #DEFAULT_CHILD_JVM_ARGS}) and the path that says whether a
 * deployment is ready ({@code -Dloadtest.target.readinessPath}, {@code LOADTEST_TARGET_READINESS_PATH}, else
 * {@code target.readiness_path}, else {@value #DEFAULT_READINESS_PATH}, the reference platform's).
 *
 * <pre>{@code
 * TargetSettings target = TargetSettings.resolve(LoadTestConfig.shared(), Overrides.fromSystem());
 * target.readinessUrl().ifPresent(url -> System.out.println("asks " + url + " before any load"));
 * }</pre>
 *
 * @param baseUrl the deployment's base URL; a value of null means the reference platform, started by the suite
 * @param readinessPath the path asked once before any load, answering 2xx when the deployment is ready; a value
 *     of null means no readiness request ({@value #NO_READINESS_CHECK}: only the host is resolved)
 * @param mode where the system under test runs; {@link TargetMode#EXTERNAL} exactly when there is a base URL
 * @param childJvmArgs the JVM options of a child platform (its heap, its collector)
 * @param childWarmup how long a light built-in load warms a child platform before the first test ({@code
 *     -Dloadtest.target.childWarmup}, else {@code target.child_warmup}, else none); zero for none
 */
public record TargetSettings(
        Sourced<URI> baseUrl,
        Sourced<String> readinessPath,
        Sourced<TargetMode> mode,
        Sourced<List<String>> childJvmArgs,
        Sourced<Duration> childWarmup) {

    /** The reference platform's readiness endpoint: Postgres, Redis and the PMS answer. */
    public static final String DEFAULT_READINESS_PATH = "/health/ready";

    /** The readiness path that asks nothing: for a deployment whose health endpoint is not reachable from outside. */
    public static final String NO_READINESS_CHECK = "none";

    /** The JVM options of a child platform unless configured: a heap of its own, the default collector. */
    public static final List<String> DEFAULT_CHILD_JVM_ARGS = List.of("-Xmx512m", "-XX:+UseG1GC");

    /** Options the child platform's launcher sets itself: its class path. */
    private static final List<String> LAUNCHER_OPTIONS =
            List.of("-cp", "-classpath", "--class-path", "-jar", "--module-path", "-p", "-m", "--module");

    public TargetSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(readinessPath, "readinessPath");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(mode.value(), "mode.value");
        Objects.requireNonNull(childJvmArgs, "childJvmArgs");
        Objects.requireNonNull(childWarmup, "childWarmup");
        if ((mode.value() == TargetMode.EXTERNAL) != (baseUrl.value() != null)) {
            throw new IllegalArgumentException("mode " + mode + " with base URL " + baseUrl);
        }
    }

    /** A target of the mode its base URL implies, with the default child JVM options. */
    public TargetSettings(Sourced<URI> baseUrl, Sourced<String> readinessPath) {
        this(
                baseUrl,
                readinessPath,
                Sourced.of(baseUrl.value() == null ? TargetMode.EMBEDDED : TargetMode.EXTERNAL, baseUrl.origin()),
                Sourced.of(DEFAULT_CHILD_JVM_ARGS, BuiltInDefaults.ORIGIN),
                Sourced.of(Duration.ZERO, BuiltInDefaults.ORIGIN));
    }

    /**
     * Applies the overrides to the configuration's {@code target} section.
     *
     * @throws ConfigException when the mode and the base URL disagree: {@code external} without a base URL, or a
     *     base URL with {@code embedded} or {@code child}
     */
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
        // The mode and the base URL follow the suite's precedence: the one given at the higher level wins (a
        // -Dloadtest.target.baseUrl beats the file's "mode": "embedded"; a -Dloadtest.target.mode=child beats the
        // file's base_url); given at the same level, they must agree.
        int urlLevel = overrides.targetBaseUrl().isPresent() ? 2 : target.baseUrl() != null ? 1 : 0;
        Optional<Sourced<TargetMode>> modeOverride = overrides.targetMode();
        int modeLevel = modeOverride.isPresent() ? 2 : target.mode() != null ? 1 : 0;
        Sourced<TargetMode> mode = modeOverride.orElseGet(() -> target.mode() != null
                ? Sourced.of(target.mode(), config.label() + " target.mode")
                : Sourced.of(TargetMode.EMBEDDED, BuiltInDefaults.ORIGIN));
        if (urlLevel > modeLevel) {
            mode = Sourced.of(baseUrl.value() == null ? TargetMode.EMBEDDED : TargetMode.EXTERNAL, baseUrl.origin());
        } else if (modeLevel > urlLevel && mode.value() != TargetMode.EXTERNAL) {
            baseUrl = Sourced.of(null, mode.origin());
        }
        if (mode.value() == TargetMode.EXTERNAL && baseUrl.value() == null) {
            throw new ConfigException(mode.origin() + ": target mode external needs a base URL (target.base_url,"
                    + " -Dloadtest.target.baseUrl or LOADTEST_TARGET_BASE_URL); the modes are "
                    + String.join(", ", TargetMode.NAMES));
        }
        if (mode.value() != TargetMode.EXTERNAL && baseUrl.value() != null) {
            throw new ConfigException(
                    mode.origin() + ": target mode " + mode.value().wireName()
                            + " starts the reference platform, but " + baseUrl.origin() + " names a deployment ("
                            + baseUrl.value() + "); a base URL means mode external: drop one of them");
        }
        Sourced<List<String>> jvmArgs = overrides
                .targetChildJvmArgs()
                .orElseGet(() -> target.childJvmArgs() != null
                        ? Sourced.of(target.childJvmArgs(), config.label() + " target.child_jvm_args")
                        : Sourced.of(DEFAULT_CHILD_JVM_ARGS, BuiltInDefaults.ORIGIN));
        Sourced<Duration> warmup = overrides
                .targetChildWarmup()
                .orElseGet(() -> target.childWarmup() != null
                        ? Sourced.of(target.childWarmup(), config.label() + " target.child_warmup")
                        : Sourced.of(Duration.ZERO, BuiltInDefaults.ORIGIN));
        return new TargetSettings(baseUrl, path, mode, jvmArgs, warmup);
    }

    /**
     * Checks JVM options for a child platform: each one an option ({@code -Xmx512m}, {@code -XX:+UseZGC},
     * {@code -Dname=value}), none of those the launcher sets itself (the class path).
     *
     * @param where names the setting in the error message
     * @throws ConfigException naming the first bad option
     */
    static List<String> jvmArgs(List<String> args, String where) {
        for (String arg : args) {
            if (arg == null
                    || arg.isBlank()
                    || !arg.strip().startsWith("-")
                    || arg.strip().contains(" ")) {
                throw new ConfigException(where + ": \"" + arg + "\" is not a JVM option; give options such as"
                        + " -Xmx512m, -XX:+UseG1GC, -Dname=value, one per element");
            }
            if (LAUNCHER_OPTIONS.contains(arg.strip().toLowerCase(Locale.ROOT))) {
                throw new ConfigException(where + ": " + arg.strip()
                        + " is set by the launcher of the child platform (the test class path); leave it out");
            }
        }
        return args.stream().map(String::strip).toList();
    }

    /** True when the reference platform runs in the test JVM ({@link TargetMode#EMBEDDED}). */
    public boolean isEmbedded() {
        return mode.value() == TargetMode.EMBEDDED;
    }

    /** True when the reference platform runs in a JVM of its own ({@link TargetMode#CHILD}). */
    public boolean isChild() {
        return mode.value() == TargetMode.CHILD;
    }

    /** True when the target is a deployment at {@link #baseUrl} ({@link TargetMode#EXTERNAL}). */
    public boolean isExternal() {
        return mode.value() == TargetMode.EXTERNAL;
    }

    /** The URL asked once before any load; empty unless {@linkplain #isExternal external}, or with no readiness path. */
    public Optional<URI> readinessUrl() {
        if (!isExternal() || readinessPath.value() == null) {
            return Optional.empty();
        }
        String base = baseUrl.value().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return Optional.of(URI.create(base + readinessPath.value()));
    }
}
