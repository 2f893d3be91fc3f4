package io.voiceload.suite.concurrentcalls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import io.voiceload.suite.support.ServerErrors;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;

/**
 * Call routing and transfer under load on the seeded demo hotels: each virtual user creates a call, answers
 * it, routes it ({@code POST /calls/{id}/route}, which must land where {@code GET /routing/decide} says for
 * the call's own department), asks {@code GET /routing/decide} where a department of that hotel goes for the
 * call's language at a random time of day, and transfers the call there at the same instant. The transfer's answer and, after
 * the run, the stored call read back through {@code GET /calls/{id}} must land exactly where the rules said:
 * same department, target and rule. A 5xx anywhere fails the test.
 */
@ConcurrentCalls
class CallRoutingLoadIT {
    static final String DECIDE = "GET /routing/decide";
    static final String ROUTE = "POST /calls/{id}/route";
    static final String TRANSFER = "POST /calls/{id}/transfer";

    private static final List<String> HOTELS = List.of("grand-zurich", "harbour-sydney", "lakeside-chicago");
    /**
     * Departments some seeded rule of each hotel names; three in four transfers go to one of these (the rest to
     * any department, mostly the fallback queue), so most transfers are decided by a rule.
     */
    private static final Map<String, List<String>> RULED = Map.of(
            "grand-zurich", List.of("front_desk", "concierge", "housekeeping", "room_service", "reservations"),
            "harbour-sydney", List.of("front_desk", "concierge", "room_service"),
            "lakeside-chicago", List.of("front_desk", "spa"));
    /** Languages that some seeded rule matches (ja, de, fr, zh, es), and some that none does. */
    private static final List<String> LANGUAGES = List.of("en", "en-US", "de", "de-CH", "fr-CH", "ja", "zh", "es");

    private final PlatformEndpoint platform;
    /** Each virtual user's requests under its own front-desk session. */
    @AutoClose
    private final CallsApi calls;

    /** What the rules said for each transferred call, by call id. */
    private final Map<String, Expected> expected = new ConcurrentHashMap<>();
    /** Transfers whose answer already disagreed with the rules, by call id. */
    private final Map<String, String> misrouted = new ConcurrentHashMap<>();

    /** A transfer's input and the decision {@code GET /routing/decide} gave for it. */
    record Expected(String department, String at, JsonNode decision) {}

    CallRoutingLoadIT(PlatformEndpoint platform) {
        this.platform = platform;
        this.calls = CallsApi.eachUserAs(platform, UserRole.FRONT_DESK);
    }

    @LoadTest(users = 10, requests = 5, warmupIterations = 8)
    @Slo(request = DECIDE, p99 = "1s", errorRate = 0)
    @Slo(request = ROUTE, p99 = "1s", errorRate = 0)
    @Slo(request = TRANSFER, p99 = "1s", errorRate = 0)
    void decideAndTransfer(VirtualUser user) {
        RandomGenerator random = user.random();
        String hotel = HOTELS.get(random.nextInt(HOTELS.size()));
        String language = LANGUAGES.get(random.nextInt(LANGUAGES.size()));
        Map<String, String> call = new HashMap<>(CallsApi.newCall(hotel, random));
        call.put("language", language);
        String id = calls.createCall(call);
        for (String type : List.of("started", "answered")) {
            calls.post("/calls/{id}/events", id)
                    .json(Map.of("type", type))
                    .expect(201)
                    .send();
        }
        // Answered: route the call by the rules for its own department, as an agent desk would.
        String at = randomMinuteOfDay(random);
        JsonNode routed = calls.post("/calls/{id}/route", id)
                .json(Map.of("at", at))
                .expect(200)
                .send()
                .json();
        JsonNode ownDecision = decide(hotel, call.get("department"), language, at);
        String wrongRoute = CallsApi.offRules(routed.path("decision"), call.get("department"), ownDecision);
        if (wrongRoute != null) {
            misrouted.put(id, "routed on answer to " + wrongRoute + " where the rules say " + ownDecision);
        }

        List<String> ruled = RULED.get(hotel);
        String department = random.nextInt(4) < 3
                ? ruled.get(random.nextInt(ruled.size()))
                : CallsApi.DEPARTMENTS.get(random.nextInt(CallsApi.DEPARTMENTS.size()));
        at = randomMinuteOfDay(random);
        JsonNode decision = decide(hotel, department, language, at);
        expected.put(id, new Expected(department, at, decision));

        JsonNode transferred = calls.post("/calls/{id}/transfer", id)
                .json(Map.of("department", department, "at", at))
                .expect(200)
                .send()
                .json();
        String wrong = CallsApi.offRules(transferred.path("decision"), department, decision);
        if (wrong != null) {
            misrouted.merge(id, "answered " + wrong, (a, b) -> a + "; " + b);
        }
    }

    /** A minute of one day: night windows, opening hours and the time zones all come into play. */
    private static String randomMinuteOfDay(RandomGenerator random) {
        return Instant.parse("2026-11-22T00:00:00Z")
                .plusSeconds(60L * random.nextInt(24 * 60))
                .toString();
    }

    private JsonNode decide(String hotel, String department, String language, String at) {
        return calls.get("/routing/decide")
                .query("hotelId", hotel)
                .query("department", department)
                .query("language", language)
                .query("at", at)
                .expect(200)
                .send()
                .json();
    }

    @AfterEach
    void everyTransferLandsWhereTheRulesSay(LoadResult result) throws Exception {
        assertThat(result.request(DECIDE).successes())
                .as("successful routing decisions")
                .isPositive();
        assertThat(result.request(ROUTE).successes()).as("successful routes").isPositive();
        assertThat(result.request(TRANSFER).successes())
                .as("successful transfers")
                .isPositive();
        assertThat(ServerErrors.in(result)).as("5xx answers").isEmpty();

        long byRule = expected.values().stream()
                .filter(e -> !e.decision().path("fallback").asBoolean())
                .count();
        System.out.println("[routing] " + expected.size() + " transfers checked: " + byRule + " by a rule, "
                + (expected.size() - byRule) + " to the fallback queue");

        String authorization = platform.login(UserRole.MANAGER, 1).authorization();
        Map<String, String> wrong = new ConcurrentHashMap<>(misrouted);
        calls.readEach(expected.keySet(), authorization, "/calls/{id}", (id, call) -> {
            String problem = stored(call, expected.get(id));
            if (problem != null) {
                wrong.merge(id, "stored " + problem, (x, y) -> x + "; " + y);
            }
        });
        if (!wrong.isEmpty()) {
            String first = wrong.keySet().stream().sorted().findFirst().orElseThrow();
            Expected rules = expected.get(first);
            throw new AssertionError("transfers landed where the rules do not say in " + wrong.size() + " of "
                    + expected.size() + " calls; e.g. call " + first + " transferred to " + rules.department()
                    + " at " + rules.at() + ", rules say " + rules.decision().path("target") + " (rule "
                    + rules.decision().path("ruleId") + "), but it " + wrong.get(first));
        }
    }

    /** What is wrong with the stored call's last routing entry and target, or null when nothing is. */
    private static String stored(JsonNode call, Expected rules) {
        JsonNode routing = call.path("routing");
        if (!routing.isArray() || routing.isEmpty()) {
            return "no routing entry";
        }
        JsonNode last = routing.get(routing.size() - 1);
        if (!"transfer".equals(last.path("kind").asText())) {
            return "a last routing entry of kind " + last.path("kind");
        }
        String wrong = CallsApi.offRules(last, rules.department(), rules.decision());
        if (wrong != null) {
            return wrong;
        }
        if (!rules.decision().path("target").equals(call.path("target"))) {
            return "target " + call.path("target");
        }
        return null;
    }
}
