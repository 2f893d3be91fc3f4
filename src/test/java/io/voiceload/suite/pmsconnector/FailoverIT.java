package io.voiceload.suite.pmsconnector;

import io.voiceload.http.Response;
import io.voiceload.junit.LoadTest;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.PmsUpstream;
import io.voiceload.platform.pms.simulator.PmsFaultPlan;
import io.voiceload.platform.pms.simulator.PmsSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.TestReporter;

/**
 * Failover to the secondary PMS while front-desk searches run: the primary is taken away three times, for {@value
 * #OUTAGE_MS} ms each, in the three ways a real PMS goes away: it refuses connections, it answers slower than the
 * connector's 1 s request timeout, it answers {@code 500}. Each time the searches move to the secondary (their answers
 * say {@code X-Pms-Endpoint: secondary} and {@code X-Pms-Failover: true}); the failover time (the last answer from the
 * primary → the first from the secondary) is at most {@value #FAILOVER_SLO_MS} ms and no search fails in between or
 * during the outage: the connector fails over within the request. Once the primary is back and its breaker has waited
 * out its open state, the searches return to it.
 */
@PmsConnector
class FailoverIT {
    static final String SEARCH = "search by guest id";
    static final long OUTAGE_MS = 2_500;
    /** The connector's request timeout (1 s) plus room for a loaded machine: a slow primary is given up on by then. */
    static final long FAILOVER_SLO_MS = 1_600;

    /** Every answer half a second past the connector's 1 s request timeout. */
    private static final PmsFaultPlan SLOW =
            PmsFaultPlan.builder().fixedDelay(Duration.ofMillis(1_500)).build();
    /** Every answer a 500. */
    private static final PmsFaultPlan ERRORING =
            PmsFaultPlan.builder().errors(1.0, 500).build();

    private static final List<String> OUTAGES = List.of("refused", "slow", "erroring");

    @AutoClose
    private final PmsApi pms;

    private final PmsUpstream upstream;
    private final Timeline timeline;
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    /** The platform's count of calls the secondary answered ({@code /admin/metrics} {@code pmsFailovers}), before. */
    private final long failoversBefore;

    /** One search's answer: when it came, its status, who answered and whether the connector said it failed over. */
    record Answer(long nanos, int status, String endpoint, boolean failover) {}

    FailoverIT(PlatformEndpoint platform, PmsUpstream upstream) {
        this.pms = new PmsApi(platform);
        this.upstream = upstream;
        pms.resetBreakers();
        this.failoversBefore = pms.metrics().path("pmsFailovers").asLong();
        PmsSimulator primary = upstream.primary();
        this.timeline = new Timeline()
                .at("2s", "refused", primary::refuseConnections)
                .at("4500ms", "refused healed", primary::acceptConnections)
                .at("8s", "slow", () -> primary.faults(SLOW))
                .at("10500ms", "slow healed", primary::clearFaults)
                .at("14s", "erroring", () -> primary.faults(ERRORING))
                .at("16500ms", "erroring healed", primary::clearFaults)
                .at("20s", "end", () -> {});
    }

    @LoadTest(users = 6, duration = "21s", warmupIterations = 2, thinkTime = "5ms")
    void search(VirtualUser user) {
        timeline.advance(user);
        String guest = String.format(Locale.ROOT, "G-%06d", 1 + user.random().nextInt(3_000));
        Response r = pms.search("guestId", guest, null, SEARCH);
        answers.add(new Answer(System.nanoTime(), r.status(), PmsApi.endpoint(r), PmsApi.failedOver(r)));
    }

    @AfterEach
    void searchesMovedAndCameBack(LoadResult result, TestReporter reporter) {
        heal();
        long ended = System.nanoTime();
        long waitMs = PmsApi.endpoint(pms.admin(), "primary")
                .path("breaker")
                .path("waitInOpenStateMs")
                .asLong();
        List<Answer> all = new ArrayList<>(answers);
        List<String> problems = new ArrayList<>();
        Map<String, String> figures = new LinkedHashMap<>();
        for (int i = 0; i < OUTAGES.size(); i++) {
            String outage = OUTAGES.get(i);
            long start = timeline.step(outage).takenAtNanos();
            if (start == 0) {
                continue; // the run ended first: said below
            }
            long healed = orElse(timeline.step(outage + " healed").takenAtNanos(), ended);
            long next = orElse(
                    i + 1 < OUTAGES.size()
                            ? timeline.step(OUTAGES.get(i + 1)).takenAtNanos()
                            : timeline.step("end").takenAtNanos(),
                    ended);

            Answer firstSecondary = all.stream()
                    .filter(a -> a.nanos() >= start && a.status() == 200 && "secondary".equals(a.endpoint()))
                    .findFirst()
                    .orElse(null);
            if (firstSecondary == null) {
                problems.add(outage + " primary: no search was answered by the secondary");
                continue;
            }
            Answer lastPrimary = all.stream()
                    .filter(a ->
                            a.nanos() < firstSecondary.nanos() && a.status() == 200 && "primary".equals(a.endpoint()))
                    .reduce((a, b) -> b)
                    .orElse(null);
            long failoverMs = lastPrimary == null
                    ? -1
                    : Duration.ofNanos(firstSecondary.nanos() - lastPrimary.nanos())
                            .toMillis();
            long failedBetween = all.stream()
                    .filter(a -> lastPrimary != null
                            && a.nanos() > lastPrimary.nanos()
                            && a.nanos() <= firstSecondary.nanos()
                            && a.status() != 200)
                    .count();
            long failedDuring = all.stream()
                    .filter(a -> a.nanos() >= start && a.nanos() < next && a.status() != 200)
                    .count();
            long secondaryAnswers = all.stream()
                    .filter(a -> a.nanos() >= start && a.nanos() < healed && "secondary".equals(a.endpoint()))
                    .count();
            long notMarked = all.stream()
                    .filter(a -> "secondary".equals(a.endpoint()) && !a.failover())
                    .count();
            // Healed: once the breaker has waited out its open state and its probes passed, the primary answers.
            long back = healed + Duration.ofMillis(waitMs + 1_000).toNanos();
            List<Answer> afterwards = all.stream()
                    .filter(a -> a.nanos() >= back && a.nanos() < next)
                    .toList();
            long notPrimary = afterwards.stream()
                    .filter(a -> !"primary".equals(a.endpoint()))
                    .count();
            String figure = String.format(
                    Locale.ROOT,
                    "failover time %d ms, %d searches failed in between (%d during the outage), %d answered by the"
                            + " secondary; %d of %d searches from %d ms after the heal answered by the primary",
                    failoverMs,
                    failedBetween,
                    failedDuring,
                    secondaryAnswers,
                    afterwards.size() - notPrimary,
                    afterwards.size(),
                    waitMs + 1_000);
            figures.put(outage + " primary", figure);
            System.out.println("[pms failover] " + outage + " primary: " + figure);

            if (lastPrimary == null) {
                problems.add(outage + " primary: no search was answered by the primary before it went away");
            } else if (failoverMs > FAILOVER_SLO_MS) {
                problems.add(outage + " primary: failover time " + failoverMs + " ms, required ≤ " + FAILOVER_SLO_MS
                        + " ms");
            }
            if (failedDuring > 0) {
                problems.add(outage + " primary: " + failedDuring + " searches failed during the outage ("
                        + failedBetween + " between the last primary and the first secondary answer), required 0:"
                        + " the secondary was up");
            }
            if (notMarked > 0 && i == 0) {
                problems.add(notMarked + " answers of the secondary do not say X-Pms-Failover: true");
            }
            boolean nextTaken = i + 1 < OUTAGES.size()
                    ? timeline.step(OUTAGES.get(i + 1)).takenAtNanos() != 0
                    : timeline.step("end").takenAtNanos() != 0;
            if (notPrimary > 0 || (afterwards.isEmpty() && nextTaken)) {
                problems.add(outage + " primary: after the heal " + notPrimary + " of " + afterwards.size()
                        + " searches were still answered elsewhere: traffic did not return to the primary");
            }
        }
        // The platform's own count of failovers is the client's: every answer of the secondary, and no other.
        long counted = pms.metrics().path("pmsFailovers").asLong() - failoversBefore;
        long bySecondary =
                all.stream().filter(a -> "secondary".equals(a.endpoint())).count();
        figures.put(
                "failovers",
                counted + " counted by the platform (/admin/metrics pmsFailovers), " + bySecondary
                        + " answers from the secondary");
        System.out.println("[pms failover] " + figures.get("failovers"));
        if (counted != bySecondary) {
            problems.add("/admin/metrics counts " + counted + " failovers (pmsFailovers) where " + bySecondary
                    + " searches were answered by the secondary");
        }
        reporter.publishEntry(figures);
        if (!timeline.missed().isEmpty()) {
            problems.add("the run ended before " + timeline.missed() + ": those outages were not tried");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(
                    "failover went wrong (" + problems.size() + "):\n  " + String.join("\n  ", problems));
        }
    }

    private static long orElse(long nanos, long otherwise) {
        return nanos == 0 ? otherwise : nanos;
    }

    private void heal() {
        upstream.primary().clearFaults();
        upstream.primary().acceptConnections();
    }
}
