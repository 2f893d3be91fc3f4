package io.voiceload.junit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.config.ConfigException;
import io.voiceload.config.Durations;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import io.voiceload.config.Profile;
import io.voiceload.config.RequestedSettings;
import io.voiceload.config.ResolvedSettings;
import io.voiceload.config.SettingsResolver;
import io.voiceload.config.Sourced;
import io.voiceload.config.ThinkTime;
import io.voiceload.load.CapacityPlan;
import io.voiceload.load.CapacityResult;
import io.voiceload.load.CapacitySearch;
import io.voiceload.load.CapacityStep;
import io.voiceload.load.IterationBody;
import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.RunOptions;
import io.voiceload.load.SloMetric;
import io.voiceload.load.SloReport;
import io.voiceload.load.SloRule;
import io.voiceload.load.SystemUnderTest;
import io.voiceload.load.Warmup;
import io.voiceload.report.BaselineComparability;
import io.voiceload.report.TestResultJson;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The capacity search one {@link CapacityTest} runs: its attributes, checked, resolved against
 * {@code load_test_config.json} and the overrides through {@link SettingsResolver} (which sees the
 * ceiling as {@code users} and the planned length as {@code duration}), then scaled and capped as
 * {@link CapacityTest} documents. Every error names the attribute and happens before load. As the
 * {@link CapacityTestExtension}'s {@link LoadKind.Plan}, it runs through {@link CapacitySearch} and is judged
 * by {@link CapacityResult#failureMessage}.
 *
 * @param requiredUsers {@link CapacityTest#minHeld()}, capped at the ceiling
 * @param notes what was adjusted and why (printed with the plan)
 */
record EffectiveCapacityPlan(
        CapacityPlan plan,
        ResolvedSettings settings,
        Map<SloMetric, SloRule> thresholds,
        int requiredUsers,
        List<String> notes)
        implements LoadKind.Plan {

    static final String ANNOTATION = "@CapacityTest";

    static EffectiveCapacityPlan resolve(CapacityTest a, String testName, Set<String> tags) {
        try {
            return resolveChecked(a, testName, tags);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }

    private static EffectiveCapacityPlan resolveChecked(CapacityTest a, String testName, Set<String> tags) {
        List<String> problems = new ArrayList<>();
        if (a.startUsers() < 1) {
            problems.add(attribute("startUsers", a.startUsers()) + ": must be at least 1");
        }
        if (a.stepUsers() < 1) {
            problems.add(attribute("stepUsers", a.stepUsers()) + ": must be at least 1");
        }
        if (a.resolution() < 1) {
            problems.add(attribute("resolution", a.resolution())
                    + ": must be at least 1 (the most users between the highest level held and the breaking point;"
                    + " stepUsers or more: no refinement)");
        }
        if (a.maxUsers() < Math.max(1, a.startUsers()) || a.maxUsers() > LoadPlan.MAX_USERS) {
            problems.add(attribute("maxUsers", a.maxUsers()) + ": must be between startUsers = " + a.startUsers()
                    + " and " + LoadPlan.MAX_USERS);
        }
        if (a.minHeld() < 0 || a.minHeld() > a.maxUsers()) {
            problems.add(attribute("minHeld", a.minHeld()) + ": must be between 0 (no requirement) and maxUsers = "
                    + a.maxUsers());
        }
        String unitProblem = UnitAttribute.problem(a.unit(), "what a user stands for");
        if (!unitProblem.isEmpty()) {
            problems.add(attribute(UnitAttribute.NAME, a.unit()) + ": " + unitProblem);
        }
        Duration step = duration(a.stepDuration(), "stepDuration", problems);
        if (step != null && (step.isZero() || step.isNegative())) {
            problems.add(attribute("stepDuration", a.stepDuration()) + ": must be a positive duration like 10s");
        }
        Duration settle = a.settle().isBlank()
                ? (step == null ? Duration.ZERO : step.dividedBy(5))
                : duration(a.settle(), "settle", problems);
        if (settle != null && step != null && (settle.isNegative() || settle.compareTo(step) >= 0)) {
            problems.add(attribute("settle", a.settle()) + ": must be zero or more and shorter than stepDuration = \""
                    + a.stepDuration() + "\"");
        }
        Duration warmup = a.warmup().isBlank() ? Duration.ZERO : duration(a.warmup(), "warmup", problems);
        if (warmup != null && warmup.isNegative()) {
            problems.add(attribute("warmup", a.warmup()) + ": must be zero or more");
        }
        if (a.warmupUsers() < 0 || a.warmupUsers() > a.maxUsers()) {
            problems.add("warmupUsers = " + a.warmupUsers() + ": must be 0 (the first step's users) or between 1 and"
                    + " maxUsers = " + a.maxUsers());
        } else if (a.warmupUsers() > 0 && (warmup == null || warmup.isZero())) {
            problems.add("warmupUsers = " + a.warmupUsers() + ": needs a warmup (e.g. warmup = \"15s\"); without one"
                    + " nothing runs at that level");
        }
        if (!problems.isEmpty()) {
            throw new ExtensionConfigurationException(
                    ANNOTATION + " on " + testName + ": " + String.join("; ", problems));
        }

        RequestedSettings.Builder requested = RequestedSettings.builder()
                .annotation(ANNOTATION)
                .testName(testName)
                .users(a.maxUsers())
                .duration(CapacityPlan.longestSearch(
                        a.startUsers(), a.stepUsers(), a.maxUsers(), a.resolution(), step, false))
                .warmup(warmup)
                .warmupIterations(0);
        if (!a.thinkTime().isBlank()) {
            requested.thinkTime(ThinkTime.parse(
                    a.thinkTime(), ANNOTATION + "(thinkTime = \"" + a.thinkTime() + "\") on " + testName));
        }
        if (!a.profile().isBlank()) {
            requested.profile(a.profile());
        }
        Set<String> orderedTags = new LinkedHashSet<>(new TreeSet<>(tags));
        ResolvedSettings s = SettingsResolver.resolve(
                LoadTestConfig.shared(), Overrides.fromSystem(), requested.build(), orderedTags);

        List<String> notes = new ArrayList<>();
        double scale = scale(s);
        int max = scaled(a.maxUsers(), scale);
        int start = scaled(a.startUsers(), scale);
        int stepUsers = scaled(a.stepUsers(), scale);
        int resolution = scaled(a.resolution(), scale);
        if (scale != 1) {
            notes.add("start, step, ceiling and resolution × scale " + scale + " of profile \""
                    + s.profile().value() + "\"");
        }
        if (!fromAnnotation(s.users().origin()) && s.users().value() < max) {
            notes.add("ceiling capped at " + s.users().value() + " by "
                    + s.users().origin());
            max = s.users().value();
        }
        if (start > max) {
            notes.add("first step capped at the ceiling " + max);
            start = max;
        }
        int warmupUsers = a.warmupUsers() == 0 ? 0 : Math.min(max, scaled(a.warmupUsers(), scale));
        long requests = s.requests().value() == null ? 0 : s.requests().value();
        Duration timeLimit = CapacityPlan.longestSearch(start, stepUsers, max, resolution, step, requests > 0);
        if (s.duration().value() != null && !fromAnnotation(s.duration().origin())) {
            timeLimit = s.duration().value();
            notes.add("time limit " + Durations.format(timeLimit) + " from "
                    + s.duration().origin());
        }
        if (requests > 0) {
            notes.add(requests + " iterations per user (" + s.requests().origin()
                    + "): a step ends early when all its users are done");
        }
        int required = a.minHeld();
        if (required > max) {
            notes.add("minHeld = " + required + " capped at the ceiling " + max);
            required = max;
        }
        LoadPlan base = LoadPlan.closed(max)
                .name(testName)
                .requests(requests)
                .duration(timeLimit)
                .thinkTime(s.thinkTime().value())
                .warmup(Warmup.of(
                        s.warmup().value() == null ? Duration.ZERO : s.warmup().value()))
                .seed(s.seed().value())
                .maxDuration(s.maxTestDuration().value())
                .progressInterval(s.progressInterval().value())
                .generatorLagLimit(s.generatorLagLimit().value())
                .build();
        CapacityPlan plan = new CapacityPlan(
                base, start, stepUsers, resolution, step, settle, a.unit(), setUp(s.targetBaseUrl()), warmupUsers);
        return new EffectiveCapacityPlan(
                plan, s, EffectivePlan.thresholds(s.thresholds()), required, List.copyOf(notes));
    }

    @Override
    public String label() {
        return "[capacity]";
    }

    @Override
    public String slosNote() {
        return "\n  every step is judged on these SLOs";
    }

    @Override
    public ObjectNode baselinePlan() {
        return BaselineComparability.planOf(plan.base());
    }

    @Override
    public ObjectNode baselineCapacityPlan() {
        return BaselineComparability.capacityPlanOf(plan);
    }

    /** Runs the search through {@link CapacitySearch}, every step judged on {@code rules}. */
    @Override
    public LoadKind.Outcome run(IterationBody body, List<SloRule> rules, RunOptions options) {
        return new Judged(CapacitySearch.run(plan, body, rules, options), requiredUsers);
    }

    @Override
    public String profile() {
        return settings.profile().value();
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder(settings.describe().strip());
        notes.forEach(n -> sb.append("\nnote: ").append(n));
        sb.append("\n→ capacity search: ").append(plan.describe());
        if (requiredUsers > 0) {
            sb.append(", must hold at least ").append(requiredUsers);
        }
        return sb.toString();
    }

    private static boolean fromAnnotation(String origin) {
        return origin.startsWith(ANNOTATION);
    }

    private static double scale(ResolvedSettings s) {
        if (s.profile().value() == null) {
            return 1;
        }
        Double scale = LoadTestConfig.shared()
                .profile(s.profile().value())
                .map(Profile::scale)
                .orElse(null);
        return scale == null ? 1 : scale;
    }

    /** Rounds up, so that a scaled-down search keeps at least one user per step. */
    private static int scaled(int users, double scale) {
        return (int) Math.max(1, Math.min(LoadPlan.MAX_USERS, Math.ceil(users * scale - 1e-9)));
    }

    /**
     * What the search measures, for its headline: the external target when one is configured, else the system
     * under test as the bridge that started it {@linkplain SystemUnderTest#describe described} it (the platform
     * in a child JVM, with its pid and JVM options), else the embedded reference platform, which shares this JVM
     * with the load generator (the two compete for its CPU and heap, so the figures of the set-ups differ).
     */
    static String setUp(Sourced<URI> target) {
        if (target.value() != null) {
            return "external target " + target.value();
        }
        return SystemUnderTest.description().orElse("embedded platform in the generator's JVM");
    }

    private static Duration duration(String text, String attribute, List<String> problems) {
        try {
            return Durations.parse(text, attribute(attribute, text), ChronoUnit.SECONDS);
        } catch (ConfigException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static String attribute(String name, Object value) {
        return name + " = " + (value instanceof String ? "\"" + value + "\"" : value);
    }

    /**
     * A capacity search judged by {@link CapacityResult#failureMessage}: the JSON's verdict is the search's, its
     * SLO table the breaking point's (the SLOs that broke), else the last step's.
     */
    private record Judged(CapacityResult search, int requiredUsers) implements LoadKind.Outcome {
        @Override
        public Object result(Class<?> type) {
            return type == LoadResult.class ? search.run() : search;
        }

        @Override
        public LoadResult run() {
            return search.run();
        }

        @Override
        public SloReport report() {
            LoadResult whole = search.run();
            return search.steps().isEmpty()
                    ? new SloReport(
                            List.of(),
                            whole.iterations().successes(),
                            whole.iterations().failures())
                    : search.breakingPoint().orElse(search.steps().getLast()).verdict();
        }

        @Override
        public String printed(String testName) {
            return headline(testName) + "\n" + ResultPublisher.indent(search.table());
        }

        @Override
        public void addSections(ObjectNode document) {
            TestResultJson.withCapacity(document, search, search.failureMessage(requiredUsers), requiredUsers);
        }

        @Override
        public void addEntries(Map<String, String> entries) {
            entries.put("voiceload.capacity.headline", search.headline());
            entries.put("voiceload.capacity.held", String.valueOf(search.highestHeld()));
            entries.put(
                    "voiceload.capacity.breakingPoint",
                    search.breakingPoint()
                            .map(CapacityStep::users)
                            .map(String::valueOf)
                            .orElse("none"));
            search.breakingPoint().ifPresent(b -> {
                entries.put("voiceload.capacity.breakingReason", b.reason());
                entries.put("voiceload.capacity.repeatConfirmed", String.valueOf(search.isConfirmed()));
            });
            search.resolution().ifPresent(r -> entries.put("voiceload.capacity.resolution", String.valueOf(r)));
            entries.put(
                    "voiceload.capacity.transientBreaches",
                    String.valueOf(search.transientBreaches().size()));
            entries.put("voiceload.capacity.ending", search.ending().name());
            entries.put(
                    "voiceload.capacity.steps", String.valueOf(search.steps().size()));
            if (!search.plan().setUp().isEmpty()) {
                entries.put("voiceload.capacity.setUp", search.plan().setUp());
            }
        }

        @Override
        public String failure(String testName) {
            String failure = search.failureMessage(requiredUsers);
            return failure.isEmpty()
                    ? ""
                    : testName + " failed its capacity verdict: " + failure + ResultPublisher.topErrors(search.run())
                            + "\n" + headline(testName) + "\n" + search.table();
        }

        private String headline(String testName) {
            return "[capacity] " + testName + ": " + search.headline();
        }
    }
}
