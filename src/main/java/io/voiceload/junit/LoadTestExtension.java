package io.voiceload.junit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RunOptions;
import io.voiceload.load.SloEvaluator;
import io.voiceload.load.SloReport;
import io.voiceload.load.SloRule;
import io.voiceload.load.VirtualUser;
import io.voiceload.report.BaselineComparability;
import io.voiceload.report.TestResultJson;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
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
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Runs a {@link LoadTest} method as a load. JUnit resolves the method's parameters once (a
 * {@link VirtualUser} parameter resolves to a placeholder); the interceptor then resolves the
 * effective plan, runs it through {@link LoadRunner} invoking the method reflectively from every
 * virtual user with that user in place of the placeholder, calls {@code invocation.skip()}
 * (JUnit's proceed-or-skip-exactly-once contract), writes the result files, publishes report
 * entries, and fails the test when an SLO is breached or nothing succeeded.
 */
final class LoadTestExtension implements InvocationInterceptor, ParameterResolver {
    static final Namespace NAMESPACE = Namespace.create(LoadTestExtension.class);
    static final String RESULT_KEY = "result";

    /**
     * Load runs share this JVM's cores and would skew each other's figures, so they run one at a
     * time even under JUnit's parallel execution. JVM-wide by nature: it guards the generator.
     */
    static final ReentrantLock GENERATOR = new ReentrantLock(true);

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        Method method = invocationContext.getExecutable();
        LoadTest annotation = AnnotationSupport.findAnnotation(method, LoadTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException(
                        "LoadTestExtension is registered on " + method + " but it has no @LoadTest"));
        Class<?> testClass = context.getRequiredTestClass();
        String testName = testClass.getSimpleName() + "." + method.getName();

        // Everything the user wrote is validated before any load starts.
        EffectivePlan effective = EffectivePlan.resolve(annotation, testName, context.getTags());
        List<SloRule> rules = SloRules.collect(method, testClass, effective.thresholds());
        LoadPlan plan = effective.plan();
        System.out.println("[load] " + testName + "\n" + ResultPublisher.indent(effective.describe()) + "\n"
                + ResultPublisher.indent(ResultPublisher.slos(rules)));
        BaselineCheck baseline =
                BaselineCheck.before(testClass, method.getName(), testName, BaselineComparability.planOf(plan), null);

        Object target = invocationContext.getTarget().orElse(null);
        List<Object> arguments = invocationContext.getArguments();
        Path hlog = ResultFiles.testFile(testClass, method.getName(), ".hlog");
        RunOptions options = RunOptions.defaults().withHlogFile(hlog);
        if (annotation.abortOnBreach()) {
            options = options.withAbortOnBreach(rules, effective.abortGrace());
        }

        LoadResult result;
        Optional<ObjectNode> signals;
        GENERATOR.lockInterruptibly();
        try {
            SystemSignals.Probe platform = SystemSignals.probe(context);
            result = LoadRunner.run(plan, user -> invoke(method, target, arguments, user), options);
            signals = platform.after();
        } finally {
            GENERATOR.unlock();
            invocation.skip();
        }
        context.getStore(NAMESPACE).put(RESULT_KEY, result);

        SloReport report = SloEvaluator.evaluate(result, rules);
        System.out.println(ResultPublisher.outcomes(testName, report));
        Path json = ResultFiles.testFile(testClass, method.getName(), ".json");
        ObjectNode document = ResultPublisher.toJson(context, testClass, method, result, report, effective.describe());
        signals.ifPresent(s -> TestResultJson.withSignals(document, s));
        String regression = BaselineCheck.addSections(baseline, document);
        ResultPublisher.writeJson(json, document);
        ResultPublisher.publish(
                context, ResultPublisher.entries(result, report.passed() && regression.isEmpty(), json), json, hlog);
        String failure = report.passed()
                ? ""
                : testName + " failed its load verdict: " + report.failureMessage() + ResultPublisher.topErrors(result)
                        + "\n" + result.summaryLine();
        failure = BaselineCheck.join(failure, regression);
        if (!failure.isEmpty()) {
            throw new AssertionFailedError(failure + "\nresults: " + json);
        }
    }

    /** Invokes the test method as one iteration of {@code user}, which replaces the placeholder argument. */
    static void invoke(Method method, Object target, List<Object> arguments, VirtualUser user) {
        Object[] args = arguments.toArray();
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == VirtualUser.class) {
                args[i] = user;
            }
        }
        ReflectionSupport.invokeMethod(method, target, args);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == VirtualUser.class) {
            return AnnotationSupport.isAnnotated(parameterContext.getDeclaringExecutable(), LoadTest.class);
        }
        return type == LoadResult.class
                && AnnotationSupport.isAnnotated(parameterContext.getDeclaringExecutable(), AfterEach.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (parameterContext.getParameter().getType() == VirtualUser.class) {
            return null; // placeholder: each virtual user passes itself when it invokes the method
        }
        LoadResult result = extensionContext.getStore(NAMESPACE).get(RESULT_KEY, LoadResult.class);
        if (result == null) {
            throw new ParameterResolutionException("No LoadResult for " + extensionContext.getDisplayName()
                    + ": the load did not run (see the test's failure), so @AfterEach cannot receive one");
        }
        return result;
    }
}
