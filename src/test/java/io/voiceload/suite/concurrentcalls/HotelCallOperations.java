package io.voiceload.suite.concurrentcalls;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.http.Request;
import io.voiceload.http.Response;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import io.voiceload.suite.support.Recordings;
import io.voiceload.suite.support.StoredVsAcknowledged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The five operations of {@link MixedOperationsLoadIT}, each checking the platform's answer as it goes and
 * keeping what it sent, so that {@link #verify} can read the stored state back after the run and name what
 * is wrong (lost calls, events out of order, audio that differs, transfers that land elsewhere).
 *
 * <p>Who sends what: a call is always opened ({@code POST /calls}) by the virtual user under its own role
 * (a guest is the caller). A staff user (front desk, manager) sends the staff-only requests (events,
 * lookups, routing, recordings) under its own session; for a guest's call those are sent by the
 * platform's voice service with the configured service key ({@code X-API-Key}, role front desk), as the
 * telephony side of a real deployment would. A guest's {@code audio} operation is what a caller hears:
 * {@code POST /tts} under its own session; a staff user's is a recording uploaded and downloaded.
 *
 * <p>It sends through a client of its own, without default credentials (every request here names who sends
 * it), which {@link #close()} closes.
 */
final class HotelCallOperations implements AutoCloseable {
    static final String EVENT = "POST /calls/{id}/events";
    static final String TRANSFER = "POST /calls/{id}/transfer";
    static final String DECIDE = "GET /routing/decide";
    static final String LOOKUP = "GET /calls/{id}";
    static final String UPLOAD = "PUT /calls/{id}/audio";
    static final String DOWNLOAD = "GET /calls/{id}/audio";
    static final String TTS = "POST /tts";

    private static final List<List<String>> SCENARIOS = List.of(
            List.of("started", "ringing", "answered", "ended"),
            List.of("started", "ringing", "answered", "on_hold", "answered", "ended"),
            List.of("started", "answered", "on_hold", "answered", "ended"));
    private static final List<String> ROUTED_HOTELS = List.of("grand-zurich", "harbour-sydney", "lakeside-chicago");
    private static final List<String> ROUTED_LANGUAGES = List.of("en", "de", "de-CH", "fr-CH", "ja", "zh", "es");
    private static final List<String> TEXTS =
            List.of("Good evening, how may I help you?", "Checkout is at noon", "Your table is ready");
    private static final String KNOWN_CALLS = "mix.knownCalls";
    private static final int MAX_KNOWN_CALLS = 32;

    private final PlatformEndpoint platform;
    private final CallsApi calls;
    private final String hotel;

    /** Calls opened by create_call, for the count of stored calls. */
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    /** Events each call of post_event was sent, in order, by call id. */
    private final Map<String, List<String>> sentEvents = new ConcurrentHashMap<>();
    /** What the rules said for each transferred call, by call id. */
    private final Map<String, Transfer> transfers = new ConcurrentHashMap<>();
    /** Wrong answers seen during the run, by kind, then call id. */
    private final Map<String, Map<String, String>> wrong = new ConcurrentHashMap<>();

    /** A transfer's input and the decision {@code GET /routing/decide} gave for it. */
    record Transfer(String department, String at, JsonNode decision) {}

    /** A call this user opened and what it was opened with, for lookups. */
    private record KnownCall(String id, Map<String, String> sent) {}

    /** @param hotel a hotel id no other run uses: create_call's calls are counted there */
    HotelCallOperations(PlatformEndpoint platform, String hotel) {
        this.platform = platform;
        this.calls = CallsApi.withoutCredentials(platform);
        this.hotel = hotel;
    }

    /** create_call: opens a call under the user's own role; the answer must echo it as a new call. */
    void createCall(VirtualUser user, UserRole role) {
        String id = open(user, role, hotel, null);
        created.add(id);
    }

    /** post_event: opens a call and drives it through a scenario; each answer must be the event in sequence. */
    void postEvent(VirtualUser user, UserRole role) {
        String id = open(user, role, hotel + "-ev", null);
        List<String> sent = new ArrayList<>();
        sentEvents.put(id, sent); // only this user's thread writes it; read after the run
        for (String type : SCENARIOS.get(user.random().nextInt(SCENARIOS.size()))) {
            JsonNode event = staff(calls.post("/calls/{id}/events", id), user, role)
                    .json(Map.of("type", type))
                    .expect(201)
                    .send()
                    .json();
            sent.add(type);
            if (!type.equals(event.path("type").asText())
                    || event.path("sequence").asInt() != sent.size()) {
                problem("event answers", id, "event " + type + " #" + sent.size() + " was answered as " + event);
            }
        }
    }

    /** lookup: reads back a call this user opened; every field it was opened with must be as sent. */
    void lookup(VirtualUser user, UserRole role) {
        List<KnownCall> known = known(user);
        if (known.isEmpty()) {
            open(user, role, hotel + "-lk", null);
        }
        KnownCall call = known.get(user.random().nextInt(known.size()));
        JsonNode fetched = staff(calls.get("/calls/{id}", call.id()), user, role)
                .expect(200)
                .send()
                .json();
        call.sent().forEach((field, value) -> {
            if (!value.equals(fetched.path(field).asText())) {
                problem(
                        "lookups",
                        call.id(),
                        field + " = " + fetched.path(field) + " but the call was opened with " + value);
            }
        });
        if (!call.id().equals(fetched.path("id").asText())) {
            problem("lookups", call.id(), "answered another call: " + fetched.path("id"));
        }
    }

    /**
     * audio: a guest hears a synthesised text (the WAV must last 65 ms per code point); staff upload a
     * generated recording and download it, which must equal the upload byte for byte.
     */
    void audio(VirtualUser user, UserRole role) {
        RandomGenerator random = user.random();
        int sampleRate = random.nextBoolean() ? 8000 : 16000;
        if (role == UserRole.GUEST) {
            String text = TEXTS.get(random.nextInt(TEXTS.size()));
            Response tts = own(calls.post("/tts"), user, role)
                    .json(Map.of("text", text, "sampleRate", sampleRate))
                    .expect(200)
                    .send();
            long ms = text.codePointCount(0, text.length()) * 65L;
            long bytes = 44 + ms * sampleRate / 1000 * 2;
            if (!String.valueOf(ms).equals(tts.header("X-Audio-Duration-Ms")) || tts.bodyLength() != bytes) {
                problem(
                        "TTS answers",
                        "tts-" + user.id() + "-" + user.iteration(),
                        "\"" + text + "\" at "
                                + sampleRate + " Hz answered " + tts.bodyLength() + " bytes and X-Audio-Duration-Ms "
                                + tts.header("X-Audio-Duration-Ms") + ", expected " + bytes + " bytes, " + ms + " ms");
            }
            return;
        }
        String id = open(user, role, hotel + "-au", null);
        byte[] wav = Recordings.wav(sampleRate, 1 + random.nextInt(2), random);
        own(calls.put("/calls/{id}/audio", id), user, role)
                .body(wav, "audio/wav")
                .expect(201)
                .send();
        byte[] downloaded = own(calls.get("/calls/{id}/audio", id), user, role)
                .expect(200)
                .send()
                .bodyBytes();
        if (!Arrays.equals(wav, downloaded)) {
            int at = Arrays.mismatch(wav, downloaded);
            problem(
                    "audio downloads",
                    id,
                    downloaded.length + " bytes differ from the upload of " + wav.length
                            + " bytes (first difference at byte " + at + ")");
        }
    }

    /**
     * transfer: opens a call in a seeded hotel, answers it, asks {@code GET /routing/decide} where a
     * department goes at a random minute of the day, and transfers it there at that instant: the answer
     * (and after the run the stored call) must land where the rules said.
     */
    void transfer(VirtualUser user, UserRole role) {
        RandomGenerator random = user.random();
        String routedHotel = ROUTED_HOTELS.get(random.nextInt(ROUTED_HOTELS.size()));
        String language = ROUTED_LANGUAGES.get(random.nextInt(ROUTED_LANGUAGES.size()));
        String id = open(user, role, routedHotel, language);
        for (String type : List.of("started", "answered")) {
            staff(calls.post("/calls/{id}/events", id), user, role)
                    .json(Map.of("type", type))
                    .expect(201)
                    .send();
        }
        String department = CallsApi.DEPARTMENTS.get(random.nextInt(CallsApi.DEPARTMENTS.size()));
        String at = Instant.parse("2026-11-22T00:00:00Z")
                .plusSeconds(60L * random.nextInt(24 * 60))
                .toString();
        JsonNode decision = staff(calls.get("/routing/decide"), user, role)
                .query("hotelId", routedHotel)
                .query("department", department)
                .query("language", language)
                .query("at", at)
                .expect(200)
                .send()
                .json();
        transfers.put(id, new Transfer(department, at, decision));
        JsonNode landed = staff(calls.post("/calls/{id}/transfer", id), user, role)
                .json(Map.of("department", department, "at", at))
                .expect(200)
                .send()
                .json()
                .path("decision");
        String off = CallsApi.offRules(landed, department, decision);
        if (off != null) {
            problem(
                    "transfers",
                    id,
                    "answered " + off + " but the rules say " + decision.path("target") + " (rule "
                            + decision.path("ruleId") + ")");
        }
    }

    /**
     * Reads back what the run stored and reports each kind of wrong answer as one line naming how many
     * calls and one example: stored calls not exactly the created ones, events not in the order sent,
     * transfers stored elsewhere than the rules said, and what the operations saw during the run.
     *
     */
    List<String> verify() throws Exception {
        String manager = platform.login(UserRole.MANAGER, 0).authorization();
        StoredVsAcknowledged stored = StoredVsAcknowledged.compare(
                created,
                calls.callsOf(hotel, manager).stream()
                        .map(c -> c.path("id").asText())
                        .toList());
        List<String> problems = new ArrayList<>();
        if (!stored.exactly(created.size())) {
            problems.add("wrong count of stored calls for hotel " + hotel + ": " + stored.stored() + " stored but "
                    + created.size() + " create_call succeeded; "
                    + stored.lost().size() + " lost (e.g. "
                    + stored.lostSample() + "), "
                    + stored.extra().size() + " extra");
        }

        calls.readEach(sentEvents.keySet(), manager, "/calls/{id}/events", (id, answer) -> {
            List<String> events = new ArrayList<>();
            answer.path("items").forEach(e -> events.add(e.path("type").asText()));
            if (!events.equals(sentEvents.get(id))) {
                problem("stored events", id, "was sent " + sentEvents.get(id) + " but stores " + events);
            }
        });
        calls.readEach(transfers.keySet(), manager, "/calls/{id}", (id, call) -> {
            Transfer t = transfers.get(id);
            JsonNode routing = call.path("routing");
            JsonNode last = routing.isArray() && !routing.isEmpty() ? routing.get(routing.size() - 1) : null;
            String off = last == null ? "no routing entry" : CallsApi.offRules(last, t.department(), t.decision());
            if (off == null && !t.decision().path("target").equals(call.path("target"))) {
                off = "target " + call.path("target");
            }
            if (off != null) {
                problem(
                        "stored transfers",
                        id,
                        "transferred to " + t.department() + " at " + t.at() + " stores " + off + " but the rules say "
                                + t.decision().path("target"));
            }
        });

        String[][] kinds = {
            {"stored events", "wrong order of stored events in %d of " + sentEvents.size() + " calls"},
            {"event answers", "events answered out of sequence in %d of " + sentEvents.size() + " calls"},
            {"transfers", "transfers answered where the rules do not say in %d of " + transfers.size() + " calls"},
            {"stored transfers", "transfers stored where the rules do not say in %d of " + transfers.size() + " calls"},
            {"audio downloads", "audio downloads differ from the upload in %d calls"},
            {"TTS answers", "TTS answers of the wrong length: %d"},
            {"lookups", "lookups answered other values than the call was opened with in %d calls"}
        };
        for (String[] kind : kinds) {
            Map<String, String> byCall = wrong.getOrDefault(kind[0], Map.of());
            if (!byCall.isEmpty()) {
                String first = new TreeMap<>(byCall).firstKey();
                problems.add(String.format(kind[1], byCall.size()) + "; e.g. call " + first + " " + byCall.get(first));
            }
        }
        return problems;
    }

    @Override
    public void close() {
        calls.close();
    }

    /** Opens a call under the user's own role, checks the answer and remembers it for lookups. */
    private String open(VirtualUser user, UserRole role, String hotelId, String language) {
        Map<String, String> call = new HashMap<>(CallsApi.newCall(hotelId, user.random()));
        if (language != null) {
            call.put("language", language);
        }
        JsonNode answer = own(calls.post("/calls"), user, role)
                .json(call)
                .expect(201)
                .send()
                .json();
        String id = answer.path("id").asText();
        if (!"created".equals(answer.path("status").asText())
                || !hotelId.equals(answer.path("hotelId").asText())) {
            problem("lookups", id, "POST /calls answered " + answer);
        }
        List<KnownCall> known = known(user);
        if (known.size() == MAX_KNOWN_CALLS) {
            known.remove(user.random().nextInt(known.size()));
        }
        known.add(new KnownCall(id, Map.copyOf(call)));
        return id;
    }

    @SuppressWarnings("unchecked")
    private static List<KnownCall> known(VirtualUser user) {
        return (List<KnownCall>) user.attributes().computeIfAbsent(KNOWN_CALLS, k -> new ArrayList<KnownCall>());
    }

    /** The request under the user's own session. */
    private Request own(Request request, VirtualUser user, UserRole role) {
        return request.header("Authorization", platform.session(user, role));
    }

    /** A staff-only request: the staff user's own session, or the service key on a guest's behalf. */
    private Request staff(Request request, VirtualUser user, UserRole role) {
        return role == UserRole.GUEST ? request.header("X-API-Key", platform.apiKey()) : own(request, user, role);
    }

    private void problem(String kind, String callId, String what) {
        wrong.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).merge(callId, what, (a, b) -> a + "; " + b);
    }
}
