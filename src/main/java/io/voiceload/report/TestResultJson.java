package io.voiceload.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.load.CapacityPlan;
import io.voiceload.load.CapacityResult;
import io.voiceload.load.CapacityStep;
import io.voiceload.load.GeneratorHealth;
import io.voiceload.load.IntervalStats;
import io.voiceload.load.JvmSeries;
import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.RequestStats;
import io.voiceload.load.SloOutcome;
import io.voiceload.load.SloReport;
import io.voiceload.load.Workload;
import io.voiceload.report.model.Units;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-test result file {@code tests/<Class>.<method>.json}: plan, effective settings with their origins,
 * the unit of its iterations and the profile used, verdict, SLO table, iteration and per-request statistics,
 * errors, time series (a point per sample interval, {@code t} its end), generator health, this JVM's
 * memory/GC/CPU series ({@code jvm}) and, when known, what the platform said about itself over the run
 * ({@code signals}). Latencies are in milliseconds (fractional), rates per second, memory in MiB.
 */
public final class TestResultJson {
    /** Bumped when a field changes meaning or disappears. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.9};

    private TestResultJson() {}

    /**
     * @param testId {@code com.example.CallsIT.createCalls}
     * @param tags the test's JUnit tags (its categories)
     * @param settings the effective settings, one {@code key = value (origin)} line each
     */
    public static ObjectNode toJson(
            String testId, List<String> tags, LoadResult result, SloReport slo, List<String> settings, String runId) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("runId", runId);
        root.put("test", testId);
        ArrayNode tagArray = root.putArray("tags");
        tags.forEach(tagArray::add);
        root.put("verdict", slo.passed() ? "passed" : "failed");
        if (!slo.passed()) {
            root.put("failure", slo.failureMessage());
        }
        root.put("summary", result.summaryLine());
        root.put("startedAt", result.startedAt().toString());
        root.put("measuredSeconds", result.measuredDuration().toNanos() / 1e9);
        root.put("totalSeconds", result.totalDuration().toNanos() / 1e9);
        root.put("stopReason", result.stopReason().name());
        if (!result.abortReason().isEmpty()) {
            root.put("abortReason", result.abortReason());
        }
        root.set("plan", plan(result.plan()));
        ArrayNode settingLines = root.putArray("effectiveSettings");
        settings.forEach(settingLines::add);
        root.set("slos", slos(slo));
        root.set("iterations", stats(result.iterations(), true));
        ObjectNode requests = root.putObject("requests");
        for (Map.Entry<String, RequestStats> e : result.requests().entrySet()) {
            requests.set(e.getKey(), stats(e.getValue(), true));
        }
        ObjectNode warmup = root.putObject("warmup");
        warmup.put("iterations", result.warmupIterations().count());
        warmup.put("failures", result.warmupIterations().failures());
        root.put("arrivals", result.arrivals());
        root.put("dropped", result.dropped());
        if (result.generatorHealth() != null) {
            root.set("generator", generator(result.generatorHealth()));
        }
        if (!result.jvm().points().isEmpty()) {
            root.set("jvm", jvm(result.jvm()));
        }
        return root;
    }

    /**
     * Adds what the test counts and the profile it ran with: {@code unit}, what one iteration is, in the plural
     * ({@code "calls"}; {@code "iterations"} when the test names nothing), and {@code profile}, the name of the
     * profile its plan was resolved with, or null when none was selected.
     */
    public static ObjectNode withUnitAndProfile(ObjectNode root, String unit, String profile) {
        root.put("unit", unit == null || unit.isBlank() ? Units.ITERATIONS : unit.strip());
        if (profile == null) {
            root.putNull("profile");
        } else {
            root.put("profile", profile);
        }
        return root;
    }

    /**
     * Adds the {@code signals} section: what the system under test said about itself over the run
     * ({@code {"platform": {"dbPool": {...}, "pmsCache": {...}}}}, deltas; absent keys are not known).
     */
    public static ObjectNode withSignals(ObjectNode root, ObjectNode signals) {
        root.set("signals", signals);
        return root;
    }

    /**
     * Adds the {@code capacity} section of a capacity search to {@code root} (made by {@link #toJson} for the
     * whole run) and sets the verdict to the search's: per step its users, why it ran (climb, repeat,
     * refine), statistics, SLO outcomes and whether it held; the highest level that held, the breaking point
     * (and whether a repeat confirmed it), the resolution reached, the breaches that did not repeat, and the
     * set-up measured.
     *
     * @param failure why the search failed, or empty when it passed
     * @param requiredUsers the fewest users the highest held step had to have (0: no requirement)
     */
    public static ObjectNode withCapacity(ObjectNode root, CapacityResult capacity, String failure, int requiredUsers) {
        root.put("verdict", failure.isEmpty() ? "passed" : "failed");
        if (failure.isEmpty()) {
            root.remove("failure");
        } else {
            root.put("failure", failure);
        }
        ObjectNode c = root.putObject("capacity");
        CapacityPlan plan = capacity.plan();
        c.put("headline", capacity.headline());
        c.put("unit", plan.unit());
        if (plan.setUp().isEmpty()) {
            c.putNull("setUp");
        } else {
            c.put("setUp", plan.setUp());
        }
        c.put("highestHeld", capacity.highestHeld());
        c.put("ending", capacity.ending().name());
        capacity.breakingPoint()
                .ifPresentOrElse(
                        b -> {
                            ObjectNode n = c.putObject("breakingPoint");
                            n.put("users", b.users());
                            n.put("step", b.number());
                            n.put("reason", b.reason());
                            n.put("repeatConfirmed", b.confirmsBreach());
                        },
                        () -> c.putNull("breakingPoint"));
        capacity.resolution().ifPresentOrElse(r -> c.put("resolution", r), () -> c.putNull("resolution"));
        c.put("repeatConfirmed", capacity.isConfirmed());
        ArrayNode transients = c.putArray("transientBreaches");
        for (CapacityStep t : capacity.transientBreaches()) {
            transients
                    .addObject()
                    .put("step", t.number())
                    .put("users", t.users())
                    .put("reason", t.reason());
        }
        c.put("requiredUsers", requiredUsers);
        ObjectNode p = c.putObject("plan");
        p.put("startUsers", plan.startUsers());
        p.put("stepUsers", plan.stepUsers());
        p.put("maxUsers", plan.maxUsers());
        p.put("resolution", plan.resolution());
        p.put("stepSeconds", plan.stepDuration().toNanos() / 1e9);
        p.put("settleSeconds", plan.settle().toNanos() / 1e9);
        p.put("timeLimitSeconds", plan.timeLimit().toNanos() / 1e9);
        ArrayNode steps = c.putArray("steps");
        for (CapacityStep step : capacity.steps()) {
            ObjectNode n = steps.addObject();
            n.put("step", step.number());
            n.put("users", step.users());
            n.put("kind", step.kind().label());
            n.put("held", step.held());
            if (!step.held()) {
                n.put("reason", step.reason());
            }
            n.put("windowSeconds", step.window().measuredDuration().toNanos() / 1e9);
            n.set("iterations", stats(step.iterations(), false));
            ObjectNode requests = n.putObject("requests");
            step.window().requests().forEach((name, stats) -> requests.set(name, stats(stats, false)));
            n.set("slos", slos(step.verdict()));
        }
        return root;
    }

    /** Writes {@code json} to {@code file} atomically (the run report may read it from another thread or JVM). */
    public static void write(Path file, ObjectNode json) throws IOException {
        Files.createDirectories(file.getParent());
        RunReportWriter.writeAtomically(file, MAPPER.writeValueAsString(json));
    }

    /**
     * The {@code plan} section: the settings every plan has, and those of its workload model.
     * {@link BaselineComparability#planOf} compares a part of it.
     */
    static ObjectNode plan(LoadPlan plan) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", plan.name());
        n.put("model", plan.workload().model().name().toLowerCase(Locale.ROOT));
        n.put("description", plan.describe());
        switch (plan.workload()) {
            case Workload.Closed closed -> {
                n.put("users", closed.users());
                n.put("requestsPerUser", closed.iterationsPerUser());
                if (closed.duration() != null) {
                    n.put("durationSeconds", closed.duration().toNanos() / 1e9);
                }
                n.put("rampUpSeconds", closed.rampUp().toNanos() / 1e9);
                n.put("thinkTime", closed.thinkTime().display());
                if (closed.pacing() != null) {
                    n.put("pacingSeconds", closed.pacing().toNanos() / 1e9);
                }
            }
            case Workload.Open open -> {
                n.put("rate", open.rate().toString());
                n.put("durationSeconds", open.rate().totalDuration().toNanos() / 1e9);
                n.put("maxConcurrency", open.maxConcurrency());
            }
        }
        n.put("warmup", plan.warmup().toString());
        n.put("seed", plan.seed());
        n.put("maxDurationSeconds", plan.maxDuration().toNanos() / 1e9);
        return n;
    }

    private static ArrayNode slos(SloReport report) {
        ArrayNode a = MAPPER.createArrayNode();
        for (SloOutcome o : report.outcomes()) {
            a.add(sloRow(o));
        }
        return a;
    }

    /** One row of a test's {@code slos} array: the rule, its threshold and actual value (latencies in ms), the verdict. */
    public static ObjectNode sloRow(SloOutcome o) {
        {
            ObjectNode n = MAPPER.createObjectNode();
            n.put("metric", o.rule().metric().label());
            n.put("request", o.rule().request());
            n.put("required", o.rule().requirement());
            n.put("threshold", value(o.rule().metric().kind(), o.rule().threshold()));
            if (Double.isNaN(o.actual())) {
                n.putNull("actual");
                n.put("note", o.note());
            } else {
                n.put("actual", value(o.rule().metric().kind(), o.actual()));
            }
            n.put("samples", o.samples());
            n.put("passed", o.passed());
            n.put("origin", o.rule().origin());
            return n;
        }
    }

    /** Latencies in ms, the rest as they are. */
    private static double value(io.voiceload.load.SloMetric.Kind kind, double v) {
        return kind == io.voiceload.load.SloMetric.Kind.LATENCY ? v / 1e6 : v;
    }

    static ObjectNode stats(RequestStats s, boolean series) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("count", s.count());
        n.put("successes", s.successes());
        n.put("failures", s.failures());
        n.put("errorRate", s.errorRate());
        n.put("rps", s.throughput());
        ObjectNode lat = n.putObject("latencyMs");
        lat.put("min", ms(s.min().toNanos()));
        lat.put("avg", ms(s.mean().toNanos()));
        for (double p : PERCENTILES) {
            lat.put(
                    "p" + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)),
                    ms(s.percentile(p).toNanos()));
        }
        lat.put("max", ms(s.max().toNanos()));
        lat.put("stdDev", ms(s.stdDev().toNanos()));
        ObjectNode errors = n.putObject("errors");
        s.errors().forEach(errors::put);
        if (!s.errorSamples().isEmpty()) {
            ObjectNode samples = n.putObject("errorSamples");
            s.errorSamples().forEach(samples::put);
        }
        if (series) {
            ArrayNode ts = n.putArray("timeSeries");
            for (IntervalStats i : s.timeSeries()) {
                ObjectNode p = ts.addObject();
                p.put("t", i.offsetMillis() / 1000.0);
                p.put("ok", i.successes());
                p.put("ko", i.failures());
                p.put("rps", i.throughput());
                p.put("p50", ms(i.p50Nanos()));
                p.put("p95", ms(i.p95Nanos()));
                p.put("p99", ms(i.p99Nanos()));
                p.put("max", ms(i.maxNanos()));
                p.put("users", i.activeUsers());
                p.put("dropped", i.dropped());
            }
        }
        return n;
    }

    /** Heap in MiB, GC pause time in ms and counts per interval, CPU as a share of all cores. */
    static ObjectNode jvm(JvmSeries series) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("heapMaxMb", round1(series.heapMaxMb()));
        ArrayNode ts = n.putArray("timeSeries");
        for (JvmSeries.Point p : series.points()) {
            ObjectNode point = ts.addObject();
            point.put("t", p.offsetMillis() / 1000.0);
            point.put("heapUsedMb", round1(p.heapUsedMb()));
            point.put("heapCommittedMb", round1(p.heapCommittedMb()));
            point.put("gcPauseMs", p.gcPauseMillis());
            point.put("gcCount", p.gcCount());
            point.put("cpuShare", Math.round(p.cpuShare() * 1000) / 1000.0);
        }
        return n;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static ObjectNode generator(GeneratorHealth g) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("saturated", g.saturated());
        n.put("reason", g.reason());
        n.put("schedulingLagP99Ms", ms(g.schedulingLagP99().toNanos()));
        n.put("schedulingLagMaxMs", ms(g.schedulingLagMax().toNanos()));
        n.put("gcPauseMs", g.gcPauseTime().toMillis());
        n.put("gcShare", g.gcShare());
        n.put("cpuShare", g.cpuShare());
        return n;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
