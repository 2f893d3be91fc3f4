package io.voiceload.platform.pms;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.http.Json;
import io.voiceload.platform.module.PlatformContext;
import io.voiceload.platform.module.PlatformModule;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The PMS connector: reservation lookups, guest profiles (read through a Redis cache, updated through
 * to the PMS), bulk synchronisation of reservations into Postgres, and {@code /admin/pms}, over an
 * upstream PMS with a circuit breaker per endpoint and failover from primary to secondary (see
 * {@code docs/api.md, "PMS connector"}).
 *
 * <p>Without a configured PMS ({@link PmsOptions#configured()} false) the same routes exist and answer
 * 503 {@code pms_not_configured} ({@code /admin/pms} answers {@code {"configured": false}}); the rest
 * of the platform is unaffected.
 *
 * <p>Readiness check {@code pms}: up when at least one endpoint answers {@code GET /health} (probed
 * outside the breakers, within {@link #PROBE_TIMEOUT} each), so a primary outage with a working
 * secondary does not make the platform unready; down only when no endpoint answers. There is no such
 * check when no PMS is configured.
 */
public final class PmsModule implements PlatformModule {

    /** Time the readiness probe gives each PMS endpoint. */
    public static final Duration PROBE_TIMEOUT = Duration.ofMillis(800);

    private final PmsClient client;
    private final PmsCache cache;
    private final PmsRoutes routes;

    /** Opens the PMS client when {@code options} name a PMS; otherwise opens nothing. */
    public PmsModule(PlatformContext context, PmsOptions options) {
        this(context, options, PmsFaults.NONE);
    }

    /** As {@link #PmsModule(PlatformContext, PmsOptions)}, misbehaving as {@code faults} say (test only). */
    public PmsModule(PlatformContext context, PmsOptions options, PmsFaults faults) {
        if (options.configured()) {
            client = new PmsClient(options, faults);
            cache = new PmsCache(context.redis(), options.cacheTtl(), options.staleIfError());
            routes = new PmsRoutes(
                    client,
                    cache,
                    new ReservationSync(
                            context.dataSource(), client, options.syncPageSize(), faults.syncDuplicatesPage()),
                    faults);
        } else {
            client = null;
            cache = null;
            routes = null;
        }
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.exception(PmsUnavailableException.class, (e, ctx) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.code());
            body.put("status", 503);
            body.put("details", e.details());
            if (!e.code().equals("pms_not_configured")) {
                // An outage, as every dependency outage of the platform (ErrorResponses): retry in a second.
                ctx.header("Retry-After", "1");
            }
            Json.respond(ctx, 503, body);
        });
        config.routes.exception(PmsBadAnswerException.class, (e, ctx) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "pms_bad_answer");
            body.put("status", 502);
            body.put("details", e.details());
            Json.respond(ctx, 502, body);
        });
        if (routes != null) {
            routes.install(config.routes);
        } else {
            installUnconfigured(config.routes);
        }
    }

    private static void installUnconfigured(RoutesConfig routes) {
        Handler refuse = ctx -> {
            throw PmsUnavailableException.notConfigured();
        };
        routes.get("/pms/reservations/{confirmation}", refuse, Role.STAFF);
        routes.get("/pms/reservations", refuse, Role.STAFF);
        routes.get("/pms/guests/{id}", refuse, Role.STAFF);
        routes.patch("/pms/guests/{id}", refuse, Role.STAFF);
        routes.post("/pms/sync", refuse, Role.MANAGER, Role.ADMIN);
        routes.post("/admin/pms/reset", refuse, Role.ADMIN);
        routes.get("/admin/pms", ctx -> Json.respond(ctx, 200, Map.of("configured", false)), Role.MANAGER, Role.ADMIN);
    }

    @Override
    public Map<String, Callable<Void>> readinessChecks() {
        if (client == null) {
            return Map.of();
        }
        return Map.of("pms", () -> {
            client.probe(PROBE_TIMEOUT);
            return null;
        });
    }

    /**
     * When a PMS is configured: {@code pmsCache}, cumulative cache hits and misses of the read-through lookups;
     * {@code pmsBreakers}, per endpoint its breaker's state, recent transitions and cumulative calls, failures
     * and calls the breaker refused, while open or half-open ({@code notPermitted}); {@code pmsFailovers}, calls answered by the
     * secondary.
     *
     * <pre class="language-json">{@code
     * "pmsBreakers": {"primary": {"state": "closed", "transitions": [{"at": "2026-01-05T10:00:00.120Z",
     *                   "atEpochMs": 1767607200120, "from": "closed", "to": "open"}, ...],
     *                 "calls": 120, "failures": 8, "notPermitted": 30},
     *                 "secondary": {...}},
     * "pmsFailovers": 38
     * }</pre>
     */
    @Override
    public Map<String, Object> metrics() {
        if (cache == null) {
            return Map.of();
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("pmsCache", Map.of("hits", cache.hits(), "misses", cache.misses()));
        Map<String, Object> breakers = new LinkedHashMap<>();
        for (PmsClient.Endpoint endpoint : client.endpoints()) {
            Map<String, Object> breaker = new LinkedHashMap<>();
            breaker.put("state", endpoint.state());
            breaker.put("transitions", PmsRoutes.transitions(endpoint));
            breaker.put("calls", endpoint.calls.sum());
            breaker.put("failures", endpoint.failures.sum());
            breaker.put("notPermitted", endpoint.notPermitted.sum());
            breakers.put(endpoint.name, breaker);
        }
        metrics.put("pmsBreakers", breakers);
        metrics.put("pmsFailovers", client.failovers());
        return metrics;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
