package io.voiceload.junit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.config.ConfigException;
import io.voiceload.config.Durations;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import io.voiceload.config.RequestedSettings;
import io.voiceload.config.ResolvedSettings;
import io.voiceload.config.ResolvedThresholds;
import io.voiceload.config.SettingsResolver;
import io.voiceload.config.Sourced;
import io.voiceload.config.Stage;
import io.voiceload.config.ThinkTime;
import io.voiceload.load.IterationBody;
import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RateSchedule;
import io.voiceload.load.RunOptions;
import io.voiceload.load.SloEvaluator;
import io.voiceload.load.SloMetric;
import io.voiceload.load.SloReport;
import io.voiceload.load.SloRule;
import io.voiceload.load.Warmup;
import io.voiceload.report.BaselineComparability;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The plan one {@link LoadTest} runs: the annotation's attributes, read and checked, resolved
 * against {@code load_test_config.json} and the overrides, turned into a {@link LoadPlan}, plus the
 * configuration's SLO thresholds. Every error names the attribute or key and happens before load. As the
 * {@link LoadTestExtension}'s {@link LoadKind.Plan}, it runs through {@link LoadRunner} and is judged on its
 * SLOs.
 */
record EffectivePlan(
        LoadPlan plan,
        ResolvedSettings settings,
        Map<SloMetric, SloRule> thresholds,
        boolean abortOnBreach,
        Duration abortGrace,
        Duration pacing)
        implements LoadKind.Plan {

    private static final Pattern STAGE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*/\\s*s\\s+in\\s+(\\S+)\\s*");

    static EffectivePlan resolve(LoadTest a, String testName, Set<String> tags) {
        try {
            RequestedSettings requested = requested(a, testName);
            // Sorted: category sections apply in a stable order whatever order JUnit reports tags in.
            Set<String> orderedTags = new LinkedHashSet<>(new TreeSet<>(tags));
            ResolvedSettings settings =
                    SettingsResolver.resolve(LoadTestConfig.shared(), Overrides.fromSystem(), requested, orderedTags);
            Duration pacing = duration(a.pacing(), "pacing", testName, ChronoUnit.SECONDS);
            Duration abortGrace = duration(a.abortGrace(), "abortGrace", testName, ChronoUnit.SECONDS);
            LoadPlan plan = plan(settings, pacing, testName);
            return new EffectivePlan(
                    plan, settings, thresholds(settings.thresholds()), a.abortOnBreach(), abortGrace, pacing);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }

    @Override
    public String label() {
        return "[load]";
    }

    @Override
    public java.util.Optional<LoadPlan> loadPlan() {
        return java.util.Optional.of(plan);
    }

    @Override
    public ObjectNode baselinePlan() {
        return BaselineComparability.planOf(plan);
    }

    /** Runs the plan through {@link LoadRunner}, stopped early on a breach when the annotation says so. */
    @Override
    public LoadKind.Outcome run(IterationBody body, List<SloRule> rules, RunOptions options) {
        RunOptions run = abortOnBreach ? options.withAbortOnBreach(rules, abortGrace) : options;
        LoadResult result = LoadRunner.run(plan, body, run);
        return new Judged(result, SloEvaluator.evaluate(result, rules));
    }

    @Override
    public String profile() {
        return settings.profile().value();
    }

    @Override
    public String describe() {
        String text = settings.describe().strip();
        if (pacing != null) {
            text += "\npacing = " + Durations.format(pacing) + "  (@LoadTest)";
        }
        return text + "\n→ " + plan.describe();
    }

    private static RequestedSettings requested(LoadTest a, String testName) {
        boolean open = a.rate() != -1 || a.stages().length > 0;
        if (open) {
            for (String closedOnly : closedOnlyAttributesSet(a)) {
                throw new ExtensionConfigurationException("@LoadTest(" + closedOnly + ") on " + testName + ": "
                        + closedOnly.substring(0, closedOnly.indexOf(' '))
                        + " belongs to the closed model, but rate/stages make this an open-model test;"
                        + " an open-model test takes rate, stages, duration, maxConcurrency and warm-up");
            }
        } else if (a.maxConcurrency() != -1) {
            throw new ExtensionConfigurationException("@LoadTest(maxConcurrency = " + a.maxConcurrency() + ") on "
                    + testName + ": maxConcurrency belongs to the open model; set rate (or stages) as well,"
                    + " or use users for a closed-model test");
        }
        RequestedSettings.Builder b =
                RequestedSettings.builder().annotation("@LoadTest").testName(testName);
        if (a.users() != -1) {
            b.users(a.users());
        }
        if (a.requests() != -1) {
            b.requests(a.requests());
        }
        b.duration(duration(a.duration(), "duration", testName, ChronoUnit.SECONDS));
        b.rampUp(duration(a.rampUp(), "rampUp", testName, ChronoUnit.SECONDS));
        if (a.rate() != -1) {
            b.rate(a.rate());
        }
        if (a.stages().length > 0) {
            b.stages(stages(a.stages(), testName));
        }
        if (a.maxConcurrency() != -1) {
            b.maxConcurrency(a.maxConcurrency());
        }
        if (!a.thinkTime().isBlank()) {
            b.thinkTime(ThinkTime.parse(a.thinkTime(), where("thinkTime", a.thinkTime(), testName)));
        }
        b.warmup(duration(a.warmup(), "warmup", testName, ChronoUnit.SECONDS));
        if (a.warmupIterations() != -1) {
            b.warmupIterations(a.warmupIterations());
        }
        if (!a.profile().isBlank()) {
            b.profile(a.profile());
        }
        return b.build();
    }

    private static List<String> closedOnlyAttributesSet(LoadTest a) {
        List<String> set = new ArrayList<>();
        if (a.users() != -1) {
            set.add("users = " + a.users());
        }
        if (a.requests() != -1) {
            set.add("requests = " + a.requests());
        }
        if (!a.thinkTime().isBlank()) {
            set.add("thinkTime = \"" + a.thinkTime() + "\"");
        }
        if (!a.pacing().isBlank()) {
            set.add("pacing = \"" + a.pacing() + "\"");
        }
        if (!a.rampUp().isBlank()) {
            set.add("rampUp = \"" + a.rampUp() + "\"");
        }
        return set;
    }

    private static List<Stage> stages(String[] texts, String testName) {
        List<Stage> stages = new ArrayList<>();
        for (String text : texts) {
            Matcher m = STAGE.matcher(text);
            if (!m.matches()) {
                throw new ExtensionConfigurationException(where("stages", text, testName)
                        + ": a stage is \"<rate>/s in <duration>\", e.g. \"100/s in 30s\"");
            }
            Duration d = Durations.parse(m.group(2), where("stages", text, testName), ChronoUnit.SECONDS);
            stages.add(new Stage(Double.parseDouble(m.group(1)), d));
        }
        return stages;
    }

    private static Duration duration(String text, String attribute, String testName, ChronoUnit bareUnit) {
        return text.isBlank() ? null : Durations.parse(text, where(attribute, text, testName), bareUnit);
    }

    private static String where(String attribute, String value, String testName) {
        return "@LoadTest(" + attribute + " = \"" + value + "\") on " + testName;
    }

    /** The engine's plan: the one place the configuration's workload model becomes the engine's. */
    private static LoadPlan plan(ResolvedSettings s, Duration pacing, String testName) {
        LoadPlan.Builder<?> b =
                switch (s.model()) {
                    case CLOSED ->
                        LoadPlan.closed(s.users().value())
                                .requests(
                                        s.requests().value() == null
                                                ? 0
                                                : s.requests().value())
                                .duration(s.duration().value())
                                .rampUp(s.rampUp().value())
                                .thinkTime(s.thinkTime().value())
                                .pacing(pacing);
                    case OPEN -> {
                        LoadPlan.OpenBuilder open = LoadPlan.open(schedule(s, testName));
                        if (s.requests().value() != null) {
                            open.requests(s.requests().value()); // a cap on total arrivals
                        }
                        if (s.maxConcurrency().value() != null) {
                            open.maxConcurrency(s.maxConcurrency().value());
                        }
                        yield open;
                    }
                };
        Duration warmupTime =
                s.warmup().value() == null ? Duration.ZERO : s.warmup().value();
        long warmupIterations =
                s.warmupIterations().value() == null ? 0 : s.warmupIterations().value();
        return b.name(testName)
                .warmup(new Warmup(warmupTime, warmupIterations))
                .seed(s.seed().value())
                .maxDuration(s.maxTestDuration().value())
                .progressInterval(s.progressInterval().value())
                .generatorLagLimit(s.generatorLagLimit().value())
                .build();
    }

    private static RateSchedule schedule(ResolvedSettings s, String testName) {
        List<Stage> stages = s.stages().value();
        double start = s.rate().value() == null ? 0 : s.rate().value();
        if (stages != null && !stages.isEmpty()) {
            return RateSchedule.stages(start, stages);
        }
        Duration d = s.duration().value();
        if (d == null) {
            throw new ExtensionConfigurationException("open-model test " + testName + " at " + start
                    + "/s needs a duration (or stages): set @LoadTest(duration = …) or test_duration");
        }
        return RateSchedule.constant(start, d);
    }

    static Map<SloMetric, SloRule> thresholds(ResolvedThresholds t) {
        Map<SloMetric, SloRule> rules = new EnumMap<>(SloMetric.class);
        latency(rules, SloMetric.AVG, t.avg());
        latency(rules, SloMetric.P50, t.p50());
        latency(rules, SloMetric.P90, t.p90());
        latency(rules, SloMetric.P95, t.p95());
        latency(rules, SloMetric.P99, t.p99());
        latency(rules, SloMetric.P999, t.p999());
        latency(rules, SloMetric.MAX, t.max());
        t.errorRate().ifPresent(v -> rules.put(SloMetric.ERROR_RATE, SloRule.errorRate(v.value(), null, v.origin())));
        t.minRps()
                .ifPresent(
                        v -> rules.put(SloMetric.MIN_THROUGHPUT, SloRule.minThroughput(v.value(), null, v.origin())));
        t.maxDropped().ifPresent(v -> rules.put(SloMetric.MAX_DROPPED, SloRule.maxDropped(v.value(), v.origin())));
        return rules;
    }

    private static void latency(Map<SloMetric, SloRule> rules, SloMetric metric, Optional<Sourced<Duration>> value) {
        value.ifPresent(v -> rules.put(metric, SloRule.latency(metric, v.value(), null, v.origin())));
    }

    /** A load judged on its SLOs: it fails when one is breached or no iteration succeeded. */
    private record Judged(LoadResult run, SloReport report) implements LoadKind.Outcome {
        @Override
        public Object result(Class<?> type) {
            return run;
        }

        @Override
        public String printed(String testName) {
            return ResultPublisher.outcomes(testName, report);
        }

        @Override
        public String failure(String testName) {
            return report.passed()
                    ? ""
                    : testName + " failed its load verdict: " + report.failureMessage() + ResultPublisher.topErrors(run)
                            + "\n" + run.summaryLine();
        }
    }
}
