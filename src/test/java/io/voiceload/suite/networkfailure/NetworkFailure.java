package io.voiceload.suite.networkfailure;

import io.voiceload.platform.junit.WithPlatform;
import io.voiceload.suite.Categories;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test of the {@code network-failure} category: tagged {@link Categories#NETWORK_FAILURE} (so {@code mvn verify
 * -Dgroups=network-failure} selects it and the category's section of {@code load_test_config.json} applies) and given
 * the platform under test ({@link WithPlatform}), whose dependencies it reaches through the Toxiproxy proxies
 * {@code postgres}, {@code redis}, {@code pms} and {@code pms_secondary} that the fault annotations of
 * {@code io.voiceload.faults} act on.
 *
 * <pre>{@code
 * @NetworkFailure
 * class HighLatencyIT {
 *     @AutoClose
 *     private final ResilienceApi api;
 *
 *     HighLatencyIT(PlatformEndpoint platform) {
 *         this.api = new ResilienceApi(platform, HotelIds.unique("nf-latency"));
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag(Categories.NETWORK_FAILURE)
@WithPlatform
@interface NetworkFailure {}
