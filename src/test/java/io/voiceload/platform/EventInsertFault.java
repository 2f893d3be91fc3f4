package io.voiceload.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Injects a database failure: while {@code action} runs, inserting an event for one call raises an
 * error (a temporary trigger), so tests can check that nothing is half-written. Another table with a
 * {@code call_id} column can be named instead (an upsert is an insert too).
 */
final class EventInsertFault {
    private EventInsertFault() {}

    static <T> T whileFailingFor(DataSource db, String callId, Supplier<T> action) throws SQLException {
        return whileFailingFor(db, "call_events", callId, action);
    }

    /** As {@link #whileFailingFor(DataSource, String, Supplier)}, for the rows of {@code table}. */
    static <T> T whileFailingFor(DataSource db, String table, String callId, Supplier<T> action) throws SQLException {
        String name = "voiceload_test_fail_" + callId.replace("-", "");
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.call_id = '" + callId + "' THEN RAISE EXCEPTION 'injected failure'; END IF;"
                    + " RETURN NEW; END $$");
            s.execute("CREATE TRIGGER " + name + " BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION " + name
                    + "()");
        }
        try {
            return action.get();
        } finally {
            try (Connection c = db.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("DROP TRIGGER " + name + " ON " + table);
                s.execute("DROP FUNCTION " + name + "()");
            }
        }
    }
}
