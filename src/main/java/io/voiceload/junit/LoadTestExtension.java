package io.voiceload.junit;

import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RunOptions;
import io.voiceload.load.SloEvaluator;
import io.voiceload.load.SloReport;
import io.voiceload.load.SloRule;
import io.voiceload.load.VirtualUser;
import io.voiceload.report.TestResultJson;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private static final ReentrantLock GENERATOR = new ReentrantLock(true);

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
        System.out.println("[load] " + testName + "\n" + indent(effective.describe()) + "\n" + indent(slos(rules)));

        Object target = invocationContext.getTarget().orElse(null);
        List<Object> arguments = invocationContext.getArguments();
        Path hlog = ResultFiles.testFile(testClass, method.getName(), ".hlog");
        RunOptions options = RunOptions.defaults().withHlogFile(hlog);
        if (annotation.abortOnBreach()) {
            options = options.withAbortOnBreach(rules, effective.abortGrace());
        }

        LoadResult result;
        GENERATOR.lockInterruptibly();
        try {
            result = LoadRunner.run(plan, user -> invoke(method, target, arguments, user), options);
        } finally {
            GENERATOR.unlock();
            invocation.skip();
        }
        context.getStore(NAMESPACE).put(RESULT_KEY, result);

        SloReport report = SloEvaluator.evaluate(result, rules);
        Path json = writeJson(context, testClass, method, result, report, effective);
        publish(context, result, report, json, hlog);
        if (!report.passed()) {
            throw new AssertionFailedError(testName + " failed its load verdict: " + report.failureMessage()
                    + topErrors(result) + "\n" + result.summaryLine() + "\nresults: " + json);
        }
    }

    private static void invoke(Method method, Object target, List<Object> arguments, VirtualUser user) {
        Object[] args = arguments.toArray();
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == VirtualUser.class) {
                args[i] = user;
            }
        }
        ReflectionSupport.invokeMethod(method, target, args);
    }

    private static Path writeJson(
            ExtensionContext context,
            Class<?> testClass,
            Method method,
            LoadResult result,
            SloReport report,
            EffectivePlan effective) {
        Path json = ResultFiles.testFile(testClass, method.getName(), ".json");
        try {
            TestResultJson.write(
                    json,
                    TestResultJson.toJson(
                            testClass.getName() + "." + method.getName(),
                            new ArrayList<>(context.getTags()),
                            result,
                            report,
                            effective.describe().lines().toList(),
                            ResultFiles.runId()));
        } catch (IOException e) {
            System.err.println("[load] could not write " + json + ": " + e);
        }
        return json;
    }

    /** Report entries reach IDEs and Open Test Reporting; Surefire XML keeps only stdout and failures. */
    private static void publish(ExtensionContext context, LoadResult result, SloReport report, Path json, Path hlog) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("voiceload.verdict", report.passed() ? "passed" : "failed");
        entry.put("voiceload.summary", result.summaryLine());
        entry.put("voiceload.iterations", String.valueOf(result.iterations().count()));
        entry.put(
                "voiceload.errorRate",
                String.format(Locale.ROOT, "%.4f", result.iterations().errorRate()));
        entry.put(
                "voiceload.rps",
                String.format(Locale.ROOT, "%.1f", result.iterations().throughput()));
        entry.put("voiceload.p95Ms", ms(result.iterations().percentile(95)));
        entry.put("voiceload.p99Ms", ms(result.iterations().percentile(99)));
        entry.put("voiceload.seed", String.valueOf(result.seed()));
        entry.put(
                "voiceload.generatorSaturated",
                String.valueOf(result.generatorHealth().saturated()));
        entry.put("voiceload.results", json.toString());
        context.publishReportEntry(entry);
        publishCopy(context, json);
        publishCopy(context, hlog);
    }

    private static void publishCopy(ExtensionContext context, Path file) {
        if (!file.toFile().isFile()) {
            return;
        }
        try {
            context.publishFile(
                    file.getFileName().toString(),
                    org.junit.jupiter.api.MediaType.APPLICATION_OCTET_STREAM,
                    target -> java.nio.file.Files.copy(file, target));
        } catch (RuntimeException e) {
            // Only engines with an output directory provider (Open Test Reporting) accept files.
        }
    }

    /** The SLOs that will judge the run, after {@code @Slo}s override configured thresholds. */
    private static String slos(List<SloRule> rules) {
        if (rules.isEmpty()) {
            return "SLOs: none (the test still fails if no iteration succeeds)";
        }
        StringBuilder sb = new StringBuilder("SLOs applied:");
        for (SloRule rule : rules) {
            sb.append("\n  ").append(rule.subject()).append(' ').append(rule.requirement());
            if (!rule.origin().isEmpty()) {
                sb.append("  (").append(rule.origin()).append(')');
            }
        }
        return sb.toString();
    }

    /** The most frequent error kinds of the iterations, so a failure says what went wrong. */
    private static String topErrors(LoadResult result) {
        Map<String, Long> errors = result.iterations().errors();
        if (errors.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\nmost frequent errors:");
        errors.entrySet().stream()
                .limit(5)
                .forEach(e ->
                        sb.append("\n  ").append(e.getValue()).append(" × ").append(e.getKey()));
        if (errors.size() > 5) {
            sb.append("\n  … and ").append(errors.size() - 5).append(" more kinds");
        }
        return sb.toString();
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e6);
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("");
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
