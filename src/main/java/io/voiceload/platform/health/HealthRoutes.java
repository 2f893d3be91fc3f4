package io.voiceload.platform.health;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.lettuce.core.api.StatefulRedisConnection;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.http.Json;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * {@code GET /health/live}: 200 while the process serves. {@code GET /health/ready}: Postgres
 * {@code SELECT 1}, Redis {@code PING} and the modules' checks (the PMS, ...), run in parallel, each
 * with its status and latency; 503 when one fails or takes longer than {@link #CHECK_TIMEOUT}.
 */
public final class HealthRoutes {

    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final StatefulRedisConnection<String, String> redis;
    private final Map<String, Callable<Void>> moreChecks;

    /**
     * @param moreChecks checks besides Postgres and Redis (the PMS, ...), by name; a check fails by
     *     throwing
     */
    public HealthRoutes(
            DataSource dataSource,
            StatefulRedisConnection<String, String> redis,
            Map<String, Callable<Void>> moreChecks) {
        this.dataSource = dataSource;
        this.redis = redis;
        this.moreChecks = Map.copyOf(moreChecks);
    }

    public void install(RoutesConfig routes) {
        routes.get("/health/live", ctx -> Json.respond(ctx, 200, Map.of("status", "up")), Role.ANYONE);
        routes.get("/health/ready", this::ready, Role.ANYONE);
    }

    private void ready(Context ctx) throws InterruptedException {
        Map<String, Callable<Void>> all = new LinkedHashMap<>();
        all.put("postgres", this::selectOne);
        all.put("redis", this::ping);
        new TreeMap<>(moreChecks).forEach(all::putIfAbsent);
        Map<String, Object> checks = new LinkedHashMap<>();
        try (ExecutorService checkers = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<Map<String, Object>>> running = new LinkedHashMap<>();
            all.forEach((name, check) -> running.put(name, checkers.submit(() -> timed(check))));
            for (Map.Entry<String, Future<Map<String, Object>>> check : running.entrySet()) {
                checks.put(check.getKey(), await(check.getValue()));
            }
            // Do not wait for a stuck check when the executor closes.
            running.values().forEach(f -> f.cancel(true));
        }
        boolean up = checks.values().stream().allMatch(c -> "up".equals(((Map<?, ?>) c).get("status")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "up" : "down");
        body.put("checks", checks);
        Json.respond(ctx, up ? 200 : 503, body);
    }

    private Void selectOne() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.setQueryTimeout((int) CHECK_TIMEOUT.toSeconds());
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
        }
        return null;
    }

    private Void ping() throws Exception {
        String answer = redis.async().ping().get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!"PONG".equals(answer)) {
            throw new IllegalStateException("PING answered " + answer);
        }
        return null;
    }

    private static Map<String, Object> timed(Callable<Void> check) {
        long start = System.nanoTime();
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            check.call();
            result.put("status", "up");
        } catch (Exception e) {
            result.put("status", "down");
            result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        result.put("latencyMs", (System.nanoTime() - start) / 1_000_000.0);
        return result;
    }

    private static Map<String, Object> await(Future<Map<String, Object>> check) throws InterruptedException {
        long start = System.nanoTime();
        try {
            return check.get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("status", "down");
            result.put("error", "no answer within " + CHECK_TIMEOUT.toMillis() + " ms");
            result.put("latencyMs", (System.nanoTime() - start) / 1_000_000.0);
            return result;
        } catch (ExecutionException e) {
            throw new IllegalStateException("health check failed unexpectedly", e.getCause());
        }
    }
}
