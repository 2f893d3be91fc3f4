package io.voiceload.platform.audio;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Calls' recordings in Postgres (table {@code call_audio}, bytea), streamed both ways so that no recording is
 * ever held whole in the heap. An upload is one transaction, so a failure leaves the previous recording (or none)
 * in place; a download reads the metadata, then the bytes in pieces each checked against the recording's
 * SHA-256, so a concurrent re-upload never mixes two recordings (it ends the download instead).
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

    record Found(AudioMetadata metadata) implements Lookup {}

    boolean callExists(UUID callId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM calls WHERE id = ?")) {
            ps.setObject(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** An upload as the store reads it: its bytes, and what they hold once every byte has been read. */
    interface Upload {

        /** The bytes to store, read once. */
        InputStream data();

        /** The number of bytes {@link #data} holds, or -1 when unknown until it ends (a chunked upload). */
        long length();

        /**
         * The checked recording and its SHA-256, once {@link #data} has been read to its end.
         *
         * @throws io.voiceload.platform.http.ApiException when the bytes are not a valid recording: nothing is
         *     stored
         */
        Completed complete();
    }

    /** An upload, read to its end and checked. */
    record Completed(Recording recording, byte[] sha256) {}

    /**
     * Stores (or replaces) a call's recording, streaming its bytes into Postgres: one transaction inserts (or
     * replaces) the row with the bytes as they arrive, then, once {@link Upload#complete} has checked them, writes
     * what they hold; a refusal or a failure rolls it back and leaves the previous recording (or none) in place.
     * With a known length pgjdbc copies the stream to the socket through its 8 KiB buffers; with an unknown one it
     * spills it to a temporary file past 50 KiB (its {@code StreamWrapper}), which it deletes after the statement.
     *
     * @return empty when no call has this id
     */
    Optional<Saved> save(UUID callId, RecordingFormat format, int sampleRate, Upload upload) throws SQLException {
        // (xmax = 0) holds for a row version this statement inserted, not for one it updated: the usual
        // Postgres idiom to tell an upsert's insert from its update in the same statement. The bytes are sent
        // once and their length taken by Postgres; samples and sha256 are placeholders until they are known.
        String insert =
                "INSERT INTO call_audio AS a (call_id, format, sample_rate, bytes, samples, duration_ms, sha256,"
                        + " data) SELECT ?, ?, ?, octet_length(s.d), 1, 0, repeat('0', 64), s.d FROM (SELECT ?::bytea AS d) s"
                        + " ON CONFLICT (call_id) DO UPDATE SET format = EXCLUDED.format, sample_rate = EXCLUDED.sample_rate,"
                        + " bytes = EXCLUDED.bytes, samples = EXCLUDED.samples, duration_ms = EXCLUDED.duration_ms,"
                        + " sha256 = EXCLUDED.sha256, data = EXCLUDED.data, uploaded_at = now()"
                        + " RETURNING (a.xmax = 0) AS inserted, a.bytes";
        String describe = "UPDATE call_audio AS a SET samples = ?, duration_ms = ?, sha256 = ? WHERE call_id = ?"
                + " RETURNING " + META_COLUMNS;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // HikariCP restores it when the connection goes back
            try {
                boolean inserted;
                long stored;
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    ps.setObject(1, callId);
                    ps.setString(2, format.wireName());
                    ps.setInt(3, sampleRate);
                    if (upload.length() >= 0) {
                        // At most 1 GiB (AudioOptions), so the length fits an integer.
                        ps.setBinaryStream(4, upload.data(), Math.toIntExact(upload.length()));
                    } else {
                        ps.setBinaryStream(4, upload.data());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        inserted = rs.getBoolean("inserted");
                        stored = rs.getLong("bytes");
                    }
                }
                Completed completed = upload.complete();
                if (completed.recording().bytes() != stored) {
                    throw new SQLException("stored " + stored + " bytes of an upload of "
                            + completed.recording().bytes());
                }
                AudioMetadata metadata;
                try (PreparedStatement ps = c.prepareStatement(describe)) {
                    ps.setLong(1, completed.recording().samples());
                    ps.setLong(2, completed.recording().durationMs());
                    ps.setString(3, HexFormat.of().formatHex(completed.sha256()));
                    ps.setObject(4, callId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        metadata = metadata(rs);
                    }
                }
                corruptIfPlanted(c, callId);
                c.commit();
                return Optional.of(new Saved(metadata, !inserted));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Flips the stored bytes' middle byte, in Postgres, when the fault says so. */
    private void corruptIfPlanted(Connection c, UUID callId) throws SQLException {
        if (corruptEveryNth == 0 || saves.incrementAndGet() % corruptEveryNth != 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE call_audio SET data = set_byte(data,"
                + " octet_length(data) / 2, get_byte(data, octet_length(data) / 2) # 255) WHERE call_id = ?")) {
            ps.setObject(1, callId);
            ps.executeUpdate();
        }
    }

    /** The recording's metadata only. */
    Lookup metadata(UUID callId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return lookup(c, callId);
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
                return new Found(metadata(rs));
            }
        }
    }

    /**
     * Bytes {@code first} to {@code first + length - 1} of the call's recording, if it is still the one whose
     * SHA-256 is {@code sha256}; empty once it has been replaced (or is gone). Only those bytes leave the
     * database; each piece takes a pooled connection of its own, so a slow reader holds none between pieces.
     */
    Optional<byte[]> piece(UUID callId, String sha256, long first, int length) throws SQLException {
        // substring on bytea counts from 1. Stored recordings are at most 1 GiB (AudioOptions), so positions
        // fit an integer.
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT substring(data FROM ? FOR ?) FROM call_audio WHERE call_id = ? AND sha256 = ?")) {
            ps.setInt(1, Math.toIntExact(first + 1));
            ps.setInt(2, length);
            ps.setObject(3, callId);
            ps.setString(4, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
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
