package io.voiceload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.voiceload.config.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateScheduleTest {

    @Test
    void constantRateSpacesArrivalsEvenly() {
        RateSchedule s = RateSchedule.constant(100, Duration.ofSeconds(2));
        assertThat(s.totalArrivals()).isEqualTo(200.0);
        assertThat(s.arrivalNanos(0)).isEqualTo(10_000_000L);
        assertThat(s.arrivalNanos(99)).isEqualTo(1_000_000_000L);
        assertThat(s.arrivalNanos(199)).isEqualTo(2_000_000_000L);
        assertThat(s.arrivalNanos(200)).isEqualTo(-1);
    }

    @Test
    void linearRampFollowsTheIntegralOfTheRate() {
        // 0 → 100/s over 10 s: N(t) = 5 t², so arrival k (N = k + 1) is at sqrt((k + 1) / 5).
        RateSchedule s = RateSchedule.stages(0, List.of(new Stage(100, Duration.ofSeconds(10))));
        assertThat(s.totalArrivals()).isEqualTo(500.0);
        for (int k : new int[] {0, 4, 19, 124, 499}) {
            assertThat(s.arrivalNanos(k) / 1e9).isCloseTo(Math.sqrt((k + 1) / 5.0), within(1e-6));
        }
        assertThat(s.arrivalNanos(500)).isEqualTo(-1);
    }

    @Test
    void stagesChainAndArrivalsNeverGoBackwards() {
        RateSchedule s = RateSchedule.stages(
                10,
                List.of(
                        new Stage(10, Duration.ofSeconds(3)),
                        new Stage(100, Duration.ofSeconds(2)),
                        new Stage(0, Duration.ofSeconds(2))));
        assertThat(s.totalArrivals()).isEqualTo(30 + 110 + 100.0);
        assertThat(s.totalDuration()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.peakPerSecond()).isEqualTo(100);
        long previous = 0;
        for (long k = 0; k < (long) s.totalArrivals(); k++) {
            long t = s.arrivalNanos(k);
            assertThat(t).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(7_000_000_000L);
            previous = t;
        }
        assertThat(s.arrivalNanos(29)).isEqualTo(3_000_000_000L);
    }

    @Test
    void rejectsSchedulesWithoutArrivals() {
        assertThatThrownBy(() -> RateSchedule.constant(0, Duration.ofSeconds(1)))
                .hasMessageContaining("rate must be > 0");
        assertThatThrownBy(() -> RateSchedule.stages(0, List.of(new Stage(0, Duration.ofSeconds(5)))))
                .hasMessageContaining("yields no arrival");
        assertThatThrownBy(() -> RateSchedule.stages(0, List.of(new Stage(-1, Duration.ofSeconds(1)))))
                .hasMessage("stage target rate must be >= 0 per second: -1.0");
        assertThatThrownBy(() -> RateSchedule.stages(0, List.of(new Stage(5, Duration.ZERO))))
                .hasMessage("stage duration must be positive: PT0S");
    }

    @Test
    void describesItself() {
        assertThat(RateSchedule.constant(50, Duration.ofSeconds(30))).hasToString("50/s for 30s");
        assertThat(RateSchedule.stages(5, List.of(new Stage(50, Duration.ofSeconds(10)))))
                .hasToString("5/s → 50/s in 10s");
    }
}
