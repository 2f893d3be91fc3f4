package io.voiceload.junit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.load.CapacityResult;
import io.voiceload.load.CapacitySearch;
import io.voiceload.load.CapacityStep;
import io.voiceload.load.LoadResult;
import io.voiceload.load.RunOptions;
import io.voiceload.load.SloReport;
import io.voiceload.load.SloRule;
import io.voiceload.load.VirtualUser;
import io.voiceload.report.BaselineComparability;
import io.voiceload.report.TestResultJson;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Runs a {@link CapacityTest} method as a stepped capacity search ({@link CapacitySearch}), the way
 * {@link LoadTestExtension} runs a load: parameters resolved once with a placeholder for the
 * {@link VirtualUser}, the search invoking the method from every user, {@code invocation.skip()}, then the
 * headline and step table printed, the result file (with its {@code capacity} section) written, report
 * entries published ({@code voiceload.capacity.*}), and the verdict of {@link CapacityResult#failureMessage}.
 */
final class CapacityTestExtension implements InvocationInterceptor, ParameterResolver {
    static final Namespace NAMESPACE = Namespace.create(CapacityTestExtension.class);
    static final String RESULT_KEY = "capacity";

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        Method method = invocationContext.getExecutable();
        CapacityTest annotation = AnnotationSupport.findAnnotation(method, CapacityTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException(
                        "CapacityTestExtension is registered on " + method + " but it has no @CapacityTest"));
        if (AnnotationSupport.isAnnotated(method, LoadTest.class)) {
            throw new ExtensionConfigurationException(
                    method + " has both @LoadTest and @CapacityTest: a test is either a load or a capacity search");
        }
        Class<?> testClass = context.getRequiredTestClass();
        String testName = testClass.getSimpleName() + "." + method.getName();

        // Everything the user wrote is validated before any load starts.
        EffectiveCapacityPlan effective = EffectiveCapacityPlan.resolve(annotation, testName, context.getTags());
        List<SloRule> rules = SloRules.collect(method, testClass, effective.thresholds());
        System.out.println("[capacity] " + testName + "\n" + ResultPublisher.indent(effective.describe()) + "\n"
                + ResultPublisher.indent(ResultPublisher.slos(rules)) + "\n  every step is judged on these SLOs");
        BaselineCheck baseline = BaselineCheck.before(
                testClass,
                method.getName(),
                testName,
                BaselineComparability.planOf(effective.plan().base()),
                BaselineComparability.capacityPlanOf(effective.plan()));

        Object target = invocationContext.getTarget().orElse(null);
        List<Object> arguments = invocationContext.getArguments();
        Path hlog = ResultFiles.testFile(testClass, method.getName(), ".hlog");
        CapacityResult result;
        Optional<ObjectNode> signals;
        LoadTestExtension.GENERATOR.lockInterruptibly();
        try {
            SystemSignals.Probe platform = SystemSignals.probe(context);
            result = CapacitySearch.run(
                    effective.plan(),
                    user -> LoadTestExtension.invoke(method, target, arguments, user),
                    rules,
                    RunOptions.defaults().withHlogFile(hlog));
            signals = platform.after();
        } finally {
            LoadTestExtension.GENERATOR.unlock();
            invocation.skip();
        }
        context.getStore(NAMESPACE).put(RESULT_KEY, result);

        String failure = result.failureMessage(effective.requiredUsers());
        String headline = "[capacity] " + testName + ": " + result.headline();
        System.out.println(headline + "\n" + ResultPublisher.indent(result.table()));

        LoadResult whole = result.run();
        SloReport judged = result.steps().isEmpty()
                ? new SloReport(
                        List.of(),
                        whole.iterations().successes(),
                        whole.iterations().failures())
                : result.steps().getLast().verdict();
        Path json = ResultFiles.testFile(testClass, method.getName(), ".json");
        ObjectNode document = TestResultJson.withCapacity(
                ResultPublisher.toJson(context, testClass, method, whole, judged, effective.describe()),
                result,
                failure,
                effective.requiredUsers());
        signals.ifPresent(s -> TestResultJson.withSignals(document, s));
        String regression = BaselineCheck.addSections(baseline, document);
        ResultPublisher.writeJson(json, document);
        Map<String, String> entries = ResultPublisher.entries(whole, failure.isEmpty() && regression.isEmpty(), json);
        entries.put("voiceload.capacity.headline", result.headline());
        entries.put("voiceload.capacity.held", String.valueOf(result.highestHeld()));
        entries.put(
                "voiceload.capacity.breakingPoint",
                result.breakingPoint()
                        .map(CapacityStep::users)
                        .map(String::valueOf)
                        .orElse("none"));
        result.breakingPoint().ifPresent(b -> entries.put("voiceload.capacity.breakingReason", b.reason()));
        entries.put("voiceload.capacity.ending", result.ending().name());
        entries.put("voiceload.capacity.steps", String.valueOf(result.steps().size()));
        ResultPublisher.publish(context, entries, json, hlog);
        String message = failure.isEmpty()
                ? ""
                : testName + " failed its capacity verdict: " + failure + ResultPublisher.topErrors(whole) + "\n"
                        + headline + "\n" + result.table();
        message = BaselineCheck.join(message, regression);
        if (!message.isEmpty()) {
            throw new AssertionFailedError(message + "\nresults: " + json);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == VirtualUser.class) {
            return AnnotationSupport.isAnnotated(parameterContext.getDeclaringExecutable(), CapacityTest.class);
        }
        return (type == CapacityResult.class || type == LoadResult.class)
                && AnnotationSupport.isAnnotated(parameterContext.getDeclaringExecutable(), AfterEach.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == VirtualUser.class) {
            return null; // placeholder: each virtual user passes itself when it invokes the method
        }
        CapacityResult result = extensionContext.getStore(NAMESPACE).get(RESULT_KEY, CapacityResult.class);
        if (result == null) {
            throw new ParameterResolutionException("No CapacityResult for " + extensionContext.getDisplayName()
                    + ": the search did not run (see the test's failure), so @AfterEach cannot receive one");
        }
        return type == LoadResult.class ? result.run() : result;
    }
}
