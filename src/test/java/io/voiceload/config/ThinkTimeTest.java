package io.voiceload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ThinkTimeTest {

    @ParameterizedTest
    @ValueSource(strings = {"none", "NONE", "0", "0ms", " none "})
    void noneForms(String text) {
        assertThat(ThinkTime.parse(text, "think_time")).isEqualTo(ThinkTime.NONE);
    }

    @Test
    void constant() {
        ThinkTime think = ThinkTime.parse("500ms", "think_time");
        assertThat(think).isEqualTo(new ThinkTime.Constant(Duration.ofMillis(500)));
        assertThat(think.mean()).isEqualTo(Duration.ofMillis(500));
        assertThat(think.nextNanos(new SplittableRandom(1))).isEqualTo(500_000_000L);
    }

    @Test
    void uniformRange() {
        ThinkTime think = ThinkTime.parse("100ms..1.5s", "think_time");
        assertThat(think).isEqualTo(new ThinkTime.Uniform(Duration.ofMillis(100), Duration.ofMillis(1500)));
        assertThat(think.mean()).isEqualTo(Duration.ofMillis(800));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            assertThat(think.nextNanos(random)).isBetween(100_000_000L, 1_500_000_000L);
        }
    }

    @Test
    void exponentialWithMean() {
        ThinkTime think = ThinkTime.parse("exp(200ms)", "think_time");
        assertThat(think).isEqualTo(new ThinkTime.Exponential(Duration.ofMillis(200)));
        assertThat(think.mean()).isEqualTo(Duration.ofMillis(200));
    }

    @ParameterizedTest(name = "{0} displays as {1}")
    @CsvSource({"none, none", "1m30s, 90s", "100ms..1.234s, 100ms..1.23s", "exp(1.5s), exp(1.5s)"})
    void displaysShortWhereToStringParsesBack(String text, String shown) {
        ThinkTime think = ThinkTime.parse(text, "think_time");
        assertThat(think.display()).isEqualTo(shown);
        assertThat(think).hasToString(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "500ms", "1m30s", "100ms..500ms", "0s..2s", "exp(200ms)", "exp(1.5s)"})
    void toStringRoundTrips(String text) {
        ThinkTime spec = ThinkTime.parse(text, "think_time");
        assertThat(spec).hasToString(text);
        assertThat(ThinkTime.parse(spec.toString(), "think_time")).isEqualTo(spec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "sometimes", "100ms..", "exp(200)", "exp 200ms", "5 minutes"})
    void rejectsOtherFormsListingTheAllowedOnes(String text) {
        assertThatThrownBy(() -> ThinkTime.parse(text, "-Dloadtest.thinkTime=" + text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("-Dloadtest.thinkTime=" + text + ": not a think time; ")
                .hasMessageContaining("none, 500ms (constant), 100ms..500ms (uniform) or exp(200ms)");
    }

    @Test
    void rejectsAnInvertedRange() {
        assertThatThrownBy(() -> ThinkTime.parse("500ms..100ms", "think_time = \"500ms..100ms\""))
                .hasMessageStartingWith("think_time = \"500ms..100ms\": the minimum must not exceed the maximum");
    }

    @Test
    void rejectsAZeroMean() {
        assertThatThrownBy(() -> ThinkTime.parse("exp(0s)", "think_time"))
                .hasMessage("think_time: the mean of exp(...) must be greater than 0");
    }

    @Test
    void eachFormChecksItsDurations() {
        assertThatThrownBy(() -> new ThinkTime.Constant(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ThinkTime.Constant(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new ThinkTime.Uniform(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("uniform think time: max 1s is below min 2s");
    }
}
