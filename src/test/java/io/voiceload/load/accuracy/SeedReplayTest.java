package io.voiceload.load.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.config.ThinkTime;
import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RunOptions;
import io.voiceload.load.VirtualUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * A seed replays every random choice of a closed-model run: each virtual user's draws in the body,
 * and the think times drawn between its iterations from the same generator.
 */
class SeedReplayTest {
    private static final int USERS = 4;
    private static final int REQUESTS = 12;
    private static final RunOptions QUIET = RunOptions.defaults().withProgressOut(null);

    /** The seed a run used and each user's values, by user id. */
    private record Recorded(long seed, Map<Integer, List<Long>> byUser) {}

    @Test
    void sameSeedReplaysEveryUsersDraws() {
        Recorded first = drawInts(42L, ThinkTime.NONE);
        Recorded second = drawInts(42L, ThinkTime.NONE);

        assertThat(first.seed()).isEqualTo(42L);
        assertThat(first.byUser()).hasSize(USERS).allSatisfy((id, draws) -> assertThat(draws)
                .hasSize(REQUESTS));
        assertThat(second.byUser()).isEqualTo(first.byUser());
        // Users get unrelated streams, not one shared sequence.
        assertThat(first.byUser().get(0)).isNotEqualTo(first.byUser().get(1));
    }

    @Test
    void differentSeedDrawsDifferently() {
        Recorded seed42 = drawInts(42L, ThinkTime.NONE);
        Recorded seed43 = drawInts(43L, ThinkTime.NONE);

        for (int id = 0; id < USERS; id++) {
            assertThat(seed43.byUser().get(id))
                    .as("user %d", id)
                    .isNotEqualTo(seed42.byUser().get(id));
        }
    }

    @Test
    void unseededRunReportsTheSeedThatReplaysIt() {
        Recorded unseeded = drawInts(null, ThinkTime.NONE);
        Recorded replay = drawInts(unseeded.seed(), ThinkTime.NONE);

        assertThat(replay.byUser()).isEqualTo(unseeded.byUser());
    }

    @Test
    void uniformAndExponentialThinkTimesAreDrawnFromTheSeededGenerator() {
        Recorded withoutThink = drawInts(7L, ThinkTime.NONE);
        for (ThinkTime think : List.of(
                ThinkTime.uniform(Duration.ofMillis(1), Duration.ofMillis(3)),
                ThinkTime.exponential(Duration.ofMillis(2)))) {
            Recorded first = drawInts(7L, think);
            Recorded second = drawInts(7L, think);

            assertThat(second.byUser()).as("%s, same seed", think).isEqualTo(first.byUser());
            // The think-time draws between iterations advance the user's generator: the body's first
            // draw is the same, the later ones are not.
            for (int id = 0; id < USERS; id++) {
                assertThat(first.byUser().get(id).getFirst())
                        .isEqualTo(withoutThink.byUser().get(id).getFirst());
                assertThat(first.byUser().get(id))
                        .as("%s, user %d", think, id)
                        .isNotEqualTo(withoutThink.byUser().get(id));
            }
        }
    }

    @Test
    void thinkTimePausesAreReplayed() {
        ThinkTime think = ThinkTime.uniform(Duration.ofMillis(10), Duration.ofMillis(60));
        Map<Integer, List<Long>> first = gaps(record(11L, think, user -> System.nanoTime()));
        Map<Integer, List<Long>> second = gaps(record(11L, think, user -> System.nanoTime()));
        Map<Integer, List<Long>> other = gaps(record(12L, think, user -> System.nanoTime()));

        long tolerance = Duration.ofMillis(5).toNanos();
        List<Long> sameSeedDiffs = differences(first, second);
        List<Long> otherSeedDiffs = differences(first, other);
        assertThat(first.values().stream().flatMap(List::stream)).allSatisfy(gap -> assertThat(gap)
                .isGreaterThanOrEqualTo(Duration.ofMillis(10).toNanos()));
        assertThat(sameSeedDiffs.stream().filter(d -> d <= tolerance).count())
                .as("pauses within 5 ms of the same seed's pauses, of %d: %s", sameSeedDiffs.size(), sameSeedDiffs)
                .isGreaterThanOrEqualTo(sameSeedDiffs.size() * 9L / 10);
        assertThat(otherSeedDiffs.stream().filter(d -> d <= tolerance).count())
                .as("pauses within 5 ms of another seed's pauses, of %d", otherSeedDiffs.size())
                .isLessThan(otherSeedDiffs.size() / 2L);
    }

    private static Recorded drawInts(Long seed, ThinkTime think) {
        return record(seed, think, user -> user.random().nextInt());
    }

    /** Runs USERS × REQUESTS iterations whose body records one value per iteration. */
    private static Recorded record(Long seed, ThinkTime think, ToLongFunction<VirtualUser> value) {
        Map<Integer, List<Long>> byUser = new ConcurrentHashMap<>();
        LoadResult result = LoadRunner.run(
                LoadPlan.closed(USERS)
                        .requests(REQUESTS)
                        .seed(seed)
                        .thinkTime(think)
                        .build(),
                user -> byUser.computeIfAbsent(user.id(), id -> new ArrayList<>())
                        .add(value.applyAsLong(user)),
                QUIET);
        assertThat(result.iterations().successes()).isEqualTo((long) USERS * REQUESTS);
        return new Recorded(result.seed(), new TreeMap<>(byUser));
    }

    /** Time between consecutive iteration starts of each user: the think time plus a near-empty body. */
    private static Map<Integer, List<Long>> gaps(Recorded starts) {
        Map<Integer, List<Long>> gaps = new TreeMap<>();
        starts.byUser().forEach((id, times) -> {
            List<Long> g = new ArrayList<>();
            for (int i = 1; i < times.size(); i++) {
                g.add(times.get(i) - times.get(i - 1));
            }
            gaps.put(id, g);
        });
        return gaps;
    }

    private static List<Long> differences(Map<Integer, List<Long>> a, Map<Integer, List<Long>> b) {
        List<Long> diffs = new ArrayList<>();
        a.forEach((id, gaps) -> {
            for (int i = 0; i < gaps.size(); i++) {
                diffs.add(Math.abs(gaps.get(i) - b.get(id).get(i)));
            }
        });
        return diffs;
    }
}
