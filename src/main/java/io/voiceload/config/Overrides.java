package io.voiceload.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Run-time overrides from {@code -Dloadtest.*} system properties and {@code LOADTEST_*} environment
 * variables ({@link OverrideKey} lists them). A system property beats the environment variable of the
 * same key. Values are validated when read; an unknown {@code loadtest.*} / {@code LOADTEST_*} name is
 * an error with a did-you-mean, e.g. {@code -Dloadtest.user=5: unknown loadtest property; did you mean
 * "loadtest.users"? ...}, and so is one of ours in another case ({@code -DloadTest.users=5}), which would
 * otherwise be ignored.
 *
 * <pre>{@code
 * Overrides overrides = Overrides.fromSystem();
 * Overrides forTest = Overrides.of(Map.of("loadtest.users", "50"), Map.of());
 * }</pre>
 */
public final class Overrides {

    /** One value as given, its origin ({@code -Dloadtest.users} or {@code LOADTEST_USERS}) and its typed value. */
    private record Entry(String origin, String where, String raw, Object value) {}

    private static final Overrides NONE =
            new Overrides(new EnumMap<>(OverrideKey.class), new EnumMap<>(OverrideKey.class));

    private final Map<OverrideKey, Entry> properties;
    private final Map<OverrideKey, Entry> environment;

    private Overrides(Map<OverrideKey, Entry> properties, Map<OverrideKey, Entry> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** Reads the JVM's system properties and the process environment. */
    public static Overrides fromSystem() {
        Properties props = System.getProperties();
        Map<String, String> copy = new TreeMap<>();
        for (String name : props.stringPropertyNames()) {
            copy.put(name, props.getProperty(name));
        }
        return of(copy, System.getenv());
    }

    /**
     * Only the given keys of the JVM's system properties and environment, the others left unread (and
     * unchecked), e.g. {@code fromSystem(OverrideKey.CONFIG)} to locate the configuration file.
     */
    public static Overrides fromSystem(OverrideKey... keys) {
        Map<String, String> properties = new TreeMap<>();
        Map<String, String> environment = new TreeMap<>();
        for (OverrideKey key : keys) {
            String property = System.getProperty(key.property());
            if (property != null) {
                properties.put(key.property(), property);
            }
            String variable = key.readFromEnvironment() ? System.getenv(key.environmentVariable()) : null;
            if (variable != null) {
                environment.put(key.environmentVariable(), variable);
            }
        }
        return of(properties, environment);
    }

    /** No overrides at all. */
    public static Overrides none() {
        return NONE;
    }

    /**
     * Reads overrides from the given maps; names without the {@code loadtest.} / {@code LOADTEST_} prefix
     * in any case are ignored.
     *
     * @throws ConfigException listing every unknown name (a known one spelt in another case, such as {@code
     *     -DloadTest.users}, included), every environment variable of a key read only as a system property,
     *     and every invalid value
     */
    public static Overrides of(Map<String, String> systemProperties, Map<String, String> environment) {
        Problems problems = new Problems();
        Map<OverrideKey, Entry> fromProperties = new EnumMap<>(OverrideKey.class);
        for (Map.Entry<String, String> e : new TreeMap<>(systemProperties).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(OverrideKey.PROPERTY_PREFIX)) {
                if (looksLikeOurs(name)) {
                    problems.add(otherCase("-D" + name, e.getValue(), true));
                }
                continue;
            }
            Optional<OverrideKey> key = OverrideKey.byProperty(name);
            String where =
                    "-D" + name + "=" + key.map(k -> k.display(e.getValue())).orElse(e.getValue());
            if (key.isEmpty()) {
                List<String> known = Arrays.stream(OverrideKey.values())
                        .map(OverrideKey::property)
                        .toList();
                problems.add(where + ": unknown loadtest property; " + Suggestions.didYouMean(name, known) + "known: "
                        + String.join(", ", known));
                continue;
            }
            read(key.get(), "-D" + name, where, e.getValue(), fromProperties, problems);
        }
        Map<OverrideKey, Entry> fromEnvironment = new EnumMap<>(OverrideKey.class);
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(OverrideKey.ENVIRONMENT_PREFIX)) {
                if (looksLikeOurs(name)) {
                    problems.add(otherCase(name, e.getValue(), false));
                }
                continue;
            }
            Optional<OverrideKey> key = OverrideKey.byEnvironmentVariable(name);
            String where = name + "=" + key.map(k -> k.display(e.getValue())).orElse(e.getValue());
            Optional<OverrideKey> propertyOnly = Arrays.stream(OverrideKey.values())
                    .filter(k ->
                            !k.readFromEnvironment() && k.environmentVariable().equals(name))
                    .findFirst();
            if (propertyOnly.isPresent()) {
                problems.add(where + ": not read: " + propertyOnly.get().property()
                        + " is read only as a system property; use -D"
                        + propertyOnly.get().property() + "="
                        + e.getValue());
                continue;
            }
            if (key.isEmpty()) {
                List<String> known = Arrays.stream(OverrideKey.values())
                        .filter(OverrideKey::readFromEnvironment)
                        .map(OverrideKey::environmentVariable)
                        .toList();
                problems.add(where + ": unknown LOADTEST_ environment variable; " + Suggestions.didYouMean(name, known)
                        + "known: " + String.join(", ", known));
                continue;
            }
            read(key.get(), name, where, e.getValue(), fromEnvironment, problems);
        }
        problems.throwIfAny();
        return new Overrides(fromProperties, fromEnvironment);
    }

    /** {@code loadTest.users}, {@code LOADTEST.users}, {@code loadtest_users}: one of ours in another case. */
    private static boolean looksLikeOurs(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith(OverrideKey.PROPERTY_PREFIX) || lower.startsWith("loadtest_");
    }

    /**
     * The problem of a name that is one of ours in another case, naming the right spelling: names are
     * case-sensitive, so it would be ignored.
     *
     * @param given {@code -DloadTest.users} or {@code loadtest_users}
     * @param property whether it is a system property (else an environment variable)
     */
    private static String otherCase(String given, String value, boolean property) {
        String name = property ? given.substring(2) : given;
        Optional<OverrideKey> key = OverrideKey.byPropertyIgnoringCase(name);
        String where = given + "=" + key.map(k -> k.display(value)).orElse(value);
        if (key.isEmpty()) {
            List<String> known = Arrays.stream(OverrideKey.values())
                    .map(k -> property ? k.property() : k.environmentVariable())
                    .toList();
            return where + ": not read: names are case-sensitive and start with "
                    + (property ? "\"loadtest.\"" : "\"LOADTEST_\"") + "; "
                    + Suggestions.didYouMean(name, known) + "known: " + String.join(", ", known);
        }
        OverrideKey k = key.get();
        String right = property || !k.readFromEnvironment() ? "-D" + k.property() : k.environmentVariable();
        return where + ": not read: names are case-sensitive; did you mean " + right + "?";
    }

    private static void read(
            OverrideKey key, String origin, String where, String raw, Map<OverrideKey, Entry> into, Problems problems) {
        String text = raw == null ? "" : raw;
        boolean[] valid = {false};
        Object value = problems.guard(() -> {
            Object v = key.parse(text, where);
            valid[0] = true;
            return v;
        });
        if (valid[0]) {
            into.put(key, new Entry(origin, where, text, value));
        }
    }

    private Optional<Entry> entry(OverrideKey key) {
        Entry e = properties.get(key);
        return Optional.ofNullable(e != null ? e : environment.get(key));
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<Sourced<T>> sourced(OverrideKey key) {
        return entry(key).map(e -> Sourced.of((T) e.value(), e.origin()));
    }

    /** The value of a key (system property, else environment), typed as the accessors below document. */
    public Optional<Sourced<Object>> get(OverrideKey key) {
        return sourced(key);
    }

    /**
     * A {@code true}/{@code false} key's value, e.g. {@code flag(OverrideKey.RUN_REPORT, true)}; {@code unset}
     * when the key is not given or blank.
     *
     * @throws IllegalArgumentException if the key is not a true/false one
     */
    public boolean flag(OverrideKey key, boolean unset) {
        if (!key.isFlag()) {
            throw new IllegalArgumentException(key.property() + " is not a true/false key");
        }
        Boolean value = (Boolean) entry(key).map(Entry::value).orElse(null);
        return value == null ? unset : value;
    }

    public Optional<Sourced<String>> profile() {
        return sourced(OverrideKey.PROFILE);
    }

    public Optional<Sourced<Integer>> users() {
        return sourced(OverrideKey.USERS);
    }

    public Optional<Sourced<Integer>> requests() {
        return sourced(OverrideKey.REQUESTS);
    }

    public Optional<Sourced<Duration>> duration() {
        return sourced(OverrideKey.DURATION);
    }

    public Optional<Sourced<Duration>> rampUp() {
        return sourced(OverrideKey.RAMP_UP);
    }

    public Optional<Sourced<Double>> rate() {
        return sourced(OverrideKey.RATE);
    }

    public Optional<Sourced<Integer>> maxConcurrency() {
        return sourced(OverrideKey.MAX_CONCURRENCY);
    }

    public Optional<Sourced<ThinkTime>> thinkTime() {
        return sourced(OverrideKey.THINK_TIME);
    }

    public Optional<Sourced<Duration>> warmup() {
        return sourced(OverrideKey.WARMUP);
    }

    public Optional<Sourced<Integer>> warmupIterations() {
        return sourced(OverrideKey.WARMUP_ITERATIONS);
    }

    public Optional<Sourced<Long>> seed() {
        return sourced(OverrideKey.SEED);
    }

    /** {@code loadtest.config}: path of the configuration file, relative to the working directory. */
    public Optional<Sourced<String>> configFile() {
        return sourced(OverrideKey.CONFIG);
    }

    public Optional<Sourced<Duration>> progressInterval() {
        return sourced(OverrideKey.PROGRESS_INTERVAL);
    }

    public Optional<Sourced<Duration>> maxTestDuration() {
        return sourced(OverrideKey.MAX_TEST_DURATION);
    }

    /** {@code loadtest.target.baseUrl}; a present value of null means "embedded" was asked for explicitly. */
    public Optional<Sourced<URI>> targetBaseUrl() {
        return sourced(OverrideKey.TARGET_BASE_URL);
    }

    /** {@code loadtest.target.readinessPath}: a path, or {@value TargetSettings#NO_READINESS_CHECK}. */
    public Optional<Sourced<String>> targetReadinessPath() {
        return sourced(OverrideKey.TARGET_READINESS_PATH);
    }

    /** {@code loadtest.target.mode}: where the system under test runs. */
    public Optional<Sourced<TargetMode>> targetMode() {
        return sourced(OverrideKey.TARGET_MODE);
    }

    /** {@code loadtest.target.childJvmArgs}: the JVM options of a child platform, checked. */
    public Optional<Sourced<List<String>>> targetChildJvmArgs() {
        return sourced(OverrideKey.TARGET_CHILD_JVM_ARGS);
    }

    /** {@code loadtest.target.childWarmup}: how long a light load warms a child platform before the first test. */
    public Optional<Sourced<Duration>> targetChildWarmup() {
        return sourced(OverrideKey.TARGET_CHILD_WARMUP);
    }

    /** {@code loadtest.postgres.url}; a present value of null means "auto" (the suite starts one) was asked for. */
    public Optional<Sourced<PostgresUrl>> postgresUrl() {
        return sourced(OverrideKey.POSTGRES_URL);
    }

    /** {@code loadtest.redis.url}; a present value of null means "auto" was asked for. */
    public Optional<Sourced<RedisUrl>> redisUrl() {
        return sourced(OverrideKey.REDIS_URL);
    }

    /** {@code loadtest.toxiproxy.url}; a present value of null means "auto" was asked for. */
    public Optional<Sourced<ToxiproxyUrl>> toxiproxyUrl() {
        return sourced(OverrideKey.TOXIPROXY_URL);
    }

    /**
     * {@code loadtest.faults.proxies}: the proxy names fault annotations use, mapped to the proxies they mean in this
     * set-up ({@code pms=pms_3}); absent when unset.
     */
    public Optional<Sourced<java.util.Map<String, String>>> faultProxies() {
        return sourced(OverrideKey.FAULT_PROXIES);
    }

    /** {@code loadtest.docker}: whether the infrastructure may, must or must not use Docker. */
    public Optional<Sourced<DockerMode>> docker() {
        return sourced(OverrideKey.DOCKER);
    }

    /**
     * The text given for a known key, system property first, e.g. {@code raw("loadtest.runId")}; null
     * when unset.
     *
     * @throws IllegalArgumentException if the key is not a known property name
     */
    public String raw(String key) {
        OverrideKey k = OverrideKey.byProperty(key)
                .orElseThrow(() -> new IllegalArgumentException("not a known loadtest property: " + key));
        return entry(k).map(Entry::raw).orElse(null);
    }

    /** How error messages quote the winning value, e.g. {@code -Dloadtest.users=0}; the key name if unset. */
    String where(OverrideKey key) {
        return entry(key).map(Entry::where).orElse("-D" + key.property());
    }

    /** Environment variables shadowed by a system property of the same key, for the effective plan. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (Map.Entry<OverrideKey, Entry> e : environment.entrySet()) {
            Entry winner = properties.get(e.getKey());
            if (winner != null) {
                notes.add(e.getValue().where() + " ignored: " + winner.where() + " takes precedence");
            }
        }
        return Collections.unmodifiableList(notes);
    }

    /** The plan settings set by system properties ({@code true}) or by environment variables. */
    WorkloadSettings workload(boolean systemProperties) {
        Map<OverrideKey, Entry> m = systemProperties ? properties : environment;
        return new WorkloadSettings(
                (Integer) value(m, OverrideKey.USERS),
                (Integer) value(m, OverrideKey.REQUESTS),
                (Duration) value(m, OverrideKey.DURATION),
                (Duration) value(m, OverrideKey.RAMP_UP),
                (Double) value(m, OverrideKey.RATE),
                null,
                (Integer) value(m, OverrideKey.MAX_CONCURRENCY),
                (ThinkTime) value(m, OverrideKey.THINK_TIME),
                (Duration) value(m, OverrideKey.WARMUP),
                (Integer) value(m, OverrideKey.WARMUP_ITERATIONS));
    }

    private static Object value(Map<OverrideKey, Entry> m, OverrideKey key) {
        Entry e = m.get(key);
        return e == null ? null : e.value();
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>();
        properties.values().forEach(e -> all.add(e.where()));
        environment.values().forEach(e -> all.add(e.where()));
        return "Overrides" + all;
    }
}
