package io.voiceload.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class (or method) the suite's Postgres, Redis and Toxiproxy, started once per JVM on
 * first use and stopped at the end of the run ({@link io.voiceload.infra.RunningInfrastructure#shared()}).
 * Every connection it hands out goes through a Toxiproxy proxy, and after each test every proxy is
 * reset (toxics removed, proxies enabled), even when the test failed, so faults never leak into the
 * next test.
 *
 * <p>Parameters it resolves, in constructors, lifecycle and test methods:
 *
 * <ul>
 *   <li>{@link javax.sql.DataSource}: a HikariCP pool through the {@code postgres} proxy, one per test
 *       class, of {@code infrastructure.postgres.pool_size} connections;
 *   <li>{@link io.lettuce.core.RedisClient} and {@code StatefulRedisConnection<String, String>}: Lettuce
 *       through the {@code redis} proxy, one each per test class;
 *   <li>{@link eu.rekawek.toxiproxy.ToxiproxyClient}: a client of the Toxiproxy API;
 *   <li>{@link eu.rekawek.toxiproxy.Proxy} annotated {@link ProxyOf @ProxyOf(Dependency.POSTGRES)} or
 *       {@code @ProxyOf(Dependency.REDIS)}: the proxy in front of that dependency;
 *   <li>{@link io.voiceload.infra.Infrastructure}: addresses, the provider chosen for each dependency and
 *       its version.
 * </ul>
 *
 * <pre>{@code
 * @WithInfrastructure
 * class CacheOutageTest {
 *     @Test
 *     void readsFailWhileRedisIsDown(StatefulRedisConnection<String, String> redis,
 *                                    @ProxyOf(Dependency.REDIS) Proxy proxy) throws IOException {
 *         proxy.disable();
 *         assertThatThrownBy(() -> redis.sync().get("k")).isInstanceOf(RedisException.class);
 *     }   // the proxy is enabled again after the test
 * }
 * }</pre>
 *
 * <p>Which server backs each dependency follows the {@code infrastructure} section of
 * {@code load_test_config.json} and {@code -Dloadtest.postgres.url} / {@code redis.url} /
 * {@code toxiproxy.url} / {@code docker}. When none can be provided the class fails with a message that
 * lists every provider tried. Composable: put it on your own annotation. Limitation: the proxies are
 * shared by the JVM, so tests that inject faults must not run in parallel with each other.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(InfrastructureExtension.class)
public @interface WithInfrastructure {}
