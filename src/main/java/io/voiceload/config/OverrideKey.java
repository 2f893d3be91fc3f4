package io.voiceload.config;

import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every {@code loadtest.*} system property and {@code LOADTEST_*} environment variable voiceload
 * knows. Any other name with that prefix, in any case ({@code -DloadTest.users}), is an error, so that a typo
 * is never ignored; so is the environment variable of a key read only as a system property. To add one, add
 * a constant here: the environment name is derived ({@code loadtest.rampUp} → {@code LOADTEST_RAMP_UP}).
 */
public enum OverrideKey {
    PROFILE("loadtest.profile", Type.PROFILE_NAME),
    USERS("loadtest.users", Type.COUNT),
    REQUESTS("loadtest.requests", Type.COUNT),
    DURATION("loadtest.duration", Type.RUN_DURATION),
    RAMP_UP("loadtest.rampUp", Type.DURATION_OR_ZERO),
    RATE("loadtest.rate", Type.RATE),
    MAX_CONCURRENCY("loadtest.maxConcurrency", Type.COUNT),
    THINK_TIME("loadtest.thinkTime", Type.THINK_TIME),
    WARMUP("loadtest.warmup", Type.DURATION_OR_ZERO),
    WARMUP_ITERATIONS("loadtest.warmupIterations", Type.COUNT_OR_ZERO),
    SEED("loadtest.seed", Type.SEED),
    CONFIG("loadtest.config", Type.TEXT),
    PROGRESS_INTERVAL("loadtest.progressInterval", Type.RUN_DURATION),
    MAX_TEST_DURATION("loadtest.maxTestDuration", Type.RUN_DURATION),
    TARGET_BASE_URL("loadtest.target.baseUrl", Type.URL_OR_EMBEDDED),
    TARGET_READINESS_PATH("loadtest.target.readinessPath", Type.READINESS_PATH),
    TARGET_MODE("loadtest.target.mode", Type.TARGET_MODE),
    TARGET_CHILD_JVM_ARGS("loadtest.target.childJvmArgs", Type.JVM_ARGS),
    TARGET_CHILD_WARMUP("loadtest.target.childWarmup", Type.DURATION_OR_ZERO),
    TARGET_JMX_URL("loadtest.target.jmxUrl", Type.JMX_URL),
    TARGET_JMX_USER("loadtest.target.jmxUser", Type.TEXT),
    TARGET_JMX_PASSWORD("loadtest.target.jmxPassword", Type.SECRET),
    // Infrastructure (see InfrastructureSettings): an existing server's address, or Docker's use.
    POSTGRES_URL("loadtest.postgres.url", Type.POSTGRES_URL),
    REDIS_URL("loadtest.redis.url", Type.REDIS_URL),
    TOXIPROXY_URL("loadtest.toxiproxy.url", Type.TOXIPROXY_URL),
    DOCKER("loadtest.docker", Type.DOCKER_MODE),
    // The fault annotations' proxy names as this set-up names them (faults.FaultPlan reads it through Overrides).
    FAULT_PROXIES("loadtest.faults.proxies", Type.PROXY_NAMES),
    // Read by other packages, through raw(): the baseline's (report.BaselineSettings validates the margin).
    BASELINE("loadtest.baseline", Type.PASS_THROUGH),
    BASELINE_MARGIN("loadtest.baseline.margin", Type.PASS_THROUGH),
    BASELINE_FORCE("loadtest.baseline.force", Type.BOOLEAN),
    // Read by other packages as system properties only (junit.ResultFiles, junit.RunReportListener): their
    // environment variables would be read by nobody, so they are errors, not accepted and ignored.
    RUN_ID("loadtest.runId", Type.PASS_THROUGH, false),
    REPORTS_DIR("loadtest.reports.dir", Type.PASS_THROUGH, false),
    RUN_REPORT("loadtest.runReport", Type.BOOLEAN, false);

    /** How a key's text is validated. */
    enum Type {
        PROFILE_NAME,
        COUNT,
        COUNT_OR_ZERO,
        RUN_DURATION,
        DURATION_OR_ZERO,
        RATE,
        THINK_TIME,
        SEED,
        TEXT,
        URL_OR_EMBEDDED,
        READINESS_PATH,
        /** {@code embedded}, {@code child} or {@code external}. */
        TARGET_MODE,
        /** JVM options separated by blanks: {@code -Xmx1g -XX:+UseZGC}. */
        JVM_ARGS,
        /** A {@code service:jmx:rmi:} URL of one of {@link TargetJmx#ACCEPTED_FORMS}. */
        JMX_URL,
        /** Text never quoted: a password. */
        SECRET,
        POSTGRES_URL,
        REDIS_URL,
        TOXIPROXY_URL,
        DOCKER_MODE,
        /** {@code name=actual,name=actual}: the proxies fault annotations name, and the proxies they mean here. */
        PROXY_NAMES,
        /** {@code true} or {@code false}, any case; blank means unset (the reader's default). */
        BOOLEAN,
        PASS_THROUGH
    }

    static final String PROPERTY_PREFIX = "loadtest.";
    static final String ENVIRONMENT_PREFIX = "LOADTEST_";

    private final String property;
    private final String environmentVariable;
    private final Type type;
    private final boolean readFromEnvironment;

    OverrideKey(String property, Type type) {
        this(property, type, true);
    }

    OverrideKey(String property, Type type, boolean readFromEnvironment) {
        this.property = property;
        this.environmentVariable = environmentName(property);
        this.type = type;
        this.readFromEnvironment = readFromEnvironment;
    }

    /** The system property, e.g. {@code loadtest.rampUp}. */
    public String property() {
        return property;
    }

    /**
     * The environment variable, e.g. {@code LOADTEST_RAMP_UP}; for a key read only as a system property
     * ({@link #readFromEnvironment()} false) the name it would have, which is an error to set.
     */
    public String environmentVariable() {
        return environmentVariable;
    }

    /** False for the keys read only as system properties ({@code loadtest.runId}, ...). */
    public boolean readFromEnvironment() {
        return readFromEnvironment;
    }

    /** True for keys other packages read through {@link Overrides#raw(String)}. */
    public boolean isPassThrough() {
        return type == Type.PASS_THROUGH;
    }

    /** True for the {@code true}/{@code false} keys, read with {@link Overrides#flag(OverrideKey, boolean)}. */
    public boolean isFlag() {
        return type == Type.BOOLEAN;
    }

    public static Optional<OverrideKey> byProperty(String property) {
        return Arrays.stream(values()).filter(k -> k.property.equals(property)).findFirst();
    }

    /** The key read from the environment variable {@code name}; empty for names nobody reads. */
    public static Optional<OverrideKey> byEnvironmentVariable(String name) {
        return Arrays.stream(values())
                .filter(k -> k.readFromEnvironment && k.environmentVariable.equals(name))
                .findFirst();
    }

    /** The key a name means when spelt in another case ({@code loadTest.users}, {@code LOADTEST.USERS}). */
    static Optional<OverrideKey> byPropertyIgnoringCase(String name) {
        String normalized = name.replace('_', '.').replaceAll("\\.+", ".");
        return Arrays.stream(values())
                .filter(k -> k.property.equalsIgnoreCase(name)
                        || k.property.equalsIgnoreCase(normalized)
                        || k.environmentVariable.equalsIgnoreCase(name))
                .findFirst();
    }

    /** {@code loadtest.target.baseUrl} → {@code LOADTEST_TARGET_BASE_URL}. */
    static String environmentName(String property) {
        return property.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .replace('.', '_')
                .toUpperCase(Locale.ROOT);
    }

    /**
     * The typed value: Integer, Long, Double, Duration, ThinkTime, URI (null = embedded), TargetMode, List of
     * String (JVM options), PostgresUrl,
     * RedisUrl, ToxiproxyUrl (null = none: the suite starts one), DockerMode, Boolean (null = blank) or String.
     *
     * @param where e.g. {@code -Dloadtest.users=0}; starts every error message
     */
    Object parse(String text, String where) {
        return switch (type) {
            case PROFILE_NAME -> {
                String name = text.strip();
                if (!Values.PROFILE_NAME.matcher(name).matches()) {
                    throw new ConfigException(where + ": not a profile name; names match [a-z][a-z0-9_-]*");
                }
                yield name;
            }
            case COUNT -> Values.wholeNumber(text, where, 1);
            case COUNT_OR_ZERO -> Values.wholeNumber(text, where, 0);
            case RUN_DURATION -> Durations.parsePositive(text, where, ChronoUnit.SECONDS);
            case DURATION_OR_ZERO -> Durations.parse(text, where, ChronoUnit.SECONDS);
            case RATE -> Values.positiveNumber(text, where, " (arrivals per second)");
            case THINK_TIME -> ThinkTime.parse(text, where);
            case SEED -> Values.longNumber(text, where, Long.MIN_VALUE);
            case TEXT -> {
                if (text.isBlank()) {
                    throw new ConfigException(where + ": empty");
                }
                yield text.strip();
            }
            case URL_OR_EMBEDDED ->
                text.isBlank() || text.strip().equalsIgnoreCase("embedded") ? null : Values.httpUrl(text, where);
            case READINESS_PATH -> Values.readinessPath(text, where);
            case TARGET_MODE -> TargetMode.parse(text, where);
            case JVM_ARGS -> TargetSettings.jvmArgs(List.of(text.strip().split("\\s+")), where);
            case JMX_URL -> TargetJmx.checkUrl(text, where);
            case SECRET -> {
                if (text.isEmpty()) {
                    throw new ConfigException(where + ": empty");
                }
                yield text;
            }
            case POSTGRES_URL -> ServiceUrls.isAuto(text) ? null : PostgresUrl.parse(text, where);
            case REDIS_URL -> ServiceUrls.isAuto(text) ? null : RedisUrl.parse(text, where);
            case TOXIPROXY_URL -> ServiceUrls.isAuto(text) ? null : ToxiproxyUrl.parse(text, where);
            case DOCKER_MODE -> DockerMode.parse(text, where);
            case PROXY_NAMES -> proxyNames(text, where);
            case BOOLEAN ->
                switch (text.strip().toLowerCase(Locale.ROOT)) {
                    case "" -> null;
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw new ConfigException(where + ": must be true or false");
                };
            case PASS_THROUGH -> text;
        };
    }

    private static final java.util.regex.Pattern PROXY_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]+");

    /** {@code pms=pms_3, pms_secondary=pms_secondary_3} → an ordered map; each name at most once. */
    private static java.util.Map<String, String> proxyNames(String text, String where) {
        java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
        for (String pair : text.split(",")) {
            String[] parts = pair.split("=", -1);
            if (parts.length != 2
                    || !PROXY_NAME.matcher(parts[0].strip()).matches()
                    || !PROXY_NAME.matcher(parts[1].strip()).matches()) {
                throw new ConfigException(where + ": \"" + pair.strip() + "\" is not name=proxy; give the proxy"
                        + " names the fault annotations use and the proxies they mean here, comma-separated, e.g."
                        + " pms=pms_3,pms_secondary=pms_secondary_3 (names of A-Z a-z 0-9 _ . -)");
            }
            if (names.put(parts[0].strip(), parts[1].strip()) != null) {
                throw new ConfigException(where + ": " + parts[0].strip() + " is renamed twice");
            }
        }
        return java.util.Collections.unmodifiableMap(names);
    }

    /** The value as error messages and notes may quote it: passwords in addresses are masked. */
    String display(String text) {
        return switch (type) {
            case POSTGRES_URL, REDIS_URL, TOXIPROXY_URL -> ServiceUrls.redact(text);
            case SECRET -> "***";
            default -> text;
        };
    }
}
