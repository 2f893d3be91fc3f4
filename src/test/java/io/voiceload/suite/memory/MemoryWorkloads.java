package io.voiceload.suite.memory;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.config.TargetCredentials;
import io.voiceload.http.Http;
import io.voiceload.http.Response;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import io.voiceload.suite.support.PlatformClients;
import io.voiceload.suite.support.Recordings;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The platform's work as the {@code memory} category loads it: four kinds of request, each checked for what the
 * platform did (not only that it answered), over fast clients of the front desk, of guests logging in, and without
 * credentials. One instance per test class; closing it closes the clients.
 *
 * <ul>
 *   <li>{@link #callLifecycle}: a call opened, driven through its events and ended; the stored call says ended and
 *       has exactly the events posted;
 *   <li>{@link #audio}: a recording uploaded and downloaded, the download byte for byte the upload (its SHA-256), and a
 *       synthetic TTS answer of the length its duration implies;
 *   <li>{@link #auth}: a guest's login, {@code /auth/me} naming that guest, a logout, and the token refused after it;
 *   <li>{@link #pmsLookup}: a reservation looked up by confirmation number, the answer that reservation.
 * </ul>
 */
final class MemoryWorkloads implements AutoCloseable {

    /** The hotel whose calls the category opens (a seeded demo hotel every front-desk agent belongs to). */
    static final String HOTEL = "hotel-demo";

    private static final List<String> PMS_PREFIXES = List.of("GZ", "HS", "LC");

    private final Http frontDesk;
    private final Http anonymous;
    private final TargetCredentials.UserPool guests;

    MemoryWorkloads(PlatformEndpoint platform) {
        this.frontDesk = PlatformClients.eachUserAs(platform, UserRole.FRONT_DESK);
        this.anonymous = PlatformClients.withoutCredentials(platform);
        this.guests = platform.credentials()
                .pool(UserRole.GUEST.wireName())
                .orElseThrow(() -> new IllegalStateException("target.credentials has no guest users"));
    }

    /** The events {@link #callLifecycle} posts, in order, before it ends the call. */
    static final List<String> LIFECYCLE_EVENTS = List.of("started", "ringing", "answered", "on_hold", "answered");

    /**
     * Opens a call, posts its events, ends it, and reads it back: ended, with exactly the events posted and the end, in
     * order.
     */
    void callLifecycle(VirtualUser user) {
        String id = openCall(user.random());
        for (String type : LIFECYCLE_EVENTS) {
            frontDesk
                    .post("/calls/{id}/events", id)
                    .json(Map.of("type", type))
                    .expect(201)
                    .send();
        }
        frontDesk.post("/calls/{id}/end", id).expect(200).send();
        JsonNode call = frontDesk.get("/calls/{id}", id).expect(200).send().json();
        if (!"ended".equals(call.path("status").asText())) {
            throw new AssertionError("call " + id + " is " + call.path("status") + " after POST /calls/{id}/end");
        }
        List<String> stored = new java.util.ArrayList<>();
        frontDesk
                .get("/calls/{id}/events", id)
                .expect(200)
                .send()
                .json()
                .path("items")
                .forEach(e -> stored.add(e.path("type").asText()));
        List<String> expected = new java.util.ArrayList<>(LIFECYCLE_EVENTS);
        expected.add("ended");
        if (!stored.equals(expected)) {
            throw new AssertionError("call " + id + " stored the events " + stored + " for " + expected + " posted");
        }
    }

    /**
     * Uploads a recording of {@code seconds} seconds (16 kHz, 32,000 bytes a second), downloads it (the same bytes, by
     * SHA-256, and the ETag the upload answered), and synthesizes {@code ttsCharacters} characters of speech (a WAV
     * whose data length matches its announced duration). Returns the bytes moved: uploaded + downloaded + synthesized.
     */
    long audio(VirtualUser user, int seconds, int ttsCharacters) {
        String id = openCall(user.random());
        byte[] wav = Recordings.wav(16_000, seconds, user.random());
        String sha = sha256(wav);
        Response up = frontDesk
                .put("/calls/{id}/audio", id)
                .body(wav, "audio/wav")
                .expect(201)
                .send();
        if (!sha.equals(up.json().path("sha256").asText())) {
            throw new AssertionError("PUT /calls/" + id + "/audio stored SHA-256 "
                    + up.json().path("sha256") + " for an upload of SHA-256 " + sha);
        }
        Response down = frontDesk.get("/calls/{id}/audio", id).expect(200).send();
        byte[] body = down.bodyBytes();
        if (body.length != wav.length || !sha.equals(sha256(body))) {
            throw new AssertionError("GET /calls/" + id + "/audio answered " + body.length + " bytes of SHA-256 "
                    + sha256(body) + " for an upload of " + wav.length + " bytes of SHA-256 " + sha);
        }
        String text = "Good evening, thank you for calling. "
                .repeat(ttsCharacters / 37 + 1)
                .substring(0, ttsCharacters);
        Response tts = frontDesk
                .post("/tts")
                .json(Map.of("text", text, "sampleRate", 16000))
                .expect(200)
                .send();
        long durationMs = Long.parseLong(tts.header("X-Audio-Duration-Ms"));
        long expectedData = durationMs * 32; // 16,000 samples a second of 2 bytes
        long data = tts.bodyLength() - 44L;
        if (Math.abs(data - expectedData) > 64) {
            throw new AssertionError("POST /tts answered " + data + " bytes of samples for " + durationMs
                    + " ms of speech (16 kHz, 16-bit: " + expectedData + " expected)");
        }
        return wav.length * 2L + tts.bodyLength();
    }

    /** A guest logs in, {@code /auth/me} names the guest, the guest logs out, and the token is refused after it. */
    void auth(VirtualUser user) {
        // Spread over the guest pool: the platform limits logins per username (20 a minute).
        String username = guests.username(1 + (int) ((user.id() * 7919L + user.iteration()) % guests.count()));
        JsonNode login = anonymous
                .post("/auth/login")
                .json(Map.of("username", username, "password", guests.password()))
                .expect(200)
                .send()
                .json();
        String bearer = "Bearer " + login.path("accessToken").asText();
        JsonNode me = anonymous
                .get("/auth/me")
                .header("Authorization", bearer)
                .expect(200)
                .send()
                .json();
        if (!username.equals(me.path("subject").asText())) {
            throw new AssertionError("GET /auth/me after " + username + " logged in named " + me);
        }
        anonymous
                .post("/auth/logout")
                .header("Authorization", bearer)
                .expect(204)
                .send();
        anonymous
                .get("/auth/me")
                .header("Authorization", bearer)
                .name("GET /auth/me after logout")
                .expect(401)
                .send();
    }

    /** Looks a reservation up by its confirmation number; the answer must be that reservation. */
    void pmsLookup(VirtualUser user) {
        RandomGenerator random = user.random();
        String confirmation =
                String.format(Locale.ROOT, "%s-%06d", PMS_PREFIXES.get(random.nextInt(3)), 1 + random.nextInt(1_800));
        JsonNode r = frontDesk
                .get("/pms/reservations/{confirmation}", confirmation)
                .expect(200)
                .send()
                .json();
        if (!confirmation.equals(r.path("confirmationNumber").asText())) {
            throw new AssertionError("GET /pms/reservations/" + confirmation + " answered " + r);
        }
    }

    /** Opens a call in {@link #HOTEL}; {@code POST /calls} must answer 201. */
    String openCall(RandomGenerator random) {
        return frontDesk
                .post("/calls")
                .json(Map.of(
                        "hotelId",
                        HOTEL,
                        "callerNumber",
                        "+4144" + (1_000_000 + random.nextInt(9_000_000)),
                        "direction",
                        "inbound",
                        "language",
                        "en",
                        "department",
                        "front_desk"))
                .expect(201)
                .send()
                .json()
                .path("id")
                .asText();
    }

    /** The front desk's client, for other requests of a test. */
    Http frontDesk() {
        return frontDesk;
    }

    @Override
    public void close() {
        frontDesk.close();
        anonymous.close();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
