package io.voiceload.suite.pmsconnector;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.platform.junit.WithPlatform;
import io.voiceload.platform.pms.PmsFaults;
import io.voiceload.suite.support.PlantedRuns;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code pms-connector} tests catch a connector that is not what it claims: each runs, as written (its faults,
 * its timeline, its checks) but shortened, against a second embedded platform with one planted connector bug
 * ({@link PmsFaults}), and fails naming what went wrong: a breaker that never opens, no failover to the secondary, a
 * guest update that leaves the old profile cached, a sync that stores a page twice. The simulator's faults are the
 * tests' own and prove nothing here; the bugs are the platform's. That the healthy platform passes them all is the
 * category's own run ({@code mvn verify -Dgroups=pms-connector}), in the same build.
 *
 * <p>The faulty platform has PMS simulators of its own behind proxies of its own ({@code pms_<n>}); {@code
 * -Dloadtest.faults.proxies} names them, and the tests' {@code PmsUpstream} parameter is the simulators behind
 * them. Not tagged {@code pms-connector}: it is a test of the category (run by {@code mvn test}), under a minute.
 */
@WithPlatform // the shared infrastructure, stopped at the end of the run
class PmsConnectorCatchesFaultsTest {

    @Test
    void circuitBreakerFailsWhenTheBreakerNeverOpens() {
        // Long enough for the burst (2 s to 5 s) and the searches after the breakers would have closed (8.5 s).
        String failure = runAgainst(PmsFaults.NONE.withBreakerNeverOpens(true), CircuitBreakerIT.class, "9s");

        assertThat(failure)
                .contains("the circuit breakers misbehaved")
                .contains("no answer during the burst was short-circuited")
                .containsPattern("the primary's breaker was seen \\[closed\\] in /admin/pms");
    }

    @Test
    void failoverFailsWhenTheConnectorDoesNotFailOver() {
        // The first outage, the primary refusing connections from 2 s to 4.5 s, is enough.
        String failure = runAgainst(PmsFaults.NONE.withNoFailover(true), FailoverIT.class, "5s");

        assertThat(failure)
                .contains("failover went wrong")
                .containsPattern("refused primary: \\d+ searches failed during the outage");
    }

    @Test
    void guestProfilesFailWhenAWriteLeavesTheOldProfileCached() {
        String failure = runAgainst(PmsFaults.NONE.withCacheNotInvalidated(true), GuestProfileIT.class, "4s");

        assertThat(failure).contains("read-your-writes G-").contains("the next read answered version");
    }

    @Test
    void bulkSyncFailsWhenASyncStoresAPageTwice() {
        // The syncs start 3 s in and run to their end whatever the load's length.
        String failure = runAgainst(PmsFaults.NONE.withSyncDuplicatesPage(true), BulkSyncIT.class, "4s");

        assertThat(failure).contains("the bulk sync went wrong").contains("stored something");
    }

    /** Runs {@code testClass} for {@code duration} against a platform with {@code bug}; the test must fail. */
    private static String runAgainst(PmsFaults bug, Class<?> testClass, String duration) {
        return PlantedRuns.failureAgainst(bug, testClass, null, Map.of("loadtest.duration", duration));
    }
}
