package io.voiceload.suite.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.suite.support.WriteOutcomes.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jepsen's three outcomes: each rule breaks when it should, and indeterminate writes are never counted as ok. */
class WriteOutcomesTest {

    @Test
    void statusesMapToTheThreeOutcomes() {
        assertThat(WriteOutcomes.classify(201)).isEqualTo(Outcome.OK);
        assertThat(WriteOutcomes.classify(409)).isEqualTo(Outcome.FAILED);
        assertThat(WriteOutcomes.classify(503)).isEqualTo(Outcome.INDETERMINATE);
        assertThat(WriteOutcomes.classify(500)).isEqualTo(Outcome.INDETERMINATE);
    }

    @Test
    void everythingStoredOnceAsAcknowledgedPasses() {
        WriteOutcomes writes = writes();

        WriteOutcomes.Verdict verdict = writes.against(List.of("a", "b", "i1"));

        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.summary())
                .isEqualTo("writes: 2 ok, 1 failed, 2 indeterminate (1 stored, 1 not); 0 acknowledged but lost,"
                        + " 0 stored twice");
    }

    @Test
    void eachBrokenRuleIsNamed() {
        WriteOutcomes writes = writes();

        WriteOutcomes.Verdict verdict = writes.against(List.of("a", "a", "f", "x"));

        assertThat(verdict.problems())
                .containsExactly(
                        "1 of 2 acknowledged writes were lost (e.g. [b])",
                        "1 writes were stored more than once (e.g. [a])",
                        "1 refused writes (4xx) were stored all the same (e.g. [f])",
                        "1 stored entries match no attempted write (e.g. [x])");
    }

    @Test
    void aRetryDecidesAnIndeterminateWriteButNeverOverridesAKnownOne() {
        WriteOutcomes writes = new WriteOutcomes();
        writes.record("k", Outcome.INDETERMINATE, "timeout");
        writes.record("k", Outcome.OK, "HTTP 201");
        writes.record("k", Outcome.INDETERMINATE, "timeout");
        writes.record("f", Outcome.FAILED, "HTTP 400");
        writes.record("f", Outcome.OK, "HTTP 201");

        assertThat(writes.keys(Outcome.OK)).containsExactly("k");
        assertThat(writes.outcome("k")).isEqualTo(Outcome.OK);
        assertThat(writes.outcome("never")).isNull();
        assertThat(writes.keys(Outcome.FAILED)).containsExactly("f");
        assertThat(writes.attempted()).isEqualTo(2);
    }

    private static WriteOutcomes writes() {
        WriteOutcomes writes = new WriteOutcomes();
        writes.record("a", Outcome.OK, "HTTP 201");
        writes.record("b", Outcome.OK, "HTTP 201");
        writes.record("f", Outcome.FAILED, "HTTP 400");
        writes.record("i1", Outcome.INDETERMINATE, "timeout");
        writes.record("i2", Outcome.INDETERMINATE, "HTTP 503");
        return writes;
    }
}
