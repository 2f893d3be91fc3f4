package io.voiceload.suite.memory;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.http.Http;
import io.voiceload.infra.PostgresEndpoint;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * The platform's connections as it reports them ({@code GET /admin/metrics}: its JDBC pool's active, idle and waiting
 * connections, its open Redis connections) and as Postgres sees them ({@code pg_stat_activity}: the server processes
 * serving the test database), read between loads. Postgres is asked directly (not through the proxy), on a connection
 * of its own that it leaves out of the count.
 */
final class PoolGauges implements AutoCloseable {

    /** One reading. {@code backends} is -1 when the suite's Postgres is not known (a deployment of its own). */
    record Reading(int active, int idle, int pending, int maxSize, int redisConnections, int backends) {
        @Override
        public String toString() {
            return "JDBC pool " + active + " active, " + idle + " idle of " + maxSize + ", " + pending + " waiting; "
                    + redisConnections + " Redis connections"
                    + (backends < 0 ? "" : "; " + backends + " Postgres backends");
        }
    }

    private final PlatformEndpoint platform;
    private final Http http;
    private String authorization;

    PoolGauges(PlatformEndpoint platform) {
        this.platform = platform;
        this.http = Http.builder(platform.baseUrl().toString())
                .requestTimeout(Duration.ofSeconds(5))
                .build();
    }

    Reading read() {
        if (authorization == null) {
            authorization = platform.login(UserRole.MANAGER, 0).authorization();
        }
        JsonNode metrics = http.get("/admin/metrics")
                .header("Authorization", authorization)
                .expect(200)
                .send()
                .json();
        JsonNode pool = metrics.path("dbPool");
        JsonNode redis = metrics.path("redis").path("openConnections");
        if (!pool.path("active").isNumber() || !redis.isNumber()) {
            throw new IllegalStateException("/admin/metrics has no dbPool.active or redis.openConnections: " + metrics);
        }
        return new Reading(
                pool.path("active").asInt(),
                pool.path("idle").asInt(),
                pool.path("pending").asInt(),
                pool.path("maxSize").asInt(),
                redis.asInt(),
                backends());
    }

    /**
     * Reads until {@code settled} holds or {@code within} passes (a pool returns connections as their requests end);
     * the last reading either way.
     */
    Reading settle(java.util.function.Predicate<Reading> settled, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Reading r = read();
        while (!settled.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = read();
        }
        return r;
    }

    private static int backends() {
        Optional<RunningInfrastructure> infrastructure = RunningInfrastructure.sharedIfStarted();
        if (infrastructure.isEmpty()) {
            return -1;
        }
        PostgresEndpoint pg = infrastructure.get().info().postgres();
        try (Connection c = DriverManager.getConnection(pg.directJdbcUrl(), pg.user(), pg.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("pg_stat_activity of " + pg.directJdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
