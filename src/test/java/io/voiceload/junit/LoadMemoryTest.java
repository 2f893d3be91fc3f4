package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.MemorySettings;
import io.voiceload.load.VirtualUser;
import io.voiceload.memory.MemoryRun;
import io.voiceload.memory.NoLeak;
import io.voiceload.memory.RecordMemory;
import io.voiceload.memory.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.Events;

/**
 * The memory recording of a load test through the Jupiter engine, black-box and in-process (the fixtures register no
 * platform, so this JVM is the target, and says so): the {@code memory} section, the {@code .jfr} file and the target
 * JVM's SLO rows of a recorded run; each of those SLOs failing the test by name when breached; bad {@link NoLeak}
 * attributes failing before any load; a leak verdict failing on memory retained per iteration and passing without
 * it; and a {@link MemoryRun} asked of a test that records none.
 */
class LoadMemoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Per fixture: the {@link MemoryRun} its {@code @AfterEach} received. */
    static final Map<String, MemoryRun> SEEN = new ConcurrentHashMap<>();
    /** Per fixture: the iterations its body ran. */
    static final Map<String, AtomicLong> ITERATIONS = new ConcurrentHashMap<>();

    @BeforeEach
    void clear() {
        SEEN.clear();
        ITERATIONS.clear();
    }

    @Test
    void aRecordedLoadPassesWithItsSectionRecordingAndSlosOfThisJvm() throws IOException {
        Events events = TestKit.run(LoadMemoryTestCases.class, "allocates");

        events.assertThatEvents().haveExactly(1, event(test("allocates"), finishedSuccessfully()));
        JsonNode json = resultOf("allocates");
        assertThat(json.path("verdict").asText()).isEqualTo("passed");
        JsonNode memory = json.path("memory");
        assertThat(memory.path("capture").asText()).isEqualTo("in-process (this JVM)");
        assertThat(memory.path("target").asText()).startsWith("this JVM");
        assertThat(memory.path("summary").path("iterations").asLong()).isPositive();
        assertThat(memory.path("summary").path("allocationPerIterationBytes").asDouble())
                .isPositive();
        assertThat(memory.path("heapBeforeLoadBytes").asLong()).isPositive();
        assertThat(memory.has("leak")).as("no leak verdict without @NoLeak").isFalse();

        Path jfr = ResultFiles.testFile(LoadMemoryTestCases.class, "allocates", ".jfr");
        assertThat(jfr).exists();
        List<String> types;
        try (RecordingFile recording = new RecordingFile(jfr)) {
            List<String> seen = new ArrayList<>();
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                seen.add(e.getEventType().getName());
            }
            types = seen;
        }
        assertThat(types).contains("jdk.GarbageCollection", "jdk.GCHeapSummary");

        List<JsonNode> slos =
                StreamSupport.stream(json.path("slos").spliterator(), false).toList();
        for (String metric : List.of("heap after GC", "GC pause p99", "GC CPU share")) {
            assertThat(slos)
                    .as("SLO row %s in %s", metric, json.path("slos"))
                    .filteredOn(row -> row.path("metric").asText().equals(metric))
                    .singleElement()
                    .satisfies(row ->
                            assertThat(row.path("passed").asBoolean(false)).isTrue());
        }

        MemoryRun run = SEEN.get("allocates");
        assertThat(run).as("the MemoryRun the @AfterEach received").isNotNull();
        assertThat(run.remote()).isFalse();
        assertThat(run.allocationPerIteration()).isPositive();
        assertThat(run.iterations()).isEqualTo(ITERATIONS.get("allocates").get());
        assertThat(run.jfrFile()).isEqualTo(jfr);
        assertThat(run.leak()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "heap-limit-1mb.json    | allocates        | heap after GC of the target JVM: required ≤ 1.00 MiB, actual ",
                "gc-pause-1-microsecond.json | forcesCollections | GC pause p99 of the target JVM: required ≤ ",
                "gc-cpu-share-tiny.json | allocates        | GC CPU share of the target JVM: required ≤ "
            })
    void eachSloOfTheTargetJvmFailsTheTestByNameWhenBreached(
            String config, String fixture, String breach, @TempDir Path dir) throws IOException {
        Events events = judgedBy(config, dir, () -> TestKit.run(LoadMemoryTestCases.class, fixture));

        events.assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test(fixture),
                                finishedWithFailure(message(
                                        m -> m.contains("memory of this JVM") && m.contains("\n  " + breach)))));
        JsonNode json = resultOf(fixture);
        assertThat(json.path("verdict").asText()).isEqualTo("failed");
        assertThat(json.path("failure").asText()).contains(breach);
        String metric = breach.substring(0, breach.indexOf(" of the target JVM"));
        assertThat(StreamSupport.stream(json.path("slos").spliterator(), false)
                        .filter(row -> row.path("metric").asText().equals(metric)))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.path("passed").isBoolean()).isTrue();
                    assertThat(row.path("passed").asBoolean()).isFalse();
                    assertThat(row.path("actual").isNumber()).isTrue();
                });
        // Only the breached one is named.
        for (String other : List.of("heap after GC", "GC pause p99", "GC CPU share")) {
            if (!other.equals(metric)) {
                assertThat(json.path("failure").asText()).doesNotContain(other + " of the target JVM");
            }
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "noWarmupCycles | @NoLeak(cycles = 8, warmupCycles = 0) on LoadMemoryTestCases.noWarmupCycles:"
                        + " warmupCycles must be at least 1 | (the first cycle holds the target's warm-up",
                "tooFewCycles | @NoLeak(cycles = 6, warmupCycles = 2) on LoadMemoryTestCases.tooFewCycles:"
                        + " cycles must be at least warmupCycles + 5 | e.g. cycles = 10",
                "requestBounded | @NoLeak(cycles = 7, warmupCycles = 1) on LoadMemoryTestCases.requestBounded:"
                        + " a leak verdict needs a run of a fixed duration | give @LoadTest a duration and no requests",
                "cyclesUnderASecond | @NoLeak(cycles = 7, warmupCycles = 1) on LoadMemoryTestCases.cyclesUnderASecond:"
                        + " 7 cycles in a measured phase of 3s last 400ms each"
                        + " | under the 1s a collection and its events need: fewer cycles or a longer duration"
            })
    void badNoLeakAttributesFailBeforeAnyLoadNamingWhatIsAllowed(String fixture, String start, String allowed) {
        Events events = TestKit.run(LoadMemoryTestCases.class, fixture);

        events.assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test(fixture),
                                finishedWithFailure(message(m -> m.startsWith(start) && m.contains(allowed)))));
        assertThat(ITERATIONS.get(fixture)).as("iterations of " + fixture).isNull();
        assertThat(SEEN).as("no MemoryRun: nothing was recorded").isEmpty();
    }

    @Test
    void memoryRetainedPerIterationFailsTheLeakVerdictNamingTheGrowthAndTheRetainingMethod() throws IOException {
        Events events = TestKit.run(LoadMemoryTestCases.class, "retainsPerIteration");

        events.assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("retainsPerIteration"),
                                finishedWithFailure(
                                        message(m -> m.matches("(?s).*heap after full GC grows [0-9.]+ [KMG]iB"
                                                        + " per 1,000 iterations \\(95 % interval [^)]*\\).*")
                                                && m.contains("top suspects:")
                                                && m.contains("LoadMemoryTestCases.retainsPerIteration")))));
        MemoryRun run = SEEN.get("retainsPerIteration");
        assertThat(run.cycles()).hasSize(6);
        assertThat(run.leak().orElseThrow().verdict()).isEqualTo(Verdict.LEAK);
        assertThat(resultOf("retainsPerIteration").path("memory").path("leak").isObject())
                .isTrue();
    }

    @Test
    void cyclesHeldPastTheLoadsEndAreLeftOutAndTheVerdictSaysItIsNotJudged() {
        Events events = TestKit.run(LoadMemoryTestCases.class, "cyclesOutlastTheLoad");

        events.assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("cyclesOutlastTheLoad"),
                                finishedWithFailure(message(m -> m.matches("(?s).*\n  leak not judged: only [0-6] of 7"
                                        + " cycles were measured: cycles? [1-7](–7)? fell due while the load ran, but"
                                        + " the collections before (it|them) \\(each waits for its events; a cycle"
                                        + " lasts 1.07s\\) held (it|them) until after the load's end: fewer cycles or"
                                        + " a longer duration\n.*")))));
        MemoryRun run = SEEN.get("cyclesOutlastTheLoad");
        assertThat(run.leak().orElseThrow().verdict()).isEqualTo(Verdict.NOT_JUDGED);
        assertThat(run.cycles()).allSatisfy(c -> assertThat(c.elapsedSeconds()).isLessThan(8.1));
    }

    @Test
    void aTestRunAgainReplacesItsRecording() throws IOException {
        Path jfr = ResultFiles.testFile(LoadMemoryTestCases.class, "allocates", ".jfr");
        Files.createDirectories(jfr.getParent());
        Files.writeString(jfr, "an earlier run's recording");

        Events events = TestKit.run(LoadMemoryTestCases.class, "allocates");

        events.assertThatEvents().haveExactly(1, event(test("allocates"), finishedSuccessfully()));
        try (RecordingFile recording = new RecordingFile(jfr)) {
            assertThat(recording.hasMoreEvents()).isTrue();
        }
    }

    @Test
    void aMemoryRunOfATestThatRecordsNoneIsANamedError() {
        Events events = TestKit.run(LoadMemoryTestCases.class, "recordsNothing");

        events.assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("recordsNothing"),
                                finishedWithFailure(
                                        instanceOf(ParameterResolutionException.class),
                                        message(m -> m.startsWith("No MemoryRun for recordsNothing")
                                                && m.contains("the test does not record memory (@RecordMemory,"
                                                        + " @NoLeak)")))));
        assertThat(ITERATIONS.get("recordsNothing").get()).isPositive();
    }

    /**
     * Runs {@code fixtures} judged by the memory limits of the framework's test configuration with {@code overlay}
     * (a file beside this class's resources) laid over it. The shared configuration is read once per JVM, so the
     * limits are handed to the pipeline directly.
     */
    private static Events judgedBy(String overlay, Path dir, Supplier<Events> fixtures) throws IOException {
        JsonNode merged =
                JSON.readTree(Path.of(System.getProperty("loadtest.config")).toFile());
        try (InputStream in = LoadMemoryTest.class.getResourceAsStream("memory/" + overlay.strip())) {
            merged = JSON.readerForUpdating(merged).readValue(in);
        }
        Path file = dir.resolve("load_test_config.json");
        JSON.writeValue(file.toFile(), merged);
        MemorySettings settings = MemorySettings.from(LoadTestConfig.load(file));
        Supplier<MemorySettings> shared = LoadMemory.settingsSource;
        LoadMemory.settingsSource = () -> settings;
        try {
            return fixtures.get();
        } finally {
            LoadMemory.settingsSource = shared;
        }
    }

    private static JsonNode resultOf(String fixture) throws IOException {
        Path file = ResultFiles.testFile(LoadMemoryTestCases.class, fixture, ".json");
        assertThat(Files.exists(file)).as(file.toString()).isTrue();
        return JSON.readTree(file.toFile());
    }

    @FixtureOnly
    static class LoadMemoryTestCases {
        /** What a retaining body keeps: cleared after each test. */
        static final List<byte[]> RETAINED = Collections.synchronizedList(new ArrayList<>());

        /** Where allocations go so the JIT keeps them. */
        static volatile Object sink;

        private String fixture;

        @BeforeEach
        void name(TestInfo info) {
            fixture = info.getTestMethod().orElseThrow().getName();
        }

        /** Keeps what the run learnt (a test that records no memory fails here, by name) and forgets the retained. */
        @AfterEach
        void seen(MemoryRun memory) {
            RETAINED.clear();
            SEEN.put(fixture, memory);
        }

        private void iteration() {
            ITERATIONS.computeIfAbsent(fixture, f -> new AtomicLong()).incrementAndGet();
        }

        @LoadTest(users = 2, duration = "2s")
        @RecordMemory
        void allocates(VirtualUser user) throws InterruptedException {
            iteration();
            sink = new byte[32 * 1024];
            Thread.sleep(1);
        }

        /**
         * Allocates 1 MiB per iteration flat out, in 128 KiB arrays (under G1's humongous size, so the young
         * collections the load causes reclaim them): collections the load causes.
         */
        @LoadTest(users = 2, duration = "2s")
        @RecordMemory
        void forcesCollections(VirtualUser user) {
            iteration();
            for (int i = 0; i < 8; i++) {
                sink = new byte[128 * 1024];
            }
        }

        /*
         * In this JVM a requested collection waits a flush or two of the recording's event stream for its events
         * (1–3 s), so a cycle here lasts 4 s; and the load generator's own bookkeeping grows some 150 KiB a second
         * here, so the iterations come fast enough that it stays far under the limit per 1,000 iterations.
         */

        @LoadTest(users = 1, duration = "26s")
        @NoLeak(cycles = 6, warmupCycles = 1)
        void retainsPerIteration(VirtualUser user) throws InterruptedException {
            iteration();
            RETAINED.add(new byte[8 * 1024]);
            Thread.sleep(1);
        }

        /** Cycles of about a second in this JVM: the collections before them hold the last ones past the load. */
        @LoadTest(users = 1, duration = "8s")
        @NoLeak(cycles = 7, warmupCycles = 1)
        void cyclesOutlastTheLoad(VirtualUser user) throws InterruptedException {
            iteration();
            sink = new byte[8 * 1024];
            Thread.sleep(1);
        }

        @LoadTest(users = 1, duration = "10s")
        @NoLeak(cycles = 8, warmupCycles = 0)
        void noWarmupCycles(VirtualUser user) {
            iteration();
        }

        @LoadTest(users = 1, duration = "10s")
        @NoLeak(cycles = 6, warmupCycles = 2)
        void tooFewCycles(VirtualUser user) {
            iteration();
        }

        @LoadTest(users = 1, requests = 50)
        @NoLeak(cycles = 7, warmupCycles = 1)
        void requestBounded(VirtualUser user) {
            iteration();
        }

        @LoadTest(users = 1, duration = "3s")
        @NoLeak(cycles = 7, warmupCycles = 1)
        void cyclesUnderASecond(VirtualUser user) {
            iteration();
        }

        @LoadTest(users = 1, duration = "1s")
        void recordsNothing(VirtualUser user) {
            iteration();
        }
    }

    @Test
    void aStubJmxUrlIsShortenedInTheLabelAndAnyOtherShownWhole() {
        assertThat(LoadMemory.shortened(
                        "service:jmx:rmi://127.0.0.1/stub/rO0ABXNyAC5qYXZheC5tYW5hZ2VtZW50LnJlbW90ZS5ybWk"))
                .isEqualTo("service:jmx:rmi://127.0.0.1/stub/rO0ABXNyAC…");
        assertThat(LoadMemory.shortened("service:jmx:rmi:///jndi/rmi://db-1:9010/jmxrmi"))
                .isEqualTo("service:jmx:rmi:///jndi/rmi://db-1:9010/jmxrmi");
    }
}
