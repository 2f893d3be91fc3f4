package io.voiceload.platform.store;

import io.voiceload.platform.module.ModuleFaults;
import io.voiceload.platform.module.OptionChecks;
import javax.sql.DataSource;

/**
 * <b>Test-only fault injector</b> of the platform's Postgres access: makes it misbehave on purpose, so a test can
 * prove that the load suite notices. Never set in production; {@link #NONE} is the default.
 *
 * <pre>{@code
 * PlatformOptions faulty = PlatformOptions.builder().faults(new StoreFaults(true)).build();
 * }</pre>
 *
 * @param keepBrokenConnections when true, the platform keeps the connections it took first and reuses them for
 *     ever, never checking or replacing one ({@link StickyConnections}, a pool with validation off): once a
 *     Postgres outage or partition has broken them, every request that needs Postgres fails (503) until the
 *     platform restarts, long after Postgres is back
 * @param connectionLeakEvery 0: off; n &ge; 1: every n-th request of this platform borrows a pooled connection and
 *     never gives it back ({@link ConnectionLeak}): {@code dbPool.active} in {@code GET /admin/metrics} climbs by one
 *     every n requests and never returns to idle, and once the pool is empty requests that need Postgres fail
 */
public record StoreFaults(boolean keepBrokenConnections, int connectionLeakEvery) implements ModuleFaults {

    /** No fault: connections come from the pool as they should. */
    public static final StoreFaults NONE = new StoreFaults(false, 0);

    /** Keeps broken connections, or not, and leaks none. */
    public StoreFaults(boolean keepBrokenConnections) {
        this(keepBrokenConnections, 0);
    }

    public StoreFaults {
        OptionChecks.offOrEveryNth("connectionLeakEvery", connectionLeakEvery);
    }

    /**
     * The data source the platform uses under these faults: {@code real} itself, or (the planted bug) up to
     * {@code size} sticky connections taken from it, waiting {@link PoolSettings#CONNECTION_TIMEOUT} for a free
     * one; close it (when it is not {@code real}) to give them back.
     */
    public DataSource dataSource(DataSource real, int size) {
        return keepBrokenConnections
                ? new StickyConnections(real, size, PoolSettings.CONNECTION_TIMEOUT.toMillis())
                : real;
    }

    @Override
    public boolean any() {
        return keepBrokenConnections || connectionLeakEvery > 0;
    }
}
