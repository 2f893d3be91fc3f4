package io.voiceload.suite.memory;

import io.voiceload.platform.junit.WithPlatform;
import io.voiceload.suite.Categories;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test of the {@code memory} category: tagged {@link Categories#MEMORY} (so {@code mvn verify -Dgroups=memory}
 * selects it and the category's section of {@code load_test_config.json} applies) and given the platform under test in
 * a JVM of its own ({@link WithPlatform.Jvm#OWN}), whatever {@code target.mode} says: the memory measured is the
 * platform's alone, recorded over JMX, never the load generator's. Against a deployment ({@code target.base_url}) its
 * JVM is reached at {@code target.jmx_url}.
 *
 * <pre>{@code
 * @Memory
 * class LeakDetectionIT {
 *     @AutoClose
 *     private final MemoryWorkloads work;
 *
 *     LeakDetectionIT(PlatformEndpoint platform) {
 *         this.work = new MemoryWorkloads(platform);
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag(Categories.MEMORY)
@WithPlatform(jvm = WithPlatform.Jvm.OWN)
@interface Memory {}
