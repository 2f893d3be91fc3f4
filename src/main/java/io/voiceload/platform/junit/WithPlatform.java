package io.voiceload.platform.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class (or method) the hotel voice platform under test as a {@link PlatformEndpoint}
 * parameter. First the run's configuration is checked, once per run ({@link io.voiceload.junit.Preflight}): an
 * invalid one starts nothing. Unless a base URL names a deployment ({@code -Dloadtest.target.baseUrl},
 * {@code LOADTEST_TARGET_BASE_URL} or {@code target.base_url}), the embedded
 * {@link io.voiceload.platform.HotelVoicePlatform} is started once per JVM on first use, on the shared
 * infrastructure (its Postgres and Redis connections go through the Toxiproxy proxies), and stopped at the end
 * of the run; with {@code target.mode = child} ({@code -Dloadtest.target.mode=child}) it runs in a JVM of its
 * own instead ({@link ChildPlatform}), through the same proxies. With a base URL set nothing is started: the deployment is asked once whether it is ready
 * ({@code target.readiness_path}, default {@code /health/ready}), and that URL is injected. Load tests of the
 * class also record what the platform saw of each run (its pool waits and cache hits: the {@code signals} of
 * the per-test JSON).
 *
 * <pre>{@code
 * @WithPlatform
 * @WithInfrastructure   // only when the test also wants proxies, a DataSource, ...
 * class CallsTest {
 *     @Test
 *     void createsACall(PlatformEndpoint platform) {
 *         HttpRequest get = HttpRequest.newBuilder(platform.resolve("/health/ready")).build();
 *     }
 * }
 * }</pre>
 *
 * <p>Composable: put it on your own annotation. Limitation: the embedded platform is shared by every
 * test of the JVM, so tests must not assume an empty database (use a fresh hotel id per test).
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PlatformExtension.class)
public @interface WithPlatform {}
