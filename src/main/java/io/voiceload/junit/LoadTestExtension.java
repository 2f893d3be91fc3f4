package io.voiceload.junit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.load.IterationBody;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RunOptions;
import io.voiceload.load.SloEvaluator;
import io.voiceload.load.SloMetric;
import io.voiceload.load.SloReport;
import io.voiceload.load.SloRule;
import io.voiceload.load.VirtualUser;
import io.voiceload.report.BaselineComparability;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs a {@link LoadTest} method as a load through the {@link LoadExecution} pipeline: the effective plan
 * ({@link EffectivePlan}) runs through {@link LoadRunner}, every virtual user invoking the method with
 * itself in place of the {@link VirtualUser} placeholder; the test fails when an SLO is breached or
 * nothing succeeded. {@code @AfterEach} methods may receive the {@link LoadResult}.
 */
final class LoadTestExtension implements InvocationInterceptor, ParameterResolver, LoadKind<LoadTest> {

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        LoadExecution.intercept(this, invocation, invocationContext, context);
    }

    @Override
    public Class<LoadTest> annotation() {
        return LoadTest.class;
    }

    @Override
    public List<Class<?>> resultTypes() {
        return List.of(LoadResult.class);
    }

    @Override
    public String runName() {
        return "load";
    }

    @Override
    public LoadKind.Plan plan(LoadTest annotation, String testName, Set<String> tags) {
        return new Planned(EffectivePlan.resolve(annotation, testName, tags), annotation.abortOnBreach());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return LoadExecution.supportsParameter(this, parameterContext);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return LoadExecution.resolveParameter(this, parameterContext, extensionContext);
    }

    /** A load's plan: {@link EffectivePlan}, stopped early on a breach when the annotation says so. */
    private record Planned(EffectivePlan effective, boolean abortOnBreach) implements LoadKind.Plan {
        @Override
        public String label() {
            return "[load]";
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
        public ObjectNode baselinePlan() {
            return BaselineComparability.planOf(effective.plan());
        }

        @Override
        public LoadKind.Outcome run(IterationBody body, List<SloRule> rules, RunOptions options) {
            RunOptions run = abortOnBreach ? options.withAbortOnBreach(rules, effective.abortGrace()) : options;
            LoadResult result = LoadRunner.run(effective.plan(), body, run);
            return new Judged(result, SloEvaluator.evaluate(result, rules));
        }
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
