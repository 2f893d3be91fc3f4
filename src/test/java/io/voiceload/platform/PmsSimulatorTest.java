package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.platform.pms.simulator.PmsData;
import io.voiceload.platform.pms.simulator.PmsSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PMS simulator on its own: seed data, lookups, validated updates, changed-since paging. */
class PmsSimulatorTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static PmsSimulator primary;
    private static PmsSimulator secondary;

    @BeforeAll
    static void start() {
        PmsData data = PmsData.seeded();
        primary = PmsSimulator.start("primary", data, 0, Duration.ZERO);
        secondary = PmsSimulator.start("secondary", data, 0, Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        secondary.close();
        primary.close();
    }

    @Test
    void isSeededWithThousandsOfReservationsAndGuestsAcrossTheThreeHotels() {
        JsonNode health = get(primary, "/health").body();
        assertThat(health.path("status").asText()).isEqualTo("up");
        assertThat(health.path("name").asText()).isEqualTo("primary");
        assertThat(health.path("reservations").asInt()).isEqualTo(5_400);
        assertThat(health.path("guests").asInt()).isEqualTo(3_000);
        assertThat(health.path("lastChangeSeq").asLong()).isGreaterThanOrEqualTo(5_400);

        for (String confirmation : new String[] {"GZ-000001", "HS-001800", "LC-000123"}) {
            JsonNode reservation = get(primary, "/reservations/" + confirmation).body();
            assertThat(reservation.path("confirmationNumber").asText()).isEqualTo(confirmation);
        }
        assertThat(get(primary, "/reservations/GZ-000001")
                        .body()
                        .path("hotelId")
                        .asText())
                .isEqualTo("grand-zurich");
        assertThat(get(primary, "/reservations/HS-000001")
                        .body()
                        .path("hotelId")
                        .asText())
                .isEqualTo("harbour-sydney");
        assertThat(get(primary, "/reservations/LC-000001")
                        .body()
                        .path("hotelId")
                        .asText())
                .isEqualTo("lakeside-chicago");
        assertThat(get(primary, "/reservations/GZ-001801").status()).isEqualTo(404);
        assertThat(get(primary, "/guests/G-003000").status()).isEqualTo(200);
        assertThat(get(primary, "/guests/G-003001").status()).isEqualTo(404);
    }

    @Test
    void seedIsDeterministic() {
        PmsData again = PmsData.seeded();
        try (PmsSimulator other = PmsSimulator.start("other", again, 0, Duration.ZERO)) {
            for (String path : new String[] {"/reservations/GZ-000777", "/reservations/LC-001500"}) {
                assertThat(get(other, path).raw()).isEqualTo(get(primary, path).raw());
            }
        }
        try (PmsSimulator other = PmsSimulator.start("other", PmsData.seeded(7, 50, 10), 0, Duration.ZERO)) {
            assertThat(get(other, "/reservations/GZ-000007").raw())
                    .isNotEqualTo(get(primary, "/reservations/GZ-000007").raw());
        }
    }

    @Test
    void findsReservationsByLastNameAndByGuest() {
        JsonNode reservation = get(primary, "/reservations/GZ-000042").body();
        String lastName = reservation.path("lastName").asText();
        String guestId = reservation.path("guestId").asText();

        JsonNode byName = get(primary, "/reservations?lastName=" + lastName.toUpperCase() + "&hotelId=grand-zurich")
                .body()
                .path("items");
        assertThat(byName.size()).isGreaterThanOrEqualTo(1);
        assertThat(byName).allSatisfy(r -> {
            assertThat(r.path("lastName").asText()).isEqualTo(lastName);
            assertThat(r.path("hotelId").asText()).isEqualTo("grand-zurich");
        });
        assertThat(byName.findValuesAsText("confirmationNumber")).contains("GZ-000042");

        JsonNode byGuest =
                get(primary, "/reservations?guestId=" + guestId).body().path("items");
        assertThat(byGuest.findValuesAsText("confirmationNumber")).contains("GZ-000042");
        assertThat(byGuest)
                .allSatisfy(r -> assertThat(r.path("guestId").asText()).isEqualTo(guestId));

        assertThat(get(primary, "/reservations?hotelId=nowhere").status()).isEqualTo(400);
    }

    @Test
    void updatesAGuestOnTheReplicaToo() {
        JsonNode before = get(primary, "/guests/G-000010").body();
        Reply updated = patch(primary, "/guests/G-000010", "{\"email\": \"new.address@example.com\", \"vip\": true}");

        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.body().path("email").asText()).isEqualTo("new.address@example.com");
        assertThat(updated.body().path("vip").asBoolean()).isTrue();
        assertThat(updated.body().path("version").asInt())
                .isEqualTo(before.path("version").asInt() + 1);
        assertThat(updated.body().path("lastName").asText())
                .isEqualTo(before.path("lastName").asText());
        assertThat(get(secondary, "/guests/G-000010").body()).isEqualTo(updated.body());
    }

    @Test
    void refusesAnInvalidGuestUpdateNamingEveryField() {
        Reply refused = patch(
                primary,
                "/guests/G-000011",
                "{\"email\": \"nope\", \"phone\": \"12\", \"language\": \"English\", \"vip\": \"yes\","
                        + " \"lastName\": \"X\"}");

        assertThat(refused.status()).isEqualTo(400);
        JsonNode details = refused.body().path("details");
        assertThat(details.path("email").asText()).contains("e-mail");
        assertThat(details.path("phone").asText()).contains("E.164");
        assertThat(details.path("language").asText()).contains("en-US");
        assertThat(details.path("vip").asText()).contains("true or false");
        assertThat(details.path("lastName").asText()).startsWith("unknown field");
        assertThat(get(primary, "/guests/G-000011").body().path("version").asInt())
                .isEqualTo(1);
        assertThat(patch(primary, "/guests/G-999999", "{\"vip\": true}").status())
                .isEqualTo(404);
    }

    @Test
    void pagesThroughEveryChangeExactlyOnceAndThenOnlyNewOnes() {
        long since = 0;
        Set<String> seen = new HashSet<>();
        int pages = 0;
        while (pages < 100) {
            JsonNode page = get(primary, "/changes/reservations?since=" + since + "&limit=1000")
                    .body();
            pages++;
            page.path("items").forEach(r -> assertThat(
                            seen.add(r.path("confirmationNumber").asText()))
                    .as("seen once")
                    .isTrue());
            since = page.path("nextSince").asLong();
            if (page.path("items").size() < 1000) {
                break;
            }
        }
        assertThat(seen).hasSize(5_400);
        assertThat(pages).isEqualTo(6);

        Reply changed = patch(primary, "/reservations/HS-000100", "{\"status\": \"cancelled\"}");
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        JsonNode next = get(primary, "/changes/reservations?since=" + since).body();
        assertThat(next.path("items").findValuesAsText("confirmationNumber")).containsExactly("HS-000100");
        assertThat(next.path("items").get(0).path("status").asText()).isEqualTo("cancelled");

        assertThat(get(primary, "/changes/reservations?limit=0").status()).isEqualTo(400);
        assertThat(patch(primary, "/reservations/HS-000100", "{\"status\": \"lost\"}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void simulatedLatencyDelaysEveryAnswer() {
        try (PmsSimulator slow = PmsSimulator.start("slow", primary.data(), 0, Duration.ofMillis(300))) {
            long start = System.nanoTime();
            assertThat(get(slow, "/health").status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    record Reply(int status, JsonNode body, String raw) {}

    private static Reply get(PmsSimulator simulator, String path) {
        return send(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).GET());
    }

    private static Reply patch(PmsSimulator simulator, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r =
                    HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), Api.JSON.readTree(r.body()), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
