package io.voiceload.suite.pmsconnector;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.http.Response;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.PmsUpstream;
import io.voiceload.platform.pms.simulator.PmsFaultPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.TestReporter;

/**
 * The circuit breakers under a failure burst: front-desk searches (never cached, each a round trip to the PMS) run
 * while both PMS endpoints fail for {@value #BURST_MS} ms (each answer a {@code 500} after 200 ms). Each breaker opens (seen in {@code /admin/pms} and in the
 * {@code 503} answers' {@code details.reasons}: {@code circuit open}); the calls while both are open are refused
 * without waiting on the PMS, fast ({@code p99 ≤} {@value #SHORT_CIRCUIT_P99}); after the connector's wait in the open
 * state the breakers let probes through (half-open), and once the PMS has recovered they close, and every search is
 * answered again. The breakers' state timeline, closed → open → half-open → closed, is recorded both as {@code
 * /admin/pms} was seen to change (polled) and as the platform lists its transitions, and published with the result.
 */
@PmsConnector
class CircuitBreakerIT {
    static final String SEARCH = "search by guest id";
    static final String SHORT_CIRCUITED = "answer while both breakers are open";
    static final String SHORT_CIRCUIT_P99 = "20ms";
    static final long BURST_MS = 3_000;

    /**
     * The burst: every answer a {@code 500}, after 200 ms, so that a call that reaches the PMS is slow and one the
     * breaker refuses is not.
     */
    private static final PmsFaultPlan BURST = PmsFaultPlan.builder()
            .fixedDelay(Duration.ofMillis(200))
            .errors(1.0, 500)
            .build();

    @AutoClose
    private final PmsApi pms;

    @AutoClose
    private final BreakerWatch watch;

    private final PmsUpstream upstream;
    private final Timeline timeline;
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final LongAdder shortCircuited = new LongAdder();

    /** One search's answer: when it came, its status, and the reasons of a 503. */
    record Answer(long nanos, int status, Map<String, String> reasons) {}

    CircuitBreakerIT(PlatformEndpoint platform, PmsUpstream upstream) {
        this.pms = new PmsApi(platform);
        this.upstream = upstream;
        pms.resetBreakers(); // the windows start empty, whatever ran before
        this.watch = new BreakerWatch(pms);
        this.timeline = new Timeline()
                .at("2s", "failure burst", () -> {
                    upstream.primary().faults(BURST);
                    upstream.secondary().faults(BURST);
                })
                .at(BURST_MS + 2_000 + "ms", "recovery", () -> {
                    upstream.primary().clearFaults();
                    upstream.secondary().clearFaults();
                });
    }

    @LoadTest(users = 4, duration = "12s", warmupIterations = 2, thinkTime = "5ms")
    @Slo(request = SHORT_CIRCUITED, p99 = SHORT_CIRCUIT_P99)
    void search(VirtualUser user) {
        timeline.advance(user);
        String guest = String.format(Locale.ROOT, "G-%06d", 1 + user.random().nextInt(3_000));
        Response r = pms.search("guestId", guest, null, SEARCH);
        Map<String, String> reasons = PmsApi.reasons(r);
        answers.add(new Answer(System.nanoTime(), r.status(), reasons));
        if (r.status() == 503
                && !reasons.isEmpty()
                && reasons.values().stream().allMatch(reason -> reason.startsWith("circuit open"))) {
            shortCircuited.increment();
            user.record(SHORT_CIRCUITED, r.latency(), null);
        }
    }

    @AfterEach
    void breakersOpenShortCircuitAndClose(LoadResult result, TestReporter reporter) throws Exception {
        upstream.primary().clearFaults(); // healed whatever happened
        upstream.secondary().clearFaults();
        String probed = probeIdleSecondary();
        watch.close();
        long burst = timeline.step("failure burst").takenAtNanos();
        long recovery = timeline.step("recovery").takenAtNanos();
        if (burst == 0 || recovery == 0) {
            throw new AssertionError("the run ended before " + timeline.missed() + ": the breakers were not tried");
        }
        JsonNode admin = pms.admin();
        long waitMs = PmsApi.endpoint(admin, "primary")
                .path("breaker")
                .path("waitInOpenStateMs")
                .asLong();

        if (!probed.isEmpty()) {
            System.out.println("[pms breaker] " + probed);
            reporter.publishEntry("idle breaker probed", probed);
        }
        String seen = watch.describe(burst);
        System.out.println("[pms breaker] seen in /admin/pms (from the burst): " + seen);
        if (!seen.isEmpty()) {
            reporter.publishEntry("breaker timeline (seen, from the burst)", seen);
        }
        String listed = transitions(admin, burst);
        System.out.println("[pms breaker] transitions /admin/pms lists (from the burst): " + listed);
        if (!listed.isEmpty()) {
            reporter.publishEntry("breaker transitions (platform, from the burst)", listed);
        }

        List<String> problems = new ArrayList<>();
        for (Answer a : answers) {
            if (a.nanos() < burst && a.status() != 200) {
                problems.add("before the burst a search answered " + a.status() + " " + a.reasons());
                break;
            }
        }
        for (Answer a : answers) {
            if (a.status() == 503 && a.reasons().keySet().size() < 2) {
                problems.add("a 503 whose details.reasons does not name both endpoints: " + a.reasons());
                break;
            }
        }
        // Healed, the breakers wait out their open state, probe, close: from then on every search is answered.
        long settled = recovery + Duration.ofMillis(waitMs + 1_500).toNanos();
        long after = 0;
        for (Answer a : answers) {
            if (a.nanos() > settled) {
                after++;
                if (a.status() != 200) {
                    problems.add("a search " + (a.nanos() - recovery) / 1_000_000 + " ms after the recovery answered "
                            + a.status() + " " + a.reasons());
                    break;
                }
            }
        }
        if (after == 0) {
            problems.add("no search ran after the breakers should have closed: the run is too short to see it");
        }
        if (shortCircuited.sum() == 0) {
            problems.add("no answer during the burst was short-circuited (every endpoint \"circuit open\"): the"
                    + " breakers never opened");
        }
        for (String endpoint : List.of("primary", "secondary")) {
            // Polled, a half-open state of a few milliseconds (its probes answered at once) slips between two polls:
            // the platform's own list of transitions below is the one that must show it.
            List<String> states = watch.states(endpoint);
            if (!inOrder(states, List.of("closed", "open", "closed"))) {
                problems.add("the " + endpoint + "'s breaker was seen " + states
                        + " in /admin/pms, not closed → open → closed");
            }
            List<String> platformStates = listedStates(admin, endpoint, epochMs(burst));
            if (!inOrder(platformStates, List.of("closed", "open", "half_open", "closed"))) {
                problems.add("/admin/pms lists the " + endpoint + "'s transitions as " + platformStates
                        + ", not closed → open → half_open → closed");
            }
            JsonNode e = PmsApi.endpoint(admin, endpoint);
            if (e.path("notPermitted").asLong() == 0) {
                problems.add("/admin/pms counts no call the " + endpoint + "'s breaker refused (notPermitted 0)");
            }
            if (!"closed".equals(e.path("state").asText())) {
                problems.add("the " + endpoint + "'s breaker is " + e.path("state") + " at the end, not closed");
            }
        }
        String shortCircuitP99 = result.requests().containsKey(SHORT_CIRCUITED)
                ? String.format(
                        Locale.ROOT,
                        "%.2f ms",
                        result.request(SHORT_CIRCUITED).percentile(99).toNanos() / 1e6)
                : "none recorded";
        String figure =
                shortCircuited.sum() + " of " + answers.size() + " searches short-circuited, p99 " + shortCircuitP99;
        System.out.println("[pms breaker] " + figure);
        reporter.publishEntry("short-circuited answers", figure);
        if (!problems.isEmpty()) {
            throw new AssertionError("the circuit breakers misbehaved (" + problems.size() + "):\n  "
                    + String.join("\n  ", problems) + "\nseen: " + seen);
        }
    }

    /**
     * Probes a secondary left half-open with nothing to let through: once the primary's breaker has closed, every call
     * goes to the primary and the secondary's breaker waits half-open for calls that never come (a run longer than the
     * recovery, e.g. under the heavy profile, ends there). The primary answers {@code 503} for four searches, which
     * fail over to the secondary: its breaker lets its probes through and must close on them. Four failures leave the
     * primary's window (10 calls, opening at 50 %) closed.
     *
     * @return what was done, empty when nothing needed it
     */
    private String probeIdleSecondary() throws InterruptedException {
        JsonNode admin = pms.admin();
        if (!"half_open"
                        .equals(PmsApi.endpoint(admin, "secondary")
                                .path("state")
                                .asText())
                || !"closed"
                        .equals(PmsApi.endpoint(admin, "primary").path("state").asText())) {
            return "";
        }
        int bySecondary = 0;
        upstream.primary().down();
        try {
            for (int i = 0; i < 4; i++) {
                Response r = pms.search("guestId", "G-000001", null, "probe of the idle secondary");
                if (r.status() == 200 && "secondary".equals(PmsApi.endpoint(r))) {
                    bySecondary++;
                }
            }
        } finally {
            upstream.primary().up();
        }
        Thread.sleep(3 * BreakerWatch.POLL_MS); // the watch sees the state the probes left
        return "the secondary, idle half-open since the primary closed, was probed: " + bySecondary
                + " of 4 searches answered by it with the primary answering 503";
    }

    /** Whether {@code expected} occurs in {@code states} in order (not necessarily adjacent). */
    static boolean inOrder(List<String> states, List<String> expected) {
        int i = 0;
        for (String s : states) {
            if (i < expected.size() && s.equals(expected.get(i))) {
                i++;
            }
        }
        return i == expected.size();
    }

    /**
     * The states the platform lists an endpoint's breaker went through since {@code sinceEpochMs}: the first {@code
     * from}, then each {@code to}.
     */
    private static List<String> listedStates(JsonNode admin, String endpoint, long sinceEpochMs) {
        List<String> states = new ArrayList<>();
        for (JsonNode t : PmsApi.endpoint(admin, endpoint).path("transitions")) {
            if (t.path("atEpochMs").asLong() < sinceEpochMs) {
                continue;
            }
            if (states.isEmpty()) {
                states.add(t.path("from").asText());
            }
            states.add(t.path("to").asText());
        }
        return states;
    }

    /** The wall-clock instant (epoch ms) of {@code nanos}, a {@link System#nanoTime()} of the recent past. */
    private static long epochMs(long nanos) {
        return System.currentTimeMillis() - (System.nanoTime() - nanos) / 1_000_000;
    }

    private static String transitions(JsonNode admin, long originNanos) {
        List<String> parts = new ArrayList<>();
        long originEpochMs = epochMs(originNanos);
        for (JsonNode endpoint : admin.path("endpoints")) {
            for (JsonNode t : endpoint.path("transitions")) {
                if (t.path("atEpochMs").asLong() < originEpochMs) {
                    continue;
                }
                parts.add(String.format(
                        Locale.ROOT,
                        "%s %s→%s at %.2fs",
                        endpoint.path("name").asText(),
                        t.path("from").asText(),
                        t.path("to").asText(),
                        (t.path("atEpochMs").asLong() - originEpochMs) / 1000.0));
            }
        }
        return String.join(", ", parts);
    }
}
