package io.voiceload.platform.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voiceload.config.InfrastructureSettings;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import io.voiceload.infra.Dependency;
import io.voiceload.infra.RunningInfrastructure;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link EmbeddedPlatform#start}: a start that fails undoes what it began (the PMS simulators and their
 * proxies, the clients), so that the next start works; a start next to a running platform fails naming the
 * proxy in the way. On an infrastructure of its own, so that the proxy names are free whatever platforms this
 * JVM runs.
 */
class EmbeddedPlatformTest {

    @Test
    void aFailedStartLeavesNoPmsProxyBehindAndTheNextStartWorks() throws Exception {
        InfrastructureSettings settings = InfrastructureSettings.resolve(
                LoadTestConfig.builtIn(), Overrides.of(Map.of("loadtest.docker", "never"), Map.of()));
        try (RunningInfrastructure infrastructure = RunningInfrastructure.start(settings)) {
            infrastructure.proxy(Dependency.POSTGRES).disable(); // the pool cannot open its connections

            assertThatThrownBy(() -> EmbeddedPlatform.start(infrastructure, 0))
                    .hasMessageContaining("Failed to initialize pool");

            assertThat(infrastructure.hasProxy(EmbeddedPlatform.PMS_PROXY))
                    .as("proxy %s after the failed start", EmbeddedPlatform.PMS_PROXY)
                    .isFalse();
            assertThat(infrastructure.hasProxy(EmbeddedPlatform.PMS_SECONDARY_PROXY))
                    .as("proxy %s after the failed start", EmbeddedPlatform.PMS_SECONDARY_PROXY)
                    .isFalse();

            infrastructure.resetFaults();
            try (EmbeddedPlatform platform = EmbeddedPlatform.start(infrastructure, 0)) {
                assertThat(PlatformExtensionTest.live(platform.platform().baseUrl()))
                        .isEqualTo(200);

                assertThatThrownBy(() -> EmbeddedPlatform.start(infrastructure, 0))
                        .hasMessage("Toxiproxy proxy \"pms\" exists on "
                                + infrastructure.info().toxiproxy().url()
                                + ": another platform of this JVM, or left over from an earlier run; start further"
                                + " platforms with EmbeddedPlatform.startAnother, or delete the leftover proxy");
                assertThat(infrastructure.hasProxy(EmbeddedPlatform.PMS_PROXY))
                        .as("the running platform's proxy after a second start failed")
                        .isTrue();
                assertThat(PlatformExtensionTest.live(platform.platform().baseUrl()))
                        .isEqualTo(200);
            }
            assertThat(infrastructure.hasProxy(EmbeddedPlatform.PMS_PROXY))
                    .as("proxy %s after close", EmbeddedPlatform.PMS_PROXY)
                    .isFalse();
        }
    }
}
