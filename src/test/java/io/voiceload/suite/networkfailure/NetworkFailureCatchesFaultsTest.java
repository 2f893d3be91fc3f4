package io.voiceload.suite.networkfailure;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.platform.calls.CallFaults;
import io.voiceload.platform.junit.WithPlatform;
import io.voiceload.platform.module.ModuleFaults;
import io.voiceload.platform.pms.PmsFaults;
import io.voiceload.platform.store.StoreFaults;
import io.voiceload.suite.support.PlantedRuns;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code network-failure} tests catch a platform that is not resilient: each runs, as written (its faults, its
 * timeline, its checks), against a second embedded platform with one planted resilience bug, and fails naming the
 * fault it broke under. The bugs are the ones the category exists for: no timeout on PMS calls, an answer before the
 * commit, a pool that never replaces a broken connection, a 500 on a Redis error. That the healthy platform passes
 * them all is the category's own run ({@code mvn verify -Dgroups=network-failure}), in the same build.
 *
 * <p>The faulty platform has PMS proxies of its own ({@code pms_<n>}); {@code -Dloadtest.faults.proxies} points the
 * tests' {@code pms} faults at them. Not tagged {@code network-failure}: it is a test of the category (run by {@code
 * mvn test}), about two minutes, each run as long as the test it runs.
 */
@WithPlatform // the shared infrastructure, stopped at the end of the run
class NetworkFailureCatchesFaultsTest {

    @Test
    void highLatencyFailsWhenThePlatformWaitsForASlowPms() {
        String failure = runAgainst(new PmsFaults(true), HighLatencyIT.class, null);

        assertThat(failure)
                .containsPattern("during latency 2000ms ±100ms on \"pms_\\d+\"[^\\n]*: p99 of iterations: required ≤"
                        + " 3.5s, actual [4-9][.0-9]*s");
    }

    @Test
    void serviceFailureFailsWhenARedisErrorIsA500() {
        String failure = runAgainst(CallFaults.builder().failOnCacheError(true).build(), ServiceFailureIT.class, null);

        assertThat(failure)
                .contains("the platform failed instead of degrading")
                .containsPattern("during service-down-refused on \"redis\"[^\\n]*HTTP 500 on POST /calls");
    }

    @Test
    void packetLossFailsWhenARedisTimeoutIsA500() {
        String failure =
                runAgainst(CallFaults.builder().failOnCacheError(true).build(), PacketLossIT.class, "emulatedLoss");

        assertThat(failure)
                .contains("the platform failed instead of degrading")
                .containsPattern("during packet-loss p=0.2 [^\\n]*HTTP 500 on ");
    }

    @Test
    void partitionRecoveryFailsWhenThePlatformAnswersBeforeTheCommit() {
        String failure =
                runAgainst(CallFaults.builder().answerBeforeCommit(true).build(), PartitionRecoveryIT.class, null);

        assertThat(failure)
                .containsPattern("calls of hotel nf-partition-\\S+: \\d+ of \\d+ acknowledged writes were lost");
    }

    @Test
    void chaosFailsWhenThePoolKeepsBrokenConnections() {
        String failure = runAgainst(new StoreFaults(true), ChaosScheduleIT.class, null);

        assertThat(failure)
                .contains("fault reset-peer after 0ms on \"postgres\" did not recover within 3.00s of its heal");
    }

    /**
     * Runs {@code testClass} (or its {@code method}) against a second embedded platform with {@code bug}, its PMS faults
     * pointed at that platform's PMS proxies, and returns what failed: the test must fail.
     */
    private static String runAgainst(ModuleFaults bug, Class<?> testClass, String method) {
        return PlantedRuns.failureAgainst(bug, testClass, method, Map.of());
    }
}
