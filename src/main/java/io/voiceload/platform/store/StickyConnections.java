package io.voiceload.platform.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * <b>Test only</b>, the planted bug {@link StoreFaults#keepBrokenConnections()}: a data source that takes up to
 * {@code size} connections from the real one once and lends them out for ever, never validating, evicting or
 * replacing one. Hand-written on purpose: it is the naive pool the fault stands for (HikariCP cannot be told to
 * keep a broken connection). A connection broken by an outage stays broken, so requests keep failing after the
 * outage ends.
 */
final class StickyConnections implements DataSource, AutoCloseable {
    private final DataSource real;
    private final int size;
    private final long waitMillis;
    private final LinkedBlockingQueue<Connection> idle = new LinkedBlockingQueue<>();
    private final List<Connection> all = new ArrayList<>(); // guarded by itself

    StickyConnections(DataSource real, int size, long waitMillis) {
        this.real = real;
        this.size = size;
        this.waitMillis = waitMillis;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection physical = idle.poll();
        if (physical == null) {
            synchronized (all) {
                if (all.size() < size) {
                    physical = real.getConnection();
                    all.add(physical);
                }
            }
        }
        if (physical == null) {
            try {
                physical = idle.poll(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLTransientConnectionException("interrupted while waiting for a connection", e);
            }
            if (physical == null) {
                throw new SQLTransientConnectionException(
                        "no connection free within " + waitMillis + " ms (" + size + " kept)");
            }
        }
        return lend(physical);
    }

    /** A handle on {@code physical} whose close gives it back (once), in auto-commit, without any check. */
    private Connection lend(Connection physical) {
        AtomicBoolean returned = new AtomicBoolean();
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "close" -> {
                    if (returned.compareAndSet(false, true)) {
                        try {
                            if (!physical.getAutoCommit()) {
                                physical.rollback();
                                physical.setAutoCommit(true);
                            }
                        } catch (SQLException broken) {
                            // kept anyway: that is the bug
                        }
                        idle.add(physical);
                    }
                    return null;
                }
                case "isClosed" -> {
                    return returned.get();
                }
                default -> {
                    try {
                        return method.invoke(physical, args);
                    } catch (InvocationTargetException e) {
                        // A closed connection's error as the driver words it (SQL state 08003, "connection does not
                        // exist"); HikariCP's handle of an evicted connection says "Connection is closed" without one.
                        if (e.getCause() instanceof SQLException sql
                                && sql.getSQLState() == null
                                && physical.isClosed()) {
                            throw new SQLNonTransientConnectionException(sql.getMessage(), "08003", sql);
                        }
                        throw e.getCause();
                    }
                }
            }
        };
        return (Connection)
                Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    /** Gives every connection taken back to the real data source. */
    @Override
    public void close() {
        synchronized (all) {
            for (Connection c : all) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
            all.clear();
        }
        idle.clear();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("only the configured user");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return real.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        real.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        real.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return real.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return real.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
