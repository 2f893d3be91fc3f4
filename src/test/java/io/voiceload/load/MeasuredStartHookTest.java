package io.voiceload.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link RunOptions#withMeasuredStart}: told once, when the measured phase starts, after the warm-up. */
class MeasuredStartHookTest {

    @Test
    void aClosedRunTellsTheMeasuredStartOnceAfterTheWarmUp() {
        List<Long> calls = new CopyOnWriteArrayList<>();
        long before = System.nanoTime();
        LoadPlan plan = LoadPlan.closed(3)
                .duration(Duration.ofMillis(500))
                .warmup(Warmup.of(Duration.ofMillis(200)))
                .build();
        LoadRunner.run(
                plan,
                user -> Thread.sleep(5),
                RunOptions.defaults().withProgressOut(null).withMeasuredStart(calls::add));
        assertThat(calls).hasSize(1);
        assertThat(Duration.ofNanos(calls.getFirst() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @Test
    void anOpenRunTellsItToo() {
        List<Long> calls = new CopyOnWriteArrayList<>();
        LoadRunner.run(
                LoadPlan.open(50, Duration.ofMillis(300)).build(),
                user -> {},
                RunOptions.defaults().withProgressOut(null).withMeasuredStart(calls::add));
        assertThat(calls).hasSize(1);
    }
}
