package io.voiceload.suite.concurrentcalls;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.http.Response;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import io.voiceload.suite.support.HotelIds;
import io.voiceload.suite.support.Recordings;
import io.voiceload.suite.support.ServerErrors;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.TestReporter;

/**
 * Audio streaming under load: each virtual user creates a call, uploads 2–5 s of generated 16-bit mono WAV
 * at 8000 or 16000 Hz, downloads it whole and one byte range, and asks {@code POST /tts} for a short text.
 * Every download must equal the upload byte for byte (the range: the same slice of it); the synthetic TTS
 * must answer a WAV of 65 ms per code point. Afterwards the test prints (and reports) the audio throughput:
 * bytes uploaded plus downloaded over the measured duration. A 5xx anywhere fails the test.
 */
@ConcurrentCalls
class AudioStreamingLoadIT {
    static final String UPLOAD = "PUT /calls/{id}/audio";
    static final String DOWNLOAD = "GET /calls/{id}/audio";
    static final String RANGE = "GET /calls/{id}/audio (range)";
    static final String TTS = "POST /tts";

    private static final int[] SAMPLE_RATES = {8000, 16000};
    private static final List<String> TEXTS = List.of(
            "Good evening, how may I help you?",
            "Checkout is at noon",
            "Your table is ready",
            "Room service, one moment please");

    /** Each virtual user's requests under its own front-desk session. */
    @AutoClose
    private final CallsApi calls;

    private final String hotel = HotelIds.unique("cc-audio");
    /** Bytes moved by measured (not warm-up) iterations, both directions. */
    private final LongAdder measuredBytes = new LongAdder();
    /** What went wrong, by call id: read after the run, so a mismatch names the call. */
    private final Map<String, String> mismatches = new ConcurrentHashMap<>();

    AudioStreamingLoadIT(PlatformEndpoint platform) {
        this.calls = CallsApi.eachUserAs(platform, UserRole.FRONT_DESK);
    }

    @LoadTest(users = 10, requests = 5, warmupIterations = 8)
    @Slo(request = UPLOAD, p99 = "1s", errorRate = 0)
    @Slo(request = DOWNLOAD, p99 = "1s", errorRate = 0)
    @Slo(request = RANGE, p99 = "1s", errorRate = 0)
    @Slo(request = TTS, p99 = "1s", errorRate = 0)
    void uploadDownloadAndSynthesize(VirtualUser user) {
        RandomGenerator random = user.random();
        String id = calls.createCall(hotel, random);
        int sampleRate = SAMPLE_RATES[random.nextInt(SAMPLE_RATES.length)];
        byte[] wav = Recordings.wav(sampleRate, 2 + random.nextInt(4), random);

        calls.put("/calls/{id}/audio", id).body(wav, "audio/wav").expect(201).send();
        byte[] downloaded =
                calls.get("/calls/{id}/audio", id).expect(200).send().bodyBytes();
        if (!Arrays.equals(wav, downloaded)) {
            mismatch(
                    id,
                    "download of " + downloaded.length + " bytes differs from the upload of " + wav.length + " bytes"
                            + firstDifference(wav, downloaded));
        }

        int first = random.nextInt(wav.length - 1);
        int last = Math.min(wav.length - 1, first + random.nextInt(16_384));
        Response range = calls.get("/calls/{id}/audio", id)
                .name(RANGE)
                .header("Range", "bytes=" + first + "-" + last)
                .expect(206)
                .send();
        byte[] slice = range.bodyBytes();
        if (!Arrays.equals(Arrays.copyOfRange(wav, first, last + 1), slice)) {
            mismatch(
                    id,
                    "range bytes=" + first + "-" + last + " (" + slice.length
                            + " bytes) differs from the same slice of the upload");
        }

        String text = TEXTS.get(random.nextInt(TEXTS.size()));
        Response tts = calls.post("/tts")
                .json(Map.of("text", text, "sampleRate", sampleRate))
                .expect(200)
                .send();
        long expectedMs = text.codePointCount(0, text.length()) * 65L;
        if (!"synthetic".equals(tts.header("X-TTS-Engine"))
                || !String.valueOf(expectedMs).equals(tts.header("X-Audio-Duration-Ms"))
                || tts.bodyLength() < expectedMs * sampleRate / 1000 * 2) {
            mismatch(
                    id,
                    "TTS of \"" + text + "\" at " + sampleRate + " Hz answered " + tts.bodyLength()
                            + " bytes, X-Audio-Duration-Ms " + tts.header("X-Audio-Duration-Ms") + ", expected "
                            + expectedMs);
        }

        if (!user.isWarmup()) {
            measuredBytes.add(2L * wav.length + slice.length + tts.bodyLength());
        }
    }

    @AfterEach
    void downloadsEqualUploads(LoadResult result, TestReporter reporter) {
        double seconds = result.measuredDuration().toNanos() / 1e9;
        long bytes = measuredBytes.sum();
        String throughput = String.format(
                "%,d bytes in %.2f s: %,.0f bytes/s (%.2f MiB/s)",
                bytes, seconds, bytes / seconds, bytes / seconds / (1024 * 1024));
        System.out.println("[audio] throughput " + throughput);
        reporter.publishEntry("audio throughput", throughput);

        for (String name : List.of(UPLOAD, DOWNLOAD, RANGE, TTS)) {
            assertThat(result.request(name).successes())
                    .as("successful " + name)
                    .isPositive();
        }
        assertThat(bytes).as("audio bytes moved by measured iterations").isPositive();
        assertThat(ServerErrors.in(result)).as("5xx answers").isEmpty();
        if (!mismatches.isEmpty()) {
            String first = mismatches.keySet().stream().sorted().findFirst().orElseThrow();
            throw new AssertionError("audio differs from what was uploaded in " + mismatches.size() + " of "
                    + result.request(UPLOAD).successes() + " calls; e.g. call " + first + ": "
                    + mismatches.get(first));
        }
    }

    private void mismatch(String callId, String problem) {
        mismatches.merge(callId, problem, (a, b) -> a + "; " + b);
    }

    private static String firstDifference(byte[] expected, byte[] actual) {
        int i = Arrays.mismatch(expected, actual);
        return i < 0 ? "" : " (first difference at byte " + i + ")";
    }
}
