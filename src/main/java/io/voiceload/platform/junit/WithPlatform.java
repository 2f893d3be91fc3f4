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
 * <p>A test that drives the platform's upstream PMS (its data, its faults) takes a {@link PmsUpstream} parameter: the
 * simulators of the platform this JVM started, or, with a base URL, those behind the proxy {@code
 * -Dloadtest.faults.proxies} names for {@code pms} (a platform started beside the suite); a deployment's PMS is not
 * the suite's, and such a test fails naming {@code target.base_url}.
 *
 * <p>{@code @WithPlatform(jvm = WithPlatform.Jvm.OWN)} starts the platform in a JVM of its own for the tests it
 * annotates (the memory category measures that JVM), as {@code target.mode = child} does for all; a platform of the
 * other kind running for earlier tests is stopped first (they share the PMS proxies).
 *
 * <p>Composable: put it on your own annotation. Limitation: the embedded platform is shared by every
 * test of the JVM, so tests must not assume an empty database (use a fresh hotel id per test).
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PlatformExtension.class)
public @interface WithPlatform {

    /**
     * Which JVM the reference platform runs in: {@link Jvm#CONFIGURED} (the default) as {@code target.mode} says;
     * {@link Jvm#OWN} in a JVM of its own ({@link ChildPlatform}) even when {@code target.mode} is {@code embedded},
     * for tests that measure the platform's own process (its heap, its collector, its threads). A configured
     * deployment ({@code target.base_url}) is used as it is either way.
     */
    Jvm jvm() default Jvm.CONFIGURED;

    /**
     * With {@link Jvm#OWN}: the platform JVM's options instead of {@code target.child_jvm_args}, e.g. {@code
     * {"-Xmx512m", "-XX:+UseZGC"}} for a test of another collector; empty (the default): {@code target.child_jvm_args}.
     * A running platform started with other options is stopped and one with these started.
     */
    String[] jvmArgs() default {};

    /** Where the platform runs. */
    enum Jvm {
        /** As {@code target.mode} says: in this JVM ({@code embedded}) or a JVM of its own ({@code child}). */
        CONFIGURED,
        /** In a JVM of its own, whatever {@code target.mode} says (unless the target is a deployment). */
        OWN
    }
}
