package io.voiceload.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MemoryRecorder} on a {@link RetainingChild} over JMX, and on this JVM. */
class MemoryRecorderTest {

    private static final long MB = 1 << 20;
    private static final Duration GC_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aRemoteCaptureSeesTheRetainedHeapTheGcKindsAndTheAllocatingMethod() throws Exception {
        Path jfr = dir.resolve("out/Retain-tenMegabytes.jfr");
        try (ChildJvm child = new ChildJvm(dir.resolve("child"), List.of("-Xmx256m", "-XX:+UseG1GC"));
                MemoryTarget target = MemoryTarget.connect(child.jmxUrl(), null, null, "a retaining child");
                MemoryRecorder recorder = MemoryRecorder.start(target, jfr)) {
            assertThat(target.remote()).isTrue();
            assertThat(target.pid()).isEqualTo(child.pid());
            assertThat(target.collector()).isEqualTo("G1");
            assertThat(target.explicitGc()).isEqualTo(ExplicitGc.FULL);
            assertThat(target.jvmArguments()).contains("-Xmx256m", "-XX:+UseG1GC");

            GcObservation before = recorder.fullGc(GC_TIMEOUT).orElseThrow();
            child.send("churn 64");
            child.send("retain 10");
            recorder.mark("retained");
            GcObservation after = recorder.fullGc(GC_TIMEOUT).orElseThrow();
            MemoryCapture capture = recorder.stop();

            assertThat(before.kind()).isEqualTo("full");
            assertThat(before.collectorName()).isEqualTo("G1Full");
            assertThat(after.gcId()).isGreaterThan(before.gcId());
            assertThat(after.heapAfterBytes() - before.heapAfterBytes())
                    .as("the heap after a full GC grew by the 10 MB retained")
                    .isBetween(9 * MB, 12 * MB);
            assertThat(after.liveThreads()).isPositive();
            assertThat(after.openFileDescriptors()).isPositive();
            assertThat(after.metaspaceAfterBytes()).isPositive();

            assertThat(capture.capture()).isEqualTo(MemoryCapture.REMOTE);
            assertThat(capture.target()).isEqualTo("a retaining child");
            assertThat(capture.collector()).isEqualTo("G1");
            assertThat(capture.summary().fullGcCount()).isGreaterThanOrEqualTo(2);
            assertThat(capture.summary().youngGcCount())
                    .as("64 MB churned in a 256 MB heap")
                    .isPositive();
            assertThat(capture.gcs()).extracting(MemoryCapture.Gc::kind).contains("full", "young");
            assertThat(capture.gcByCause())
                    .extracting(MemoryCapture.CauseTotals::cause)
                    .contains("System.gc()");
            assertThat(capture.summary().heapAfterGcLastBytes()).isEqualTo(after.heapAfterBytes());
            assertThat(capture.summary().allocatedBytes())
                    .as(capture.summary().allocatedBytesSource())
                    .isGreaterThan(74 * MB);
            assertThat(capture.summary().allocatedBytesSource()).contains("getTotalThreadAllocatedBytes");
            assertThat(capture.summary().gcCpuShareSource()).contains("jdk.GCCPUTime");
            assertThat(capture.allocationSites())
                    .as("sites naming the allocating methods")
                    .anySatisfy(site -> {
                        assertThat(site.className()).isEqualTo("byte[]");
                        assertThat(site.stack().getFirst())
                                .contains("RetainingChild.churnMegabytes(RetainingChild.java:");
                    });
            assertThat(capture.suspects())
                    .as("old-object samples name the retaining code")
                    .anySatisfy(suspect -> {
                        assertThat(suspect.className()).isEqualTo("byte[]");
                        assertThat(suspect.stack().getFirst())
                                .contains("RetainingChild.retainMegabytes(RetainingChild.java:");
                        assertThat(suspect.oldestAgeSeconds()).isPositive();
                    });
            assertThat(capture.marks()).singleElement().satisfies(m -> assertThat(m.name())
                    .isEqualTo("retained"));
            assertThat(capture.series()).isNotEmpty();
            assertThat(capture.series().getLast().heapUsedBytes()).isPositive();
            assertThat(capture.series().getLast().liveThreads()).isPositive();
            assertThat(capture.series().getLast().rssBytes()).isPositive();

            assertThat(capture.jfr()).isEqualTo("Retain-tenMegabytes.jfr");
            List<RecordedEvent> gcs = new ArrayList<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
                if (e.getEventType().getName().equals("jdk.GarbageCollection")) {
                    gcs.add(e);
                }
            }
            assertThat(gcs).extracting(e -> e.getLong("gcId")).contains(before.gcId(), after.gcId());
            try (Stream<Path> left = Files.list(jfr.getParent())) {
                assertThat(left).as("the stream's chunks are deleted").containsExactly(jfr);
            }

            JsonNode json = new ObjectMapper().valueToTree(capture.toJsonMap());
            assertThat(json.path("capture").asText()).isEqualTo("remote over JMX");
            assertThat(json.path("explicitGc").asText()).isEqualTo("full");
            assertThat(json.path("jfr").asText()).isEqualTo("Retain-tenMegabytes.jfr");
            assertThat(json.path("allocationSites").get(0).has("class")).isTrue();
            assertThat(json.path("summary").path("fullGcCount").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(json.path("marks").get(0).path("name").asText()).isEqualTo("retained");
        }
    }

    @Test
    void eachRequestedGcReturnsItsOwnAfterGcHeap() throws Exception {
        try (ChildJvm child = new ChildJvm(dir.resolve("child"), List.of("-Xmx256m", "-XX:+UseG1GC"));
                MemoryTarget target = MemoryTarget.connect(child.jmxUrl(), null, null, "a retaining child");
                MemoryRecorder recorder = MemoryRecorder.start(target, dir.resolve("barrier.jfr"))) {
            List<GcObservation> seen = new ArrayList<>();
            seen.add(recorder.fullGc(GC_TIMEOUT).orElseThrow());
            for (int i = 0; i < 5; i++) {
                child.send("retain 4");
                seen.add(recorder.fullGc(GC_TIMEOUT).orElseThrow());
            }
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).gcId()).isGreaterThan(seen.get(i - 1).gcId());
                assertThat(seen.get(i).heapAfterBytes() - seen.get(i - 1).heapAfterBytes())
                        .as("GC %d: its own After GC heap, 4 MB more than the previous one's", i)
                        .isBetween(3 * MB, 5 * MB);
            }
            recorder.stop();
        }
    }

    @Test
    void awaitEventsReturnsOnceWhatHappenedBeforeItWasDelivered() throws Exception {
        try (ChildJvm child = new ChildJvm(dir.resolve("child"), List.of("-Xmx128m", "-XX:+UseSerialGC"));
                MemoryTarget target = MemoryTarget.connect(child.jmxUrl(), null, null, "a child");
                MemoryRecorder recorder = MemoryRecorder.start(target, dir.resolve("await.jfr"))) {
            for (int i = 0; i < 3; i++) {
                long before = recorder.events().maxGcId(g -> true);
                target.requestGc(); // returns when the GC is done, its events committed
                recorder.awaitEvents(Duration.ofSeconds(10));
                assertThat(recorder.events().maxGcId(g -> g.cause().equals("System.gc()")))
                        .as("the GC requested before awaitEvents, delivered when it returns")
                        .isGreaterThan(before);
            }
            recorder.stop();
        }
    }

    @Test
    void aGcWhoseEventsDoNotComeInTimeIsAClearError() throws Exception {
        try (MemoryTarget target = MemoryTarget.inProcess();
                MemoryRecorder recorder = MemoryRecorder.start(target, dir.resolve("timeout.jfr"))) {
            assertThatThrownBy(() -> recorder.fullGc(Duration.ofMillis(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the JFR events of the GC requested in this JVM (in-process")
                    .hasMessageContaining("did not arrive within 1 ms");
        }
    }

    @Test
    void aTargetThatIgnoresRequestedGcsIsSaidSoAtOnce() throws Exception {
        try (ChildJvm child = new ChildJvm(
                        dir.resolve("child"), List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:+DisableExplicitGC"));
                MemoryTarget target = MemoryTarget.connect(child.jmxUrl(), null, null, "a child");
                MemoryRecorder recorder = MemoryRecorder.start(target, dir.resolve("disabled.jfr"))) {
            assertThat(target.explicitGc()).isEqualTo(ExplicitGc.DISABLED);
            assertThat(target.explicitGc().describe())
                    .isEqualTo(
                            "-XX:+DisableExplicitGC: a requested GC does nothing, so retained heap cannot be judged");
            assertThat(target.collector()).isEqualTo("Serial");
            long start = System.nanoTime();
            assertThat(recorder.fullGc(GC_TIMEOUT)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            MemoryCapture capture = recorder.stop();
            assertThat(capture.explicitGc()).isEqualTo(ExplicitGc.DISABLED);
            assertThat(capture.toJsonMap()).containsEntry("explicitGc", "disabled");
        }
    }

    @Test
    void concurrentExplicitGcIsDetected() throws Exception {
        try (ChildJvm child = new ChildJvm(
                        dir.resolve("child"), List.of("-Xmx128m", "-XX:+UseG1GC", "-XX:+ExplicitGCInvokesConcurrent"));
                MemoryTarget target = MemoryTarget.connect(child.jmxUrl(), null, null, "a child");
                MemoryRecorder recorder = MemoryRecorder.start(target, dir.resolve("concurrent.jfr"))) {
            assertThat(target.explicitGc()).isEqualTo(ExplicitGc.CONCURRENT);
            assertThat(target.explicitGc().describe()).startsWith("-XX:+ExplicitGCInvokesConcurrent: ");
            GcObservation first = recorder.fullGc(GC_TIMEOUT).orElseThrow();
            GcObservation second = recorder.fullGc(GC_TIMEOUT).orElseThrow();
            assertThat(second.gcId()).isGreaterThan(first.gcId());
            assertThat(first.kind()).as(first.toString()).isIn("young", "concurrent");
            recorder.stop();
        }
    }

    @Test
    void anInProcessCaptureIsLabelledAsSuch() throws Exception {
        try (MemoryTarget target = MemoryTarget.inProcess();
                MemoryRecorder recorder = MemoryRecorder.start(target, dir.resolve("in-process.jfr"))) {
            assertThat(target.remote()).isFalse();
            assertThat(target.label())
                    .isEqualTo("this JVM (in-process: the load generator and anything embedded in it)");
            assertThat(target.pid()).isEqualTo(ProcessHandle.current().pid());
            Optional<GcObservation> gc = recorder.fullGc(GC_TIMEOUT);
            MemoryCapture capture = recorder.stop();
            assertThat(gc).isPresent();
            assertThat(capture.capture()).isEqualTo("in-process (this JVM)");
            assertThat(capture.target()).isEqualTo(MemoryTarget.IN_PROCESS_LABEL);
            assertThat(capture.gcs())
                    .extracting(MemoryCapture.Gc::gcId)
                    .contains(gc.get().gcId());
        }
    }

    @Test
    void nothingIsLeftInTmp() throws Exception {
        long pid;
        try (ChildJvm child = new ChildJvm(dir.resolve("child"), List.of("-Xmx64m"));
                MemoryTarget target = MemoryTarget.connect(child.jmxUrl(), null, null, "a child");
                MemoryRecorder recorder = MemoryRecorder.start(target, dir.resolve("tmp-check.jfr"))) {
            pid = child.pid();
            recorder.fullGc(GC_TIMEOUT).orElseThrow();
            recorder.stop();
        }
        assertThat(tmpEntriesOf(pid))
                .as("files of the child (pid %d) in /tmp", pid)
                .isEmpty();
    }

    static List<Path> tmpEntriesOf(long pid) throws IOException {
        String id = Long.toString(pid);
        try (Stream<Path> paths = Files.walk(Path.of("/tmp"), 2)) {
            return paths.filter(p -> p.getFileName() != null)
                    .filter(p -> p.getFileName().toString().equals(id)
                            || p.getFileName().toString().endsWith("_" + id)
                            || p.getFileName().toString().equals(".java_pid" + id))
                    .toList();
        } catch (java.io.UncheckedIOException e) {
            return List.of(); // a directory of another user's that cannot be read
        }
    }

    @Test
    void percentilesAreNearestRank() {
        assertThat(CaptureBuilder.percentile(new double[] {}, 99)).isZero();
        assertThat(CaptureBuilder.percentile(new double[] {1, 2, 3, 4}, 50)).isCloseTo(2, within(0.0));
        double[] hundred =
                java.util.stream.IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        assertThat(CaptureBuilder.percentile(hundred, 99)).isEqualTo(99);
    }
}
