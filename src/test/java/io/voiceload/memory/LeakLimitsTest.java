package io.voiceload.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LeakLimitsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        LeakLimits d = LeakLimits.DEFAULTS;
        long mib = 1024 * 1024;
        assertThat(d.limit(LeakResource.HEAP, Axis.PER_THOUSAND_ITERATIONS)).isEqualTo(mib);
        assertThat(d.limit(LeakResource.HEAP, Axis.PER_MINUTE)).isEqualTo(16 * mib);
        assertThat(d.limit(LeakResource.METASPACE, Axis.PER_MINUTE)).isEqualTo(2 * mib);
        assertThat(d.limit(LeakResource.DIRECT_BUFFERS, Axis.PER_MINUTE)).isEqualTo(4 * mib);
        assertThat(d.limit(LeakResource.THREADS, Axis.PER_MINUTE)).isEqualTo(2);
        assertThat(d.limit(LeakResource.FILE_DESCRIPTORS, Axis.PER_MINUTE)).isEqualTo(4);
        assertThat(d.minCycles()).isEqualTo(5);
        assertThat(LeakLimits.builder().build()).isEqualTo(d);
    }

    @Test
    void theBuilderChangesWhatItIsTold() {
        LeakLimits limits = LeakLimits.builder()
                .maxHeapGrowthPerThousandIterations(64 * 1024)
                .maxHeapGrowthPerMinute(1)
                .maxMetaspaceGrowthPerMinute(2)
                .maxDirectBufferGrowthPerMinute(3)
                .maxThreadGrowthPerMinute(0.5)
                .maxFileDescriptorGrowthPerMinute(0)
                .minCycles(8)
                .build();
        assertThat(limits).isEqualTo(new LeakLimits(64 * 1024, 1, 2, 3, 0.5, 0, 8));
        assertThat(limits.toBuilder().minCycles(9).build().minCycles()).isEqualTo(9);
    }

    @Test
    void badLimitsAreNamedWithTheirValues() {
        assertThatThrownBy(() -> LeakLimits.builder()
                        .maxHeapGrowthPerThousandIterations(-1)
                        .minCycles(3)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid leak limits: maxHeapGrowthPerThousandIterations must be ≥ 0, not -1; minCycles"
                        + " must be ≥ 5, not 3");
        assertThatThrownBy(() -> new LeakLimits(0, -2, -3, -4, Double.NaN, Double.POSITIVE_INFINITY, 5))
                .hasMessage("invalid leak limits: maxHeapGrowthPerMinute must be ≥ 0, not -2;"
                        + " maxMetaspaceGrowthPerMinute must be ≥ 0, not -3; maxDirectBufferGrowthPerMinute must be"
                        + " ≥ 0, not -4; maxThreadGrowthPerMinute must be ≥ 0, not NaN;"
                        + " maxFileDescriptorGrowthPerMinute must be ≥ 0, not Infinity");
        assertThatThrownBy(() ->
                        LeakLimits.builder().maxThreadGrowthPerMinute(-0.5).build())
                .hasMessage("invalid leak limits: maxThreadGrowthPerMinute must be ≥ 0, not -0.5");
    }

    @Test
    void anAxisAResourceIsNotJudgedOnHasNoLimit() {
        assertThatThrownBy(() -> LeakLimits.DEFAULTS.limit(LeakResource.THREADS, Axis.PER_THOUSAND_ITERATIONS))
                .hasMessage("live threads is not judged per 1,000 iterations");
    }
}
