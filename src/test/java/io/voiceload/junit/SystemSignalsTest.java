package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.voiceload.load.VirtualUser;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.Events;

/**
 * The {@link SystemSignals} seam: what a system under test registers reaches the {@code signals} section of
 * the per-test JSON, around the whole run, warm-up included; a silent or failing system never fails the test.
 */
class SystemSignalsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The "system under test" of the fixtures: a counter its iterations raise. */
    static final AtomicInteger ORDERS = new AtomicInteger();

    @Test
    void aRegisteredSystemsChangeOverTheRunIsTheSignalsSection() throws Exception {
        Events events = TestKit.run(SignalsTestCases.class, "orders");
        events.assertStatistics(s -> s.succeeded(1));

        JsonNode signals = JSON.readTree(resultFile(events).toFile()).path("signals");
        // The snapshots bracket the whole run: 2 users × (2 warm-up + 3 measured) iterations.
        assertThat(signals.path("shop").path("orders").asInt()).isEqualTo(10);
    }

    @Test
    void aCapacitySearchGetsTheSignalsToo() throws Exception {
        Events events = TestKit.run(SignalsTestCases.class, "capacity");
        events.assertStatistics(s -> s.succeeded(1));

        JsonNode signals = JSON.readTree(resultFile(events).toFile()).path("signals");
        assertThat(signals.path("shop").path("orders").asInt()).isPositive();
    }

    @Test
    void aSystemThatFailsToAnswerAfterTheRunGivesNoSignalsAndTheTestPasses() throws Exception {
        Events events = TestKit.run(FailingSignalsTestCases.class, "orders");
        events.assertStatistics(s -> s.succeeded(1));

        assertThat(JSON.readTree(resultFile(events).toFile()).has("signals")).isFalse();
    }

    @Test
    void aSystemThatFailsToAnswerBeforeTheRunGivesNoSignalsAndTheTestPasses() throws Exception {
        Events events = TestKit.run(FailingBeforeSignalsTestCases.class, "orders");
        events.assertStatistics(s -> s.succeeded(1));

        assertThat(JSON.readTree(resultFile(events).toFile()).has("signals")).isFalse();
    }

    @Test
    void withoutARegistrationThereAreNoSignals() throws Exception {
        Events events = TestKit.run(NoSignalsTestCases.class, "orders");
        events.assertStatistics(s -> s.succeeded(1));

        assertThat(JSON.readTree(resultFile(events).toFile()).has("signals")).isFalse();
    }

    private static Path resultFile(Events events) {
        return Path.of(TestKit.reportEntry(events, "voiceload.results"));
    }

    /** A bridge for the fixtures' system: the orders placed since the snapshot. */
    static final class ShopExtension implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            SystemSignals.register(context, () -> {
                int before = ORDERS.get();
                return () -> Optional.of(JsonNodeFactory.instance
                        .objectNode()
                        .set("shop", JsonNodeFactory.instance.objectNode().put("orders", ORDERS.get() - before)));
            });
        }
    }

    /** A system whose snapshot after the run fails. */
    static final class FailingShopExtension implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            SystemSignals.register(context, () -> () -> {
                throw new IllegalStateException("the shop does not answer");
            });
        }
    }

    /** A system whose snapshot before the run fails. */
    static final class FailingBeforeShopExtension implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            SystemSignals.register(context, () -> {
                throw new IllegalStateException("the shop does not answer");
            });
        }
    }

    @FixtureOnly
    @ExtendWith(ShopExtension.class)
    static class SignalsTestCases {
        @LoadTest(users = 2, requests = 3, warmupIterations = 2)
        void orders(VirtualUser user) {
            ORDERS.incrementAndGet();
        }

        @CapacityTest(startUsers = 1, stepUsers = 1, maxUsers = 2, stepDuration = "1s", settle = "200ms")
        void capacity(VirtualUser user) throws InterruptedException {
            ORDERS.incrementAndGet();
            Thread.sleep(20);
        }
    }

    @FixtureOnly
    @ExtendWith(FailingShopExtension.class)
    static class FailingSignalsTestCases {
        @LoadTest(users = 1, requests = 2)
        void orders(VirtualUser user) {
            ORDERS.incrementAndGet();
        }
    }

    @FixtureOnly
    @ExtendWith(FailingBeforeShopExtension.class)
    static class FailingBeforeSignalsTestCases {
        @LoadTest(users = 1, requests = 2)
        void orders(VirtualUser user) {
            ORDERS.incrementAndGet();
        }
    }

    @FixtureOnly
    static class NoSignalsTestCases {
        @LoadTest(users = 1, requests = 2)
        void orders(VirtualUser user) {
            ORDERS.incrementAndGet();
        }
    }
}
