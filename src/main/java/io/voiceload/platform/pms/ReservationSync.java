package io.voiceload.platform.pms;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Bulk synchronisation: pulls the reservations changed since the stored cursor from the PMS, page by
 * page ({@code GET /changes/reservations?since=&limit=}), into {@code pms_reservations}. Each page is one
 * transaction that upserts its rows (a row is only replaced by a newer change) and advances the cursor,
 * so a sync that fails half-way leaves whole pages and the next one resumes there; running it again
 * changes nothing. A full sync starts from 0 (re-reads everything, rewrites nothing unchanged). When the
 * PMS's last change number is below the cursor, the PMS was reset: the sync starts from 0.
 *
 * <p>Syncs of this platform run one at a time (a second waits); platforms sharing a database are kept
 * consistent by the row lock on the cursor and the version check of the upsert.
 */
final class ReservationSync {

    /** Upper bound on the pages of one sync (a PMS that never stops paging cannot hold us forever). */
    static final int MAX_PAGES = 100_000;

    /** The upsert, with the comparison of change numbers as {@code %s}: only a newer change replaces a row. */
    private static final String UPSERT_TEMPLATE = """
            INSERT INTO pms_reservations (confirmation_number, hotel_id, guest_id, first_name, last_name, arrival,
                departure, room_type, status, adults, change_seq, pms_updated_at)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]::date[],
                ?::text[]::date[], ?::text[], ?::text[], ?::text[]::integer[], ?::text[]::bigint[],
                ?::text[]::timestamptz[])
            ON CONFLICT (confirmation_number) DO UPDATE SET
                hotel_id = EXCLUDED.hotel_id, guest_id = EXCLUDED.guest_id, first_name = EXCLUDED.first_name,
                last_name = EXCLUDED.last_name, arrival = EXCLUDED.arrival, departure = EXCLUDED.departure,
                room_type = EXCLUDED.room_type, status = EXCLUDED.status, adults = EXCLUDED.adults,
                change_seq = EXCLUDED.change_seq, pms_updated_at = EXCLUDED.pms_updated_at, synced_at = now()
            WHERE pms_reservations.change_seq %s EXCLUDED.change_seq
            RETURNING (xmax = 0) AS inserted
            """;

    private static final String UPSERT = UPSERT_TEMPLATE.formatted("<");

    /** The planted bug {@link PmsFaults#syncDuplicatesPage()}: rewrites rows whose change is not newer. */
    private static final String UPSERT_NOT_OLDER = UPSERT_TEMPLATE.formatted("<=");

    private static final List<String> FIELDS = List.of(
            "confirmationNumber",
            "hotelId",
            "guestId",
            "firstName",
            "lastName",
            "arrival",
            "departure",
            "roomType",
            "status",
            "adults",
            "changeSeq",
            "updatedAt");

    /** What a sync did. */
    record Result(
            boolean full,
            int pages,
            long received,
            long inserted,
            long updated,
            long unchanged,
            long cursor,
            long rows,
            long durationMs) {

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("full", full);
            json.put("pages", pages);
            json.put("received", received);
            json.put("inserted", inserted);
            json.put("updated", updated);
            json.put("unchanged", unchanged);
            json.put("cursor", cursor);
            json.put("rows", rows);
            json.put("durationMs", durationMs);
            return json;
        }
    }

    private final DataSource dataSource;
    private final PmsClient client;
    private final int pageSize;
    private final ReentrantLock running = new ReentrantLock();
    /** The planted bug {@link PmsFaults#syncDuplicatesPage()}. */
    private final boolean duplicatesPage;

    ReservationSync(DataSource dataSource, PmsClient client, int pageSize) {
        this(dataSource, client, pageSize, false);
    }

    ReservationSync(DataSource dataSource, PmsClient client, int pageSize, boolean duplicatesPage) {
        this.dataSource = dataSource;
        this.client = client;
        this.pageSize = pageSize;
        this.duplicatesPage = duplicatesPage;
    }

    /**
     * Syncs from the stored cursor (or from 0 when {@code full}).
     *
     * @throws PmsUnavailableException when the PMS stops answering (pages done so far stay)
     */
    Result run(boolean full) throws SQLException {
        running.lock();
        try {
            return sync(full);
        } finally {
            running.unlock();
        }
    }

    private Result sync(boolean full) throws SQLException {
        long start = System.nanoTime();
        long since = full ? 0 : cursor();
        int pages = 0;
        long received = 0;
        long inserted = 0;
        long updated = 0;
        while (pages < MAX_PAGES) {
            PmsClient.Answer answer = client.get("/changes/reservations?since=" + since + "&limit=" + pageSize);
            if (answer.status() != 200) {
                throw answer.unexpected(); // a 502 naming the status: no page to store
            }
            JsonNode page = answer.json();
            long lastChangeSeq = page.path("lastChangeSeq").asLong();
            if (pages == 0 && since > 0 && lastChangeSeq < since) {
                since = 0; // the PMS was reset: its numbers start again
                full = true;
                continue;
            }
            JsonNode items = page.path("items");
            long next = page.path("nextSince").asLong(since);
            pages++;
            received += items.size();
            // The planted bug stores the page's start as the cursor, one page behind what it stored.
            long[] counts = store(items, duplicatesPage ? since : next);
            inserted += counts[0];
            updated += counts[1];
            since = Math.max(since, next);
            if (items.size() < pageSize) {
                break;
            }
        }
        return new Result(
                full,
                pages,
                received,
                inserted,
                updated,
                received - inserted - updated,
                since,
                rowCount(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** One page in one transaction: upserts its rows, advances the cursor; returns {inserted, updated}. */
    private long[] store(JsonNode items, long next) throws SQLException {
        // A reservation changed during paging may appear twice; an upsert may touch a row only once.
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (JsonNode item : items) {
            latest.merge(
                    item.path("confirmationNumber").asText(),
                    item,
                    (a, b) ->
                            a.path("changeSeq").asLong() >= b.path("changeSeq").asLong() ? a : b);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement lock = c.createStatement()) {
                    lock.execute("SELECT last_change_seq FROM pms_sync_state WHERE id = 1 FOR UPDATE");
                }
                long inserted = 0;
                long updated = 0;
                if (!latest.isEmpty()) {
                    try (PreparedStatement upsert = c.prepareStatement(duplicatesPage ? UPSERT_NOT_OLDER : UPSERT)) {
                        for (int f = 0; f < FIELDS.size(); f++) {
                            String field = FIELDS.get(f);
                            String[] column = latest.values().stream()
                                    .map(item -> text(item, field))
                                    .toArray(String[]::new);
                            Array array = c.createArrayOf("text", column);
                            upsert.setArray(f + 1, array);
                        }
                        try (ResultSet rs = upsert.executeQuery()) {
                            while (rs.next()) {
                                if (rs.getBoolean(1)) {
                                    inserted++;
                                } else {
                                    updated++;
                                }
                            }
                        }
                    }
                }
                try (PreparedStatement advance = c.prepareStatement(
                        duplicatesPage
                                ? "UPDATE pms_sync_state SET last_change_seq = ?, updated_at = now() WHERE id = 1"
                                : "UPDATE pms_sync_state SET last_change_seq = GREATEST(last_change_seq, ?),"
                                        + " updated_at = now() WHERE id = 1")) {
                    advance.setLong(1, next);
                    advance.executeUpdate();
                }
                c.commit();
                return new long[] {inserted, updated};
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static String text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            throw new IllegalStateException("the PMS sent a reservation without " + field + ": " + item);
        }
        return value.asText();
    }

    private long cursor() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT last_change_seq FROM pms_sync_state WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private long rowCount() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pms_reservations")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
