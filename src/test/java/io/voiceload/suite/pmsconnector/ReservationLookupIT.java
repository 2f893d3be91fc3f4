package io.voiceload.suite.pmsconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voiceload.config.PmsConnectorSettings;
import io.voiceload.http.Response;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.Mix;
import io.voiceload.load.RequestStats;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.PmsUpstream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.TestReporter;

/**
 * Reservation lookups at the front desks of the three hotels: each virtual user looks a reservation up by
 * confirmation number, by the guest's last name or by guest id ({@code lookup_mix}), in a hotel drawn by {@code
 * hotel_mix} ({@code categories.pms-connector.settings}). Most confirmation lookups are of the hotel's next arrivals
 * (the first {@value #ARRIVALS} reservations of each hotel), so the connector's cache answers some and the PMS the
 * rest. Every answer is the right one: a reservation lookup answers that reservation and nobody else's, a search
 * answers exactly the reservations the PMS holds for that name or guest in that hotel, field for field as the PMS has
 * them. The latency of each kind is recorded, and that of confirmation lookups also by the cache's part in them
 * ({@code lookup by confirmation (hit)}, {@code (miss)}).
 */
@PmsConnector
class ReservationLookupIT {
    static final String BY_CONFIRMATION = "lookup by confirmation";
    static final String BY_LAST_NAME = "lookup by last name";
    static final String BY_GUEST_ID = "lookup by guest id";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The next arrivals of each hotel: three in four confirmation lookups are of these. */
    private static final int ARRIVALS = 60;

    @AutoClose
    private final PmsApi pms;

    private final PmsUpstream upstream;
    private final Mix<String> kinds;
    private final Mix<String> hotels;
    /** The PMS's data when the test began: the keys it looks up. */
    private final UpstreamData before;
    /** Its confirmation numbers by hotel, in order: a hotel's first ones are its next arrivals. */
    private final Map<String, List<String>> byHotel = new LinkedHashMap<>();

    /** Every distinct answer seen, by lookup ({@code confirmation GZ-000123}, {@code lastName Smith grand-zurich}). */
    private final Map<String, Set<String>> answers = new ConcurrentHashMap<>();
    /** Lookups answered with someone else's reservation while the load ran, by lookup. */
    private final Map<String, String> wrong = new ConcurrentHashMap<>();

    ReservationLookupIT(PlatformEndpoint platform, PmsUpstream upstream) {
        this.pms = new PmsApi(platform);
        this.upstream = upstream;
        PmsConnectorSettings settings = PmsConnectorSettings.shared();
        this.kinds = Mix.of(settings.lookupMix(), names(PmsConnectorSettings.LOOKUP_KINDS));
        this.hotels = Mix.of(settings.hotelMix(), names(PmsConnectorSettings.HOTELS));
        this.before = UpstreamData.read(upstream.primary());
        PmsConnectorSettings.HOTELS.forEach(h -> byHotel.put(h, before.confirmations(h)));
    }

    @LoadTest(users = 10, duration = "12s", warmupIterations = 5)
    @Slo(request = BY_CONFIRMATION, p95 = "300ms", errorRate = 0)
    @Slo(request = BY_LAST_NAME, p95 = "500ms", errorRate = 0)
    @Slo(request = BY_GUEST_ID, p95 = "500ms", errorRate = 0)
    void lookUp(VirtualUser user) {
        RandomGenerator random = user.random();
        String hotel = hotels.pick(random).value();
        List<String> confirmations = byHotel.get(hotel);
        String confirmation = random.nextInt(4) < 3
                ? confirmations.get(random.nextInt(Math.min(ARRIVALS, confirmations.size())))
                : confirmations.get(random.nextInt(confirmations.size()));
        JsonNode reservation = before.reservation(confirmation);
        switch (kinds.pick(random).value()) {
            case "confirmation" -> byConfirmation(user, confirmation);
            case "last_name" ->
                search(user, "lastName", reservation.path("lastName").asText(), hotel);
            default -> search(user, "guestId", reservation.path("guestId").asText(), hotel);
        }
    }

    private void byConfirmation(VirtualUser user, String confirmation) {
        Response r = pms.reservation(confirmation, BY_CONFIRMATION);
        if (r.status() != 200) {
            throw new AssertionError(
                    BY_CONFIRMATION + " " + confirmation + " answered " + r.status() + ": " + r.text());
        }
        String cache = PmsApi.cache(r);
        user.record(BY_CONFIRMATION + " (" + (cache == null ? "cache unsaid" : cache) + ")", r.latency(), null);
        String answered = r.json().path("confirmationNumber").asText();
        String lookup = "confirmation " + confirmation;
        answers.computeIfAbsent(lookup, k -> ConcurrentHashMap.newKeySet()).add(r.text());
        if (!confirmation.equals(answered)) {
            wrong.putIfAbsent(lookup, "answered reservation " + answered + " (X-Cache: " + cache + ")");
            throw new AssertionError(BY_CONFIRMATION + " " + confirmation + " answered reservation " + answered);
        }
    }

    private void search(VirtualUser user, String parameter, String value, String hotel) {
        String name = parameter.equals("lastName") ? BY_LAST_NAME : BY_GUEST_ID;
        Response r = pms.search(parameter, value, hotel, name);
        if (r.status() != 200) {
            throw new AssertionError(name + " " + value + " in " + hotel + " answered " + r.status() + ": " + r.text());
        }
        String lookup = parameter + " " + value + " " + hotel;
        List<String> found = new ArrayList<>();
        for (JsonNode item : r.json().path("items")) {
            String actual = item.path(parameter).asText();
            boolean theirs = parameter.equals("lastName") ? actual.equalsIgnoreCase(value) : actual.equals(value);
            if (!theirs || !hotel.equals(item.path("hotelId").asText())) {
                String problem = "answered " + item.path("confirmationNumber").asText() + " of " + parameter + " "
                        + actual + " in " + item.path("hotelId").asText();
                wrong.putIfAbsent(lookup, problem);
                throw new AssertionError(name + " " + value + " in " + hotel + " " + problem);
            }
            found.add(item.toString());
        }
        answers.computeIfAbsent(lookup, k -> ConcurrentHashMap.newKeySet()).add(String.join("\n", found));
    }

    @AfterEach
    void everyAnswerIsThePmsData(LoadResult result, TestReporter reporter) throws Exception {
        Map<String, String> figures = new LinkedHashMap<>();
        for (String kind : List.of(BY_CONFIRMATION, BY_LAST_NAME, BY_GUEST_ID)) {
            RequestStats stats = result.request(kind);
            assertThat(stats.successes()).as(kind + " answered").isPositive();
            figures.put(kind, describe(stats));
        }
        for (String state : List.of("hit", "miss")) {
            RequestStats stats = result.request(BY_CONFIRMATION + " (" + state + ")");
            assertThat(stats.successes())
                    .as(BY_CONFIRMATION + " answered from the cache's " + state
                            + " (X-Cache): both must occur for the latency by cache state")
                    .isPositive();
            figures.put(BY_CONFIRMATION + " (" + state + ")", describe(stats));
        }
        figures.forEach((k, v) -> System.out.println("[pms lookup] " + k + ": " + v));
        reporter.publishEntry(figures);

        assertThat(wrong).as("lookups answered with someone else's reservation").isEmpty();

        // The PMS's data now (the lookups changed nothing): every distinct answer must be exactly it.
        UpstreamData truth = UpstreamData.read(upstream.primary());
        Map<String, String> differ = new TreeMap<>();
        for (var entry : answers.entrySet()) {
            String lookup = entry.getKey();
            String[] parts = lookup.split(" ");
            for (String answer : entry.getValue()) {
                String problem = parts[0].equals("confirmation")
                        ? differsFromPms(JSON.readTree(answer), truth.reservation(parts[1]))
                        : differsFromPms(answer, truth, parts[0], parts[1], parts[2]);
                if (problem != null) {
                    differ.putIfAbsent(lookup, problem);
                }
            }
        }
        if (!differ.isEmpty()) {
            var first = differ.entrySet().iterator().next();
            throw new AssertionError(differ.size() + " of " + answers.size()
                    + " lookups answered other than the PMS holds; e.g. " + first.getKey() + ": " + first.getValue());
        }
    }

    static String differsFromPms(JsonNode answered, JsonNode pms) {
        if (pms == null) {
            return "answered " + answered + " for a reservation the PMS does not hold";
        }
        return answered.equals(pms) ? null : "answered " + answered + " where the PMS holds " + pms;
    }

    private static String differsFromPms(
            String answered, UpstreamData truth, String parameter, String value, String hotel) throws Exception {
        List<String> confirmations = new ArrayList<>();
        for (String line : answered.isEmpty() ? new String[0] : answered.split("\n")) {
            JsonNode item = JSON.readTree(line);
            String confirmation = item.path("confirmationNumber").asText();
            String problem = differsFromPms(item, truth.reservation(confirmation));
            if (problem != null) {
                return problem;
            }
            confirmations.add(confirmation);
        }
        List<String> expected = truth.search(parameter, value, hotel);
        return confirmations.equals(expected) ? null : "answered " + confirmations + " where the PMS holds " + expected;
    }

    private static String describe(RequestStats stats) {
        return String.format(
                Locale.ROOT,
                "%d lookups, %.1f/s, p50 %.1f ms, p95 %.1f ms",
                stats.count(),
                stats.throughput(),
                stats.percentile(50).toNanos() / 1e6,
                stats.percentile(95).toNanos() / 1e6);
    }

    private static Map<String, String> names(List<String> names) {
        Map<String, String> options = new LinkedHashMap<>();
        names.forEach(n -> options.put(n, n));
        return options;
    }
}
