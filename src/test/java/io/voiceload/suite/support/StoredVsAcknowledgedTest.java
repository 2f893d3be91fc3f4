package io.voiceload.suite.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The comparison behind "the stored calls are exactly the created ones", fed by hand. */
class StoredVsAcknowledgedTest {

    @Test
    void exactWhenEveryAcknowledgedIdIsStoredOnce() {
        StoredVsAcknowledged same = StoredVsAcknowledged.compare(Set.of("a", "b", "c"), List.of("c", "a", "b"));

        assertThat(same.exactly(3)).isTrue();
        assertThat(same.lost()).isEmpty();
        assertThat(same.extra()).isEmpty();
    }

    @Test
    void namesLostIdsSortedAndAtMostThree() {
        StoredVsAcknowledged lost = StoredVsAcknowledged.compare(Set.of("e", "d", "c", "b", "a"), List.of("a"));

        assertThat(lost.exactly(5)).isFalse();
        assertThat(lost.lost()).containsExactlyInAnyOrder("b", "c", "d", "e");
        assertThat(lost.lostSample()).containsExactly("b", "c", "d");
        assertThat(lost.extra()).isEmpty();
    }

    @Test
    void namesExtraIdsNeverAcknowledged() {
        StoredVsAcknowledged extra = StoredVsAcknowledged.compare(Set.of("a"), List.of("a", "z", "y"));

        assertThat(extra.exactly(1)).isFalse();
        assertThat(extra.extraSample()).containsExactly("y", "z");
        assertThat(extra.lost()).isEmpty();
    }

    @Test
    void anIdStoredTwiceIsNotExact() {
        StoredVsAcknowledged twice = StoredVsAcknowledged.compare(Set.of("a", "b"), List.of("a", "b", "b"));

        assertThat(twice.stored()).isEqualTo(3);
        assertThat(twice.storedIds()).hasSize(2);
        assertThat(twice.exactly(2)).isFalse();
    }

    @Test
    void countsOfSuccessesThatDisagreeWithTheIdsAreNotExact() {
        // The same ids, but more answers succeeded than ids were kept (or fewer): the count decides too.
        StoredVsAcknowledged ids = StoredVsAcknowledged.compare(Set.of("a", "b"), List.of("a", "b"));

        assertThat(ids.exactly(2)).isTrue();
        assertThat(ids.exactly(3)).isFalse();
    }
}
