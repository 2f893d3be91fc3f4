package io.voiceload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemorySettingsTest {

    /** {@code json}, an object, on top of the test profiles. */
    private static LoadTestConfig config(String json) {
        String body = json.strip();
        return TestConfigs.config(body.substring(1, body.length() - 1));
    }

    @Test
    void theShippedFileGivesEveryLimit() {
        MemorySettings m = MemorySettings.from(LoadTestConfig.builtIn());
        assertThat(m.heapAfterGcLimitBytes()).isEqualTo(512L << 20);
        assertThat(m.gcPauseP99()).isEqualTo(Duration.ofMillis(200));
        assertThat(m.gcCpuShare()).isEqualTo(0.10);
        assertThat(m.leak().heapPerThousandIterations()).isEqualTo(1L << 20);
        assertThat(m.leak().heapPerMinute()).isEqualTo(16L << 20);
        assertThat(m.leak().threadsPerMinute()).isEqualTo(2.0);
        assertThat(m.describe())
                .containsExactly(
                        "heap after GC ≤ 512 MiB (" + LoadTestConfig.builtIn().label() + ": memory_threshold_mb)",
                        "GC pause p99 ≤ 200ms (" + LoadTestConfig.builtIn().label() + ")",
                        "GC CPU share ≤ 10.0% (" + LoadTestConfig.builtIn().label() + ")");
    }

    @Test
    void aFileSetsSomeAndTheBuiltInDefaultsGiveTheRest() {
        MemorySettings m = MemorySettings.from(config("""
                { "memory_threshold_mb": 256,
                  "categories": { "memory": { "settings": { "gc_pause_p99": "50ms",
                    "leak": { "heap_per_minute": "2.5MB", "fds_per_minute": 0 } } } } }
                """));
        assertThat(m.heapAfterGcLimitBytes()).isEqualTo(256L << 20);
        assertThat(m.gcPauseP99()).isEqualTo(Duration.ofMillis(50));
        assertThat(m.gcCpuShare()).isEqualTo(0.10);
        assertThat(m.leak().heapPerMinute()).isEqualTo((long) (2.5 * (1 << 20)));
        assertThat(m.leak().fdsPerMinute()).isZero();
        assertThat(m.leak().heapPerThousandIterations()).isEqualTo(1L << 20);
        assertThat(m.origins().get("gc_pause_p99")).isEqualTo("load_test_config.json");
    }

    @Test
    void everyBadValueIsNamedAtOnce() {
        assertThatThrownBy(() -> MemorySettings.from(config("""
                        { "categories": { "memory": { "settings": { "gc_pause_p99": "fast", "gc_cpu_share": 1.5,
                          "leak": { "heap_per_minute": "16 parsecs", "heap_per_1000_iteration": "1MB",
                                    "threads_per_minute": -1 } } } } }
                        """)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("categories.memory.settings.gc_pause_p99")
                .hasMessageContaining(
                        "categories.memory.settings.gc_cpu_share = 1.5: must be a fraction above 0 and at most 1")
                .hasMessageContaining("categories.memory.settings.leak.heap_per_minute = \"16 parsecs\": not a size")
                .hasMessageContaining(
                        "categories.memory.settings.leak.heap_per_1000_iteration: unknown key; did you mean"
                                + " \"heap_per_1000_iterations\"?")
                .hasMessageContaining("categories.memory.settings.leak.threads_per_minute = -1: must be a number ≥ 0");
    }

    @Test
    void aRunWithBadMemoryLimitsFailsBeforeAnythingStarts() {
        assertThatThrownBy(() -> RunConfiguration.check(
                        () -> config("{ \"categories\": { \"memory\": { \"settings\": { \"gc_cpu_share\": 0 } } } }"),
                        () -> Overrides.of(java.util.Map.of(), java.util.Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gc_cpu_share = 0");
    }

    @Test
    void sizesReadLikeTheJvmReadsThem() {
        assertThat(ByteSizes.parse("512KB", "k")).isEqualTo(512L << 10);
        assertThat(ByteSizes.parse("16MiB", "k")).isEqualTo(16L << 20);
        assertThat(ByteSizes.parse("1.5g", "k")).isEqualTo(3L << 29);
        assertThat(ByteSizes.parse("1048576", "k")).isEqualTo(1L << 20);
        assertThatThrownBy(() -> ByteSizes.parse("-1MB", "x.y")).hasMessageStartingWith("x.y = \"-1MB\": not a size");
        assertThat(ByteSizes.display(1536 * 1024)).isEqualTo("1.50 MiB");
        assertThat(ByteSizes.display(900)).isEqualTo("900 B");
        assertThat(ByteSizes.display(512L << 20)).isEqualTo("512 MiB");
    }
}
