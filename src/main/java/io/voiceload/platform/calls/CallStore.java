package io.voiceload.platform.calls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.platform.http.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Calls and their events in Postgres. An event is appended in one transaction that locks the call's row
 * ({@code SELECT … FOR UPDATE}), checks the transition, updates the call and inserts the event with the
 * next sequence number; any failure rolls all of it back. The primary key (call_id, seq) guards the
 * numbering even against a writer that skips the lock.
 */
public final class CallStore {

    private static final String CALL_COLUMNS = "id, list_position, hotel_id, caller_number, direction, language,"
            + " department, status, last_seq, created_at, updated_at, ended_at, version, target::text AS target_json,"
            + " routing::text AS routing_json";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CallStore.class);

    private final DataSource dataSource;
    private final CallFaults faults;
    private final AtomicLong created = new AtomicLong();

    public CallStore(DataSource dataSource) {
        this(dataSource, CallFaults.NONE);
    }

    /** A store that misbehaves as {@code faults} say (test only; see {@link CallFaults}). */
    public CallStore(DataSource dataSource, CallFaults faults) {
        this.dataSource = dataSource;
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    /** One page of calls, newest first; {@code nextCursor} is empty on the last page. */
    public record Page(List<Call> calls, Optional<Long> nextCursor) {}

    /** A call created, or found under its idempotency key ({@code replayed}): what {@code POST /calls} answers. */
    public record Creation(Call call, boolean replayed) {}

    /**
     * Creates {@code call} once per {@code idempotencyKey} and hotel: the first request stores it, a retry with the
     * same key finds it ({@code replayed}) instead of storing it twice, even when the two race (the unique index
     * decides). Without a key ({@code null}), {@link #create(NewCall)}. A planted fault ({@link CallFaults}) ignores
     * the key, as a platform without this protection would.
     *
     * @throws IdempotencyConflict the key was used for another call (another caller, direction, language or
     *     department)
     */
    public Creation create(NewCall call, String idempotencyKey) throws SQLException {
        if (idempotencyKey == null || faults.any()) {
            return new Creation(create(call), false);
        }
        String insert = "INSERT INTO calls (id, hotel_id, caller_number, direction, language, department, status,"
                + " idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (hotel_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING"
                + " RETURNING " + CALL_COLUMNS;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                bindNewCall(ps, call);
                ps.setString(8, idempotencyKey);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new Creation(call(rs), false);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + CALL_COLUMNS + " FROM calls WHERE hotel_id = ? AND idempotency_key = ?")) {
                ps.setString(1, call.hotelId());
                ps.setString(2, idempotencyKey);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("the call of Idempotency-Key " + idempotencyKey + " conflicted and"
                                + " then could not be found");
                    }
                    Call stored = call(rs);
                    if (!stored.callerNumber().equals(call.callerNumber())
                            || !stored.direction().equals(call.direction())
                            || !stored.language().equals(call.language())
                            || !stored.department().equals(call.department())) {
                        throw new IdempotencyConflict(idempotencyKey, stored.id());
                    }
                    return new Creation(stored, true);
                }
            }
        }
    }

    /** Parameters 1–7 of an insert of a new call: a fresh id, its fields, status created. */
    private static void bindNewCall(PreparedStatement ps, NewCall call) throws SQLException {
        ps.setObject(1, UUID.randomUUID());
        ps.setString(2, call.hotelId());
        ps.setString(3, call.callerNumber());
        ps.setString(4, call.direction());
        ps.setString(5, call.language());
        ps.setString(6, call.department());
        ps.setString(7, CallStatus.CREATED.wireName());
    }

    /** An idempotency key sent again with another call than the one it created. */
    public static final class IdempotencyConflict extends RuntimeException {
        private final transient UUID callId;

        IdempotencyConflict(String key, UUID callId) {
            super("Idempotency-Key " + key + " was used for another call", null, false, false);
            this.callId = callId;
        }

        /** The call the key created. */
        public UUID callId() {
            return callId;
        }
    }

    public Call create(NewCall call) throws SQLException {
        if (faults.answerBeforeCommit()) {
            return createAfterTheAnswer(call);
        }
        String sql = "INSERT INTO calls (id, hotel_id, caller_number, direction, language, department, status)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING " + CALL_COLUMNS;
        int loseEvery = faults.loseEveryNthCall();
        boolean lose = loseEvery > 0 && created.incrementAndGet() % loseEvery == 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (lose) {
                c.setAutoCommit(false); // fault: a complete answer, then a rollback (HikariCP restores auto-commit)
            }
            bindNewCall(ps, call);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Call stored = call(rs);
                if (lose) {
                    c.rollback();
                }
                return stored;
            }
        }
    }

    /**
     * The planted bug {@link CallFaults#answerBeforeCommit()}: the call as it will be stored, returned at once (so
     * the route answers 201 now), and its row written afterwards on a virtual thread; a write that fails is lost.
     */
    private Call createAfterTheAnswer(NewCall call) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as Postgres keeps it
        Call answered = new Call(
                id,
                0,
                call.hotelId(),
                call.callerNumber(),
                call.direction(),
                call.language(),
                call.department(),
                CallStatus.CREATED,
                0,
                now,
                now,
                null,
                0,
                null,
                Json.MAPPER.createArrayNode());
        Thread.ofVirtual().name("call-write-behind").start(() -> {
            String sql = "INSERT INTO calls (id, hotel_id, caller_number, direction, language, department, status,"
                    + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, id);
                ps.setString(2, call.hotelId());
                ps.setString(3, call.callerNumber());
                ps.setString(4, call.direction());
                ps.setString(5, call.language());
                ps.setString(6, call.department());
                ps.setString(7, CallStatus.CREATED.wireName());
                OffsetDateTime at = now.atOffset(java.time.ZoneOffset.UTC);
                ps.setObject(8, at);
                ps.setObject(9, at);
                ps.executeUpdate();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("call {} was acknowledged and is lost (test fault answerBeforeCommit): {}", id, e.toString());
            }
        });
        return answered;
    }

    public Optional<Call> find(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + CALL_COLUMNS + " FROM calls WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(call(rs)) : Optional.empty();
            }
        }
    }

    /** Calls matching the optional filters, newest first, after {@code cursor} (a list position), at most {@code limit}. */
    public Page list(Optional<CallStatus> status, Optional<String> hotelId, Optional<Long> cursor, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + CALL_COLUMNS + " FROM calls WHERE true");
        List<Object> args = new ArrayList<>();
        status.ifPresent(s -> {
            sql.append(" AND status = ?");
            args.add(s.wireName());
        });
        hotelId.ifPresent(h -> {
            sql.append(" AND hotel_id = ?");
            args.add(h);
        });
        cursor.ifPresent(p -> {
            sql.append(" AND list_position < ?");
            args.add(p);
        });
        sql.append(" ORDER BY list_position DESC LIMIT ?");
        args.add(limit + 1);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<Call> calls = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    calls.add(call(rs));
                }
            }
            if (calls.size() > limit) {
                calls.removeLast();
                return new Page(calls, Optional.of(calls.getLast().listPosition()));
            }
            return new Page(calls, Optional.empty());
        }
    }

    /** The outcome of a successful {@link #append}: the stored event and the call after it. */
    public record Appended(CallEvent event, Call call) {}

    /**
     * Appends an event atomically.
     *
     * @return empty when no call has this id
     * @throws InvalidTransitionException when the lifecycle does not allow the event now (nothing written)
     */
    public Optional<Appended> append(UUID callId, CallEventType type, JsonNode details) throws SQLException {
        return append(callId, type, details, null);
    }

    /**
     * Appends an event and, when {@code routing} is given, in the same transaction makes its
     * {@code target} the call's target and adds it (with {@code eventSequence} set) to the routing history.
     *
     * @return empty when no call has this id
     * @throws InvalidTransitionException when the lifecycle does not allow the event now (nothing written)
     */
    public Optional<Appended> append(UUID callId, CallEventType type, JsonNode details, ObjectNode routing)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // HikariCP restores auto-commit when the connection goes back
            try {
                Optional<Appended> result = append(c, callId, type, details, routing);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        }
    }

    private Optional<Appended> append(
            Connection c, UUID callId, CallEventType type, JsonNode details, ObjectNode routing) throws SQLException {
        CallStatus current;
        int lastSeq;
        try (PreparedStatement ps = c.prepareStatement("SELECT status, last_seq FROM calls WHERE id = ? FOR UPDATE")) {
            ps.setObject(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                current = status(rs.getString(1));
                lastSeq = rs.getInt(2);
            }
        }
        if (!CallLifecycle.allows(current, type)) {
            throw new InvalidTransitionException(current, type);
        }
        CallStatus next = type.resultingStatus();
        int seq = lastSeq + 1;
        // The call row first, then the event: a failing insert must roll back the update (tested).
        Call call;
        ObjectNode entry = routing == null ? null : routing.deepCopy().put("eventSequence", seq);
        try (PreparedStatement ps = c.prepareStatement("UPDATE calls SET status = ?, last_seq = ?, updated_at = now(),"
                + " ended_at = CASE WHEN ? THEN now() ELSE ended_at END, version = version + 1,"
                + " target = COALESCE(CAST(? AS jsonb) -> 'target', target),"
                + " routing = CASE WHEN CAST(? AS jsonb) IS NULL THEN routing"
                + " ELSE routing || jsonb_build_array(CAST(? AS jsonb)) END"
                + " WHERE id = ? RETURNING " + CALL_COLUMNS)) {
            String entryText = entry == null ? null : Json.MAPPER.writeValueAsString(entry);
            ps.setString(1, next.wireName());
            ps.setInt(2, seq);
            ps.setBoolean(3, next == CallStatus.ENDED);
            ps.setString(4, entryText);
            ps.setString(5, entryText);
            ps.setString(6, entryText);
            ps.setObject(7, callId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                call = call(rs);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the routing decision", e);
        }
        int storedSeq = seq;
        if (faults.swapEventOrder() && seq == 3) {
            // fault: the second event moves behind this one, which takes its place
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE call_events SET seq = 3 WHERE call_id = ? AND seq = 2")) {
                ps.setObject(1, callId);
                ps.executeUpdate();
            }
            storedSeq = 2;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_events (call_id, seq, type, from_status,"
                + " to_status, details) VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb)) RETURNING created_at")) {
            ps.setObject(1, callId);
            ps.setInt(2, storedSeq);
            ps.setString(3, type.wireName());
            ps.setString(4, current.wireName());
            ps.setString(5, next.wireName());
            ps.setString(6, details == null ? null : Json.MAPPER.writeValueAsString(details));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Instant at = instant(rs, "created_at");
                return Optional.of(new Appended(new CallEvent(callId, seq, type, current, next, details, at), call));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise event details", e);
        }
    }

    /** The outcome of {@link #route}. */
    public sealed interface Routed {
        record Stored(Call call) implements Routed {}

        record Ended(Call call) implements Routed {}

        record NoSuchCall() implements Routed {}
    }

    /**
     * Makes {@code routing.target} the call's target and adds {@code routing} to its routing history, in
     * one statement, unless the call has ended. Appends no event and leaves the status as it is.
     */
    public Routed route(UUID callId, ObjectNode routing) throws SQLException {
        String sql = "UPDATE calls SET version = version + 1, updated_at = now(),"
                + " target = CAST(? AS jsonb) -> 'target', routing = routing || jsonb_build_array(CAST(? AS jsonb))"
                + " WHERE id = ? AND status <> ? RETURNING " + CALL_COLUMNS;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            String entry = Json.MAPPER.writeValueAsString(routing);
            ps.setString(1, entry);
            ps.setString(2, entry);
            ps.setObject(3, callId);
            ps.setString(4, CallStatus.ENDED.wireName());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new Routed.Stored(call(rs));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the routing decision", e);
        }
        return find(callId).<Routed>map(Routed.Ended::new).orElseGet(Routed.NoSuchCall::new);
    }

    /** The call's events in sequence order; empty when no call has this id. */
    public Optional<List<CallEvent>> events(UUID callId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM calls WHERE id = ?")) {
                ps.setObject(1, callId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, type, from_status, to_status, details::text,"
                    + " created_at FROM call_events WHERE call_id = ? ORDER BY seq")) {
                ps.setObject(1, callId);
                List<CallEvent> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String details = rs.getString(5);
                        events.add(new CallEvent(
                                callId,
                                rs.getInt(1),
                                CallEventType.fromWire(rs.getString(2)).orElseThrow(),
                                status(rs.getString(3)),
                                status(rs.getString(4)),
                                details == null ? null : Json.MAPPER.readTree(details),
                                instant(rs, "created_at")));
                    }
                }
                return Optional.of(events);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored event details are not JSON", e);
            }
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static Call call(ResultSet rs) throws SQLException {
        return new Call(
                rs.getObject("id", UUID.class),
                rs.getLong("list_position"),
                rs.getString("hotel_id"),
                rs.getString("caller_number"),
                rs.getString("direction"),
                rs.getString("language"),
                rs.getString("department"),
                status(rs.getString("status")),
                rs.getInt("last_seq"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "ended_at"),
                rs.getInt("version"),
                json(rs.getString("target_json")),
                json(rs.getString("routing_json")));
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored routing data is not JSON", e);
        }
    }

    private static CallStatus status(String wire) {
        return CallStatus.fromWire(wire).orElseThrow(() -> new IllegalStateException("unknown stored status " + wire));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
