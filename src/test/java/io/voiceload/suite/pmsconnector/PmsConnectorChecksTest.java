package io.voiceload.suite.pmsconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The category's own checks and draws, without a platform: each check sees what it must refuse. */
class PmsConnectorChecksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLookupAnsweringAnythingButThePmsRecordIsRefused() throws Exception {
        JsonNode pms = JSON.readTree("{\"confirmationNumber\":\"GZ-000001\",\"status\":\"booked\",\"changeSeq\":1}");

        assertThat(ReservationLookupIT.differsFromPms(pms.deepCopy(), pms)).isNull();
        assertThat(ReservationLookupIT.differsFromPms(
                        JSON.readTree(
                                "{\"confirmationNumber\":\"GZ-000001\",\"status\":\"cancelled\",\"changeSeq\":1}"),
                        pms))
                .contains("where the PMS holds");
        assertThat(ReservationLookupIT.differsFromPms(pms, null)).contains("the PMS does not hold");
    }

    @Test
    void theBreakersTimelineIsReadInOrder() {
        List<String> expected = List.of("closed", "open", "half_open", "closed");

        assertThat(CircuitBreakerIT.inOrder(
                        List.of("closed", "open", "half_open", "open", "half_open", "closed"), expected))
                .isTrue();
        assertThat(CircuitBreakerIT.inOrder(List.of("closed", "open", "closed"), expected))
                .isFalse();
        assertThat(CircuitBreakerIT.inOrder(List.of("closed"), List.of("closed", "open", "closed")))
                .isFalse();
    }

    @Test
    void zipfKeysAreSkewedAsTheLawSays() {
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= 1_000; i++) {
            keys.add("k" + i);
        }
        ZipfKeys zipf = new ZipfKeys(keys, 1.1);
        SplittableRandom random = new SplittableRandom(42);
        Map<String, Integer> counts = new HashMap<>();
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(zipf.draw(random), 1, Integer::sum);
        }
        // P(rank 1) = 1 / H(1000, 1.1) ≈ 0.1826; rank 2 is 2^1.1 ≈ 2.14 times rarer.
        double first = counts.get("k1") / (double) draws;
        assertThat(first).isBetween(0.175, 0.19);
        assertThat(counts.get("k1") / (double) counts.get("k2")).isBetween(2.0, 2.3);
        assertThat(counts.getOrDefault("k1000", 0)).isLessThan(counts.get("k10"));
        // The same seed draws the same keys.
        SplittableRandom again = new SplittableRandom(42);
        SplittableRandom once = new SplittableRandom(42);
        assertThat(zipf.draw(again)).isEqualTo(zipf.draw(once));
    }
}
