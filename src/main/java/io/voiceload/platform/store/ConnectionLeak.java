package io.voiceload.platform.store;

import io.javalin.config.JavalinConfig;
import io.voiceload.platform.module.PlatformModule;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * <b>The planted bug of {@link StoreFaults#connectionLeakEvery()}</b> (test only): every n-th request borrows a
 * pooled connection and never gives it back, so the pool's active count climbs by one every n requests and never
 * returns to idle; once every connection is held, each request that needs Postgres waits for one and fails (503).
 * The connections are given back only when the platform stops, so that the pool can close.
 */
public final class ConnectionLeak implements PlatformModule {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLeak.class);

    private final DataSource dataSource;
    private final int every;
    private final AtomicLong requests = new AtomicLong();
    private final List<Connection> held = new ArrayList<>();

    public ConnectionLeak(DataSource dataSource, int every) {
        this.dataSource = dataSource;
        this.every = every;
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.before(ctx -> {
            if (requests.incrementAndGet() % every == 0) {
                leakOne();
            }
        });
    }

    private void leakOne() {
        try {
            Connection connection = dataSource.getConnection();
            synchronized (held) {
                held.add(connection);
            }
        } catch (SQLException e) {
            // The pool is exhausted (by this bug, or by load): the request goes on and meets the same wait.
            LOG.debug("planted connection leak: no connection to take: {}", e.getMessage());
        }
    }

    /** Connections taken and never given back, so far. */
    public int held() {
        synchronized (held) {
            return held.size();
        }
    }

    @Override
    public void close() {
        synchronized (held) {
            for (Connection connection : held) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.debug("closing a leaked connection failed: {}", e.getMessage());
                }
            }
            held.clear();
        }
    }
}
