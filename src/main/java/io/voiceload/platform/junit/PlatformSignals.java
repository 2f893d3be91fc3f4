package io.voiceload.platform.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.junit.SystemSignals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
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
        JsonNode before = fetch(endpoint, authorization);
        return before == null ? Probe.NONE : () -> after(before, authorization);
    }

    /** The {@code signals} section (spec: {@code {"platform": {...}}}) over the run, if both snapshots exist. */
    private Optional<ObjectNode> after(JsonNode before, String authorization) {
        JsonNode after = fetch(endpoint, authorization);
        if (after == null) { // the access token may have expired during a long run
            String again = login(endpoint);
            after = again == null ? null : fetch(endpoint, again);
        }
        return after == null ? Optional.empty() : Optional.of(delta(before, after));
    }

    /**
     * {@code {"platform": {"dbPool": {...}, "pmsCache": {...}}}}: the change from {@code before} to
     * {@code after} (two {@code /admin/metrics} answers); a section or key the snapshots do not both
     * have, or that went backwards (a restarted platform), is left out.
     */
    static ObjectNode delta(JsonNode before, JsonNode after) {
        ObjectNode signals = JSON.createObjectNode();
        ObjectNode platform = signals.putObject("platform");
        dbPool(before.path("dbPool"), after.path("dbPool")).ifPresent(n -> platform.set("dbPool", n));
        pmsCache(before.path("pmsCache"), after.path("pmsCache")).ifPresent(n -> platform.set("pmsCache", n));
        return signals;
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
