package io.voiceload.suite.pmsconnector;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.http.Http;
import io.voiceload.platform.pms.simulator.PmsSimulator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the upstream PMS holds, read from the simulator itself (its own HTTP API, straight to its port, not through
 * the platform or the proxies): every reservation, paged through {@code /changes/reservations}, with the searches the
 * platform answers worked out from them. The truth the platform's answers are compared with. Read it outside the load
 * and while no fault is planted on the simulator: its requests are not the run's.
 *
 * <pre>{@code
 * UpstreamData truth = UpstreamData.read(upstream.primary());
 * JsonNode reservation = truth.reservation("GZ-000123");
 * List<String> smiths = truth.search("lastName", "Smith", "grand-zurich");
 * }</pre>
 */
final class UpstreamData {
    private final Map<String, JsonNode> reservations;

    private UpstreamData(Map<String, JsonNode> reservations) {
        this.reservations = Collections.unmodifiableMap(reservations);
    }

    /** Every reservation {@code simulator} holds, by confirmation number. */
    static UpstreamData read(PmsSimulator simulator) {
        Map<String, JsonNode> all = new TreeMap<>();
        try (Http http = Http.to(simulator.baseUrl().toString())) {
            long since = 0;
            while (true) {
                JsonNode page = http.get("/changes/reservations")
                        .query("since", since)
                        .query("limit", PmsSimulator.MAX_PAGE)
                        .expect(200)
                        .send()
                        .json();
                for (JsonNode reservation : page.path("items")) {
                    all.put(reservation.path("confirmationNumber").asText(), reservation);
                }
                long next = page.path("nextSince").asLong();
                if (page.path("items").isEmpty()
                        || next >= page.path("lastChangeSeq").asLong()) {
                    break;
                }
                since = next;
            }
        }
        return new UpstreamData(all);
    }

    /** A guest profile as {@code simulator} holds it now. */
    static JsonNode guest(PmsSimulator simulator, String id) {
        try (Http http = Http.to(simulator.baseUrl().toString())) {
            return http.get("/guests/{id}", id).expect(200).send().json();
        }
    }

    /** The reservations held. */
    int size() {
        return reservations.size();
    }

    /** The reservation {@code confirmation}; null when the PMS has none. */
    JsonNode reservation(String confirmation) {
        return reservations.get(confirmation);
    }

    /** The confirmation numbers of a hotel ({@code null}: of every hotel), in order. */
    List<String> confirmations(String hotel) {
        return reservations.values().stream()
                .filter(r -> hotel == null || hotel.equals(r.path("hotelId").asText()))
                .map(r -> r.path("confirmationNumber").asText())
                .toList();
    }

    /**
     * The confirmation numbers, in order, of what the PMS answers to {@code GET /reservations?<parameter>=<value>}
     * ({@code lastName}, matched in any case, or {@code guestId}) in {@code hotel} ({@code null}: every hotel).
     */
    List<String> search(String parameter, String value, String hotel) {
        String field = parameter.equals("lastName") ? "lastName" : "guestId";
        List<String> found = new ArrayList<>();
        for (JsonNode r : reservations.values()) {
            String actual = r.path(field).asText();
            boolean matches = field.equals("lastName")
                    ? actual.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))
                    : actual.equals(value);
            if (matches && (hotel == null || hotel.equals(r.path("hotelId").asText()))) {
                found.add(r.path("confirmationNumber").asText());
            }
        }
        Collections.sort(found);
        return found;
    }

    /** The reservations of each hotel, by hotel id. */
    Map<String, Long> countByHotel() {
        return reservations.values().stream()
                .collect(Collectors.groupingBy(r -> r.path("hotelId").asText(), TreeMap::new, Collectors.counting()));
    }
}
