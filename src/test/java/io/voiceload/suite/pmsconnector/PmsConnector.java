package io.voiceload.suite.pmsconnector;

import io.voiceload.platform.junit.WithPlatform;
import io.voiceload.suite.Categories;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test of the {@code pms-connector} category: tagged {@link Categories#PMS_CONNECTOR} (so {@code mvn verify
 * -Dgroups=pms-connector} selects it and the category's section of {@code load_test_config.json} applies) and given
 * the platform under test ({@link WithPlatform}) with its upstream PMS: the primary and secondary simulators (a
 * {@link io.voiceload.platform.junit.PmsUpstream} parameter), whose data every answer is compared with and whose
 * faults the tests turn on and off. Against a deployment ({@code target.base_url}) the simulators are not this JVM's
 * to fault or read, and the tests fail naming the setting.
 *
 * <pre>{@code
 * @PmsConnector
 * class ReservationLookupIT {
 *     @AutoClose
 *     private final PmsApi pms;
 *
 *     ReservationLookupIT(PlatformEndpoint platform, PmsUpstream upstream) {
 *         this.pms = new PmsApi(platform);
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag(Categories.PMS_CONNECTOR)
@WithPlatform
@interface PmsConnector {}
