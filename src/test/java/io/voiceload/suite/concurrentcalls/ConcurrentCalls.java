package io.voiceload.suite.concurrentcalls;

import io.voiceload.platform.junit.WithPlatform;
import io.voiceload.suite.Categories;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test of the {@code concurrent-calls} category: tagged {@link Categories#CONCURRENT_CALLS} (so {@code mvn
 * verify -Dgroups=concurrent-calls} selects it and the category's section of {@code load_test_config.json}
 * applies) and given the platform under test ({@link WithPlatform}), which its constructor takes to open its
 * clients.
 *
 * <pre>{@code
 * @ConcurrentCalls
 * class CallEventsLoadIT {
 *     private final PlatformEndpoint platform;
 *     @AutoClose // after the test, @AfterEach included
 *     private final CallsApi calls;
 *
 *     CallEventsLoadIT(PlatformEndpoint platform) {
 *         this.platform = platform;
 *         this.calls = CallsApi.eachUserAs(platform, UserRole.FRONT_DESK);
 *     }
 * }
 * }</pre>
 *
 * <p>Clients are instance fields, never static: JUnit closes an {@code @AutoClose} instance field once the
 * test (its load and its {@code @AfterEach} checks) is over, and a static one only after the class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag(Categories.CONCURRENT_CALLS)
@WithPlatform
@interface ConcurrentCalls {}
