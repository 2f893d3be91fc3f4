package io.voiceload.junit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.faults.FaultEvent.HealReason;
import io.voiceload.faults.FaultPlan;
import io.voiceload.faults.FaultRun;
import io.voiceload.faults.FaultSchedule;
import io.voiceload.faults.RecoveryCheck;
import io.voiceload.load.IterationBody;
import io.voiceload.load.RunMarks;
import io.voiceload.load.RunOptions;
import io.voiceload.load.SloRule;
import io.voiceload.load.StopReason;
import io.voiceload.load.VirtualUser;
import io.voiceload.memory.MemoryRun;
import io.voiceload.report.TestResultJson;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The run-judge-publish pipeline of every load-running extension, whatever its {@link LoadKind}. The run's
 * {@link Preflight} (the configuration and the target, checked once per run) has passed by then: {@link
 * LoadKindExtension#beforeEach} asks it before the test's own {@code @BeforeEach} methods, and a failure there
 * skips the test method, so this pipeline does not ask again.
 *
 * <ol>
 *   <li>find the kind's annotation;
 *   <li>resolve the plan ({@link LoadKind#plan}), everything the user wrote checked before any load;
 *   <li>collect the SLOs ({@link SloRules});
 *   <li>print the plan with the origin of every value, and the SLOs;
 *   <li>check the baseline ({@link BaselineCheck#before}), which may refuse the run (a problem found in these
 *       steps fails the test as a {@link PreflightException}: its message, no stack trace);
 *   <li>check the fault annotations ({@link LoadFaults}) against the running Toxiproxy, and the phase SLOs and
 *       {@code @Recovers} against the faults ({@link LoadPhases});
 *   <li>take the generator lock;
 *   <li>read the signals of the system under test before the run;
 *   <li>run ({@link LoadKind.Plan#run}), every virtual user invoking the test method, the faults scheduled from
 *       the measured start and healed at the end whatever happened, then skip the invocation (JUnit's
 *       proceed-or-skip-exactly-once contract) and read the signals after;
 *   <li>cut a run with faults into phases ({@code FaultRun}) and store the result for {@code @AfterEach};
 *   <li>write the per-test JSON (the unit and profile, the kind's sections, the signals, the faults, the
 *       environment and the baseline);
 *   <li>publish report entries and files;
 *   <li>give the verdict: the kind's failure, a fault that had no effect, a breached phase SLO, a fault not
 *       recovered from and a baseline regression fail the test.
 * </ol>
 *
 * JUnit resolves the test method's parameters once, a {@link VirtualUser} parameter to a placeholder that
 * each virtual user replaces with itself ({@link #invoke}).
 */
final class LoadExecution {
    private static final Namespace NAMESPACE = Namespace.create(LoadExecution.class);
    private static final String OUTCOME_KEY = "outcome";
    private static final String FAULT_RUN_KEY = "faultRun";
    private static final String MEMORY_RUN_KEY = "memoryRun";

    /**
     * Load runs share this JVM's cores and would skew each other's figures, so they run one at a time even
     * under JUnit's parallel execution. JVM-wide by nature: it guards the generator.
     */
    private static final ReentrantLock GENERATOR = new ReentrantLock(true);

    private LoadExecution() {}

    /** Whether a load runs now: work that would skew it (writing the run report) waits. */
    static boolean generatorBusy() {
        return GENERATOR.isLocked();
    }

    /** Runs the test method {@code invocationContext} names as a test of {@code kind}. */
    static <A extends Annotation> void intercept(
            LoadKind<A> kind,
            InvocationInterceptor.Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        Method method = invocationContext.getExecutable();
        Class<?> testClass = context.getRequiredTestClass();
        String testName = testClass.getSimpleName() + "." + method.getName();
        Checked checked;
        try {
            checked = checkBeforeLoad(kind, method, testClass, testName, context);
        } catch (ExtensionConfigurationException e) {
            throw e instanceof PreflightException ? e : new PreflightException(e.getMessage());
        }
        LoadKind.Plan plan = checked.plan();
        List<SloRule> rules = checked.rules();
        BaselineCheck baseline = checked.baseline();
        String unit = checked.unit();
        FaultSchedule faults;
        try {
            faults = LoadFaults.prepare(checked.faults());
        } catch (ExtensionConfigurationException e) {
            throw new PreflightException(e.getMessage());
        }

        Path hlog = ResultFiles.testFile(testClass, method.getName(), ".hlog");
        Path jfr = ResultFiles.testFile(testClass, method.getName(), ".jfr");
        Run run;
        try {
            run = run(
                    plan,
                    rules,
                    hlog,
                    invocation,
                    invocationContext,
                    context,
                    faults,
                    checked.phases(),
                    checked.memory(),
                    jfr);
        } catch (Throwable t) {
            if (faults != null) {
                // The run did not end normally: heal whatever is on, and say what the faults did.
                faults.finish(HealReason.RUN_FAILED).lines().forEach(System.out::println);
            }
            throw t;
        }
        context.getStore(NAMESPACE).put(OUTCOME_KEY, run.outcome());
        run.phases().ifPresent(p -> context.getStore(NAMESPACE).put(FAULT_RUN_KEY, p));
        run.memory().ifPresent(m -> context.getStore(NAMESPACE).put(MEMORY_RUN_KEY, m));
        System.out.println(run.outcome().printed(testName));
        run.faults().ifPresent(f -> f.lines().forEach(System.out::println));
        List<LoadPhases.Judged> judged =
                run.phases().map(p -> LoadPhases.judge(p, checked.phases())).orElse(List.of());
        run.phases().ifPresent(p -> LoadPhases.lines(p, judged).forEach(System.out::println));
        run.memory().ifPresent(m -> LoadMemory.lines(testName, m).forEach(System.out::println));

        Path json = ResultFiles.testFile(testClass, method.getName(), ".json");
        String failure = publish(run, plan, unit, baseline, testName, json, hlog, context, checked.phases(), judged);
        if (!failure.isEmpty()) {
            throw new AssertionFailedError(failure + "\nresults: " + json);
        }
    }

    /** What the steps before the load decided. */
    private record Checked(
            LoadKind.Plan plan,
            String unit,
            List<SloRule> rules,
            FaultPlan faults,
            LoadPhases.Plan phases,
            LoadMemory.Plan memory,
            BaselineCheck baseline) {}

    /**
     * Everything the user wrote, validated before any load starts: the annotation, the plan, the SLOs and the
     * baseline; prints the plan and the SLOs.
     *
     * @throws ExtensionConfigurationException naming what is wrong
     */
    private static <A extends Annotation> Checked checkBeforeLoad(
            LoadKind<A> kind, Method method, Class<?> testClass, String testName, ExtensionContext context) {
        A annotation = AnnotationSupport.findAnnotation(method, kind.annotation())
                .orElseThrow(() ->
                        new ExtensionConfigurationException(kind.getClass().getSimpleName()
                                + " is registered on " + method + " but it has no @"
                                + kind.annotation().getSimpleName()));
        kind.checkAnnotations(method);
        LoadKind.Plan plan = kind.plan(annotation, testName, context.getTags());
        String unit = kind.unit(annotation, testName);
        List<SloRule> rules = SloRules.collect(method, testClass, plan.thresholds());
        FaultPlan faults = LoadFaults.plan(method, testClass, testName, plan);
        LoadPhases.Plan phases = LoadPhases.plan(method, testClass, testName, faults, rules);
        LoadMemory.Plan memory = LoadMemory.plan(method, testClass, testName, plan);
        System.out.println(plan.label() + " " + testName + "\n" + ResultPublisher.indent(plan.describe()) + "\n"
                + ResultPublisher.indent(ResultPublisher.slos(rules)) + plan.slosNote()
                + phases.describe() + LoadFaults.describe(faults) + (memory == null ? "" : memory.describe()));
        BaselineCheck baseline = BaselineCheck.before(
                testClass, method.getName(), testName, plan.baselinePlan(), plan.baselineCapacityPlan());
        return new Checked(plan, unit, rules, faults, phases, memory, baseline);
    }

    /** A judged run and what the system under test said about itself over it. */
    private record Run(
            LoadKind.Outcome outcome,
            Optional<ObjectNode> signals,
            Optional<FaultSchedule.Result> faults,
            Optional<FaultRun> phases,
            Optional<MemoryRun> memory) {}

    /**
     * Runs {@code plan} under the generator lock, every virtual user invoking the test method, and skips the
     * invocation afterwards, whatever happened.
     */
    private static Run run(
            LoadKind.Plan plan,
            List<SloRule> rules,
            Path hlog,
            InvocationInterceptor.Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context,
            FaultSchedule faults,
            LoadPhases.Plan phases,
            LoadMemory.Plan memoryPlan,
            Path jfr)
            throws InterruptedException {
        IterationBody body = body(
                invocationContext.getExecutable(),
                invocationContext.getTarget().orElse(null),
                invocationContext.getArguments());
        GENERATOR.lockInterruptibly();
        try {
            // The signals of the system under test over the run (SystemSignals): read here, and only here.
            SystemSignals.Probe systemSignals = SignalsStore.probe(context);
            RunOptions options = RunOptions.defaults().withHlogFile(hlog);
            RunMarks marks = new RunMarks();
            LongConsumer measuredStart = nanos -> {};
            if (faults != null) {
                // The run's exact totals are taken whenever a fault goes on or is healed: the phases' statistics.
                faults.recordPhases(marks, phases.settle());
                measuredStart = faults::start;
                options = options.withMarks(marks);
                if (phases.recovery() != null) {
                    options = options.withSampleInterval(RecoveryCheck.SAMPLE_INTERVAL);
                }
            }
            LoadMemory.Recording recording = null;
            if (memoryPlan != null) {
                try {
                    recording = LoadMemory.start(memoryPlan, context, jfr);
                } catch (ExtensionConfigurationException e) {
                    throw new PreflightException(e.getMessage());
                }
                // The leak verdict's cycles read the run's exact totals, as the fault phases do.
                measuredStart = measuredStart.andThen(recording.measuredStart(marks));
                options = options.withMarks(marks);
            }
            options = options.withMeasuredStart(measuredStart);
            try (LoadMemory.Recording recorded = recording) {
                LoadKind.Outcome outcome = plan.run(body, rules, options);
                Optional<FaultSchedule.Result> faulted = Optional.empty();
                Optional<FaultRun> phased = Optional.empty();
                if (faults != null) {
                    StopReason stop = outcome.run().stopReason();
                    boolean ended = stop == StopReason.COMPLETED || stop == StopReason.DURATION_ELAPSED;
                    faulted = Optional.of(faults.finish(ended ? HealReason.RUN_ENDED : HealReason.RUN_FAILED));
                    phased = Optional.of(FaultRun.of(faults, outcome.run(), phases.recovery()));
                }
                Optional<MemoryRun> memory =
                        recorded == null ? Optional.empty() : Optional.of(recorded.finish(outcome.run()));
                return new Run(outcome, systemSignals.after(), faulted, phased, memory);
            }
        } finally {
            GENERATOR.unlock();
            invocation.skip();
        }
    }

    /**
     * Writes the per-test JSON (the kind's sections, the signals, the environment and the baseline), publishes
     * the report entries and files, and returns why the test fails: the kind's verdict and a baseline
     * regression; empty when it passes.
     */
    private static String publish(
            Run run,
            LoadKind.Plan plan,
            String unit,
            BaselineCheck baseline,
            String testName,
            Path json,
            Path hlog,
            ExtensionContext context,
            LoadPhases.Plan phases,
            List<LoadPhases.Judged> judged) {
        LoadKind.Outcome outcome = run.outcome();
        ObjectNode document = ResultPublisher.toJson(
                context,
                context.getRequiredTestClass(),
                context.getRequiredTestMethod(),
                outcome.run(),
                outcome.report(),
                plan.describe());
        TestResultJson.withUnitAndProfile(document, unit, plan.profile());
        outcome.addSections(document);
        run.signals().ifPresent(s -> TestResultJson.withSignals(document, s));
        run.faults()
                .ifPresent(f -> LoadFaults.addSection(document, f, outcome.run().startedAt()));
        String phaseFailure =
                run.phases().map(p -> LoadPhases.failure(p, phases, judged)).orElse("");
        run.phases().ifPresent(p -> LoadPhases.addSections(document, p, phases, judged, phaseFailure));
        String memoryFailure =
                run.memory().map(m -> LoadMemory.addSections(document, m)).orElse("");
        String regression = BaselineCheck.addSections(baseline, document);
        ResultPublisher.writeJson(json, document);
        String failure = outcome.failure(testName);
        String faultFailure = run.faults().map(FaultSchedule.Result::failure).orElse("");
        for (String more : List.of(faultFailure, phaseFailure, memoryFailure)) {
            if (!more.isEmpty()) {
                failure = failure.isEmpty() ? more : failure + "\n" + more;
            }
        }
        Map<String, String> entries =
                ResultPublisher.entries(outcome.run(), failure.isEmpty() && regression.isEmpty(), json);
        outcome.addEntries(entries);
        ResultPublisher.publish(context, entries, json, hlog);
        run.memory().ifPresent(m -> ResultPublisher.publishFile(context, m.jfrFile()));
        return BaselineCheck.join(failure, regression);
    }

    /**
     * The test method as one iteration of a virtual user, who replaces the placeholder argument. Built once per
     * run: an iteration only copies the arguments, when it has a user to put in them.
     */
    private static IterationBody body(Method method, Object target, List<Object> arguments) {
        Object[] fixed = arguments.toArray();
        Class<?>[] types = method.getParameterTypes();
        int[] userSlots = IntStream.range(0, types.length)
                .filter(i -> types[i] == VirtualUser.class)
                .toArray();
        if (userSlots.length == 0) {
            return user -> ReflectionSupport.invokeMethod(method, target, fixed);
        }
        return user -> {
            Object[] args = fixed.clone(); // users run concurrently: each call its own arguments
            for (int slot : userSlots) {
                args[slot] = user;
            }
            ReflectionSupport.invokeMethod(method, target, args);
        };
    }

    /**
     * The parameters a load-running extension resolves: {@link VirtualUser} on the test method (a
     * placeholder), and the kind's result types on {@code @AfterEach} methods.
     */
    static boolean supportsParameter(LoadKind<?> kind, ParameterContext parameterContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == VirtualUser.class) {
            return AnnotationSupport.isAnnotated(parameterContext.getDeclaringExecutable(), kind.annotation());
        }
        return (kind.resultTypes().contains(type) || type == FaultRun.class || type == MemoryRun.class)
                && AnnotationSupport.isAnnotated(parameterContext.getDeclaringExecutable(), AfterEach.class);
    }

    static Object resolveParameter(
            LoadKind<?> kind, ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == VirtualUser.class) {
            return null; // placeholder: each virtual user passes itself when it invokes the method
        }
        if (type == MemoryRun.class) {
            MemoryRun memoryRun = extensionContext.getStore(NAMESPACE).get(MEMORY_RUN_KEY, MemoryRun.class);
            if (memoryRun == null) {
                throw new NoResult("No MemoryRun for " + extensionContext.getDisplayName() + ": "
                        + (AnnotationSupport.isAnnotated(extensionContext.getRequiredTestMethod(), kind.annotation())
                                ? "the test does not record memory (@RecordMemory, @NoLeak), or its " + kind.runName()
                                        + " did not run (see the test's failure)"
                                : "it is no " + kind.runName()));
            }
            return memoryRun;
        }
        if (type == FaultRun.class) {
            FaultRun faultRun = extensionContext.getStore(NAMESPACE).get(FAULT_RUN_KEY, FaultRun.class);
            if (faultRun == null) {
                throw new NoResult("No FaultRun for " + extensionContext.getDisplayName() + ": "
                        + (AnnotationSupport.isAnnotated(extensionContext.getRequiredTestMethod(), kind.annotation())
                                ? "the test has no fault annotation, or its " + kind.runName()
                                        + " did not run (see the test's failure)"
                                : "it is no " + kind.runName()));
            }
            return faultRun;
        }
        LoadKind.Outcome outcome = extensionContext.getStore(NAMESPACE).get(OUTCOME_KEY, LoadKind.Outcome.class);
        if (outcome == null) {
            throw new NoResult("No "
                    + kind.resultTypes().getFirst().getSimpleName() + " for " + extensionContext.getDisplayName()
                    + ": the " + kind.runName() + " did not run (see the test's failure), so @AfterEach cannot"
                    + " receive one");
        }
        return outcome.result(type);
    }

    /** An {@code @AfterEach} parameter with no result to give: the load did not run. */
    static final class NoResult extends ParameterResolutionException {
        NoResult(String message) {
            super(message);
        }
    }
}
