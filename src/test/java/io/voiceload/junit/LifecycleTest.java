package io.voiceload.junit;

import static io.voiceload.junit.LoadAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** How a load test sits in JUnit's lifecycle, and what it leaves behind. */
class LifecycleTest {
    static final List<String> CALLS = new CopyOnWriteArrayList<>();
    static final Set<Integer> USER_IDS = ConcurrentHashMap.newKeySet();
    static final AtomicInteger ITERATIONS = new AtomicInteger();
    static volatile LoadResult seenInAfterEach;

    @BeforeEach
    void reset() {
        CALLS.clear();
        USER_IDS.clear();
        ITERATIONS.set(0);
        seenInAfterEach = null;
    }

    @Test
    void beforeAndAfterEachRunOnceAroundTheWholeLoad() {
        TestKit.run(LifecycleTestCases.class, "load")
                .assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(CALLS).containsExactly("beforeEach", "afterEach");
        assertThat(ITERATIONS).hasValue(3 * 4);
        assertThat(USER_IDS).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void oneJunitNodePerLoadTestNotPerIteration() {
        EngineExecutionResults results = TestKit.execute(LifecycleTestCases.class, "load");
        assertThat(results.testEvents().started().count()).isEqualTo(1);
        assertThat(results.allEvents().dynamicallyRegistered().count()).isZero();
    }

    @Test
    void afterEachReceivesTheLoadResult() {
        TestKit.run(LifecycleTestCases.class, "load").assertStatistics(stats -> stats.succeeded(1));
        assertThat(seenInAfterEach).isNotNull();
        assertThat(seenInAfterEach).hasIterations(12).hasNoFailures();
        assertThat(seenInAfterEach.requests()).containsKey("step");
    }

    @Test
    void customAssertionsInAfterEachCanFailTheTest() {
        String message = TestKit.failureMessage(TestKit.run(AfterEachAssertTestCases.class, "load"));
        assertThat(message)
                .contains("Expecting p99 of iteration to be at most 1ms but was")
                .contains("samples");
    }

    @Test
    void otherParametersStillResolve() {
        TestKit.run(LifecycleTestCases.class, "withTestInfo").assertStatistics(stats -> stats.succeeded(1));
        assertThat(CALLS).anyMatch(c -> c.startsWith("withTestInfo("));
    }

    @Test
    void composedAnnotationWorks() {
        TestKit.run(LifecycleTestCases.class, "composed").assertStatistics(stats -> stats.succeeded(1));
        assertThat(ITERATIONS).hasValue(2 * 3);
    }

    @Test
    void tagFilterSelectsLoadTestsByCategory() {
        EngineExecutionResults results =
                TestKit.executeFiltered(selectClass(TaggedTestCases.class), TagFilter.includeTags("concurrent-calls"));
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(CALLS).containsExactly("calls");
    }

    @Test
    void resultFilesAreWritten() throws Exception {
        TestKit.run(LifecycleTestCases.class, "load").assertStatistics(stats -> stats.succeeded(1));
        Path json = ResultFiles.testFile(LifecycleTestCases.class, "load", ".json");
        Path hlog = ResultFiles.testFile(LifecycleTestCases.class, "load", ".hlog");
        assertThat(json).exists();
        assertThat(hlog).exists();
        JsonNode node = new ObjectMapper().readTree(json.toFile());
        assertThat(node.path("verdict").asText()).isEqualTo("passed");
        assertThat(node.path("iterations").path("count").asLong()).isEqualTo(12);
        assertThat(node.path("requests").path("step").path("count").asLong()).isEqualTo(12);
        assertThat(node.path("plan").path("seed").isNumber()).isTrue();
        assertThat(node.path("effectiveSettings").toString()).contains("users").contains("@LoadTest");

        long logged = 0;
        try (var in = Files.newInputStream(hlog)) {
            HistogramLogReader reader = new HistogramLogReader(in);
            for (var h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                if ("iteration".equals(h.getTag())) {
                    logged += ((org.HdrHistogram.Histogram) h).getTotalCount();
                }
            }
        }
        assertThat(logged).isEqualTo(12);
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @LoadTest(users = 2, requests = 3)
    @interface SmallLoad {}

    @FixtureOnly
    static class LifecycleTestCases {
        @BeforeEach
        void before() {
            CALLS.add("beforeEach");
        }

        @LoadTest(users = 3, requests = 4)
        void load(VirtualUser user) throws Exception {
            USER_IDS.add(user.id());
            user.time("step", ITERATIONS::incrementAndGet);
        }

        @LoadTest(users = 1, requests = 1)
        void withTestInfo(TestInfo info, VirtualUser user) {
            CALLS.add(info.getDisplayName());
        }

        @SmallLoad
        void composed() {
            ITERATIONS.incrementAndGet();
        }

        @AfterEach
        void after(LoadResult result) {
            CALLS.add("afterEach");
            seenInAfterEach = result;
        }
    }

    @FixtureOnly
    static class AfterEachAssertTestCases {
        @LoadTest(users = 1, requests = 3)
        void load() throws InterruptedException {
            Thread.sleep(5);
        }

        @AfterEach
        void verify(LoadResult result) {
            assertThat(result).hasP99AtMost(Duration.ofMillis(1));
        }
    }

    @FixtureOnly
    static class TaggedTestCases {
        @Tag("concurrent-calls")
        @LoadTest(users = 1, requests = 1)
        void calls() {
            CALLS.add("calls");
        }

        @Tag("auth-system")
        @LoadTest(users = 1, requests = 1)
        void auth() {
            CALLS.add("auth");
        }
    }
}
