package io.voiceload.suite.pmsconnector;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.http.Http;
import io.voiceload.http.Request;
import io.voiceload.http.Response;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The platform's PMS connector as the {@code pms-connector} category drives it: reservations by confirmation number,
 * searches by last name or guest id, guest profiles read and written ({@code /pms/...}, under each virtual user's own
 * front-desk session; outside the load, one agent's), the bulk sync and the connector's admin view ({@code /pms/sync}, {@code /admin/pms}, as a
 * manager). Each answer is handed back whole: what the connector says of it ({@link #endpoint}, {@link #cache}, {@link
 * #age}, {@link #reasons}) is read from its headers and body by the methods here, so the tests check what the
 * platform did, not what it is assumed to do.
 *
 * <pre>{@code
 * @AutoClose
 * private final PmsApi pms; // = new PmsApi(platform) in the constructor
 *
 * Response r = pms.reservation("GZ-000123");
 * if (PmsApi.cache(r).equals("hit")) { ... }
 * }</pre>
 */
final class PmsApi implements AutoCloseable {
    /**
     * A request still unanswered after this long hangs: far above what the connector may take (1 s per PMS endpoint,
     * two endpoints), so reaching it means a timeout that did not hold.
     */
    static final Duration HANG = Duration.ofSeconds(8);

    static final String BY_CONFIRMATION = "GET /pms/reservations/{confirmation}";
    static final String SEARCH = "GET /pms/reservations";
    static final String GUEST = "GET /pms/guests/{id}";
    static final String UPDATE_GUEST = "PATCH /pms/guests/{id}";

    private final PlatformEndpoint platform;
    private final Http http;
    private volatile String manager;
    private volatile String frontDesk;

    /** The connector of {@code platform}: each virtual user's requests under its own front-desk session. */
    PmsApi(PlatformEndpoint platform) {
        this.platform = platform;
        this.http = Http.builder(platform.baseUrl().toString())
                .requestTimeout(HANG)
                .defaultHeader("Authorization", () -> VirtualUser.current()
                        .map(u -> platform.session(u, UserRole.FRONT_DESK))
                        .orElseGet(this::frontDesk))
                .build();
    }

    /** {@code GET /pms/reservations/{confirmation}}, recorded as {@code name}; any status is handed back. */
    Response reservation(String confirmation, String name) {
        return staff(http.get("/pms/reservations/{confirmation}", confirmation).name(name));
    }

    /** {@code GET /pms/reservations/{confirmation}}, recorded as {@value #BY_CONFIRMATION}. */
    Response reservation(String confirmation) {
        return reservation(confirmation, BY_CONFIRMATION);
    }

    /**
     * {@code GET /pms/reservations?<parameter>=<value>&hotelId=<hotel>} ({@code parameter}: {@code lastName} or
     * {@code guestId}; {@code hotel} null: every hotel), recorded as {@code name}.
     */
    Response search(String parameter, String value, String hotel, String name) {
        Request request = http.get("/pms/reservations").query(parameter, value).name(name);
        if (hotel != null) {
            request.query("hotelId", hotel);
        }
        return staff(request);
    }

    /** {@code GET /pms/guests/{id}}, recorded as {@value #GUEST}. */
    Response guest(String id) {
        return staff(http.get("/pms/guests/{id}", id));
    }

    /**
     * {@code PATCH /pms/guests/{id}} with {@code change}, with {@code If-Match: "<version>"} unless {@code ifMatch} is
     * null; recorded as {@value #UPDATE_GUEST}.
     */
    Response updateGuest(String id, Map<String, ?> change, Long ifMatch) {
        Request request = http.patch("/pms/guests/{id}", id).json(change);
        if (ifMatch != null) {
            request.header("If-Match", "\"" + ifMatch + "\"");
        }
        return staff(request);
    }

    /** {@code POST /pms/sync} as a manager ({@code full}: from the start, else from the stored cursor). */
    Response sync(boolean full) {
        return http.post("/pms/sync")
                .header("Authorization", manager())
                .json(Map.of("full", full))
                .timeout(Duration.ofMinutes(5))
                .allowAnyStatus()
                .send();
    }

    /** {@code GET /admin/pms} as a manager: the breakers, their transitions, the failovers and the cache. */
    JsonNode admin() {
        return http.get("/admin/pms")
                .header("Authorization", manager())
                .expect(200)
                .send()
                .json();
    }

    /** {@code GET /admin/metrics} as a manager: among the platform's figures, {@code pmsBreakers} and {@code pmsFailovers}. */
    JsonNode metrics() {
        return http.get("/admin/metrics")
                .header("Authorization", manager())
                .expect(200)
                .send()
                .json();
    }

    /** {@code POST /admin/pms/reset} as an admin: every breaker closed, its window emptied. */
    JsonNode resetBreakers() {
        return http.post("/admin/pms/reset")
                .header("Authorization", platform.login(UserRole.ADMIN, 0).authorization())
                .expect(200)
                .send()
                .json();
    }

    /** The endpoint {@code name} ({@code primary}, {@code secondary}) of an {@link #admin} view. */
    static JsonNode endpoint(JsonNode admin, String name) {
        for (JsonNode endpoint : admin.path("endpoints")) {
            if (name.equals(endpoint.path("name").asText())) {
                return endpoint;
            }
        }
        throw new AssertionError("GET /admin/pms shows no endpoint " + name + ": " + admin);
    }

    /** Who answered: {@code X-Pms-Endpoint} ({@code primary}, {@code secondary}, {@code cache}); null if unsaid. */
    static String endpoint(Response response) {
        return response.header("X-Pms-Endpoint");
    }

    /** Whether the connector says it failed over for this answer ({@code X-Pms-Failover: true}). */
    static boolean failedOver(Response response) {
        return "true".equalsIgnoreCase(response.header("X-Pms-Failover"));
    }

    /** The cache's part in the answer: {@code X-Cache} ({@code hit}, {@code miss}, {@code stale}); null if unsaid. */
    static String cache(Response response) {
        return response.header("X-Cache");
    }

    /**
     * How old a cached answer is: {@code X-Cache-Age-Ms}, else {@code Age} (whole seconds); empty when the answer says
     * neither.
     */
    static Optional<Duration> age(Response response) {
        String millis = response.header("X-Cache-Age-Ms");
        if (millis != null) {
            return Optional.of(Duration.ofMillis(Long.parseLong(millis.trim())));
        }
        String seconds = response.header("Age");
        return seconds == null ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(seconds.trim())));
    }

    /**
     * Why no endpoint could answer, per endpoint ({@code primary → "circuit open"}), from a {@code 503}'s {@code
     * details.reasons}; empty for any other answer.
     */
    static Map<String, String> reasons(Response response) {
        Map<String, String> reasons = new LinkedHashMap<>();
        if (response.status() == 503) {
            response.json()
                    .path("details")
                    .path("reasons")
                    .properties()
                    .forEach(e -> reasons.put(e.getKey(), e.getValue().asText()));
        }
        return reasons;
    }

    /**
     * {@code response} if the connector may give it: below 500, or {@code 503} with {@code Retry-After} when no PMS
     * endpoint can answer; anything else (a 500, a 502, a 503 that does not say when to retry) is an {@link
     * AssertionError} naming the request.
     */
    static Response resilient(Response response) {
        int status = response.status();
        if (status >= 500 && (status != 503 || response.header("Retry-After") == null)) {
            String text = response.text();
            throw new AssertionError(response.name() + " answered " + status
                    + (status == 503 ? " without Retry-After" : "") + ": "
                    + text.substring(0, Math.min(200, text.length())));
        }
        return response;
    }

    private static Response staff(Request request) {
        return resilient(request.allowAnyStatus().send());
    }

    /** A front-desk session for the reads before and after the load, logged in once. */
    private String frontDesk() {
        String session = frontDesk;
        if (session == null) {
            session = platform.login(UserRole.FRONT_DESK, 0).authorization();
            frontDesk = session;
        }
        return session;
    }

    /** A manager's session, logged in once (a login is a bcrypt check: too slow to repeat for every poll). */
    private String manager() {
        String session = manager;
        if (session == null) {
            session = platform.login(UserRole.MANAGER, 0).authorization();
            manager = session;
        }
        return session;
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * Fails listing {@code problems} (keyed by kind, one line each, sorted by key) under {@code what} and a note on
     * which were kept ({@code kept}); does nothing when there are none.
     */
    static void failOn(Map<String, String> problems, String what, String kept) {
        if (!problems.isEmpty()) {
            throw new AssertionError(what + " (" + problems.size() + ", " + kept + "):\n  "
                    + String.join(
                            "\n  ",
                            new java.util.TreeMap<>(problems)
                                    .entrySet().stream()
                                            .map(e -> e.getKey() + ": " + e.getValue())
                                            .toList()));
        }
    }
}
