package io.voiceload.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every attribute of every fault annotation is checked, and the message names the annotation, attribute and rule. */
class FaultPlanTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            zeroLatency      | @Latency(ms = 0) on T.zeroLatency: ms must be at least 1
            negativeJitter   | @Latency(jitter = -1) on T.negativeJitter: jitter must not be negative
            lossAboveOne     | @PacketLoss(probability = 1.5) on T.lossAboveOne: probability must be above 0 and at most 1
            zeroLoss         | @PacketLoss(probability = 0.0) on T.zeroLoss: probability must be above 0 and at most 1
            zeroRetransmit   | @PacketLoss(retransmitMs = 0) on T.zeroRetransmit: retransmitMs must be at least 1
            negativeRate     | @Bandwidth(kbps = -5) on T.negativeRate: kbps must not be negative
            oneWayCut        | @Partition(direction = UPSTREAM) on T.oneWayCut: direction must be BOTH: a CUT acts both ways (use kind = BLACKHOLE for one direction)
            negativeReset    | @ResetPeer(afterMs = -1) on T.negativeReset: afterMs must not be negative
            zeroTimeout      | @Timeout(ms = 0) on T.zeroTimeout: ms must be at least 1
            blankProxy       | @Latency(proxy = "") on T.blankProxy: proxy must name a Toxiproxy proxy: postgres, redis, pms, pms_secondary, or one created with RunningInfrastructure.proxyTo
            """)
    void badAttributesAreNamed(String method, String message) {
        assertThatThrownBy(() -> planOf(method))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void anUnreadableTimeNamesTheAttributeAndTheFormat() {
        assertThatThrownBy(() -> planOf("badAt"))
                .hasMessageStartingWith("@Latency(at = \"soon\") on T.badAt: ")
                .hasMessageEndingWith(
                        "(a duration such as \"10s\", \"1.5s\" or \"500ms\"; empty for the measured start)");
        assertThatThrownBy(() -> planOf("zeroLasts"))
                .hasMessageStartingWith("@Timeout(lasts = \"0s\") on T.zeroLasts: must be greater than 0");
    }

    @Test
    void goodAnnotationsBecomeSpecsRepeatedAndComposed() {
        FaultPlan plan = planOf("good");
        assertThat(plan.faults()).hasSize(3);
        FaultSpec first = plan.faults().getFirst();
        assertThat(first.kind()).isEqualTo(FaultKind.LATENCY);
        assertThat(first.at()).isEqualTo(Duration.ofSeconds(10));
        assertThat(first.lasts()).isEqualTo(Duration.ofMillis(1500));
        assertThat(first.describeAmount()).isEqualTo("800ms ±200ms");
        assertThat(plan.faults().get(1).lasts()).as("empty: until the end").isNull();
        assertThat(plan.faults().get(2).kind()).isEqualTo(FaultKind.PARTITION_BLACKHOLE);
        assertThat(plan.faults().get(2).direction()).isEqualTo(Direction.DOWNSTREAM);
    }

    @Test
    void realPacketLossIsTheKernelsAndSaysWhenThisMachineCannotMakeIt() {
        FaultPlan plan = planOf("realLoss");
        assertThat(plan.faults().getFirst().kind()).isEqualTo(FaultKind.REAL_PACKET_LOSS);
        assertThat(plan.faults().getFirst().describeAmount()).isEqualTo("p=0.05 (kernel)");
        NftPacketLoss.Availability here = NftPacketLoss.availability();
        assertThat(plan.unavailableHere())
                .isEqualTo(here.available() ? java.util.Optional.empty() : java.util.Optional.of(here.skipMessage()));
        assertThat(planOf("good").unavailableHere())
                .as("only real loss needs the kernel")
                .isEmpty();
    }

    @Test
    void anUnknownProxyListsTheProxiesThatExist() {
        assertThatThrownBy(() -> planOf("good").checkProxies(Set.of("redis", "postgres")))
                .hasMessage("@Latency(proxy = \"pms\") on T.good: proxy \"pms\" does not exist; the Toxiproxy has"
                        + " postgres, redis (create one with RunningInfrastructure.proxyTo)");
        planOf("good").checkProxies(Set.of("pms", "redis"));
    }

    private static FaultPlan planOf(String name) {
        Method m = Arrays.stream(T.class.getDeclaredMethods())
                .filter(x -> x.getName().equals(name))
                .findFirst()
                .orElseThrow();
        List<Annotation> found = new ArrayList<>();
        for (Class<? extends Annotation> type : FaultPlan.ANNOTATIONS) {
            found.addAll(List.of(m.getAnnotationsByType(type)));
        }
        return FaultPlan.fromAnnotations(found, "T." + name);
    }

    @SuppressWarnings("unused")
    static class T {
        @Latency(proxy = "pms", ms = 0)
        void zeroLatency() {}

        @Latency(proxy = "pms", ms = 1, jitter = -1)
        void negativeJitter() {}

        @PacketLoss(proxy = "pms", probability = 1.5)
        void lossAboveOne() {}

        @PacketLoss(proxy = "pms", probability = 0)
        void zeroLoss() {}

        @PacketLoss(proxy = "pms", probability = 0.1, retransmitMs = 0)
        void zeroRetransmit() {}

        @Bandwidth(proxy = "pms", kbps = -5)
        void negativeRate() {}

        @Partition(proxy = "pms", direction = Direction.UPSTREAM)
        void oneWayCut() {}

        @ResetPeer(proxy = "pms", afterMs = -1)
        void negativeReset() {}

        @Timeout(proxy = "pms", ms = 0)
        void zeroTimeout() {}

        @Latency(proxy = "", ms = 5)
        void blankProxy() {}

        @Latency(proxy = "pms", ms = 5, at = "soon")
        void badAt() {}

        @Timeout(proxy = "pms", ms = 5, lasts = "0s")
        void zeroLasts() {}

        @Latency(proxy = "pms", ms = 800, jitter = 200, at = "10s", lasts = "1.5s")
        @Latency(proxy = "redis", ms = 5)
        @Partition(proxy = "redis", kind = Partition.Kind.BLACKHOLE, direction = Direction.DOWNSTREAM)
        void good() {}

        @PacketLoss(proxy = "redis", probability = 0.05, mode = PacketLoss.Mode.REAL)
        void realLoss() {}
    }
}
