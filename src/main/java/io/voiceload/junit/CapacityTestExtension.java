package io.voiceload.junit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.load.CapacityResult;
import io.voiceload.load.CapacitySearch;
import io.voiceload.load.CapacityStep;
import io.voiceload.load.IterationBody;
import io.voiceload.load.LoadResult;
import io.voiceload.load.RunOptions;
import io.voiceload.load.SloMetric;
import io.voiceload.load.SloReport;
import io.voiceload.load.SloRule;
import io.voiceload.load.VirtualUser;
import io.voiceload.report.BaselineComparability;
import io.voiceload.report.TestResultJson;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs a {@link CapacityTest} method as a stepped capacity search ({@link CapacitySearch}) through the
 * {@link LoadExecution} pipeline, every virtual user invoking the method with itself in place of the
 * {@link VirtualUser} placeholder. After the search: the headline and step table printed, the result file's
 * {@code capacity} section, report entries {@code voiceload.capacity.*}, and the verdict of
 * {@link CapacityResult#failureMessage}. {@code @AfterEach} methods may receive the {@link CapacityResult} or
 * the whole run's {@link LoadResult}.
 */
final class CapacityTestExtension implements InvocationInterceptor, ParameterResolver, LoadKind<CapacityTest> {

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        LoadExecution.intercept(this, invocation, invocationContext, context);
    }

    @Override
    public Class<CapacityTest> annotation() {
        return CapacityTest.class;
    }

    @Override
    public void checkAnnotations(Method method) {
        if (AnnotationSupport.isAnnotated(method, LoadTest.class)) {
            throw new ExtensionConfigurationException(
                    method + " has both @LoadTest and @CapacityTest: a test is either a load or a capacity search");
        }
    }

    @Override
    public List<Class<?>> resultTypes() {
        return List.of(CapacityResult.class, LoadResult.class);
    }

    @Override
    public String runName() {
        return "search";
    }

    @Override
    public LoadKind.Plan plan(CapacityTest annotation, String testName, Set<String> tags) {
        return new Planned(EffectiveCapacityPlan.resolve(annotation, testName, tags));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return LoadExecution.supportsParameter(this, parameterContext);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return LoadExecution.resolveParameter(this, parameterContext, extensionContext);
    }

    /** A capacity search's plan: {@link EffectiveCapacityPlan}, every step judged on the same SLOs. */
    private record Planned(EffectiveCapacityPlan effective) implements LoadKind.Plan {
        @Override
        public String label() {
            return "[capacity]";
        }

        @Override
        public Map<SloMetric, SloRule> thresholds() {
            return effective.thresholds();
        }

        @Override
        public String describe() {
            return effective.describe();
        }

        @Override
        public String slosNote() {
            return "\n  every step is judged on these SLOs";
        }

        @Override
        public ObjectNode baselinePlan() {
            return BaselineComparability.planOf(effective.plan().base());
        }

        @Override
        public ObjectNode baselineCapacityPlan() {
            return BaselineComparability.capacityPlanOf(effective.plan());
        }

        @Override
        public LoadKind.Outcome run(IterationBody body, List<SloRule> rules, RunOptions options) {
            CapacityResult result = CapacitySearch.run(effective.plan(), body, rules, options);
            return new Judged(result, effective.requiredUsers());
        }
    }

    /**
     * A capacity search judged by {@link CapacityResult#failureMessage}: the JSON's verdict is the search's, its
     * SLO table the last step's.
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
                    : search.steps().getLast().verdict();
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
            search.breakingPoint().ifPresent(b -> entries.put("voiceload.capacity.breakingReason", b.reason()));
            entries.put("voiceload.capacity.ending", search.ending().name());
            entries.put(
                    "voiceload.capacity.steps", String.valueOf(search.steps().size()));
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
