package io.voiceload.platform.audio;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Calls' recordings in Postgres (table {@code call_audio}, bytea). An upload is one upsert statement, so
 * a failure leaves the previous recording (or none) in place; a download reads metadata and bytes in one
 * read-only snapshot, so a concurrent re-upload never mixes two recordings.
 */
final class AudioStore {

    private static final String META_COLUMNS =
            "a.call_id, a.format, a.sample_rate, a.bytes, a.samples, a.duration_ms, a.sha256, a.uploaded_at";
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final DataSource dataSource;
    private final int corruptEveryNth;
    private final AtomicLong saves = new AtomicLong();

    AudioStore(DataSource dataSource) {
        this(dataSource, 0);
    }

    /** A store that flips a byte of every {@code corruptEveryNth}-th saved recording (test only; 0: off). */
    AudioStore(DataSource dataSource, int corruptEveryNth) {
        this.dataSource = dataSource;
        this.corruptEveryNth = corruptEveryNth;
    }

    /** The outcome of {@link #save}: the stored metadata, and whether it replaced an earlier recording. */
    record Saved(AudioMetadata metadata, boolean replaced) {}

    /** A call's recording as looked up: absent call, call without a recording, or its metadata. */
    sealed interface Lookup {}

    record NoCall() implements Lookup {}

    record NoRecording() implements Lookup {}

    record Found(AudioMetadata metadata, byte[] body) implements Lookup {}

    boolean callExists(UUID callId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM calls WHERE id = ?")) {
            ps.setObject(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Stores (or replaces) a call's recording.
     *
     * @return empty when no call has this id
     */
    Optional<Saved> save(UUID callId, Recording recording, byte[] sha256) throws SQLException {
        // (xmax = 0) holds for a row version this statement inserted, not for one it updated: the usual
        // Postgres idiom to tell an upsert's insert from its update in the same statement.
        String sql = "INSERT INTO call_audio AS a (call_id, format, sample_rate, bytes, samples, duration_ms, sha256,"
                + " data) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id) DO UPDATE SET format = EXCLUDED.format,"
                + " sample_rate = EXCLUDED.sample_rate, bytes = EXCLUDED.bytes, samples = EXCLUDED.samples,"
                + " duration_ms = EXCLUDED.duration_ms, sha256 = EXCLUDED.sha256, data = EXCLUDED.data,"
                + " uploaded_at = now() RETURNING " + META_COLUMNS + ", (a.xmax = 0) AS inserted";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, callId);
            ps.setString(2, recording.format().wireName());
            ps.setInt(3, recording.sampleRate());
            ps.setLong(4, recording.data().length);
            ps.setLong(5, recording.samples());
            ps.setLong(6, recording.durationMs());
            ps.setString(7, HexFormat.of().formatHex(sha256));
            ps.setBytes(8, stored(recording.data()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(new Saved(metadata(rs), !rs.getBoolean("inserted")));
            }
        } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The bytes to store: {@code data}, or a copy with its middle byte flipped when the fault says so. */
    private byte[] stored(byte[] data) {
        if (corruptEveryNth == 0 || saves.incrementAndGet() % corruptEveryNth != 0) {
            return data;
        }
        byte[] corrupt = data.clone();
        corrupt[corrupt.length / 2] ^= (byte) 0xFF;
        return corrupt;
    }

    /** The recording's metadata only. */
    Lookup metadata(UUID callId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return lookup(c, callId);
        }
    }

    /**
     * The recording's metadata and the bytes {@code choice} picks once it has seen the metadata (an empty
     * body when it picks none).
     */
    Lookup read(UUID callId, Function<AudioMetadata, Optional<RangeRequest.Part>> choice) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            // One snapshot for both reads; HikariCP restores these settings when the connection goes back.
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Lookup lookup = lookup(c, callId);
                if (lookup instanceof Found found) {
                    Optional<RangeRequest.Part> part = choice.apply(found.metadata());
                    if (part.isPresent()) {
                        lookup = new Found(found.metadata(), slice(c, callId, part.get()));
                    }
                }
                c.commit();
                return lookup;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Lookup lookup(Connection c, UUID callId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.id AS known, " + META_COLUMNS
                + " FROM calls c LEFT JOIN call_audio a ON a.call_id = c.id WHERE c.id = ?")) {
            ps.setObject(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new NoCall();
                }
                if (rs.getObject("call_id") == null) {
                    return new NoRecording();
                }
                return new Found(metadata(rs), new byte[0]);
            }
        }
    }

    private static byte[] slice(Connection c, UUID callId, RangeRequest.Part part) throws SQLException {
        // substring on bytea counts from 1; only the requested bytes leave the database. Stored recordings
        // are at most 1 GiB (AudioOptions), so positions fit an integer.
        try (PreparedStatement ps =
                c.prepareStatement("SELECT substring(data FROM ? FOR ?) FROM call_audio WHERE call_id = ?")) {
            ps.setInt(1, Math.toIntExact(part.first() + 1));
            ps.setInt(2, Math.toIntExact(part.length()));
            ps.setObject(3, callId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    private static AudioMetadata metadata(ResultSet rs) throws SQLException {
        return new AudioMetadata(
                rs.getObject("call_id", UUID.class),
                RecordingFormat.fromWire(rs.getString("format")).orElseThrow(),
                rs.getInt("sample_rate"),
                rs.getLong("bytes"),
                rs.getLong("samples"),
                rs.getLong("duration_ms"),
                rs.getString("sha256"),
                rs.getObject("uploaded_at", OffsetDateTime.class).toInstant());
    }
}
