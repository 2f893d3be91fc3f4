package io.voiceload.junit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.config.ByteSizes;
import io.voiceload.config.ConfigException;
import io.voiceload.config.Durations;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.MemorySettings;
import io.voiceload.config.Overrides;
import io.voiceload.config.TargetJmx;
import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.RunMarks;
import io.voiceload.load.SloMetric;
import io.voiceload.load.SloOutcome;
import io.voiceload.load.SloRule;
import io.voiceload.load.Workload;
import io.voiceload.memory.Cycle;
import io.voiceload.memory.ExplicitGc;
import io.voiceload.memory.GcObservation;
import io.voiceload.memory.LeakJudge;
import io.voiceload.memory.LeakLimits;
import io.voiceload.memory.LeakVerdict;
import io.voiceload.memory.MemoryCapture;
import io.voiceload.memory.MemoryRecorder;
import io.voiceload.memory.MemoryRun;
import io.voiceload.memory.MemoryTarget;
import io.voiceload.memory.NoLeak;
import io.voiceload.memory.RecordMemory;
import io.voiceload.memory.Suspect;
import io.voiceload.memory.Verdict;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The memory recording of a load test ({@link RecordMemory}, {@link NoLeak}) in the {@link LoadExecution} pipeline:
 * found on the method and its class (directly or through composed annotations), checked before any load, started
 * before the run (with a full collection for the heap the load starts from), its leak cycles scheduled from the
 * measured start, and judged after the run: the target JVM's SLOs (heap after GC, GC pause p99, GC CPU share) and the
 * leak verdict.
 *
 * <p>Whose JVM: the one the test's bridge registers ({@link SystemJvm}), else the deployment's at {@code
 * target.jmx_url}, else this JVM, labelled as such.
 */
final class LoadMemory {

    /** How long one requested collection and the arrival of its events may take. */
    static final Duration GC_TIMEOUT = Duration.ofSeconds(30);

    /** The shortest cycle a leak verdict accepts: a collection and its events take a good part of a second. */
    static final Duration MIN_CYCLE = Duration.ofSeconds(1);

    /**
     * Where the limits come from: the shared configuration, read once per JVM. The framework's own tests judge
     * fixtures by other limits in the same JVM through it.
     */
    static volatile Supplier<MemorySettings> settingsSource = MemorySettings::shared;

    private LoadMemory() {}

    /**
     * What a test asked for.
     *
     * @param leak whether a leak verdict is asked ({@link NoLeak})
     * @param cycles the cycles of the leak verdict
     * @param warmupCycles the cycles left out of its fit
     * @param cycleLength how long a cycle lasts; null without a leak verdict
     */
    record Plan(
            String testName,
            boolean leak,
            int cycles,
            int warmupCycles,
            Duration cycleLength,
            MemorySettings settings) {

        /** The lines the test's plan prints. */
        String describe() {
            StringBuilder sb = new StringBuilder("\n  memory: recorded in the system under test's JVM (JFR");
            sb.append(leak ? ", a full GC before the load and after each cycle)" : ", a full GC before the load)");
            settings.describe().forEach(line -> sb.append("\n    ").append(line));
            if (leak) {
                MemorySettings.LeakLimits l = settings.leak();
                sb.append("\n    leak verdict: ")
                        .append(cycles)
                        .append(" cycles of ")
                        .append(Durations.display(cycleLength))
                        .append(", the first ")
                        .append(warmupCycles)
                        .append(" left out; growth allowed: heap ")
                        .append(ByteSizes.display(l.heapPerThousandIterations()))
                        .append(" per 1,000 iterations and ")
                        .append(ByteSizes.display(l.heapPerMinute()))
                        .append("/min, metaspace ")
                        .append(ByteSizes.display(l.metaspacePerMinute()))
                        .append("/min, direct buffers ")
                        .append(ByteSizes.display(l.directPerMinute()))
                        .append(String.format(
                                Locale.ROOT,
                                "/min, threads %s/min, file descriptors %s/min (categories.memory.settings.leak)",
                                plain(l.threadsPerMinute()),
                                plain(l.fdsPerMinute())));
            }
            return sb.toString();
        }
    }

    /**
     * The recording {@code method} asks for, checked; null when it asks for none.
     *
     * @throws ExtensionConfigurationException naming the annotation attribute or setting that is wrong
     */
    static Plan plan(Method method, Class<?> testClass, String testName, LoadKind.Plan loadPlan) {
        Optional<NoLeak> noLeak = find(method, testClass, NoLeak.class);
        if (noLeak.isEmpty() && find(method, testClass, RecordMemory.class).isEmpty()) {
            return null;
        }
        MemorySettings settings;
        try {
            settings = settingsSource.get();
        } catch (ConfigException e) {
            throw new ExtensionConfigurationException(e.getMessage());
        }
        if (noLeak.isEmpty()) {
            return new Plan(testName, false, 0, 0, null, settings);
        }
        NoLeak n = noLeak.get();
        String on = "@NoLeak(cycles = " + n.cycles() + ", warmupCycles = " + n.warmupCycles() + ") on " + testName;
        if (n.warmupCycles() < 1) {
            throw new ExtensionConfigurationException(on + ": warmupCycles must be at least 1 (the first cycle holds"
                    + " the target's warm-up: class loading, JIT, caches filling)");
        }
        if (n.cycles() < n.warmupCycles() + LeakLimits.MIN_MIN_CYCLES) {
            throw new ExtensionConfigurationException(on + ": cycles must be at least warmupCycles + "
                    + LeakLimits.MIN_MIN_CYCLES + " (the fit needs " + LeakLimits.MIN_MIN_CYCLES
                    + " cycles after the warm-up), e.g. cycles = " + (n.warmupCycles() + 8));
        }
        LoadPlan engine = loadPlan.loadPlan()
                .orElseThrow(() -> new ExtensionConfigurationException(on + ": a leak verdict needs a @LoadTest (a"
                        + " capacity search has no fixed measured phase to cut into cycles)"));
        Workload workload = engine.workload();
        Duration measured = workload.plannedDuration();
        if (measured == null
                || workload.plannedIterations() > 0
                || (workload instanceof Workload.Closed c && c.iterationsPerUser() > 0)) {
            throw new ExtensionConfigurationException(
                    on + ": a leak verdict needs a run of a fixed duration (its cycles"
                            + " divide the measured phase), and this one stops after a number of requests: give @LoadTest a"
                            + " duration and no requests (" + workload.describe() + ")");
        }
        Duration cycle = cycleLength(measured, n.cycles());
        if (cycle.compareTo(MIN_CYCLE) < 0) {
            throw new ExtensionConfigurationException(on + ": " + n.cycles() + " cycles in a measured phase of "
                    + Durations.display(measured) + " last " + Durations.display(cycle) + " each, under the "
                    + Durations.display(MIN_CYCLE) + " a collection and its events need: fewer cycles or a longer"
                    + " duration");
        }
        return new Plan(testName, true, n.cycles(), n.warmupCycles(), cycle, settings);
    }

    /**
     * A cycle's length: the measured phase holds {@code cycles} and a half, so the last collection falls while the
     * load still runs (a collection after the load would see none of its live objects, unlike the others).
     */
    static Duration cycleLength(Duration measured, int cycles) {
        return Duration.ofNanos((long) (measured.toNanos() / (cycles + 0.5)));
    }

    private static <A extends Annotation> Optional<A> find(Method method, Class<?> testClass, Class<A> type) {
        return AnnotationSupport.findAnnotation(method, type)
                .or(() -> AnnotationSupport.findAnnotation(testClass, type));
    }

    /**
     * Connects to the target JVM and starts recording it; takes the heap the load starts from (a full collection).
     *
     * @throws ExtensionConfigurationException when the target cannot be reached or recorded, naming it
     */
    static Recording start(Plan plan, ExtensionContext context, Path jfr) {
        MemoryTarget target;
        boolean owned;
        Optional<SystemJvm> registered = SystemJvm.Store.registered(context);
        try {
            if (registered.isPresent()) {
                target = registered.get().target();
                owned = false;
            } else {
                TargetJmx jmx = TargetJmx.resolve(LoadTestConfig.shared(), Overrides.fromSystem());
                if (jmx.url().isPresent()) {
                    target = MemoryTarget.connect(
                            jmx.url().get(),
                            jmx.user().value(),
                            jmx.password().value(),
                            "the system under test's JVM at "
                                    + shortened(jmx.url().get()));
                } else {
                    target = MemoryTarget.inProcess();
                }
                owned = true;
            }
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException(
                    plan.testName() + ": the system under test's JVM cannot be recorded: " + e.getMessage(), e);
        }
        MemoryRecorder recorder;
        try {
            // A test run again in the same run replaces its recording, as it does its JSON (the dump creates anew).
            Files.deleteIfExists(jfr);
            recorder = MemoryRecorder.start(target, jfr);
        } catch (IOException e) {
            if (owned) {
                target.close();
            }
            throw new ExtensionConfigurationException(
                    plan.testName() + ": cannot replace the earlier recording " + jfr + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (owned) {
                target.close();
            }
            throw new ExtensionConfigurationException(
                    plan.testName() + ": cannot record " + target.label() + ": " + e.getMessage(), e);
        }
        Recording recording = new Recording(plan, target, owned, recorder, jfr);
        recording.baseline = recorder.fullGc(GC_TIMEOUT);
        recorder.mark("load starts");
        System.out.println("[memory] " + plan.testName() + ": recording " + target.label()
                + recording
                        .baseline
                        .map(b -> ", heap after a full GC before the load " + ByteSizes.display(b.heapAfterBytes()))
                        .orElse(", " + target.explicitGc().describe()));
        return recording;
    }

    /** A recording in progress: closed by the pipeline whatever happens. */
    static final class Recording implements AutoCloseable {
        private final Plan plan;
        private final MemoryTarget target;
        private final boolean ownsTarget;
        private final MemoryRecorder recorder;
        private final Path jfr;
        private final List<Measured> measured = Collections.synchronizedList(new ArrayList<>());
        private final List<String> cycleProblems = Collections.synchronizedList(new ArrayList<>());
        private final ScheduledThreadPoolExecutor timer;
        private volatile Optional<GcObservation> baseline = Optional.empty();
        private volatile RunMarks marks;
        private volatile long measuredStartNanos;
        private volatile boolean loadEnded;
        private final List<Integer> lateCycles = Collections.synchronizedList(new ArrayList<>());

        private Recording(Plan plan, MemoryTarget target, boolean ownsTarget, MemoryRecorder recorder, Path jfr) {
            this.plan = plan;
            this.target = target;
            this.ownsTarget = ownsTarget;
            this.recorder = recorder;
            this.jfr = jfr;
            this.timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "voiceload-memory-cycles");
                t.setDaemon(true);
                return t;
            });
            timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }

        /**
         * What the run calls when its measured phase starts: schedules the cycles' collections (a leak verdict), each
         * reading the run's exact totals from {@code marks} first.
         */
        LongConsumer measuredStart(RunMarks marks) {
            this.marks = marks;
            return nanos -> {
                measuredStartNanos = nanos;
                recorder.mark("measured phase starts");
                if (!plan.leak()) {
                    return;
                }
                long length = plan.cycleLength().toNanos();
                for (int i = 1; i <= plan.cycles(); i++) {
                    int index = i;
                    long due = nanos + i * length - System.nanoTime();
                    timer.schedule(() -> endCycle(index), Math.max(0, due), TimeUnit.NANOSECONDS);
                }
            };
        }

        /** A cycle's end as measured while the run goes on; its iterations are read from its mark after the run. */
        private record Measured(int index, RunMarks.Mark mark, double elapsedSeconds, GcObservation gc) {}

        private void endCycle(int index) {
            if (loadEnded) {
                // Due while the load ran but held back by the collections before it: a heap taken now holds none of
                // the load's live objects and its iterations are the run's last, so it is left out, by name.
                lateCycles.add(index);
                return;
            }
            try {
                RunMarks.Mark mark = marks.mark();
                double elapsed = (System.nanoTime() - measuredStartNanos) / 1e9;
                Optional<GcObservation> gc = recorder.fullGc(GC_TIMEOUT);
                if (gc.isEmpty()) {
                    cycleProblems.add(
                            "cycle " + index + ": " + target.explicitGc().describe());
                    return;
                }
                GcObservation o = gc.get();
                measured.add(new Measured(index, mark, elapsed, o));
                System.out.println(String.format(
                        Locale.ROOT,
                        "[memory] %s cycle %d/%d at %.1f s: heap after full GC %s, metaspace %s, direct buffers %s,"
                                + " %d threads, %d file descriptors",
                        plan.testName(),
                        index,
                        plan.cycles(),
                        elapsed,
                        ByteSizes.display(o.heapAfterBytes()),
                        ByteSizes.display(o.metaspaceAfterBytes()),
                        ByteSizes.display(o.directBufferBytes()),
                        o.liveThreads(),
                        o.openFileDescriptors()));
            } catch (RuntimeException e) {
                cycleProblems.add("cycle " + index + ": " + e.getMessage());
            }
        }

        /** The cycles measured, each with the iterations done by its end (exact: the run's totals at its mark). */
        private List<Cycle> cycles() {
            List<Cycle> cycles = new ArrayList<>();
            RunMarks.Mark start = marks.measuredStart();
            for (Measured m : List.copyOf(measured)) {
                GcObservation o = m.gc();
                cycles.add(new Cycle(
                        m.index(),
                        marks.between(start, m.mark()).iterations().count(),
                        m.elapsedSeconds(),
                        o.heapAfterBytes(),
                        o.metaspaceAfterBytes(),
                        o.directBufferBytes(),
                        o.liveThreads(),
                        o.openFileDescriptors()));
            }
            return cycles;
        }

        /**
         * Stops the recording after the run and judges it: waits for a cycle's collection in progress, dumps the
         * {@code .jfr} file and returns what was recorded, the SLOs of the target JVM and the leak verdict.
         */
        MemoryRun finish(LoadResult run) throws InterruptedException {
            loadEnded = true;
            // Overdue cycles still run after shutdown (only ones not yet due are dropped): endCycle skips them.
            timer.shutdown();
            if (!timer.awaitTermination(GC_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
            if (!lateCycles.isEmpty()) {
                List<Integer> late = List.copyOf(lateCycles);
                cycleProblems.add((late.size() == 1
                                ? "cycle " + late.get(0)
                                : "cycles " + late.get(0) + "–" + late.get(late.size() - 1))
                        + " fell due while the load ran, but the collections before "
                        + (late.size() == 1 ? "it" : "them") + " (each waits for its events; a cycle lasts "
                        + Durations.display(plan.cycleLength()) + ") held "
                        + (late.size() == 1 ? "it" : "them") + " until after the load's end: fewer cycles or a longer"
                        + " duration");
            }
            MemoryCapture capture = recorder.stop();
            long iterations = run.iterations().count() + run.warmupIterations().count();
            Optional<LeakVerdict> leak = Optional.empty();
            String notJudged = null;
            List<Cycle> cycles = plan.leak() ? cycles() : List.of();
            if (plan.leak()) {
                List<Cycle> judged = cycles;
                if (target.explicitGc() == ExplicitGc.DISABLED) {
                    notJudged = target.explicitGc().describe();
                } else if (judged.size() < plan.cycles()) {
                    String missed = "only " + judged.size() + " of " + plan.cycles() + " cycles were measured"
                            + (cycleProblems.isEmpty()
                                    ? " (the run ended early)"
                                    : ": " + String.join("; ", cycleProblems));
                    if (judged.size() < plan.warmupCycles() + LeakLimits.MIN_MIN_CYCLES) {
                        notJudged = missed;
                    } else {
                        // Enough cycles after the warm-up for a fit: judged on them, and said.
                        System.out.println("[memory] " + plan.testName() + ": the leak verdict rests on " + missed);
                    }
                }
                leak = Optional.of(
                        notJudged != null
                                ? LeakVerdict.notJudged(judged, plan.warmupCycles(), notJudged)
                                : LeakJudge.judge(
                                        judged, plan.warmupCycles(), limits(plan.settings()), suspects(capture)));
            }
            return new MemoryRun(
                    target.label(),
                    target.remote(),
                    capture,
                    baseline,
                    List.copyOf(cycles),
                    leak,
                    iterations,
                    iterations == 0 ? Double.NaN : (double) capture.summary().allocatedBytes() / iterations,
                    slos(capture),
                    jfr);
        }

        /** The SLOs of the target JVM: its highest heap after a collection, its pause p99 and its GC CPU share. */
        private List<SloOutcome> slos(MemoryCapture capture) {
            MemoryCapture.Summary summary = capture.summary();
            MemorySettings s = plan.settings();
            String config = "load_test_config.json";
            List<SloOutcome> outcomes = new ArrayList<>();
            SloRule heap = new SloRule(
                    SloMetric.HEAP_AFTER_GC, s.heapAfterGcLimitBytes(), null, config + " memory_threshold_mb");
            outcomes.add(outcome(
                    heap,
                    summary.heapAfterGcPeakBytes() == null ? Double.NaN : summary.heapAfterGcPeakBytes(),
                    summary.gcCount(),
                    "no collection was recorded"));
            SloRule pause = SloRule.latency(
                    SloMetric.GC_PAUSE_P99, s.gcPauseP99(), null, "categories.memory.settings.gc_pause_p99");
            // The collections this recording requested (full, stop-the-world) are its own doing, not the load's.
            outcomes.add(outcome(
                    pause,
                    capture.loadPauseP99Nanos(),
                    capture.loadCollections().size(),
                    "no collection other than the requested ones was recorded"));
            SloRule share = new SloRule(
                    SloMetric.GC_CPU_SHARE, s.gcCpuShare(), null, "categories.memory.settings.gc_cpu_share");
            // A concurrent collector's cost is its threads' CPU time; without jdk.GCCPUTime only its pauses are
            // known, which are not its cost: not measured, rather than a share near zero.
            boolean concurrent = capture.collector().matches("(?i).*(ZGC|Shenandoah).*");
            boolean cpuTime = summary.gcCpuShareSource().startsWith("jdk.GCCPUTime");
            outcomes.add(outcome(
                    share,
                    concurrent && !cpuTime ? Double.NaN : summary.gcCpuShare(),
                    summary.gcCount(),
                    concurrent && !cpuTime
                            ? "not measured: " + capture.collector() + " collects concurrently and the target"
                                    + " reports no GC CPU time (jdk.GCCPUTime); its pauses are not its cost"
                            : "the GC CPU time was not recorded"));
            return outcomes;
        }

        private static SloOutcome outcome(SloRule rule, double actual, long samples, String note) {
            if (Double.isNaN(actual) || samples == 0) {
                // Nothing measured is no breach: a test that asks for no collection may see none.
                return new SloOutcome(rule, Double.NaN, samples, true, note);
            }
            return new SloOutcome(rule, actual, samples, actual <= rule.threshold(), "");
        }

        @Override
        public void close() {
            timer.shutdownNow();
            try {
                recorder.close();
            } finally {
                if (ownsTarget) {
                    target.close();
                }
            }
        }
    }

    /** The verdict's limits from the configuration's. */
    static LeakLimits limits(MemorySettings settings) {
        MemorySettings.LeakLimits l = settings.leak();
        return LeakLimits.builder()
                .maxHeapGrowthPerThousandIterations(l.heapPerThousandIterations())
                .maxHeapGrowthPerMinute(l.heapPerMinute())
                .maxMetaspaceGrowthPerMinute(l.metaspacePerMinute())
                .maxDirectBufferGrowthPerMinute(l.directPerMinute())
                .maxThreadGrowthPerMinute(l.threadsPerMinute())
                .maxFileDescriptorGrowthPerMinute(l.fdsPerMinute())
                .build();
    }

    private static List<Suspect> suspects(MemoryCapture capture) {
        return capture.suspects().stream()
                .map(s -> new Suspect(s.className(), s.samples(), s.stack()))
                .toList();
    }

    /**
     * Adds the {@code memory} section (the capture, the baseline, the cycles and the verdict, the allocation per
     * iteration) and the target JVM's SLO rows to the per-test JSON; returns why the test fails on memory, or empty.
     */
    static String addSections(ObjectNode document, MemoryRun run) {
        document.set("memory", json(run));
        ArrayNode slos = document.withArray("slos");
        List<String> failures = new ArrayList<>();
        for (SloOutcome o : run.slos()) {
            slos.add(io.voiceload.report.TestResultJson.sloRow(o));
            if (!o.passed()) {
                failures.add(o.describe());
            }
        }
        run.leak().ifPresent(v -> {
            // A verdict that could not be judged does not pass silently: it says why, as the failure.
            if (v.verdict() != Verdict.FLAT) {
                failures.add((v.verdict() == Verdict.NOT_JUDGED && !v.message().startsWith("leak not judged")
                                ? "leak verdict not judged: "
                                : "")
                        + v.message());
            }
        });
        String failure =
                failures.isEmpty() ? "" : "memory of " + run.target() + ":\n  " + String.join("\n  ", failures);
        if (!failure.isEmpty()) {
            document.put("verdict", "failed");
            String earlier = document.path("failure").asText("");
            document.put("failure", earlier.isEmpty() ? failure : earlier + "\n" + failure);
        }
        return failure;
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The {@code memory} section: the capture as {@link MemoryCapture#toJsonMap()} gives it, the allocation per
     * iteration in its summary, the heap before the load, and the leak verdict.
     */
    static ObjectNode json(MemoryRun run) {
        ObjectNode memory = MAPPER.valueToTree(run.capture().toJsonMap());
        ObjectNode summary = memory.with("summary");
        summary.put("iterations", run.iterations());
        if (Double.isNaN(run.allocationPerIteration())) {
            summary.putNull("allocationPerIterationBytes");
        } else {
            summary.put("allocationPerIterationBytes", run.allocationPerIteration());
        }
        double p99 = run.loadPauseP99Nanos();
        if (!Double.isNaN(p99)) {
            summary.put("loadGcPauseP99Ms", p99 / 1e6);
        }
        run.baseline().ifPresent(b -> memory.put("heapBeforeLoadBytes", b.heapAfterBytes()));
        run.leak().ifPresent(v -> memory.set("leak", MAPPER.valueToTree(v.json())));
        return memory;
    }

    /**
     * A JMX URL as a label shows it: a stub URL ({@code service:jmx:rmi://127.0.0.1/stub/rO0AB…}, some 300 characters
     * of serialized stub) cut after {@code /stub/}; any other as it is.
     */
    static String shortened(String jmxUrl) {
        int stub = jmxUrl.indexOf("/stub/");
        return stub < 0 || jmxUrl.length() <= stub + 16 ? jmxUrl : jmxUrl.substring(0, stub + 16) + "…";
    }

    /** The lines printed after the run's verdict. */
    static List<String> lines(String testName, MemoryRun run) {
        List<String> lines = new ArrayList<>();
        lines.add("[memory] " + testName + ": " + run.summaryLine());
        run.leak()
                .ifPresent(v ->
                        lines.add("[memory] " + testName + ": " + v.message().replace("\n", "\n  ")));
        return lines;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
