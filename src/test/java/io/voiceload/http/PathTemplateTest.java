package io.voiceload.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathTemplateTest {
    @Test
    void fillsPlaceholdersInOrderAndEncodesEachValueAsOneSegment() {
        assertThat(PathTemplate.expand("/calls")).isEqualTo("/calls");
        assertThat(PathTemplate.expand("/calls/{id}/events/{n}", "a-1", 3)).isEqualTo("/calls/a-1/events/3");
        assertThat(PathTemplate.expand("/rooms/{r}", "a b/c?d#e%")).isEqualTo("/rooms/a%20b%2Fc%3Fd%23e%25");
        assertThat(PathTemplate.expand("/guests/{name}", "Zoë~_.")).isEqualTo("/guests/Zo%C3%AB~_.");
    }

    @Test
    void rejectsMismatchedValuesNamingTheTemplate() {
        assertThatThrownBy(() -> PathTemplate.expand("/calls/{id}", (Object) null))
                .hasMessageContaining("/calls/{id}: value for {id} is null");
        assertThatThrownBy(() -> PathTemplate.expand("/calls/{id", 1)).hasMessageContaining("unclosed '{'");
        assertThatThrownBy(() -> PathTemplate.expand("/a/{x}/{y}", 1))
                .hasMessageContaining("needs more than 1 value(s): none left for {y}");
    }
}
