package io.voiceload.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The limits a test that records the system under test's memory is judged by: the peak heap after a collection
 * ({@code memory_threshold_mb}), and, from {@code categories.memory.settings}, the GC pause p99, the GC CPU share and
 * the growth a leak verdict allows per resource. A key the file leaves out gets the built-in defaults' value.
 *
 * <pre class="language-json">{@code
 * "memory_threshold_mb": 512,
 * "categories": { "memory": { "settings": {
 *   "gc_pause_p99": "200ms",
 *   "gc_cpu_share": 0.10,
 *   "leak": { "heap_per_1000_iterations": "1MB", "heap_per_minute": "16MB", "metaspace_per_minute": "2MB",
 *             "direct_per_minute": "4MB", "threads_per_minute": 2, "fds_per_minute": 4 }
 * } } }
 * }</pre>
 *
 * @param heapAfterGcLimitBytes the highest heap used after a collection ({@code memory_threshold_mb})
 * @param gcPauseP99 the highest 99th percentile of the collections' pauses
 * @param gcCpuShare the highest share of the target's CPU time its collector may take, 0–1
 * @param leak the growth a leak verdict allows
 * @param origins where each value came from, keyed by its full key
 */
public record MemorySettings(
        long heapAfterGcLimitBytes,
        Duration gcPauseP99,
        double gcCpuShare,
        LeakLimits leak,
        Map<String, String> origins) {

    /** The category whose settings hold the memory limits. */
    public static final String CATEGORY = "memory";

    static final String GC_PAUSE_P99 = "gc_pause_p99";
    static final String GC_CPU_SHARE = "gc_cpu_share";
    static final String LEAK = "leak";

    /** The keys of {@code settings.leak}, in the order they are shown. */
    public static final List<String> LEAK_KEYS = List.of(
            "heap_per_1000_iterations",
            "heap_per_minute",
            "metaspace_per_minute",
            "direct_per_minute",
            "threads_per_minute",
            "fds_per_minute");

    /**
     * The growth a leak verdict allows, each a slope's limit: bytes (or threads, file descriptors) per 1,000
     * iterations or per minute of work.
     */
    public record LeakLimits(
            long heapPerThousandIterations,
            long heapPerMinute,
            long metaspacePerMinute,
            long directPerMinute,
            double threadsPerMinute,
            double fdsPerMinute) {}

    public MemorySettings {
        origins = Map.copyOf(origins);
    }

    /** The memory limits of the shared configuration ({@link LoadTestConfig#shared()}). */
    public static MemorySettings shared() {
        return from(LoadTestConfig.shared());
    }

    /**
     * The memory limits of {@code configured}, every value checked.
     *
     * @throws ConfigException naming each bad key, its value and what is allowed, all problems at once
     */
    public static MemorySettings from(LoadTestConfig configured) {
        Problems problems = new Problems();
        Map<String, String> origins = new LinkedHashMap<>();
        Integer mb = configured.defaults().memoryThresholdMb();
        long heapLimit = (mb != null ? mb : BuiltInDefaults.DEFAULT_MEMORY_THRESHOLD_MB) * (1L << 20);
        origins.put("memory_threshold_mb", mb != null ? configured.label() : LoadTestConfig.BUILT_IN);

        JsonNode pause = setting(configured, GC_PAUSE_P99, origins);
        Duration gcPause = null;
        try {
            gcPause = Durations.parsePositive(text(pause), where(configured, GC_PAUSE_P99), ChronoUnit.MILLIS);
        } catch (ConfigException e) {
            e.problems().forEach(problems::add);
        }
        JsonNode share = setting(configured, GC_CPU_SHARE, origins);
        double gcShare = Double.NaN;
        if (share.isNumber() && share.asDouble() > 0 && share.asDouble() <= 1) {
            gcShare = share.asDouble();
        } else {
            problems.add(where(configured, GC_CPU_SHARE) + " = " + share
                    + ": must be a fraction above 0 and at most 1 (0.10 = 10 % of the target's CPU time)");
        }
        JsonNode leak = setting(configured, LEAK, origins);
        Map<String, Double> values = new LinkedHashMap<>();
        if (!leak.isObject()) {
            problems.add(where(configured, LEAK) + " = " + leak + ": must be an object with "
                    + String.join(", ", LEAK_KEYS));
        } else {
            JsonNode builtIn = builtInLeak();
            for (Iterator<String> names = leak.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.startsWith("$") && !LEAK_KEYS.contains(name)) {
                    problems.add(where(configured, LEAK) + "." + name + ": unknown key; "
                            + Suggestions.didYouMean(name, LEAK_KEYS) + "allowed: " + String.join(", ", LEAK_KEYS));
                }
            }
            for (String key : LEAK_KEYS) {
                JsonNode value = leak.has(key) ? leak.get(key) : builtIn.get(key);
                String where = where(configured, LEAK) + "." + key;
                try {
                    values.put(
                            key,
                            key.startsWith("threads") || key.startsWith("fds")
                                    ? count(value, where)
                                    : bytes(value, where));
                } catch (ConfigException e) {
                    e.problems().forEach(problems::add);
                }
            }
        }
        problems.throwIfAny();
        LeakLimits limits = new LeakLimits(
                values.get("heap_per_1000_iterations").longValue(),
                values.get("heap_per_minute").longValue(),
                values.get("metaspace_per_minute").longValue(),
                values.get("direct_per_minute").longValue(),
                values.get("threads_per_minute"),
                values.get("fds_per_minute"));
        return new MemorySettings(heapLimit, gcPause, gcShare, limits, origins);
    }

    /** The limits as lines of a plan: {@code heap after GC ≤ 512 MiB (load_test_config.json: memory_threshold_mb)}. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("heap after GC ≤ " + ByteSizes.display(heapAfterGcLimitBytes) + " ("
                + origins.get("memory_threshold_mb") + ": memory_threshold_mb)");
        lines.add("GC pause p99 ≤ " + Durations.display(gcPauseP99) + " (" + origins.get(GC_PAUSE_P99) + ")");
        lines.add(String.format(
                java.util.Locale.ROOT, "GC CPU share ≤ %.1f%% (%s)", gcCpuShare * 100, origins.get(GC_CPU_SHARE)));
        return lines;
    }

    private static double bytes(JsonNode value, String where) {
        if (value != null && value.isIntegralNumber() && value.asLong() >= 0) {
            return value.asLong();
        }
        if (value != null && value.isTextual()) {
            return ByteSizes.parse(value.asText(), where);
        }
        throw new ConfigException(where + " = " + value + ": must be a size ≥ 0, e.g. \"1MB\" or \"512KB\"");
    }

    private static double count(JsonNode value, String where) {
        if (value != null && value.isNumber() && value.asDouble() >= 0 && Double.isFinite(value.asDouble())) {
            return value.asDouble();
        }
        throw new ConfigException(where + " = " + value + ": must be a number ≥ 0 (per minute)");
    }

    private static String text(JsonNode node) {
        return node.isNumber() ? node.asText() : node.isTextual() ? node.asText() : String.valueOf(node);
    }

    private static JsonNode setting(LoadTestConfig config, String key, Map<String, String> origins) {
        CategorySchema.requireDeclared(CATEGORY, key, where(config, key));
        origins.put(key, MixSettings.origin(config, CATEGORY, key));
        JsonNode node = value(config, key);
        return node != null ? node : value(LoadTestConfig.builtIn(), key);
    }

    private static JsonNode value(LoadTestConfig config, String key) {
        return config.category(CATEGORY)
                .map(c -> c.settings().get(key))
                .filter(n -> !n.isNull())
                .orElse(null);
    }

    private static JsonNode builtInLeak() {
        JsonNode leak = value(LoadTestConfig.builtIn(), LEAK);
        return leak == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : leak;
    }

    private static String where(LoadTestConfig config, String key) {
        return MixSettings.where(config, CATEGORY, key);
    }
}
