package io.voiceload.suite.concurrentcalls;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.TestKit;
import io.voiceload.platform.PlatformOptions;
import io.voiceload.platform.audio.AudioFaults;
import io.voiceload.platform.calls.CallFaults;
import io.voiceload.platform.junit.EmbeddedPlatform;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import io.voiceload.platform.routing.RoutingFaults;
import io.voiceload.platform.voice.VoiceFaults;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.Events;

/**
 * The {@code concurrent-calls} load tests catch a misbehaving platform: run tiny through the JUnit TestKit
 * against a platform with a fault flag ({@link CallFaults} and the like), each fails naming what is wrong (the count of
 * stored calls, the order of stored events, downloaded audio, where transfers land, lost voice frames); against
 * a healthy platform, all pass.
 *
 * <p>Not tagged {@code concurrent-calls} itself: it is a test of the category (run by {@code mvn test}), not a
 * load test of the platform.
 */
@WithPlatform // the healthy target; also stops the shared infrastructure at the end of the run
class ConcurrentCallsCatchesFaultsTest {
    /**
     * Three users, four iterations each, no warm-up; a fixed seed, so the weighted mix draws the same
     * operations (and the same calls meet the fault) on every run.
     */
    private static final Map<String, String> TINY = Map.of(
            "loadtest.users", "3", "loadtest.requests", "4", "loadtest.warmupIterations", "0", "loadtest.seed", "42");

    /**
     * Voice streams take two iterations each of the three users, six streams: an iteration is a call that streams
     * 2–3 s, and a dropped echo in every tenth frame shows in each of them.
     */
    private static final String VOICE_STREAMS_PER_USER = "2";

    // Started before the class's tests, closed after them (JUnit closes every one, even when another fails).
    @AutoClose
    private static EmbeddedPlatform losingCalls;

    @AutoClose
    private static EmbeddedPlatform swappingEvents;

    @AutoClose
    private static EmbeddedPlatform corruptingAudio;

    @AutoClose
    private static EmbeddedPlatform misrouting;

    @AutoClose
    private static EmbeddedPlatform droppingVoiceEchoes;

    @BeforeAll
    static void startFaultyPlatforms() {
        losingCalls = EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                PlatformOptions.builder()
                        .faults(CallFaults.builder().loseEveryNthCall(3).build())
                        .build());
        swappingEvents = EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                PlatformOptions.builder()
                        .faults(CallFaults.builder().swapEventOrder(true).build())
                        .build());
        corruptingAudio = EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                PlatformOptions.builder().faults(new AudioFaults(3)).build());
        misrouting = EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                PlatformOptions.builder().faults(new RoutingFaults(true)).build());
        droppingVoiceEchoes = EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                PlatformOptions.builder().faults(new VoiceFaults(10)).build());
    }

    @Test
    void allPassAgainstAHealthyPlatform(PlatformEndpoint healthy) {
        run(CallCreationLoadIT.class, healthy.baseUrl())
                .assertStatistics(s -> s.started(1).succeeded(1));
        run(CallEventsLoadIT.class, healthy.baseUrl())
                .assertStatistics(s -> s.started(1).succeeded(1));
        run(AudioStreamingLoadIT.class, healthy.baseUrl())
                .assertStatistics(s -> s.started(1).succeeded(1));
        run(CallRoutingLoadIT.class, healthy.baseUrl())
                .assertStatistics(s -> s.started(1).succeeded(1));
        run(MixedOperationsLoadIT.class, healthy.baseUrl())
                .assertStatistics(s -> s.started(1).succeeded(1));
        run(VoiceStreamsLoadIT.class, healthy.baseUrl())
                .assertStatistics(s -> s.started(1).succeeded(1));
        run(CallCapacityIT.class, healthy.baseUrl())
                .assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void callCreationFailsWhenThePlatformLosesCalls() {
        Events events = run(CallCreationLoadIT.class, losingCalls.platform().baseUrl());

        events.assertStatistics(s -> s.started(1).failed(1));
        assertThat(failureMessage(events))
                .contains("wrong count of stored calls")
                .contains("4 lost")
                .contains("12 POST /calls succeeded");
    }

    @Test
    void callEventsFailsWhenThePlatformSwapsEvents() {
        Events events = run(CallEventsLoadIT.class, swappingEvents.platform().baseUrl());

        events.assertStatistics(s -> s.started(1).failed(1));
        assertThat(failureMessage(events)).contains("wrong order of stored events in 12 of 12 calls");
    }

    @Test
    void audioStreamingFailsWhenThePlatformCorruptsRecordings() {
        Events events =
                run(AudioStreamingLoadIT.class, corruptingAudio.platform().baseUrl());

        events.assertStatistics(s -> s.started(1).failed(1));
        assertThat(failureMessage(events))
                .contains("audio differs from what was uploaded in 4 of 12 calls")
                .contains("differs from the upload")
                .contains("first difference at byte");
    }

    @Test
    void callRoutingFailsWhenThePlatformMisroutesTransfers() {
        Events events = run(CallRoutingLoadIT.class, misrouting.platform().baseUrl());

        events.assertStatistics(s -> s.started(1).failed(1));
        assertThat(failureMessage(events))
                .contains("transfers landed where the rules do not say in 12 of 12 calls")
                .contains("rules say")
                .contains("answered department");
    }

    @Test
    void mixedOperationsFailsWhenThePlatformSwapsEvents() {
        Events events =
                run(MixedOperationsLoadIT.class, swappingEvents.platform().baseUrl());

        events.assertStatistics(s -> s.started(1).failed(1));
        assertThat(failureMessage(events))
                .contains("mixed operations went wrong")
                .containsPattern("wrong order of stored events in (\\d+) of \\1 calls")
                .contains("was sent [started, ");
    }

    @Test
    void voiceStreamsFailWhenThePlatformDropsFrameEchoes() {
        Events events =
                run(VoiceStreamsLoadIT.class, droppingVoiceEchoes.platform().baseUrl());

        events.assertStatistics(s -> s.started(1).failed(1));
        assertThat(failureMessage(events))
                .contains("error rate of voice.frame_rtt")
                .contains("the server's bye disagrees with the client's counts in 6 of 6 streams")
                .contains("lost frames the server received");
    }

    @Test
    void callCapacityFailsWhenThePlatformLosesVoiceFrames() {
        Events events = run(CallCapacityIT.class, droppingVoiceEchoes.platform().baseUrl());

        events.assertStatistics(s -> s.started(1).failed(1));
        assertThat(failureMessage(events))
                .contains("the first step of 3 concurrent calls already broke (repeat-confirmed): ")
                .contains("✗ error rate of voice.frame_rtt: required ≤ 1.00%, actual ");
    }

    /**
     * Runs one test class through the Jupiter engine against {@code baseUrl} with a tiny plan ({@link
     * TestKit#runClass} sets other {@code loadtest.*} properties aside for the run).
     */
    private static Events run(Class<?> testClass, URI baseUrl) {
        Map<String, String> properties = new HashMap<>(TINY);
        if (testClass == VoiceStreamsLoadIT.class) {
            properties.put("loadtest.requests", VOICE_STREAMS_PER_USER);
        }
        properties.put("loadtest.target.baseUrl", baseUrl.toString());
        return TestKit.runClass(testClass, properties);
    }

    private static String failureMessage(Events events) {
        Throwable failure = events.failed().stream()
                .findFirst()
                .orElseThrow(() -> new AssertionError("expected a failed test but none failed: " + events.list()))
                .getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .orElseThrow();
        StringBuilder all = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable suppressed : failure.getSuppressed()) {
            all.append('\n').append(suppressed.getMessage());
        }
        System.out.println("[proof] the category reported: " + all);
        return all.toString();
    }
}
