package io.voiceload.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.config.ThinkTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A user's own think time ({@link VirtualUser#thinkTime(ThinkTime)}) is applied by the closed-model driver
 * between that user's iterations, in place of the plan's, and never counted in iteration latency. Only
 * lower bounds on pauses are asserted (a sleep never ends early); latency is compared with a pause many
 * times longer than an empty body takes.
 */
class UserThinkTimeTest {
    private static final RunOptions QUIET = RunOptions.defaults().withProgressOut(null);
    private static final Duration PAUSE = Duration.ofMillis(400);

    @Test
    void theUsersOwnThinkTimeSeparatesItsIterationsAndStaysOutOfLatency() {
        Map<Integer, List<Long>> starts = new ConcurrentHashMap<>();
        LoadResult r = LoadRunner.run(
                LoadPlan.closed(2).requests(3).build(),
                user -> {
                    if (user.id() == 0) {
                        user.thinkTime(ThinkTime.constant(PAUSE));
                    }
                    starts.computeIfAbsent(user.id(), id -> new CopyOnWriteArrayList<>())
                            .add(user.elapsed().toNanos());
                },
                QUIET);

        assertThat(r.iterations().count()).isEqualTo(6);
        List<Long> paused = starts.get(0);
        assertThat(paused).hasSize(3);
        for (int i = 1; i < paused.size(); i++) {
            assertThat(Duration.ofNanos(paused.get(i) - paused.get(i - 1)))
                    .as("gap before iteration %d of the user with a think time", i)
                    .isGreaterThanOrEqualTo(PAUSE);
        }
        assertThat(r.iterations().max()).as("slowest iteration").isLessThan(PAUSE);
    }

    @Test
    void theUsersOwnThinkTimeReplacesThePlans() {
        Map<Integer, List<Long>> starts = new ConcurrentHashMap<>();
        LoadResult r = LoadRunner.run(
                LoadPlan.closed(1)
                        .requests(2)
                        .thinkTime(ThinkTime.constant(Duration.ofSeconds(30)))
                        .build(),
                user -> {
                    user.thinkTime(ThinkTime.NONE);
                    starts.computeIfAbsent(user.id(), id -> new CopyOnWriteArrayList<>())
                            .add(user.elapsed().toNanos());
                },
                QUIET);

        // With the plan's 30 s pause the run could not have ended: the second iteration ran at once.
        assertThat(r.iterations().count()).isEqualTo(2);
        assertThat(r.totalDuration()).isLessThan(Duration.ofSeconds(30));
    }
}
