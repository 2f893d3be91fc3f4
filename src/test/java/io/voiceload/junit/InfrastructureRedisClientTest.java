package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;

/**
 * The Redis client {@link WithInfrastructure} gives a test class stops with the class, its event loops and
 * its timer included. Lettuce arms a timeout for every connection attempt, reconnects after an outage among
 * them; on resources shared with later classes those timeouts fired after the client's event loops were gone,
 * and each printed a stack trace into whatever test ran next.
 */
class InfrastructureRedisClientTest {

    @Test
    void aClassesRedisClientStopsWithItsClass() {
        TestKit.executeFixtures(selectClass(RedisClientTestCases.class))
                .testEvents()
                .assertStatistics(s -> s.started(2).succeeded(2));
    }

    @FixtureOnly
    @WithInfrastructure
    @TestClassOrder(ClassOrderer.OrderAnnotation.class)
    static class RedisClientTestCases {
        static volatile RedisClient firstClassClient;

        @Nested
        @Order(1)
        class First {
            @Test
            void usesRedis(RedisClient client, StatefulRedisConnection<String, String> redis) {
                firstClassClient = client;
                assertThat(redis.sync().ping()).isEqualTo("PONG");
            }
        }

        @Nested
        @Order(2)
        class Second {
            @Test
            void theFirstClassesClientIsStoppedTimerAndAll(RedisClient client) {
                assertThat(client).isNotSameAs(firstClassClient);
                assertThat(firstClassClient.getResources().eventExecutorGroup().isShuttingDown())
                        .as("the event executors and timer of the first class's client are stopped")
                        .isTrue();
            }
        }
    }
}
