package io.voiceload.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chaos schedule replays with its seed, stays inside its slots with a healed gap, and refuses bad attributes. */
class ChaosScheduleTest {
    private static final Duration TWENTY_FOUR = Duration.ofSeconds(24);

    @Chaos(
            proxies = {"postgres", "redis", "pms"},
            every = "6s",
            lasts = "2s")
    void threeLinks() {}

    @Chaos(
            proxies = {"postgres"},
            every = "6s",
            lasts = "2s",
            seed = 7)
    void ownSeed() {}

    @Chaos(
            proxies = {"postgres"},
            every = "2s",
            lasts = "2s")
    void noGap() {}

    @Chaos(
            proxies = {},
            every = "6s",
            lasts = "2s")
    void noProxy() {}

    @Chaos(
            proxies = {"postgres"},
            kinds = {},
            every = "6s",
            lasts = "2s")
    void noKind() {}

    @Chaos(
            proxies = {"postgres"},
            every = "six seconds",
            lasts = "2s")
    void unreadable() {}

    @Test
    void theSameSeedDrawsTheSameScheduleAndAnotherSeedAnother() {
        List<FaultSpec> first = draw("threeLinks", 42, TWENTY_FOUR);
        List<FaultSpec> again = draw("threeLinks", 42, TWENTY_FOUR);
        List<FaultSpec> other = draw("threeLinks", 43, TWENTY_FOUR);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        System.out.println("[chaos] seed 42: "
                + first.stream().map(ChaosScheduleTest::line).toList());
    }

    @Test
    void eachSlotHasOneFaultHealedWithHalfItsHealedTimeBeforeTheNext() {
        List<FaultSpec> faults = draw("threeLinks", 42, TWENTY_FOUR);

        assertThat(faults).hasSize(4);
        for (int slot = 0; slot < faults.size(); slot++) {
            FaultSpec f = faults.get(slot);
            Duration slotStart = Duration.ofSeconds(6L * slot);
            assertThat(f.at()).isBetween(slotStart, slotStart.plusMillis(2_000));
            assertThat(f.lasts()).isEqualTo(Duration.ofSeconds(2));
            assertThat(f.at().plus(f.lasts())).isLessThanOrEqualTo(slotStart.plusMillis(4_000));
            assertThat(f.proxy()).isIn("postgres", "redis", "pms");
        }
    }

    @Test
    void overManySeedsEveryKindAndProxyIsDrawn() {
        var kinds = new java.util.HashSet<FaultKind>();
        var proxies = new java.util.HashSet<String>();
        for (long seed = 0; seed < 50; seed++) {
            draw("threeLinks", seed, TWENTY_FOUR).forEach(f -> {
                kinds.add(f.kind());
                proxies.add(f.proxy());
            });
        }
        assertThat(kinds)
                .containsExactlyInAnyOrder(
                        FaultKind.LATENCY, FaultKind.PACKET_LOSS, FaultKind.RESET_PEER, FaultKind.PARTITION_CUT);
        assertThat(proxies).containsExactlyInAnyOrder("postgres", "redis", "pms");
    }

    @Test
    void theAnnotationsOwnSeedWinsOverTheRuns() {
        assertThat(draw("ownSeed", 1, TWENTY_FOUR)).isEqualTo(draw("ownSeed", 2, TWENTY_FOUR));
    }

    @Test
    void badAttributesAreNamed() {
        assertThatThrownBy(() -> draw("noGap", 42, TWENTY_FOUR))
                .hasMessage("@Chaos(every = \"2s\") on T.noGap: every must be at least lasts (2s) plus 500ms, so that"
                        + " each fault is healed before the next slot");
        assertThatThrownBy(() -> draw("noProxy", 42, TWENTY_FOUR))
                .hasMessageStartingWith("@Chaos(proxies = []) on T.noProxy: proxies must name at least one");
        assertThatThrownBy(() -> draw("noKind", 42, TWENTY_FOUR))
                .hasMessage("@Chaos(kinds = {}) on T.noKind: kinds must name at least one of LATENCY, PACKET_LOSS,"
                        + " RESET_PEER, PARTITION");
        assertThatThrownBy(() -> draw("unreadable", 42, TWENTY_FOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@Chaos(every = \"six seconds\") on T.unreadable")
                .hasMessageEndingWith("(a duration such as \"5s\", \"1.5s\" or \"500ms\")");
        assertThatThrownBy(() -> draw("threeLinks", 42, null))
                .hasMessage("@Chaos(every = \"6s\") on T.threeLinks: the test's duration must be at least every, and"
                        + " it has none: give it a duration");
        assertThatThrownBy(() -> draw("threeLinks", 42, Duration.ofSeconds(3)))
                .hasMessage("@Chaos(every = \"6s\") on T.threeLinks: the test's duration must be at least every, was"
                        + " 3s");
    }

    private static String line(FaultSpec f) {
        return f.kind().label() + " " + f.describeAmount() + " on " + f.proxy() + " at " + f.at();
    }

    private static List<FaultSpec> draw(String method, long seed, Duration duration) {
        try {
            Chaos chaos = ChaosScheduleTest.class.getDeclaredMethod(method).getAnnotation(Chaos.class);
            return ChaosSchedule.draw(chaos, seed, duration, "T." + method);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
