package io.voiceload.platform.metrics;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.config.RoutesConfig;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.http.Json;
import io.voiceload.platform.module.PlatformModule;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@code GET /admin/metrics} (manager, admin): what the platform knows about itself, cumulative since it
 * started, so that a load test subtracts a snapshot taken before its run from one taken after.
 *
 * <pre class="language-json">{@code
 * {"dbPool": {"name": "voiceload-platform", "maxSize": 10, "active": 1, "idle": 9, "pending": 0,
 *             "acquisitions": 1234, "timeouts": 0, "maxPending": 3,
 *             "waitNanosHistogram": "<base64>", "pendingHistogram": "<base64>"},
 *  "jvm": {"liveThreads": 42, "peakThreads": 57, "daemonThreads": 30},
 *  "pmsCache": {"hits": 900, "misses": 100}}
 * }</pre>
 *
 * <p>{@code dbPool} is there when the platform's data source is a HikariCP pool; its acquisition figures
 * only when the pool was built with {@link PoolMetrics} (the embedded platform's is). {@code jvm} counts the
 * platform threads of the JVM now ({@code liveThreads}, {@code daemonThreads}) and the most since it started
 * ({@code peakThreads}): what shows that threads do not pile up under faults (the request handlers are virtual
 * threads, which the JVM does not count; the pools, HTTP clients and Redis event loops are not). Modules add their
 * own sections ({@link PlatformModule#metrics()}: {@code pmsCache}, {@code pmsBreakers} and {@code pmsFailovers}
 * when a PMS is configured).
 */
public final class MetricsRoutes {
    private final DataSource dataSource;
    private final List<PlatformModule> modules;

    public MetricsRoutes(DataSource dataSource, List<PlatformModule> modules) {
        this.dataSource = dataSource;
        this.modules = List.copyOf(modules);
    }

    public void install(RoutesConfig routes) {
        routes.get("/admin/metrics", ctx -> Json.respond(ctx, 200, snapshot()), Role.MANAGER, Role.ADMIN);
    }

    /** The body of {@code GET /admin/metrics}. */
    public Map<String, Object> snapshot() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (dataSource instanceof HikariDataSource pool) {
            body.put("dbPool", PoolMetrics.describe(pool));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("liveThreads", threads.getThreadCount());
        jvm.put("peakThreads", threads.getPeakThreadCount());
        jvm.put("daemonThreads", threads.getDaemonThreadCount());
        body.put("jvm", jvm);
        modules.forEach(m -> body.putAll(m.metrics()));
        return body;
    }
}
