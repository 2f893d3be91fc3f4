package io.voiceload.suite.pmsconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import io.voiceload.config.PmsConnectorSettings;
import io.voiceload.http.Response;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.RequestStats;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.PmsUpstream;
import io.voiceload.platform.pms.simulator.PmsData;
import io.voiceload.platform.pms.simulator.PmsFaultPlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.TestReporter;

/**
 * The bulk sync of every reservation ({@code POST /pms/sync}) while the front desks go on searching: the PMS holds
 * {@code bulk_reservations} reservations ({@code categories.pms-connector.settings}, times the profile's scale:
 * 100,000 under {@code heavy}), and a full sync starts 3 s into the searches. It must store exactly the PMS's
 * reservations in {@code pms_reservations}: their count, and their checksum (SHA-256 over {@code
 * confirmationNumber|changeSeq|status} lines, worked out by Postgres over the table and by the PMS over its data). A
 * re-run stores nothing new. Then the PMS gains reservations and a sync is cut off by the PMS mid-page (both endpoints
 * cut the bodies of {@code /changes/} answers); a sync from the cursor resumes where the cut one stopped and stores the
 * new reservations once each: exactly the PMS's rows again, and every new one counted inserted once across the two
 * runs. Figures: the sync's rows per second, and the searches' latency while it runs against without it.
 */
@PmsConnector
class BulkSyncIT {
    static final String LOOKUP_QUIET = "lookup (no sync running)";
    static final String LOOKUP_DURING_SYNC = "lookup (during the sync)";
    /** Reservations the PMS gains before the interrupted sync. */
    static final int GAINED = 3_000;

    @AutoClose
    private final PmsApi pms;

    /** One connection to the platform's database, through the infrastructure's {@code postgres} proxy. */
    @AutoClose
    private final HikariDataSource database;

    private final PmsUpstream upstream;
    private final PmsData data;
    private final int reservations;
    private final Timeline timeline;
    private volatile boolean syncing;
    private volatile CompletableFuture<Map<String, Object>> syncs;

    BulkSyncIT(PlatformEndpoint platform, PmsUpstream upstream) throws SQLException {
        this.pms = new PmsApi(platform);
        this.upstream = upstream;
        this.data = upstream.primary().data();
        this.database = upstream.infrastructure().newDataSource("pms-connector-check", null, c -> {
            c.setMaximumPoolSize(1);
            c.setMinimumIdle(0);
        });
        LoadTestConfig config = LoadTestConfig.shared();
        this.reservations = PmsConnectorSettings.from(config)
                .bulkReservations(PmsConnectorSettings.profileScale(config, Overrides.fromSystem()));
        if (data.reservationCount() < reservations) {
            data.grow(reservations - data.reservationCount());
        }
        // The synced table starts empty: what a sync stores is then exactly what it brought from this PMS.
        sql("TRUNCATE pms_reservations");
        this.timeline = new Timeline().at("3s", "sync", this::startSyncs);
    }

    @LoadTest(users = 6, duration = "12s", warmupIterations = 3, thinkTime = "5ms")
    @Slo(request = LOOKUP_DURING_SYNC, p95 = "500ms", errorRate = 0)
    @Slo(request = LOOKUP_QUIET, p95 = "300ms", errorRate = 0)
    void lookUpWhileSyncing(VirtualUser user) {
        timeline.advance(user);
        String name = syncing ? LOOKUP_DURING_SYNC : LOOKUP_QUIET;
        String guest = String.format(Locale.ROOT, "G-%06d", 1 + user.random().nextInt(3_000));
        Response r = pms.search("guestId", guest, null, name);
        if (r.status() != 200) {
            throw new AssertionError(name + " answered " + r.status() + ": " + r.text());
        }
    }

    /** The full sync, its re-run, then the interrupted sync and its resumption, one after the other, off the load. */
    private void startSyncs() {
        syncs = CompletableFuture.supplyAsync(
                this::syncAll, runnable -> Thread.ofVirtual().start(runnable));
    }

    private Map<String, Object> syncAll() {
        Map<String, Object> outcome = new LinkedHashMap<>();
        syncing = true;
        JsonNode full;
        try {
            full = ok(pms.sync(true));
        } finally {
            syncing = false;
        }
        outcome.put("full", full);
        outcome.put("full stored", stored());
        outcome.put("pms after full", pmsState());
        outcome.put("re-run", ok(pms.sync(false)));
        outcome.put("full re-run", ok(pms.sync(true)));

        data.grow(GAINED);
        // The change feed slowed to a page per 150 ms on both endpoints; once the sync has stored a page, every
        // answer of the feed is cut off mid-body: the sync stops part-way, as a PMS that drops the line would stop it.
        long before = ((Stored) outcome.get("full stored")).count();
        PmsFaultPlan slow = PmsFaultPlan.builder()
                .fixedDelay(Duration.ofMillis(150))
                .paths("/changes/")
                .build();
        PmsFaultPlan cut = PmsFaultPlan.builder()
                .seed(7)
                .cutMidBody(1.0)
                .paths("/changes/")
                .build();
        upstream.primary().faults(slow);
        upstream.secondary().faults(slow);
        CompletableFuture<Response> interruptedSync = CompletableFuture.supplyAsync(
                () -> pms.sync(false), r -> Thread.ofVirtual().start(r));
        Response interrupted;
        try {
            awaitStored(before + 1, interruptedSync);
            upstream.primary().faults(cut);
            upstream.secondary().faults(cut);
            interrupted = interruptedSync.join();
        } finally {
            upstream.primary().clearFaults();
            upstream.secondary().clearFaults();
        }
        outcome.put("stored when cut", stored().count() - before);
        outcome.put("interrupted status", interrupted.status());
        outcome.put("resumed", ok(pms.sync(false)));
        outcome.put("resumed stored", stored());
        outcome.put("pms after resume", pmsState());
        return outcome;
    }

    /**
     * Waits until {@code pms_reservations} holds at least {@code rows} rows, and returns how many it holds then; fails
     * if {@code sync} ends first (the cut would come too late to interrupt it).
     */
    private long awaitStored(long rows, CompletableFuture<Response> sync) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            long count = stored().count();
            if (count >= rows) {
                return count;
            }
            if (sync.isDone()) {
                throw new AssertionError("the sync to interrupt ended before it stored a page: "
                        + sync.join().text());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the sync to interrupt stored no page in 30 s");
    }

    private static JsonNode ok(Response r) {
        if (r.status() != 200) {
            throw new AssertionError("POST /pms/sync answered " + r.status() + ": " + r.text());
        }
        return r.json();
    }

    @AfterEach
    void storedExactlyThePmsRows(LoadResult result, TestReporter reporter) throws Exception {
        upstream.primary().clearFaults();
        upstream.secondary().clearFaults();
        assertThat(timeline.missed())
                .as("steps of the timeline the run ended before")
                .isEmpty();
        Map<String, Object> outcome = syncs.get();
        JsonNode full = (JsonNode) outcome.get("full");
        double rowsPerSecond = full.path("received").asLong()
                * 1000.0
                / Math.max(1, full.path("durationMs").asLong());
        RequestStats quiet = result.request(LOOKUP_QUIET);
        RequestStats during = result.request(LOOKUP_DURING_SYNC);
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put(
                "full sync",
                String.format(
                        Locale.ROOT,
                        "%d rows in %d pages, %d ms: %.0f rows/s",
                        full.path("received").asLong(),
                        full.path("pages").asLong(),
                        full.path("durationMs").asLong(),
                        rowsPerSecond));
        figures.put(LOOKUP_QUIET, p95(quiet));
        figures.put(LOOKUP_DURING_SYNC, p95(during));
        figures.put("re-run", outcome.get("re-run").toString());
        figures.put(
                "interrupted sync",
                "HTTP " + outcome.get("interrupted status") + " after storing " + outcome.get("stored when cut")
                        + " of " + GAINED + " new reservations");
        figures.put("resumed", outcome.get("resumed").toString());
        figures.forEach((k, v) -> System.out.println("[pms sync] " + k + ": " + v));
        reporter.publishEntry(figures);

        List<String> problems = new ArrayList<>();
        // The full sync: exactly the PMS's rows.
        Stored pmsAfterFull = (Stored) outcome.get("pms after full");
        Stored afterFull = (Stored) outcome.get("full stored");
        if (!afterFull.equals(pmsAfterFull)) {
            problems.add("after the full sync pms_reservations holds " + afterFull + ", the PMS " + pmsAfterFull);
        }
        if (full.path("received").asLong() != pmsAfterFull.count()) {
            problems.add("the full sync received " + full.path("received") + " rows where the PMS holds "
                    + pmsAfterFull.count() + " (a page fetched twice, or one skipped?): " + full);
        }
        if (full.path("inserted").asLong() != pmsAfterFull.count()) {
            problems.add("the full sync into an empty table inserted " + full.path("inserted") + " rows, not the PMS's "
                    + pmsAfterFull.count() + ": " + full);
        }
        // Re-runs store nothing new.
        for (String rerun : List.of("re-run", "full re-run")) {
            JsonNode r = (JsonNode) outcome.get(rerun);
            if (r.path("inserted").asLong() != 0 || r.path("updated").asLong() != 0) {
                problems.add("the " + rerun + " of an unchanged PMS stored something: " + r);
            }
        }
        // The interrupted sync and its resumption.
        int interrupted = (Integer) outcome.get("interrupted status");
        if (interrupted != 503) {
            problems.add("the sync the PMS cut off mid-page answered " + interrupted + ", not 503");
        }
        long whenCut = (Long) outcome.get("stored when cut");
        if (whenCut <= 0 || whenCut >= GAINED) {
            problems.add("the cut sync had stored " + whenCut + " of the " + GAINED
                    + " new reservations when it stopped: the cut did not fall mid-sync, so the resumption proves"
                    + " nothing");
        }
        JsonNode resumed = (JsonNode) outcome.get("resumed");
        Stored pmsAfterResume = (Stored) outcome.get("pms after resume");
        Stored afterResume = (Stored) outcome.get("resumed stored");
        if (!afterResume.equals(pmsAfterResume)) {
            problems.add(
                    "after the resumed sync pms_reservations holds " + afterResume + ", the PMS " + pmsAfterResume);
        }
        long gained = pmsAfterResume.count() - pmsAfterFull.count();
        if (resumed.path("received").asLong() != gained - whenCut
                || resumed.path("inserted").asLong() != gained - whenCut
                || resumed.path("updated").asLong() != 0) {
            problems.add("the resumed sync received " + resumed.path("received") + " rows, inserted "
                    + resumed.path("inserted") + " and updated " + resumed.path("updated") + ", where the cut sync"
                    + " had stored " + whenCut + " of the " + gained + " new reservations: it should have brought"
                    + " the other " + (gained - whenCut) + " once each, and changed none (a page stored twice?): "
                    + resumed);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(
                    "the bulk sync went wrong (" + problems.size() + "):\n  " + String.join("\n  ", problems));
        }
        assertThat(during.count()).as("lookups while the sync ran").isPositive();
    }

    /** What a table or a PMS holds: how many reservations, and their checksum. */
    record Stored(long count, String checksum) {}

    private Stored pmsState() {
        return new Stored(data.reservationCount(), data.reservationsChecksum());
    }

    private Stored stored() {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*), encode(sha256(convert_to(coalesce(string_agg("
                                + "confirmation_number || '|' || change_seq || '|' || status || E'\\n', ''"
                                + " ORDER BY confirmation_number COLLATE \"C\"), ''), 'UTF8')), 'hex') FROM pms_reservations")) {
            rs.next();
            return new Stored(rs.getLong(1), rs.getString(2));
        } catch (SQLException e) {
            throw new IllegalStateException("reading pms_reservations failed", e);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String p95(RequestStats stats) {
        return String.format(
                Locale.ROOT,
                "%d lookups, p50 %.1f ms, p95 %.1f ms",
                stats.count(),
                stats.percentile(50).toNanos() / 1e6,
                stats.percentile(95).toNanos() / 1e6);
    }
}
