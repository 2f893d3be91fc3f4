package io.voiceload.platform.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.junit.SystemSignals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What the platform under test says about itself over one load run, plugged into the framework's
 * {@link SystemSignals} seam by {@link PlatformExtension}: a snapshot of {@code GET /admin/metrics}
 * (cumulative counters and HdrHistograms) before the run and one after, subtracted into the {@code signals}
 * section of the per-test JSON. A platform that answers 401/403/404, does not answer within {@link #TIMEOUT},
 * or restarted in between gives no signals and never fails the test.
 */
final class PlatformSignals implements SystemSignals {
    /** The longest each request of a snapshot (the login, the metrics) may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private final PlatformEndpoint endpoint;

    PlatformSignals(PlatformEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Takes the snapshot before a run; {@link Probe#NONE} when the platform does not answer. */
    @Override
    public Probe before() {
        String authorization = login(endpoint);
        if (authorization == null) {
            return Probe.NONE;
        }
        long takenAt = System.currentTimeMillis(); // as the request leaves: no later than the platform's snapshot
        JsonNode before = fetch(endpoint, authorization);
        return before == null ? Probe.NONE : () -> after(before, takenAt, authorization);
    }

    /** The {@code signals} section (spec: {@code {"platform": {...}}}) over the run, if both snapshots exist. */
    private Optional<ObjectNode> after(JsonNode before, long beforeEpochMs, String authorization) {
        JsonNode after = fetch(endpoint, authorization);
        if (after == null) { // the access token may have expired during a long run
            String again = login(endpoint);
            after = again == null ? null : fetch(endpoint, again);
        }
        return after == null ? Optional.empty() : Optional.of(delta(before, after, beforeEpochMs));
    }

    /** {@link #delta(JsonNode, JsonNode, long)} when the time of {@code before} is not known. */
    static ObjectNode delta(JsonNode before, JsonNode after) {
        return delta(before, after, Long.MIN_VALUE);
    }

    /**
     * {@code {"platform": {"dbPool": {...}, "pmsCache": {...}, "pmsBreakers": {...}, "pmsFailovers": n}}}: the
     * change from {@code before} to {@code after} (two {@code /admin/metrics} answers, the first requested at
     * {@code beforeEpochMs}); a section or key the snapshots do not both have, or that went backwards (a restarted
     * platform), is left out.
     */
    static ObjectNode delta(JsonNode before, JsonNode after, long beforeEpochMs) {
        ObjectNode signals = JSON.createObjectNode();
        ObjectNode platform = signals.putObject("platform");
        dbPool(before.path("dbPool"), after.path("dbPool")).ifPresent(n -> platform.set("dbPool", n));
        pmsCache(before.path("pmsCache"), after.path("pmsCache")).ifPresent(n -> platform.set("pmsCache", n));
        pmsBreakers(before.path("pmsBreakers"), after.path("pmsBreakers"), beforeEpochMs)
                .ifPresent(n -> platform.set("pmsBreakers", n));
        long failovers = after.path("pmsFailovers").asLong(-1)
                - before.path("pmsFailovers").asLong(0);
        if (before.path("pmsFailovers").isIntegralNumber()
                && after.path("pmsFailovers").isIntegralNumber()
                && failovers >= 0) {
            platform.put("pmsFailovers", failovers);
        }
        return signals;
    }

    /**
     * Per PMS endpoint ({@code primary}, {@code secondary}) its circuit breaker over the run: the state at the start
     * and at the end, the calls, failures and calls not permitted (an open breaker's refusals) in between, and the
     * state transitions of the run, oldest first: those at or after {@code beforeEpochMs} that the first snapshot
     * did not already list. An endpoint one snapshot lacks, or whose counts went backwards, is left out.
     */
    private static Optional<ObjectNode> pmsBreakers(JsonNode before, JsonNode after, long beforeEpochMs) {
        if (!before.isObject() || !after.isObject()) {
            return Optional.empty();
        }
        ObjectNode out = JSON.createObjectNode();
        for (var e : after.properties()) {
            JsonNode b = before.path(e.getKey());
            JsonNode a = e.getValue();
            if (!b.isObject() || !a.isObject()) {
                continue;
            }
            ObjectNode n = JSON.createObjectNode();
            n.put("stateAtStart", b.path("state").asText("unknown"));
            n.put("stateAtEnd", a.path("state").asText("unknown"));
            boolean backwards = false;
            for (String counter : new String[] {"calls", "failures", "notPermitted"}) {
                long d = a.path(counter).asLong() - b.path(counter).asLong();
                backwards |= d < 0;
                n.put(counter, d);
            }
            if (backwards) {
                continue; // a restarted platform: its counts and its transitions are another breaker's
            }
            Set<String> known = new HashSet<>();
            b.path("transitions").forEach(t -> known.add(t.toString()));
            ArrayNode transitions = n.putArray("transitions");
            for (JsonNode t : a.path("transitions")) {
                if (t.path("atEpochMs").isIntegralNumber()
                        && t.path("atEpochMs").asLong() >= beforeEpochMs
                        && !known.contains(t.toString())) {
                    ObjectNode kept = transitions.addObject();
                    kept.put(
                            "at",
                            t.path("at")
                                    .asText(Instant.ofEpochMilli(
                                                    t.path("atEpochMs").asLong())
                                            .toString()));
                    kept.put("atEpochMs", t.path("atEpochMs").asLong());
                    kept.put("from", t.path("from").asText("unknown"));
                    kept.put("to", t.path("to").asText("unknown"));
                }
            }
            out.set(e.getKey(), n);
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private static Optional<ObjectNode> dbPool(JsonNode before, JsonNode after) {
        if (!after.isObject()) {
            return Optional.empty();
        }
        ObjectNode n = JSON.createObjectNode();
        if (after.has("maxSize")) {
            n.put("maxSize", after.path("maxSize").asInt());
        }
        Histogram waits = histogramDelta(before, after, "waitNanosHistogram");
        if (waits != null) {
            n.put("acquisitions", waits.getTotalCount());
            if (waits.getTotalCount() > 0) {
                n.put("waitAvgMs", ms(waits.getMean()));
                n.put("waitP99Ms", ms(waits.getValueAtPercentile(99)));
                n.put("waitMaxMs", ms(waits.getMaxValue()));
            }
        }
        long timeouts =
                after.path("timeouts").asLong(-1) - before.path("timeouts").asLong(0);
        if (after.has("timeouts") && before.has("timeouts") && timeouts >= 0) {
            n.put("timeouts", timeouts);
        }
        Histogram pending = histogramDelta(before, after, "pendingHistogram");
        if (pending != null) {
            n.put("maxPending", pending.getTotalCount() == 0 ? 0 : pending.getMaxValue());
        }
        return n.isEmpty() ? Optional.empty() : Optional.of(n);
    }

    private static Optional<ObjectNode> pmsCache(JsonNode before, JsonNode after) {
        if (!before.isObject() || !after.isObject()) {
            return Optional.empty();
        }
        long hits = after.path("hits").asLong() - before.path("hits").asLong();
        long misses = after.path("misses").asLong() - before.path("misses").asLong();
        if (hits < 0 || misses < 0) {
            return Optional.empty();
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("hits", hits);
        n.put("misses", misses);
        if (hits + misses > 0) {
            n.put("hitRatio", (double) hits / (hits + misses));
        }
        return Optional.of(n);
    }

    /**
     * after − before, or null when either is missing or after does not contain before. The histograms of
     * {@code /admin/metrics} are base64 of HdrHistogram's compressed encoding.
     */
    private static Histogram histogramDelta(JsonNode before, JsonNode after, String key) {
        if (!before.path(key).isTextual() || !after.path(key).isTextual()) {
            return null;
        }
        try {
            Histogram a = Histogram.fromString(after.path(key).asText());
            Histogram b = Histogram.fromString(before.path(key).asText());
            if (a.getTotalCount() < b.getTotalCount()) {
                return null;
            }
            a.subtract(b);
            return a;
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | DataFormatException e) {
            return null; // a restarted platform (counts went backwards), or not a histogram
        }
    }

    private static double ms(double nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    /**
     * {@code Bearer …} of the first configured manager (else admin), or null when none can log in: refused, an
     * error status, no answer within {@link #TIMEOUT}.
     */
    private static String login(PlatformEndpoint endpoint) {
        for (UserRole role : new UserRole[] {UserRole.MANAGER, UserRole.ADMIN}) {
            if (endpoint.credentials().pool(role.wireName()).isEmpty()) {
                continue;
            }
            try {
                return endpoint.login(role, 0, TIMEOUT).authorization();
            } catch (IllegalStateException | UncheckedIOException e) {
                // this role cannot log in: try the next
            }
        }
        return null;
    }

    private static JsonNode fetch(PlatformEndpoint endpoint, String authorization) {
        return send(HttpRequest.newBuilder(endpoint.resolve("/admin/metrics"))
                .header("Authorization", authorization)
                .GET());
    }

    /** The answer's JSON on 200; null on anything else, a timeout or an I/O error. */
    private static JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    HTTP.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
