package io.voiceload.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class (or method) the hotel voice platform under test as a {@link PlatformEndpoint}
 * parameter. Unless {@code -Dloadtest.target.baseUrl} (or {@code LOADTEST_TARGET_BASE_URL}) names a
 * deployment, the embedded {@link io.voiceload.platform.HotelVoicePlatform} is started once per JVM on
 * first use, on the shared infrastructure (its Postgres and Redis connections go through the Toxiproxy
 * proxies), and stopped at the end of the run. With a base URL set nothing is started and that URL is
 * injected.
 *
 * <pre>{@code
 * @WithPlatform
 * @WithInfrastructure   // only when the test also wants proxies, a DataSource, ...
 * class CallsTest {
 *     @Test
 *     void createsACall(PlatformEndpoint platform) {
 *         HttpRequest calls = HttpRequest.newBuilder(platform.resolve("/calls")).build();
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
