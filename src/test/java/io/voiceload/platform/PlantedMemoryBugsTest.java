package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.calls.CallFaults;
import io.voiceload.platform.calls.CallTranscriptCache;
import io.voiceload.platform.junit.EmbeddedPlatform;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.module.ModuleFaults;
import io.voiceload.platform.store.StoreFaults;
import io.voiceload.platform.voice.VoiceFaults;
import io.voiceload.platform.voice.VoiceStreamListener;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.Predicate;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The planted memory bugs, each on a platform of its own ({@link EmbeddedPlatform#startAnother}) next to a healthy
 * one doing the same: a per-call cache that never evicts ({@link CallFaults#transcriptLeak()}), a voice-stream
 * listener never removed ({@link VoiceFaults#listenerLeak()}) and a pooled connection never given back
 * ({@link StoreFaults#connectionLeakEvery()}). The leaked objects are counted in this JVM's class histogram (live
 * objects, after a full collection), by the class a leak report must name. Whole recordings held in the heap
 * ({@code AudioFaults.bufferWholeRecordings}): {@link AudioMemoryBoundTest}.
 */
@WithInfrastructure
class PlantedMemoryBugsTest {

    static final int CALLS = 300;
    static final int STREAMS = 20;

    @Test
    void aTranscriptCacheThatNeverEvictsKeepsAnEntryPerCreatedCall() throws Exception {
        String entry = CallTranscriptCache.Entry.class.getName();
        long before = instances(entry);
        try (EmbeddedPlatform healthy = start(CallFaults.NONE)) {
            createCalls(healthy, CALLS);
            assertThat(instances(entry) - before)
                    .as("entries left by the healthy platform")
                    .isZero();
        }
        try (EmbeddedPlatform faulty =
                start(CallFaults.builder().transcriptLeak(true).build())) {
            createCalls(faulty, CALLS);
            assertThat(instances(entry) - before)
                    .as("live %s after %d calls", entry, CALLS)
                    .isGreaterThanOrEqualTo(CALLS);
        }
    }

    @Test
    void aVoiceStreamListenerNeverRemovedStaysReachableAfterItsStreamEnds() throws Exception {
        String listener = VoiceStreamListener.class.getName();
        long before = instances(listener);
        try (EmbeddedPlatform healthy = start(VoiceFaults.NONE)) {
            assertThat(openAndEndStreams(healthy, STREAMS).path("listeners").asInt())
                    .isZero();
            assertThat(instances(listener) - before)
                    .as("listeners left by the healthy platform")
                    .isZero();
        }
        try (EmbeddedPlatform faulty = start(new VoiceFaults(0, true))) {
            assertThat(openAndEndStreams(faulty, STREAMS).path("listeners").asInt())
                    .isEqualTo(STREAMS);
            assertThat(instances(listener) - before)
                    .as("live %s after %d ended streams", listener, STREAMS)
                    .isGreaterThanOrEqualTo(STREAMS);
        }
    }

    @Test
    void aConnectionNeverGivenBackKeepsThePoolActiveAfterTheBurst() throws Exception {
        try (EmbeddedPlatform healthy = start(StoreFaults.NONE)) {
            assertThat(activeAfterBurst(healthy, 40))
                    .as("active connections after the burst")
                    .isZero();
        }
        try (EmbeddedPlatform faulty = start(new StoreFaults(false, 10))) {
            // 40 requests and the metrics reads: one connection kept every 10th request, never given back.
            assertThat(activeAfterBurst(faulty, 40))
                    .as("active connections after the burst")
                    .isGreaterThanOrEqualTo(4);
        }
    }

    private static EmbeddedPlatform start(ModuleFaults planted) {
        return EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                PlatformOptions.builder().faults(planted).build());
    }

    private static Api as(EmbeddedPlatform platform, Role role) {
        return new Api(new PlatformEndpoint(platform.platform().baseUrl(), true)).as(role);
    }

    private static void createCalls(EmbeddedPlatform platform, int calls) {
        Api staff = as(platform, Role.FRONT_DESK);
        String hotel = Api.newHotel();
        for (int i = 0; i < calls; i++) {
            staff.createCall(hotel);
        }
    }

    /** Opens and ends {@code n} voice streams, one after the other; then {@code GET /voice/streams}. */
    private static JsonNode openAndEndStreams(EmbeddedPlatform platform, int n) throws Exception {
        Api staff = as(platform, Role.FRONT_DESK);
        for (int i = 0; i < n; i++) {
            String call = staff.createCall(Api.newHotel());
            try (VoiceStreamApiTest.RawVoiceStream stream =
                    VoiceStreamApiTest.RawVoiceStream.open(platform.platform().baseUrl(), call, staff.credentials())) {
                stream.awaitEvent("ready");
            }
        }
        Api manager = as(platform, Role.MANAGER);
        return await(
                () -> manager.get("/voice/streams").body(),
                stats ->
                        stats.path("ended").asInt() == n && stats.path("active").asInt() == 0);
    }

    /** {@code dbPool.active} a second after {@code n} requests, read after the pool has had time to settle. */
    private static int activeAfterBurst(EmbeddedPlatform platform, int n) throws Exception {
        Api manager = as(platform, Role.MANAGER);
        for (int i = 0; i < n; i++) {
            manager.get("/health/live");
        }
        Thread.sleep(1_000);
        return manager.get("/admin/metrics")
                .body()
                .path("dbPool")
                .path("active")
                .asInt();
    }

    private static JsonNode await(java.util.concurrent.Callable<JsonNode> read, Predicate<JsonNode> done)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode last = read.call();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = read.call();
        }
        assertThat(done.test(last)).as("within 10 s: %s", last).isTrue();
        return last;
    }

    /** Live instances of {@code className} in this JVM: the class histogram after a full collection. */
    static long instances(String className) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {null},
                        new String[] {String[].class.getName()});
        for (String line : histogram.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            // "  12:   300   12345  io.voiceload...Entry (module)"
            if (columns.length >= 4 && columns[3].equals(className)) {
                return Long.parseLong(columns[1]);
            }
        }
        return 0;
    }
}
