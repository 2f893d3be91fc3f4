package io.voiceload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.load.SloMetric;
import io.voiceload.report.model.Format;
import io.voiceload.report.model.Memory;
import io.voiceload.report.model.SloHeadroom;
import io.voiceload.report.model.SloValues;
import io.voiceload.report.model.Units;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rule-based advice from what a run measured. Each rule reads one signal of a test of the report and, when it is
 * notable, adds a recommendation {@code {id, severity, test, title, evidence, advice}} whose evidence quotes the
 * numbers. The thresholds are public constants; nothing is recommended when nothing is notable.
 *
 * <p>Rules: DB pool wait ({@code signals.platform.dbPool}), PMS cache hit ratio ({@code signals.platform.pmsCache}),
 * error kinds (timeouts, connection failures, HTTP 5xx, 429, 401/403), latency growth with load (capacity steps, or
 * the time series while users rose), GC share ({@code generator.gcShare}, {@code jvm} series), heap growth
 * ({@code jvm} series), a saturated generator, dropped arrivals, SLOs with little headroom; on a {@code memory}
 * section: GC CPU share, a leak verdict or a heap floor rising near its limit, bytes allocated per iteration, explicit
 * GC disabled, an in-process capture.
 */
public final class Recommendations {
    /** DB pool wait p99 at or above this (ms) is notable. */
    public static final double DB_POOL_WAIT_P99_MS = 10;
    /** PMS cache hit ratio below this is notable (over at least {@link #PMS_CACHE_MIN_LOOKUPS} lookups). */
    public static final double PMS_CACHE_MIN_HIT_RATIO = 0.8;
    /** Fewest PMS cache lookups for the hit ratio to count. */
    public static final long PMS_CACHE_MIN_LOOKUPS = 50;
    /** p95 at the highest load over p95 at the lowest at or above this factor is notable. */
    public static final double LATENCY_GROWTH_FACTOR = 2.0;
    /** GC time share of the wall time at or above this is notable. */
    public static final double GC_SHARE = 0.05;
    /** Heap floor (lowest used heap of a third of the run) growing by this factor and {@link #HEAP_GROWTH_MIN_MB}. */
    public static final double HEAP_GROWTH_FACTOR = 1.5;
    /** Least growth of the heap floor (MB) that counts. */
    public static final double HEAP_GROWTH_MIN_MB = 50;

    /** GC CPU share of the measured JVM ({@code memory.summary.gcCpuShare}) above this is notable. */
    public static final double MEMORY_GC_CPU_SHARE = 0.10;

    /**
     * Bytes allocated per iteration ({@code memory.summary.allocationPerIterationBytes}) at or above this (1 MiB) are
     * notable. A JSON request to a JVM service allocates tens to a few hundred KiB (buffers, parsing, the answer); at
     * 1 MiB each, 1,000 iterations a second allocate 1 GiB/s, which refills a young generation of a few hundred MiB
     * several times a second. A voice call streams audio (a minute of 8 kHz 16-bit audio is 0.9 MiB), so a call
     * may rightly allocate more: the rule asks also for an allocation rate of {@link #ALLOCATION_RATE_BYTES_PER_SECOND}
     * when the section gives one, the rate at which the per-iteration cost shows in GC.
     */
    public static final double ALLOCATION_PER_ITERATION_BYTES = 1024 * 1024;

    /** Allocation rate (bytes per second, 100 MiB/s) under which a high allocation per iteration is not notable. */
    public static final double ALLOCATION_RATE_BYTES_PER_SECOND = 100 * 1024 * 1024;

    private static final Pattern HTTP_5XX_TEXT = Pattern.compile("\\bHTTP 5\\d\\d\\b");

    private Recommendations() {}

    /** The recommendations for these report tests (as in report.json's {@code tests}), test by test. */
    public static ArrayNode of(List<ObjectNode> tests) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (ObjectNode t : tests) {
            String id = t.path("id").asText();
            dbPool(out, id, t.path("signals").path("platform").path("dbPool"));
            pmsCache(out, id, t.path("signals").path("platform").path("pmsCache"));
            errorKinds(out, id, t);
            latencyGrowth(out, id, t);
            gcShare(out, id, t);
            if (!usersRose(t.path("iterations").path("timeSeries"))) { // more users rightly hold more heap
                heapGrowth(out, id, t.path("jvm").path("timeSeries"));
            }
            generator(out, id, t);
            memory(out, id, t.path("memory"));
            if (!t.has("capacity")) { // a capacity search runs up to its SLOs on purpose
                sloHeadroom(out, id, t.path("slos"));
            }
        }
        return out;
    }

    private static void dbPool(ArrayNode out, String test, JsonNode pool) {
        double p99 = pool.path("waitP99Ms").asDouble(0);
        long timeouts = pool.path("timeouts").asLong(0);
        if (p99 < DB_POOL_WAIT_P99_MS && timeouts == 0) {
            return;
        }
        add(
                out,
                "db-pool-wait",
                "warning",
                test,
                "Requests waited for a database connection",
                String.format(
                        Locale.ROOT,
                        "DB pool wait p99 %s ms (max %s ms), %,d timeouts, up to %d waiting, over %,d acquisitions of a"
                                + " pool of %d in %s",
                        num(p99),
                        num(pool.path("waitMaxMs").asDouble(0)),
                        timeouts,
                        pool.path("maxPending").asLong(0),
                        pool.path("acquisitions").asLong(0),
                        pool.path("maxSize").asLong(0),
                        test),
                "Raise the pool's maximum size if the database has headroom, or shorten what each request holds a"
                        + " connection for (fewer queries per request, no remote calls inside a transaction).");
    }

    private static void pmsCache(ArrayNode out, String test, JsonNode cache) {
        long hits = cache.path("hits").asLong(0);
        long misses = cache.path("misses").asLong(0);
        if (hits + misses < PMS_CACHE_MIN_LOOKUPS) {
            return;
        }
        double ratio = cache.path("hitRatio").asDouble(hits / (double) (hits + misses));
        if (ratio >= PMS_CACHE_MIN_HIT_RATIO) {
            return;
        }
        add(
                out,
                "pms-cache-hit-ratio",
                "warning",
                test,
                "The PMS cache missed often",
                String.format(
                        Locale.ROOT,
                        "PMS cache hit ratio %.1f %% (%,d hits, %,d misses) in %s, below %.0f %%",
                        ratio * 100,
                        hits,
                        misses,
                        test,
                        PMS_CACHE_MIN_HIT_RATIO * 100),
                "Check the cache's time-to-live and size against the set of guests the test looks up; a cold cache"
                        + " sends every lookup to the PMS.");
    }

    private static void errorKinds(ArrayNode out, String test, ObjectNode t) {
        // Request errors name the failing call; iteration errors repeat them, so they count only without requests.
        Map<ErrorKind, Long> byKind = new LinkedHashMap<>();
        Map<ErrorKind, String> example = new LinkedHashMap<>();
        List<JsonNode> sources = new ArrayList<>();
        t.path("requests").forEach(sources::add);
        if (sources.isEmpty()) {
            sources.add(t.path("iterations"));
        }
        for (JsonNode stats : sources) {
            for (Map.Entry<String, JsonNode> e : stats.path("errors").properties()) {
                ErrorKind kind = ErrorKind.of(e.getKey());
                if (kind != null) {
                    byKind.merge(kind, e.getValue().asLong(), Long::sum);
                    example.putIfAbsent(kind, e.getKey());
                }
            }
        }
        byKind.forEach((kind, count) -> {
            String evidence = Units.count(count, kind.label) + " in " + test + ", e.g. \"" + example.get(kind) + "\"";
            add(out, "errors-" + kind.id, "warning", test, kind.title, evidence, kind.advice);
        });
    }

    /** What an error text says went wrong, with the words a recommendation uses for it. */
    enum ErrorKind {
        TIMEOUT(
                "timeout",
                "timeouts",
                "Requests timed out",
                "Find where the time goes at this load (DB pool wait, GC, a slow dependency) or raise the"
                        + " client timeout if the SLO allows it."),
        RATE_LIMITED(
                "rate-limited",
                "HTTP 429 responses",
                "The platform rate-limited the load",
                "Raise the rate limit for the test's users or lower the offered load; a rate limit"
                        + " measures the limiter, not the platform."),
        AUTH(
                "auth",
                "HTTP 401/403 responses",
                "Requests were refused as unauthenticated or forbidden",
                "Tokens may expire during long runs or the test users lack a role: check token lifetime and"
                        + " refresh, and the users' permissions."),
        HTTP_5XX(
                "http-5xx",
                "HTTP 5xx responses",
                "The platform answered with server errors",
                "Read the platform's log for the failing requests; server errors under load usually"
                        + " point to exhausted resources or a race."),
        CONNECTION(
                "connection",
                "refused, reset or closed connections",
                "Connections failed",
                "The server closed or refused connections: check its connection and thread limits,"
                        + " keep-alive settings and whether it restarted during the run.");

        final String id;
        final String label;
        final String title;
        final String advice;

        ErrorKind(String id, String label, String title, String advice) {
            this.id = id;
            this.label = label;
            this.title = title;
            this.advice = advice;
        }

        /** The kind of an error text; null for texts of no known kind. */
        static ErrorKind of(String error) {
            String e = error.toLowerCase(Locale.ROOT);
            if (e.contains("timeout") || e.contains("timed out")) {
                return TIMEOUT;
            }
            if (e.contains("http 429")) {
                return RATE_LIMITED;
            }
            if (e.contains("http 401") || e.contains("http 403")) {
                return AUTH;
            }
            if (HTTP_5XX_TEXT.matcher(error).find()) {
                return HTTP_5XX;
            }
            if (e.contains("connection") || e.contains("refused") || e.contains("reset") || e.contains("broken pipe")) {
                return CONNECTION;
            }
            return null;
        }
    }

    private static void latencyGrowth(ArrayNode out, String test, ObjectNode t) {
        JsonNode steps = t.path("capacity").path("steps");
        if (steps.size() >= 2) {
            JsonNode first = steps.get(0);
            JsonNode last = first;
            for (JsonNode s : steps) {
                if (s.path("held").asBoolean(false)) {
                    last = s;
                }
            }
            double p95First =
                    first.path("iterations").path("latencyMs").path("p95").asDouble(0);
            double p95Last =
                    last.path("iterations").path("latencyMs").path("p95").asDouble(0);
            if (last != first && p95First > 0 && p95Last >= LATENCY_GROWTH_FACTOR * p95First) {
                add(
                        out,
                        "latency-growth",
                        "warning",
                        test,
                        "Latency grew with load",
                        String.format(
                                Locale.ROOT,
                                "p95 %s ms at %s, %s ms at %s (×%.1f) in %s",
                                num(p95First),
                                Units.count(first.path("users").asLong(), "users"),
                                num(p95Last),
                                Units.count(last.path("users").asLong(), "users"),
                                p95Last / p95First,
                                test),
                        "Latency that grows with users is queueing: find the resource that saturates first (DB pool,"
                                + " CPU, a lock) before the capacity ceiling.");
            }
            return;
        }
        JsonNode series = t.path("iterations").path("timeSeries");
        int n = series.size();
        if (n < 6 || !usersRose(series)) {
            return;
        }
        // Only intervals in which an iteration completed have a p95 (the JSON writes 0 for the others); a short
        // test sampled every 100 ms has many of them, and averaging their zeros would fake growth.
        double p95First = measuredAverage(series, 0, n / 3, "p95");
        double p95Last = measuredAverage(series, n - n / 3, n, "p95");
        double usersFirst = average(series, 0, n / 3, "users");
        double usersLast = average(series, n - n / 3, n, "users");
        if (p95First > 0 && p95Last >= LATENCY_GROWTH_FACTOR * p95First) {
            add(
                    out,
                    "latency-growth",
                    "warning",
                    test,
                    "Latency grew with load",
                    String.format(
                            Locale.ROOT,
                            "p95 averaged %s ms over the first third of the run (%s on average) and %s ms over the"
                                    + " last third (%s), ×%.1f, in %s",
                            num(p95First),
                            Units.count(Math.round(usersFirst), "users"),
                            num(p95Last),
                            Units.count(Math.round(usersLast), "users"),
                            p95Last / p95First,
                            test),
                    "Latency that grows with users is queueing: find the resource that saturates first (DB pool, CPU,"
                            + " a lock); a capacity test (@CapacityTest) finds the number of users where it breaks.");
        }
    }

    /** The average of {@code key} over the points of {@code [from, to)} where it is above 0; 0 when none is. */
    private static double measuredAverage(JsonNode series, int from, int to, String key) {
        double sum = 0;
        int count = 0;
        for (int i = from; i < to; i++) {
            double v = series.get(i).path(key).asDouble(0);
            if (v > 0) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    private static void gcShare(ArrayNode out, String test, ObjectNode t) {
        double share = t.path("generator").path("gcShare").asDouble(0);
        String source = "generator.gcShare";
        JsonNode series = t.path("jvm").path("timeSeries");
        if (series.size() >= 1) {
            double pauseMs = 0;
            for (JsonNode p : series) {
                pauseMs += p.path("gcPauseMs").asDouble(0);
            }
            // Each point covers the interval that ends at its t, and the first starts with the run: t = 0.
            double seconds = series.get(series.size() - 1).path("t").asDouble(0);
            double fromSeries = seconds > 0 ? pauseMs / (seconds * 1000) : 0;
            if (fromSeries > share) {
                share = fromSeries;
                source = String.format(
                        Locale.ROOT, "%s ms of GC pauses in %s s of the jvm series", num(pauseMs), num(seconds));
            }
        }
        if (share < GC_SHARE) {
            return;
        }
        add(
                out,
                "gc-share",
                "warning",
                test,
                "The test JVM spent much of its time in GC",
                String.format(Locale.ROOT, "GC took %.1f %% of the wall time (%s) in %s", share * 100, source, test),
                "Give the test JVM more heap (-Xmx in voiceload.testJvmArgs) or lower what each virtual user keeps"
                        + " (response bodies, audio buffers); GC pauses add to measured latency.");
    }

    /** Whether the most active users of the last third of the run exceed those of the first by over 10 %. */
    static boolean usersRose(JsonNode series) {
        int n = series.size();
        if (n < 3) {
            return false;
        }
        double first = 0;
        double last = 0;
        for (int i = 0; i < n; i++) {
            double users = series.get(i).path("users").asDouble(0);
            if (i < n / 3) {
                first = Math.max(first, users);
            } else if (i >= n - n / 3) {
                last = Math.max(last, users);
            }
        }
        return last > first * 1.1;
    }

    private static void heapGrowth(ArrayNode out, String test, JsonNode series) {
        int n = series.size();
        if (n < 6) {
            return;
        }
        double floorFirst = minimum(series, 0, n / 3, "heapUsedMb");
        double floorLast = minimum(series, n - n / 3, n, "heapUsedMb");
        if (floorFirst <= 0
                || floorLast < HEAP_GROWTH_FACTOR * floorFirst
                || floorLast - floorFirst < HEAP_GROWTH_MIN_MB) {
            return;
        }
        add(
                out,
                "heap-growth",
                "warning",
                test,
                "The heap kept growing",
                String.format(
                        Locale.ROOT,
                        "lowest heap used rose from %s MB in the first third of the run to %s MB in the last third in %s",
                        num(floorFirst),
                        num(floorLast),
                        test),
                "A heap floor that rises across a run is a leak candidate: take a heap dump at the end (jcmd <pid>"
                        + " GC.heap_dump) and look for collections that grow with iterations.");
    }

    private static void generator(ArrayNode out, String test, ObjectNode t) {
        JsonNode g = t.path("generator");
        if (g.path("saturated").asBoolean(false)) {
            add(
                    out,
                    "generator-saturated",
                    "warning",
                    test,
                    "The load generator was saturated",
                    String.format(
                            Locale.ROOT,
                            "%s (scheduling lag p99 %s ms, max %s ms, CPU %.0f %%) in %s",
                            g.path("reason").asText("saturated"),
                            num(g.path("schedulingLagP99Ms").asDouble(0)),
                            num(g.path("schedulingLagMaxMs").asDouble(0)),
                            g.path("cpuShare").asDouble(0) * 100,
                            test),
                    "The measured latencies include the generator's own delay: run fewer users per JVM, give the"
                            + " test JVM more cores, or move the platform to another machine.");
        }
        long dropped = t.path("dropped").asLong(0);
        if (dropped > 0) {
            add(
                    out,
                    "dropped-arrivals",
                    "warning",
                    test,
                    "Arrivals were dropped",
                    String.format(
                            Locale.ROOT,
                            "%,d of %,d scheduled arrivals were dropped in %s",
                            dropped,
                            t.path("arrivals").asLong(0),
                            test),
                    "The open model hit its maxConcurrency: the platform fell behind the offered rate. Raise"
                            + " maxConcurrency only if the generator has headroom; otherwise the rate is past capacity.");
        }
    }

    /**
     * Rules on a test's {@code memory} section: GC CPU share of the measured JVM, a leak verdict or a heap floor
     * rising near its limit, bytes allocated per iteration, explicit GC disabled (so no leak verdict), capture
     * in-process (the figures mix generator and platform).
     */
    private static void memory(ArrayNode out, String test, JsonNode m) {
        if (!m.isObject()) {
            return;
        }
        String target = Memory.target(m);
        JsonNode s = m.path("summary");
        if (s.path("gcCpuShare").asDouble(0) > MEMORY_GC_CPU_SHARE) {
            add(
                    out,
                    "memory-gc-cpu-share",
                    "warning",
                    test,
                    "Much of the CPU went to GC",
                    String.format(
                            Locale.ROOT,
                            "GC took %s of the CPU of the %s (from %s; %,d GCs, pause p99 %s) in %s, above %s",
                            Format.pct(s.path("gcCpuShare").asDouble()),
                            target,
                            s.path("gcCpuShareSource").asText("pauses"),
                            s.path("gcCount").asLong(0),
                            Format.ms(s.get("gcPauseP99Ms")),
                            test,
                            Format.pct(MEMORY_GC_CPU_SHARE)),
                    "Lower what each iteration allocates (the top allocation sites of its recording), or give the"
                            + " JVM more heap so that GCs come less often; GC CPU is taken from request work.");
        }
        heapFloor(out, test, target, m.path("leak"));
        double perIteration = s.path("allocationPerIterationBytes").asDouble(0);
        JsonNode rate = s.path("allocationRateBytesPerSecond");
        if (perIteration >= ALLOCATION_PER_ITERATION_BYTES
                && (!rate.isNumber() || rate.asDouble() >= ALLOCATION_RATE_BYTES_PER_SECOND)) {
            JsonNode site = m.path("allocationSites").path(0);
            add(
                    out,
                    "allocation-per-iteration",
                    "warning",
                    test,
                    "Each iteration allocated much memory",
                    String.format(
                            Locale.ROOT,
                            "%s allocated per iteration%s in the %s in %s, at or above %s%s",
                            Format.bytes(perIteration),
                            rate.isNumber() ? " (" + Format.bytes(rate.asDouble()) + "/s)" : "",
                            target,
                            test,
                            Format.bytes(ALLOCATION_PER_ITERATION_BYTES),
                            site.isObject()
                                    ? "; most by " + site.path("class").asText("?") + " ("
                                            + Format.pct(site.path("share").asDouble(0)) + ")"
                                    : ""),
                    "Open the recording in JDK Mission Control (Memory → Allocations) and cut the top sites: reuse"
                            + " buffers, stream instead of reading whole bodies, avoid copies of audio frames.");
        }
        if ("disabled".equals(m.path("explicitGc").asText())) {
            add(
                    out,
                    "memory-explicit-gc-disabled",
                    "info",
                    test,
                    "No leak verdict: explicit GC is disabled",
                    "explicitGc disabled for the " + target + " in " + test
                            + ": without a full GC at each cycle's end the heap floor is not measured",
                    "Remove -XX:+DisableExplicitGC from the measured JVM's arguments, so the leak check can"
                            + " measure the live heap after a full GC at each cycle.");
        }
        if (Memory.inProcess(m)) {
            add(
                    out,
                    "memory-in-process",
                    "info",
                    test,
                    "Memory measured in-process",
                    "the " + target + " ran the load generator and the platform in " + test
                            + ": heap, GC and allocation mix the two",
                    "Run the platform in a child JVM (or measure a deployment over JMX) to attribute memory to the"
                            + " platform alone.");
        }
    }

    /**
     * A leak verdict {@code leak} (the resources whose fit says leak), or a heap fit judged flat whose slope is
     * positive and at {@link SloHeadroom#SHARE} of its limit or more: a floor that rises nearly too fast.
     */
    private static void heapFloor(ArrayNode out, String test, String target, JsonNode leak) {
        if ("leak".equals(leak.path("verdict").asText())) {
            List<String> leaking = new ArrayList<>();
            for (JsonNode f : leak.path("fits")) {
                if ("leak".equals(f.path("verdict").asText())) {
                    leaking.add(f.path("resource").asText("?") + " "
                            + Memory.slope(f, f.path("slope").asDouble()) + " (limit "
                            + Memory.slope(f, f.path("limit").asDouble()) + ")");
                }
            }
            add(
                    out,
                    "memory-leak",
                    "warning",
                    test,
                    "What stays after full GC kept rising",
                    "leak verdict for the " + target + " in " + test + ": "
                            + (leaking.isEmpty() ? leak.path("reason").asText("leak") : String.join("; ", leaking)),
                    "Compare two heap dumps (jcmd <pid> GC.heap_dump) a few cycles apart, or read the leak suspects"
                            + " of the recording (old objects still alive); look for collections, caches or listeners"
                            + " that grow with iterations.");
            return;
        }
        for (JsonNode f : leak.path("fits")) {
            double slope = f.path("slope").asDouble(0);
            double limit = f.path("limit").asDouble(0);
            if ("heap".equals(f.path("resource").asText())
                    && "flat".equals(f.path("verdict").asText())
                    && slope > 0
                    && limit > 0
                    && slope >= SloHeadroom.SHARE * limit) {
                add(
                        out,
                        "heap-floor-rising",
                        "info",
                        test,
                        "The heap floor rose, near its limit",
                        String.format(
                                Locale.ROOT,
                                "heap after full GC rose %s, %.0f %% of the limit %s, judged flat in %s",
                                Memory.slope(f, slope),
                                slope / limit * 100,
                                Memory.slope(f, limit),
                                test),
                        "A longer run (more cycles) narrows the slope's interval and tells a slow leak from noise;"
                                + " watch this test's heap fit in the baseline.");
                return;
            }
        }
    }

    private static void sloHeadroom(ArrayNode out, String test, JsonNode slos) {
        for (JsonNode slo : slos) {
            if (!SloHeadroom.nearLimit(slo)) {
                continue;
            }
            double threshold = slo.path("threshold").asDouble(0);
            double actual = slo.path("actual").asDouble();
            String required = slo.path("required").asText("");
            String subject = slo.path("metric").asText() + " of "
                    + (slo.path("request").isNull()
                            ? "iterations"
                            : slo.path("request").asText());
            add(
                    out,
                    "slo-headroom",
                    "info",
                    test,
                    "An SLO passed with little headroom",
                    String.format(
                            Locale.ROOT,
                            "%s: required %s, actual %s (%.0f %% of the limit) in %s",
                            subject,
                            required,
                            sloValue(slo.path("metric").asText(), actual),
                            actual / threshold * 100,
                            test),
                    "A small change in load or code may breach it: watch this SLO in the baseline comparison"
                            + " (-Dloadtest.baseline).");
        }
    }

    /**
     * An SLO's actual value with its unit, as the per-test JSON holds it (latencies in ms, ratios 0–1), to three
     * significant digits: {@code 450 ms}, {@code 3.2 s}, {@code 0.022 %} (a breached error rate never reads 0.0 %).
     */
    public static String sloValue(String metric, double actual) {
        if (SloValues.isMemory(metric)) {
            return SloValues.format(metric, actual);
        }
        return switch (SloMetric.kindOf(metric)) {
            case LATENCY -> Format.ms(actual);
            case RATIO -> Format.num(actual * 100, 3) + " %";
            case THROUGHPUT -> Format.num(actual, 3) + "/s";
            case COUNT -> num(actual);
            case BYTES -> io.voiceload.config.ByteSizes.display(actual);
        };
    }

    private static double average(JsonNode series, int from, int to, String key) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += series.get(i).path(key).asDouble(0);
        }
        return to > from ? sum / (to - from) : 0;
    }

    private static double minimum(JsonNode series, int from, int to, String key) {
        double min = Double.MAX_VALUE;
        for (int i = from; i < to; i++) {
            min = Math.min(min, series.get(i).path(key).asDouble(0));
        }
        return to > from ? min : 0;
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : "%.1f", v);
    }

    private static void add(
            ArrayNode out, String id, String severity, String test, String title, String evidence, String advice) {
        ObjectNode n = out.addObject();
        n.put("id", id);
        n.put("severity", severity);
        n.put("test", test);
        n.put("title", title);
        n.put("evidence", evidence);
        n.put("advice", advice);
    }
}
