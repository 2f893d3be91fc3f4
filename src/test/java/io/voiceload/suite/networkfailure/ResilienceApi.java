package io.voiceload.suite.networkfailure;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.http.Http;
import io.voiceload.http.Response;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import io.voiceload.suite.support.ReadBack;
import io.voiceload.suite.support.StoredCalls;
import io.voiceload.suite.support.WriteOutcomes;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The platform as the {@code network-failure} category drives it while its dependencies misbehave: one request per
 * dependency (a call written to Postgres, a call read through the Redis cache, a guest's reservations searched in the
 * upstream PMS, the agent's own session checked in Redis), each accepting only what a resilient platform may answer:
 * its answer, or {@code 503} with {@code Retry-After} while a dependency it needs is down, and never a {@code 500}
 * or a wait beyond {@link #HANG}. Writes are known by a key of the client's choosing and judged with three outcomes
 * ({@link WriteOutcomes}); a write whose outcome is unknown is retried once with the same {@code Idempotency-Key},
 * so that a retry can never store it twice.
 *
 * <p>Requests carry the platform's API key (checked in Postgres, so a Redis outage does not stop them) or, with
 * {@link Credentials#SESSION}, each virtual user's own front-desk session (a token checked against Redis, so a
 * Postgres outage reaches the route itself); {@link #me} always carries the session.
 *
 * <pre>{@code
 * @AutoClose
 * private final ResilienceApi api; // = new ResilienceApi(platform, "nf-latency") in the constructor
 *
 * String id = api.createCall(user.random());     // ok, failed or indeterminate: recorded in api.writes()
 * if (id != null) api.readCall(id);
 * api.searchReservations(user.random());
 * }</pre>
 */
final class ResilienceApi implements AutoCloseable {
    /**
     * A request still unanswered after this long hangs: far above the platform's own timeouts (its pool waits at
     * most 2 s for a connection and 3 s for a query's answer, its PMS client 1 s for each of the two endpoints), so a
     * request reaching it means a timeout that did not hold.
     */
    static final Duration HANG = Duration.ofSeconds(8);

    private static final String DEGRADED = "network-failure.degraded";

    private final PlatformEndpoint platform;
    private final Http service;
    private final Http staff;
    private final String hotel;
    private final WriteOutcomes writes = new WriteOutcomes();
    private final WriteOutcomes events = new WriteOutcomes();
    private final Map<String, Map<String, String>> sent = new ConcurrentHashMap<>();
    private final AtomicLong nextKey = new AtomicLong();

    /** Who the category's requests are sent as. */
    enum Credentials {
        /** The platform's API key, checked in Postgres. */
        API_KEY,
        /** Each virtual user's own front-desk session, its token checked against Redis. */
        SESSION
    }

    /** The API of {@code platform} under its API key, writing calls for {@code hotel} (a hotel of this test's own). */
    ResilienceApi(PlatformEndpoint platform, String hotel) {
        this(platform, hotel, Credentials.API_KEY);
    }

    /** The API of {@code platform} with {@code credentials}, writing calls for {@code hotel}. */
    ResilienceApi(PlatformEndpoint platform, String hotel, Credentials credentials) {
        this.platform = platform;
        this.hotel = hotel;
        this.staff = Http.builder(platform.baseUrl().toString())
                .requestTimeout(HANG)
                .defaultHeader("Authorization", () -> VirtualUser.current()
                        .map(u -> platform.session(u, UserRole.FRONT_DESK))
                        .orElse(null))
                .build();
        this.service = credentials == Credentials.SESSION
                ? staff
                : Http.builder(platform.baseUrl().toString())
                        .requestTimeout(HANG)
                        .defaultHeader("X-API-Key", platform.apiKey())
                        .build();
    }

    /** This test's hotel: every call it writes belongs to it. */
    String hotel() {
        return hotel;
    }

    /** The calls written so far, keyed by caller number, with what the client knows of each. */
    WriteOutcomes writes() {
        return writes;
    }

    /** The events posted so far, keyed {@code <call id>/<type>}, with what the client knows of each. */
    WriteOutcomes events() {
        return events;
    }

    /** The call sent under {@code key} (its caller number): the fields the stored call must have, byte for byte. */
    Map<String, String> sent(String key) {
        return sent.get(key);
    }

    /**
     * Opens a call for this test's hotel under a fresh key (its caller number), retrying once with the same
     * {@code Idempotency-Key} when the outcome is unknown. Returns the call's id when acknowledged, else null.
     */
    String createCall(RandomGenerator random) {
        long n = nextKey.incrementAndGet();
        String key = callerNumber(n);
        Map<String, String> call = Map.of(
                "hotelId",
                hotel,
                "callerNumber",
                key,
                "direction",
                random.nextBoolean() ? "inbound" : "outbound",
                "language",
                List.of("en", "de", "fr-CH").get(random.nextInt(3)),
                "department",
                List.of("front_desk", "concierge", "reservations").get(random.nextInt(3)));
        sent.put(key, call);
        for (int attempt = 1; attempt <= 2; attempt++) {
            Response response = writes.attempt(
                    key,
                    () -> resilient(service.post("/calls")
                            .header("Idempotency-Key", key)
                            .json(call)
                            .allowAnyStatus()
                            .send()));
            if (response != null && response.status() == 201) {
                JsonNode created = response.json();
                for (var field : call.entrySet()) {
                    if (!field.getValue().equals(created.path(field.getKey()).asText())) {
                        throw new AssertionError("POST /calls answered " + field.getKey() + " = "
                                + created.path(field.getKey()) + " for a call sent with " + field.getValue());
                    }
                }
                return created.path("id").asText();
            }
            if (writes.outcome(key) == WriteOutcomes.Outcome.INDETERMINATE && attempt == 1) {
                continue; // unknown: once more with the same key, which the platform must not store twice
            }
            return null;
        }
        return null;
    }

    /**
     * Posts event {@code type} ({@code started}, {@code ringing}, …) to call {@code callId}, keyed {@code
     * <callId>/<type>}. Not retried: the call's state machine refuses a repeated event, so a retry after an unknown
     * outcome could not tell "already applied" from "refused".
     */
    void postEvent(String callId, String type) {
        events.attempt(
                callId + "/" + type,
                () -> resilient(service.post("/calls/{id}/events", callId)
                        .json(Map.of("type", type))
                        .allowAnyStatus()
                        .send()));
    }

    /** The keys ({@code <call id>/<type>}) of every event stored for {@code callIds}, one per stored event. */
    List<String> storedEvents(Collection<String> callIds) throws Exception {
        List<String> keys = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ReadBack.each(service, callIds, manager(), "/calls/{id}/events", (id, body) -> body.path("items")
                .forEach(e -> keys.add(id + "/" + e.path("type").asText())));
        return keys;
    }

    /**
     * One visit of the category's usual iteration, across every dependency: a call written (Postgres, and the Redis
     * cache), read back (Redis, else Postgres), and a guest's reservations searched (the PMS).
     */
    void visit(RandomGenerator random) {
        String id = createCall(random);
        if (id != null) {
            readCall(id);
        }
        searchReservations(random);
    }

    /** The caller number that keys write {@code n}: unique within the test's hotel, valid E.164. */
    static String callerNumber(long n) {
        return String.format(Locale.ROOT, "+4144%07d", n);
    }

    /** {@code GET /calls/{id}}: through the Redis cache, else Postgres. */
    Response readCall(String id) {
        Response r = resilient(service.get("/calls/{id}", id).allowAnyStatus().send());
        if (r.status() == 200 && !id.equals(r.json().path("id").asText())) {
            throw new AssertionError("GET /calls/" + id + " answered another call: " + r.text());
        }
        return r;
    }

    /**
     * {@code GET /pms/reservations?guestId=}: always a round trip to the upstream PMS (searches are not cached).
     * Every reservation answered must be the guest's.
     */
    Response searchReservations(RandomGenerator random) {
        String guest = String.format(Locale.ROOT, "G-%06d", 1 + random.nextInt(3_000));
        Response r = resilient(service.get("/pms/reservations")
                .query("guestId", guest)
                .allowAnyStatus()
                .send());
        if (r.status() == 200) {
            for (JsonNode reservation : r.json().path("items")) {
                if (!guest.equals(reservation.path("guestId").asText())) {
                    throw new AssertionError("GET /pms/reservations?guestId=" + guest + " answered a reservation of "
                            + reservation.path("guestId").asText());
                }
            }
        }
        return r;
    }

    /** {@code GET /auth/me} under the virtual user's own session: the session is checked in Redis. */
    Response me() {
        return resilient(staff.get("/auth/me").allowAnyStatus().send());
    }

    /**
     * {@code response} if a resilient platform may give it: below 500, or 503 with {@code Retry-After}; anything else
     * (a 500, a 502, a 503 that does not say when to retry) is an {@link AssertionError} naming the request. A 503 is
     * noted on the virtual user: its iteration ends {@linkplain #endIteration degraded}.
     */
    static Response resilient(Response response) {
        int status = response.status();
        if (status >= 500 && (status != 503 || response.header("Retry-After") == null)) {
            throw new AssertionError(response.name() + " answered " + status
                    + (status == 503 ? " without Retry-After" : "") + ": "
                    + response.text().substring(0, Math.min(200, response.text().length())));
        }
        if (status == 503) {
            VirtualUser.current().ifPresent(u -> u.attributes().merge(DEGRADED, response.name(), (a, b) -> a));
        }
        return response;
    }

    /**
     * Ends an iteration: one in which the platform answered a 503 (it degraded as it should, but the user was not
     * served) fails as {@link Degraded}, so that the iterations' error rate is the share of users not served, which
     * the phase SLOs and the time to recover judge.
     */
    void endIteration() {
        VirtualUser.current().ifPresent(u -> {
            Object first = u.attributes().remove(DEGRADED);
            if (first != null) {
                throw new Degraded("503 with Retry-After on " + first);
            }
        });
    }

    /** An iteration the platform answered, degraded: some request got a 503 with {@code Retry-After}. */
    static final class Degraded extends RuntimeException {
        Degraded(String message) {
            super(message, null, false, false);
        }
    }

    /** Every call stored for this test's hotel, read back as a manager once the faults are healed. */
    List<JsonNode> storedCalls() {
        return StoredCalls.of(service, hotel, manager());
    }

    private String manager() {
        return platform.login(UserRole.MANAGER, 0).authorization();
    }

    @Override
    public void close() {
        try (staff) {
            if (service != staff) {
                service.close();
            }
        }
    }
}
