package io.voiceload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The weighted choice: shares, determinism per seed, weight 0, and every error of {@link Mix#of}. */
class MixTest {
    private static final Map<String, String> OPS =
            Map.of("post_event", "E", "create_call", "C", "lookup", "L", "audio", "A", "transfer", "T", "hang_up", "H");
    private static final Map<String, Integer> WEIGHTS =
            Map.of("post_event", 40, "create_call", 25, "lookup", 15, "audio", 10, "transfer", 10);

    @Test
    void twentyThousandPicksFollowTheWeightsWithinTwoPercent() {
        Mix<String> mix = Mix.of(WEIGHTS, OPS);
        SplittableRandom random = new SplittableRandom(42);
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < 20_000; i++) {
            counts.merge(mix.pick(random).name(), 1, Integer::sum);
        }
        WEIGHTS.forEach((name, weight) ->
                assertThat(counts.get(name) / 20_000.0).as(name).isCloseTo(weight / 100.0, within(0.02)));
        assertThat(counts).doesNotContainKey("hang_up");
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(20_000);
    }

    @Test
    void theSameSeedPicksTheSameSequenceWhateverTheMapOrder() {
        Map<String, String> reversed = new LinkedHashMap<>();
        new TreeMap<>(OPS).descendingMap().forEach(reversed::put);
        assertThat(picks(Mix.of(WEIGHTS, OPS), 7)).isEqualTo(picks(Mix.of(new HashMap<>(WEIGHTS), reversed), 7));
        assertThat(picks(Mix.of(WEIGHTS, OPS), 7)).isNotEqualTo(picks(Mix.of(WEIGHTS, OPS), 8));
    }

    @Test
    void aSingleWeightedOptionIsAlwaysPickedAndSharesAddUp() {
        Mix<String> mix = Mix.of(Map.of("lookup", 0.5), OPS);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1_000; i++) {
            assertThat(mix.pick(random).value()).isEqualTo("L");
        }
        assertThat(mix.choice("lookup").share()).isEqualTo(1.0);
        assertThat(mix.omitted()).containsExactly("audio", "create_call", "hang_up", "post_event", "transfer");
        assertThat(Mix.of(WEIGHTS, OPS).choices().stream()
                        .mapToDouble(Mix.Choice::share)
                        .sum())
                .isCloseTo(1.0, within(1e-9));
    }

    @Test
    void describeListsSharesAndTheOptionsLeftOut() {
        assertThat(Mix.of(WEIGHTS, OPS).describe())
                .isEqualTo("audio 10 (10.0 %), create_call 25 (25.0 %), lookup 15 (15.0 %), post_event 40 (40.0 %),"
                        + " transfer 10 (10.0 %); weight 0 (never picked): hang_up");
    }

    @Test
    void aWeightForAnUnknownOptionIsRefusedNamingTheOptions() {
        assertThatThrownBy(() -> Mix.of(Map.of("foo", 1), Map.of("a", 1, "b", 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mix weight for \"foo\": no such option; options: a, b");
    }

    @Test
    void negativeAndNonFiniteWeightsAreRefused() {
        assertThatThrownBy(() -> Mix.of(Map.of("a", -1), Map.of("a", 1)))
                .hasMessage("mix weight of \"a\" = -1: must be a finite number >= 0");
        assertThatThrownBy(() -> Mix.of(Map.of("a", Double.NaN), Map.of("a", 1)))
                .hasMessage("mix weight of \"a\" = NaN: must be a finite number >= 0");
        assertThatThrownBy(() -> Mix.of(Map.of("a", Double.POSITIVE_INFINITY), Map.of("a", 1)))
                .hasMessage("mix weight of \"a\" = Infinity: must be a finite number >= 0");
    }

    @Test
    void allZeroWeightsAreRefused() {
        assertThatThrownBy(() -> Mix.of(Map.of("a", 0, "b", 0), Map.of("a", 1, "b", 2)))
                .hasMessage("mix of [a, b]: every weight is 0; give at least one option a weight > 0");
        assertThatThrownBy(() -> Mix.of(Map.of(), Map.of("a", 1))).hasMessageContaining("every weight is 0");
    }

    @Test
    void countsThatFitTheWeightsShowNoDeviation() {
        Mix<String> mix = Mix.of(WEIGHTS, OPS);
        assertThat(mix.deviations(
                        Map.of("post_event", 118L, "create_call", 77L, "lookup", 47L, "audio", 26L, "transfer", 32L)))
                .isEmpty();
        // Three picks cannot show 40 %: small runs pass.
        assertThat(mix.deviations(Map.of("post_event", 3L))).isEmpty();
        assertThat(mix.tally(Map.of("post_event", 3L, "audio", 1L)))
                .startsWith("audio 1 of 4 (25.0 %, configured 10.0 %), create_call 0 of 4 (0.0 %, configured 25.0 %)");
    }

    @Test
    void countsOffTheWeightsAreNamed() {
        Mix<String> mix = Mix.of(WEIGHTS, OPS);
        assertThat(mix.deviations(
                        Map.of("post_event", 30L, "create_call", 77L, "lookup", 47L, "audio", 26L, "transfer", 120L)))
                .containsExactly(
                        "post_event: 30 of 300 (10.0 %), configured 40.0 %",
                        "transfer: 120 of 300 (40.0 %), configured 10.0 %");
        assertThat(mix.deviations(Map.of("post_event", 10L, "hang_up", 1L, "retry", 2L)))
                .containsExactly("retry: 2 of 13, but it is no option", "hang_up: 1 of 13 (7.7 %), configured 0.0 %");
    }

    private static List<String> picks(Mix<String> mix, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            picks.add(mix.pick(random).name());
        }
        return picks;
    }
}
