package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.infra.HostPort;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.EmbeddedPlatform;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The PMS connector through real HTTP against the embedded platform and its PMS simulators (reached
 * through the {@code pms} and {@code pms_secondary} Toxiproxy proxies): lookups, the read-through
 * cache and its invalidation, validation, bulk sync into Postgres.
 */
@WithPlatform
@WithInfrastructure
class PmsApiTest {

    private final Api api;
    private final PmsCalls pms;

    PmsApiTest(PlatformEndpoint platform) {
        this.api = new Api(platform);
        this.pms = new PmsCalls(api, platform);
    }

    @Test
    void looksUpAReservationByConfirmationNumberThenFromTheCache() {
        String confirmation = PmsCalls.nextConfirmation();
        Api.Response first = api.as(Role.FRONT_DESK).get("/pms/reservations/" + confirmation);

        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.cache()).isEqualTo("miss");
        assertThat(first.header("X-Pms-Endpoint")).isEqualTo("primary");
        assertThat(first.header("X-Pms-Failover")).isEmpty();
        assertThat(first.header("Age")).isEmpty();
        JsonNode reservation = first.body();
        assertThat(reservation.path("confirmationNumber").asText()).isEqualTo(confirmation);
        assertThat(reservation.path("hotelId").asText()).isIn(PmsCalls.HOTELS.values());
        assertThat(reservation.path("guestId").asText()).matches("G-[0-9]{6}");
        assertThat(reservation.path("arrival").asText()).matches("\\d{4}-\\d{2}-\\d{2}");

        Api.Response second = api.as(Role.FRONT_DESK).get("/pms/reservations/" + confirmation);
        assertThat(second.cache()).isEqualTo("hit");
        assertThat(second.body()).isEqualTo(reservation);
        assertThat(second.header("X-Pms-Endpoint")).isEqualTo("cache");
        assertThat(Long.parseLong(second.header("Age"))).isBetween(0L, 5L);
        assertThat(Long.parseLong(second.header("X-Cache-Age-Ms"))).isBetween(0L, 5_000L);
    }

    @Test
    void findsReservationsByLastNameInOneHotelAndByGuest() {
        String confirmation = PmsCalls.nextConfirmation();
        JsonNode reservation = api.get("/pms/reservations/" + confirmation).body();
        String lastName = reservation.path("lastName").asText();
        String hotel = reservation.path("hotelId").asText();

        Api.Response byName = api.as(Role.FRONT_DESK)
                .get("/pms/reservations?lastName=" + lastName.toLowerCase(Locale.ROOT) + "&hotelId=" + hotel);
        assertThat(byName.status()).as(byName.raw()).isEqualTo(200);
        JsonNode items = byName.body().path("items");
        assertThat(items.findValuesAsText("confirmationNumber")).contains(confirmation);
        assertThat(items).allSatisfy(r -> {
            assertThat(r.path("lastName").asText()).isEqualTo(lastName);
            assertThat(r.path("hotelId").asText()).isEqualTo(hotel);
        });

        String guest = reservation.path("guestId").asText();
        JsonNode byGuest = api.get("/pms/reservations?guestId=" + guest).body().path("items");
        assertThat(byGuest.findValuesAsText("confirmationNumber")).contains(confirmation);
        assertThat(byGuest)
                .allSatisfy(r -> assertThat(r.path("guestId").asText()).isEqualTo(guest));

        assertThat(api.get("/pms/reservations?lastName=Nobodyhere")
                        .body()
                        .path("items")
                        .size())
                .isZero();
    }

    @Test
    void aGuestUpdateIsWrittenThroughAndInvalidatesTheCachedProfile() {
        String guest = PmsCalls.nextGuest();
        JsonNode cacheBefore = pms.admin().path("cache");

        Api.Response first = api.as(Role.FRONT_DESK).get("/pms/guests/" + guest);
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.cache()).isEqualTo("miss");
        assertThat(first.header("ETag"))
                .isEqualTo("\"" + first.body().path("version").asLong() + "\"");
        Api.Response hit = api.as(Role.FRONT_DESK).get("/pms/guests/" + guest);
        assertThat(hit.cache()).isEqualTo("hit");
        assertThat(hit.header("ETag")).isEqualTo(first.header("ETag"));

        String email = "guest." + guest.toLowerCase(Locale.ROOT) + "@example.org";
        Api.Response updated = pms.patch(
                api.as(Role.FRONT_DESK), "/pms/guests/" + guest, "{\"email\": \"" + email + "\", \"vip\": true}");
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.body().path("email").asText()).isEqualTo(email);
        assertThat(updated.body().path("version").asInt())
                .isEqualTo(first.body().path("version").asInt() + 1);
        assertThat(updated.header("ETag"))
                .isEqualTo("\"" + updated.body().path("version").asLong() + "\"");
        assertThat(updated.header("X-Pms-Endpoint")).isEqualTo("primary");

        Api.Response afterUpdate = api.as(Role.FRONT_DESK).get("/pms/guests/" + guest);
        assertThat(afterUpdate.cache()).isEqualTo("miss");
        assertThat(afterUpdate.body().path("email").asText()).isEqualTo(email);
        assertThat(afterUpdate.body().path("vip").asBoolean()).isTrue();
        Api.Response cachedAgain = api.as(Role.FRONT_DESK).get("/pms/guests/" + guest);
        assertThat(cachedAgain.cache()).isEqualTo("hit");
        assertThat(cachedAgain.body()).isEqualTo(afterUpdate.body());

        JsonNode cacheAfter = pms.admin().path("cache");
        assertThat(cacheAfter.path("hits").asLong() - cacheBefore.path("hits").asLong())
                .isEqualTo(2);
        assertThat(cacheAfter.path("misses").asLong()
                        - cacheBefore.path("misses").asLong())
                .isEqualTo(2);
        assertThat(cacheAfter.path("hitRatio").asDouble()).isBetween(0.0, 1.0);
        assertThat(cacheAfter.path("ttlSeconds").asInt()).isEqualTo(60);
    }

    @Test
    void twoInterleavedWritersAndReadersEachReadTheirOwnWriteOrANewerOne() throws InterruptedException {
        assertThat(PmsCalls.readYourWritesViolations(api.as(Role.FRONT_DESK), pms, PmsCalls.nextGuest()))
                .isEmpty();
    }

    @Test
    void refusesInvalidInputNamingTheField() {
        JsonNode badConfirmation = api.get("/pms/reservations/gz-12").assertError(400);
        assertThat(badConfirmation.path("details").path("confirmation").asText())
                .contains("GZ-000123");

        JsonNode noQuery = api.get("/pms/reservations").assertError(400);
        assertThat(noQuery.path("details").path("lastName").asText()).contains("exactly one");
        JsonNode both =
                api.get("/pms/reservations?lastName=Smith&guestId=G-000001").assertError(400);
        assertThat(both.path("details").path("lastName").asText()).contains("exactly one");
        JsonNode unknown =
                api.get("/pms/reservations?lastName=Smith&colour=red").assertError(400);
        assertThat(unknown.path("details").path("colour").asText()).startsWith("unknown parameter");
        JsonNode badGuestId = api.get("/pms/reservations?guestId=42").assertError(400);
        assertThat(badGuestId.path("details").path("guestId").asText()).contains("G-000042");

        Api.Response badIfMatch = api.send(HttpRequest.newBuilder(api.endpoint().resolve("/pms/guests/G-000001"))
                .header("Content-Type", "application/json")
                .header("If-Match", "W/\"3\"")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"vip\": true}")));
        assertThat(badIfMatch.assertError(400).path("details").path("If-Match").asText())
                .contains("\"7\"");

        JsonNode badId = api.get("/pms/guests/guest-1").assertError(400);
        assertThat(badId.path("details").path("id").asText()).contains("G-000042");

        // Validated by the PMS; its 400 is passed on with its details.
        JsonNode badUpdate = pms.patch(
                        api, "/pms/guests/G-000001", "{\"email\": \"not-an-address\", \"lastName\": \"Renamed\"}")
                .assertError(400);
        assertThat(badUpdate.path("details").path("email").asText()).contains("e-mail");
        assertThat(badUpdate.path("details").path("lastName").asText()).startsWith("unknown field");
        assertThat(pms.patch(api, "/pms/guests/G-000001", "{\"vip\": ")
                        .assertError(400)
                        .path("error")
                        .asText())
                .startsWith("malformed JSON");

        JsonNode badSync =
                api.as(Role.MANAGER).post("/pms/sync", Map.of("full", "yes")).assertError(400);
        assertThat(badSync.path("details").path("full").asText()).contains("true or false");
    }

    @Test
    void unknownReservationsAndGuestsAre404() {
        api.get("/pms/reservations/GZ-999999").assertError(404);
        api.get("/pms/guests/G-999999").assertError(404);
        pms.patch(api, "/pms/guests/G-999999", "{\"vip\": true}").assertError(404);
    }

    @Test
    void bulkSyncStoresEveryReservationOnceAndIsIdempotent(DataSource database) throws SQLException {
        int inPms = simulatorHealth().path("reservations").asInt();
        assertThat(inPms).isGreaterThanOrEqualTo(5_000);

        JsonNode full = pms.sync(true);
        assertThat(full.path("full").asBoolean()).isTrue();
        assertThat(full.path("received").asLong()).isGreaterThanOrEqualTo(inPms);
        assertThat(full.path("pages").asInt()).isGreaterThanOrEqualTo(inPms / 500);
        assertThat(full.path("rows").asLong()).isEqualTo(inPms);
        assertThat(full.path("durationMs").asLong()).isNotNegative();
        assertThat(count(database, "SELECT count(*) FROM pms_reservations")).isEqualTo(inPms);
        assertThat(count(database, "SELECT count(DISTINCT hotel_id) FROM pms_reservations"))
                .isEqualTo(3);

        JsonNode again = pms.sync(false);
        assertThat(again.path("received").asLong()).isZero();
        assertThat(again.path("rows").asLong()).isEqualTo(inPms);

        JsonNode fullAgain = pms.sync(true);
        assertThat(fullAgain.path("received").asLong()).isEqualTo(inPms);
        assertThat(fullAgain.path("inserted").asLong()).isZero();
        assertThat(fullAgain.path("updated").asLong()).isZero();
        assertThat(fullAgain.path("unchanged").asLong()).isEqualTo(inPms);
        assertThat(count(database, "SELECT count(*) FROM pms_reservations")).isEqualTo(inPms);

        // A change in the PMS reaches the database with the next (incremental) sync, and only it.
        String confirmation = PmsCalls.nextConfirmation();
        Api.Response changed = pms.patchSimulator("/reservations/" + confirmation, "{\"status\": \"cancelled\"}");
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        JsonNode incremental = pms.sync(false);
        assertThat(incremental.path("received").asLong()).isEqualTo(1);
        assertThat(incremental.path("updated").asLong()).isEqualTo(1);
        assertThat(incremental.path("rows").asLong()).isEqualTo(inPms);
        assertThat(text(database, "SELECT status FROM pms_reservations WHERE confirmation_number = ?", confirmation))
                .isEqualTo("cancelled");
    }

    private JsonNode simulatorHealth() {
        return api.send(HttpRequest.newBuilder(PmsCalls.simulator("/health")).GET())
                .body();
    }

    private static long count(DataSource database, String sql) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(DataSource database, String sql, String parameter) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Small helpers for the PMS tests (also used by {@link PmsResilienceTest}). */
    static final class PmsCalls {

        static final Map<String, String> HOTELS =
                Map.of("GZ", "grand-zurich", "HS", "harbour-sydney", "LC", "lakeside-chicago");
        private static final String[] PREFIXES = {"GZ", "HS", "LC"};
        private static final int PER_HOTEL = 1_800;
        private static final int GUESTS = 3_000;
        // Each test takes fresh records, so no test depends on what another one cached.
        private static final AtomicInteger NEXT_RESERVATION =
                new AtomicInteger(ThreadLocalRandom.current().nextInt(3 * PER_HOTEL));
        private static final AtomicInteger NEXT_GUEST =
                new AtomicInteger(ThreadLocalRandom.current().nextInt(GUESTS));

        private final Api api;
        private final PlatformEndpoint platform;

        PmsCalls(Api api, PlatformEndpoint platform) {
            this.api = api;
            this.platform = platform;
        }

        /** A confirmation number not yet used by these tests (cycling through all seeded ones). */
        static String nextConfirmation() {
            int n = Math.floorMod(NEXT_RESERVATION.getAndIncrement(), 3 * PER_HOTEL);
            return String.format(Locale.ROOT, "%s-%06d", PREFIXES[n % 3], 1 + n / 3);
        }

        /** A guest id not yet used by these tests (cycling through all seeded ones). */
        static String nextGuest() {
            return String.format(Locale.ROOT, "G-%06d", 1 + Math.floorMod(NEXT_GUEST.getAndIncrement(), GUESTS));
        }

        /** The primary simulator's URL for {@code path}, through the {@code pms} proxy. */
        static URI simulator(String path) {
            HostPort proxy = RunningInfrastructure.shared().reachable(EmbeddedPlatform.PMS_PROXY);
            return URI.create("http://" + proxy + path);
        }

        Api.Response patch(Api as, String path, String json) {
            return as.send(HttpRequest.newBuilder(platform.resolve(path))
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
        }

        /** Changes the PMS directly (not through the platform). */
        Api.Response patchSimulator(String path, String json) {
            return api.send(HttpRequest.newBuilder(simulator(path))
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
        }

        JsonNode admin() {
            Api.Response status = api.as(Role.ADMIN).get("/admin/pms");
            assertThat(status.status()).as(status.raw()).isEqualTo(200);
            return status.body();
        }

        /** The admin view of one endpoint ("primary", "secondary"). */
        JsonNode endpoint(String name) {
            for (JsonNode endpoint : admin().path("endpoints")) {
                if (endpoint.path("name").asText().equals(name)) {
                    return endpoint;
                }
            }
            throw new AssertionError("no endpoint " + name + " in /admin/pms");
        }

        /**
         * Two writers update {@code guest} in turn with the reads of two readers in between, all through the
         * platform; after each acknowledged update its writer reads the profile at once. Returns what broke
         * read-your-writes: a read of an older version than the writer's acknowledged one.
         */
        static List<String> readYourWritesViolations(Api api, PmsCalls pms, String guest) throws InterruptedException {
            List<String> violations = new CopyOnWriteArrayList<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            api.get("/pms/guests/" + guest); // cached before the first write
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> tasks = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    tasks.add(threads.submit(() -> {
                        while (writing.get()) {
                            assertThat(api.get("/pms/guests/" + guest).status()).isEqualTo(200);
                        }
                        return null;
                    }));
                }
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    int writer = w;
                    writers.add(threads.submit(() -> {
                        for (int i = 0; i < 15; i++) {
                            Api.Response updated = pms.patch(
                                    api, "/pms/guests/" + guest, "{\"vip\": " + ((i + writer) % 2 == 0) + "}");
                            assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
                            long written = updated.body().path("version").asLong();
                            Api.Response read = api.get("/pms/guests/" + guest);
                            long seen = read.body().path("version").asLong();
                            if (seen < written) {
                                violations.add("writer " + writer + " wrote version " + written + ", then read " + seen
                                        + " (X-Cache: " + read.cache() + ")");
                            }
                        }
                        return null;
                    }));
                }
                try {
                    for (Future<?> f : writers) {
                        f.get();
                    }
                    writing.set(false);
                    for (Future<?> f : tasks) {
                        f.get();
                    }
                } catch (ExecutionException e) {
                    throw new AssertionError(e.getCause());
                } finally {
                    writing.set(false);
                }
            }
            return violations;
        }

        JsonNode sync(boolean full) {
            Api.Response sync = api.as(Role.MANAGER).post("/pms/sync", Map.of("full", full));
            assertThat(sync.status()).as(sync.raw()).isEqualTo(200);
            return sync.body();
        }
    }
}
