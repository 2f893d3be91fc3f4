package io.voiceload.junit;

import io.voiceload.load.LoadResult;
import io.voiceload.load.RequestStats;

/** Entry point of voiceload's AssertJ-style assertions. */
public final class LoadAssertions {
    private LoadAssertions() {}

    /** {@code assertThat(result).hasNoFailures().hasP99AtMost(Duration.ofMillis(800))}. */
    public static LoadResultAssert assertThat(LoadResult actual) {
        return new LoadResultAssert(actual);
    }

    /** Assertions on one request name's (or the iterations') statistics. */
    public static RequestStatsAssert assertThat(RequestStats actual) {
        return new RequestStatsAssert(actual);
    }
}
