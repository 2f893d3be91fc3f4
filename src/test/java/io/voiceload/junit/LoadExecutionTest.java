package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.load.IterationBody;
import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RunOptions;
import io.voiceload.load.SloEvaluator;
import io.voiceload.load.SloMetric;
import io.voiceload.load.SloReport;
import io.voiceload.load.SloRule;
import io.voiceload.load.VirtualUser;
import io.voiceload.report.BaselineComparability;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.Events;

/**
 * The {@link LoadExecution} pipeline serves a kind it does not know: a third load-running extension
 * ({@code @Probe}, defined here as the memory and fault extensions will be) adds its own JSON section, report
 * entries and verdict through {@link LoadKind} alone, and gets every shared step (the {@link VirtualUser}
 * placeholder, the result for {@code @AfterEach}, the result file with its environment, the common report
 * entries, the failure with the results path) without writing any of them.
 */
class LoadExecutionTest {
    static final AtomicInteger ITERATIONS = new AtomicInteger();
    static final AtomicReference<ProbeResult> AFTER_EACH = new AtomicReference<>();

    @BeforeEach
    void reset() {
        ITERATIONS.set(0);
        AFTER_EACH.set(null);
    }

    @Test
    void aNewKindAddsItsSectionEntriesAndResultToTheSharedSteps() throws Exception {
        Events events = TestKit.run(ProbeTestCases.class, "clean");

        events.assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(ITERATIONS.get()).as("iterations run by virtual users").isEqualTo(6);
        assertThat(AFTER_EACH.get()).as("the kind's result in @AfterEach").isNotNull();
        assertThat(AFTER_EACH.get().run().iterations().count()).isEqualTo(6);

        JsonNode json = new ObjectMapper()
                .readTree(ResultFiles.testFile(ProbeTestCases.class, "clean", ".json")
                        .toFile());
        assertThat(json.path("verdict").asText()).isEqualTo("passed");
        assertThat(json.path("plan").path("users").asInt()).isEqualTo(2);
        assertThat(json.path("effectiveSettings").get(0).asText()).isEqualTo("probe plan: 2 users × 3");
        assertThat(json.path("probe").path("leaked").asBoolean()).isFalse();
        assertThat(json.has("environment"))
                .as("the pipeline's environment section")
                .isTrue();

        assertThat(TestKit.reportEntry(events, "voiceload.verdict")).isEqualTo("passed");
        assertThat(TestKit.reportEntry(events, "voiceload.iterations")).isEqualTo("6");
        assertThat(TestKit.reportEntry(events, "voiceload.probe.leaked")).isEqualTo("false");
        assertThat(LoadExecution.generatorBusy())
                .as("the generator lock after the run")
                .isFalse();
    }

    @Test
    void aNewKindsVerdictFailsTheTestThroughThePipeline() throws Exception {
        Events events = TestKit.run(ProbeTestCases.class, "leaking");

        assertThat(TestKit.failureMessage(events))
                .startsWith("ProbeTestCases.leaking failed its probe verdict: the probe leaked")
                .contains("\nresults: ")
                .endsWith(ResultFiles.testFile(ProbeTestCases.class, "leaking", ".json")
                        .toString());
        JsonNode json = new ObjectMapper()
                .readTree(ResultFiles.testFile(ProbeTestCases.class, "leaking", ".json")
                        .toFile());
        assertThat(json.path("verdict").asText()).isEqualTo("failed");
        assertThat(json.path("probe").path("leaked").asBoolean()).isTrue();
        assertThat(TestKit.reportEntry(events, "voiceload.verdict")).isEqualTo("failed");
    }

    /** A kind of load test the pipeline has never seen: 2 users × 3 iterations, judged on whether it "leaked". */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @Test
    @ExtendWith(ProbeExtension.class)
    @interface Probe {
        boolean leaks() default false;
    }

    /** What {@code @AfterEach} of a {@code @Probe} test receives. */
    record ProbeResult(LoadResult run, boolean leaked) {}

    static final class ProbeExtension extends LoadKindExtension<Probe> {
        ProbeExtension() {
            super(Probe.class, "probe", ProbeResult.class);
        }

        @Override
        public LoadKind.Plan plan(Probe annotation, String testName, Set<String> tags) {
            LoadPlan plan = LoadPlan.closed(2)
                    .requests(3)
                    .name(testName)
                    .progressInterval(java.time.Duration.ZERO)
                    .build();
            return new ProbePlan(plan, annotation.leaks());
        }
    }

    record ProbePlan(LoadPlan plan, boolean leaks) implements LoadKind.Plan {
        @Override
        public String label() {
            return "[probe]";
        }

        @Override
        public Map<SloMetric, SloRule> thresholds() {
            return Map.of();
        }

        @Override
        public String describe() {
            return "probe plan: 2 users × 3";
        }

        @Override
        public ObjectNode baselinePlan() {
            return BaselineComparability.planOf(plan);
        }

        @Override
        public LoadKind.Outcome run(IterationBody body, List<SloRule> rules, RunOptions options) {
            LoadResult result = LoadRunner.run(plan, body, options);
            return new ProbeOutcome(new ProbeResult(result, leaks), SloEvaluator.evaluate(result, rules));
        }
    }

    record ProbeOutcome(ProbeResult probe, SloReport report) implements LoadKind.Outcome {
        @Override
        public Object result(Class<?> type) {
            return probe;
        }

        @Override
        public LoadResult run() {
            return probe.run();
        }

        @Override
        public String printed(String testName) {
            return "[probe] " + testName + (probe.leaked() ? ": leaked" : ": clean");
        }

        @Override
        public void addSections(ObjectNode document) {
            document.putObject("probe").put("leaked", probe.leaked());
            if (probe.leaked()) {
                document.put("verdict", "failed");
            }
        }

        @Override
        public void addEntries(Map<String, String> entries) {
            entries.put("voiceload.probe.leaked", String.valueOf(probe.leaked()));
        }

        @Override
        public String failure(String testName) {
            return probe.leaked() ? testName + " failed its probe verdict: the probe leaked" : "";
        }
    }

    @FixtureOnly
    static class ProbeTestCases {
        @Probe
        void clean(VirtualUser user) {
            assertThat(user).isNotNull();
            ITERATIONS.incrementAndGet();
        }

        @Probe(leaks = true)
        void leaking(VirtualUser user) {
            ITERATIONS.incrementAndGet();
        }

        @AfterEach
        void receive(ProbeResult result) {
            AFTER_EACH.set(result);
        }
    }
}
