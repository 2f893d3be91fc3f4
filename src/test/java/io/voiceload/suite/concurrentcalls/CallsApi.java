package io.voiceload.suite.concurrentcalls;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.http.Http;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * What both tests of the category share: the fast client, logged in per virtual user as its own front-desk
 * agent, a random valid new call, and a reader of stored calls for the checks after a run.
 */
final class CallsApi {
    static final List<String> DEPARTMENTS =
            List.of("front_desk", "concierge", "housekeeping", "room_service", "reservations", "maintenance", "spa");
    static final List<String> LANGUAGES = List.of("en", "de", "en-US", "fr-CH", "ja");

    private CallsApi() {}

    /** A client whose requests carry the current virtual user's own session (none outside a run). */
    static Http client(PlatformEndpoint platform) {
        return Http.builder(platform.baseUrl().toString())
                .defaultHeader("Authorization", () -> VirtualUser.current()
                        .map(u -> platform.session(u, UserRole.FRONT_DESK))
                        .orElse(null))
                .build();
    }

    /** A hotel id no other run uses, so the calls of this run can be counted through the API. */
    static String uniqueHotel(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** The body of a valid {@code POST /calls} for {@code hotelId}. */
    static Map<String, String> newCall(String hotelId, RandomGenerator random) {
        return Map.of(
                "hotelId",
                hotelId,
                "callerNumber",
                "+4144" + (1_000_000 + random.nextInt(9_000_000)),
                "direction",
                random.nextBoolean() ? "inbound" : "outbound",
                "language",
                LANGUAGES.get(random.nextInt(LANGUAGES.size())),
                "department",
                DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size())));
    }

    /** Every call stored for {@code hotelId}, read page by page through {@code GET /calls?hotelId=}. */
    static List<JsonNode> callsOf(Http http, String authorization, String hotelId) {
        List<JsonNode> calls = new ArrayList<>();
        String cursor = null;
        do {
            var request = http.get("/calls")
                    .header("Authorization", authorization)
                    .query("hotelId", hotelId)
                    .query("limit", 200);
            if (cursor != null) {
                request.query("cursor", cursor);
            }
            JsonNode page = request.expect(200).send().json();
            page.path("items").forEach(calls::add);
            JsonNode next = page.path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asText();
        } while (cursor != null);
        return calls;
    }

    /**
     * GETs {@code path} (a template with one {@code {id}}) for every call id, 16 at a time, handing each
     * answer to {@code check} (which may run on any thread); the first failure is thrown once all are done.
     */
    static void readEach(
            Http http, Collection<String> ids, String authorization, String path, BiConsumer<String, JsonNode> check)
            throws Exception {
        Semaphore parallel = new Semaphore(16);
        List<Future<?>> reads = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : ids) {
                reads.add(executor.submit(() -> {
                    parallel.acquire();
                    try {
                        check.accept(
                                id,
                                http.get(path, id)
                                        .header("Authorization", authorization)
                                        .expect(200)
                                        .send()
                                        .json());
                    } finally {
                        parallel.release();
                    }
                    return null;
                }));
            }
            for (Future<?> read : reads) {
                read.get();
            }
        }
    }

    /**
     * How a routing entry or transfer answer ({@code landed}) differs from the rules' {@code decision} for
     * {@code department} (department, target, rule), or null when it does not.
     */
    static String offRules(JsonNode landed, String department, JsonNode decision) {
        if (!department.equals(landed.path("department").asText())
                || !decision.path("target").equals(landed.path("target"))
                || !decision.path("ruleId").equals(landed.path("ruleId"))) {
            return "department " + landed.path("department") + ", target " + landed.path("target") + " (rule "
                    + landed.path("ruleId") + ")";
        }
        return null;
    }

    /** A RIFF/WAVE file: PCM 16-bit little-endian mono, {@code seconds} of a tone at {@code sampleRate}. */
    static byte[] wav(int sampleRate, int seconds, RandomGenerator random) {
        int samples = sampleRate * seconds;
        int dataBytes = samples * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(US_ASCII)).putInt(36 + dataBytes);
        wav.put("WAVEfmt ".getBytes(US_ASCII)).putInt(16);
        wav.putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2);
        wav.putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes(US_ASCII)).putInt(dataBytes);
        double hz = 200 + random.nextInt(600);
        for (int i = 0; i < samples; i++) {
            double tone = Math.sin(2 * Math.PI * hz * i / sampleRate) * 8000;
            wav.putShort((short) (tone + random.nextInt(200) - 100)); // a little noise: no two files alike
        }
        return wav.array();
    }

    /** Request kinds that answered 5xx during the run: the platform failed, whatever the test expected. */
    static List<String> serverErrors(io.voiceload.load.LoadResult result) {
        List<String> errors = new ArrayList<>();
        result.requests().forEach((name, stats) -> stats.errors().forEach((kind, count) -> {
            if (kind.startsWith("HTTP 5")) {
                errors.add(count + " × " + kind + " on " + name);
            }
        }));
        return errors;
    }
}
