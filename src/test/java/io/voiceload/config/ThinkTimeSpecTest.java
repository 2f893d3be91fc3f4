package io.voiceload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voiceload.config.ThinkTimeSpec.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThinkTimeSpecTest {

    @ParameterizedTest
    @ValueSource(strings = {"none", "NONE", "0", "0ms", " none "})
    void noneForms(String text) {
        assertThat(ThinkTimeSpec.parse(text, "think_time")).isEqualTo(ThinkTimeSpec.NONE);
    }

    @Test
    void constant() {
        ThinkTimeSpec spec = ThinkTimeSpec.parse("500ms", "think_time");
        assertThat(spec.kind()).isEqualTo(Kind.CONSTANT);
        assertThat(spec.first()).isEqualTo(Duration.ofMillis(500));
        assertThat(spec.second()).isNull();
        assertThat(spec.mean()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void uniformRange() {
        ThinkTimeSpec spec = ThinkTimeSpec.parse("100ms..1.5s", "think_time");
        assertThat(spec.kind()).isEqualTo(Kind.UNIFORM);
        assertThat(spec.first()).isEqualTo(Duration.ofMillis(100));
        assertThat(spec.second()).isEqualTo(Duration.ofMillis(1500));
        assertThat(spec.mean()).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void exponentialWithMean() {
        ThinkTimeSpec spec = ThinkTimeSpec.parse("exp(200ms)", "think_time");
        assertThat(spec.kind()).isEqualTo(Kind.EXPONENTIAL);
        assertThat(spec.first()).isEqualTo(Duration.ofMillis(200));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "500ms", "1m30s", "100ms..500ms", "0s..2s", "exp(200ms)", "exp(1.5s)"})
    void toStringRoundTrips(String text) {
        ThinkTimeSpec spec = ThinkTimeSpec.parse(text, "think_time");
        assertThat(spec).hasToString(text);
        assertThat(ThinkTimeSpec.parse(spec.toString(), "think_time")).isEqualTo(spec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "sometimes", "100ms..", "exp(200)", "exp 200ms", "5 minutes"})
    void rejectsOtherFormsListingTheAllowedOnes(String text) {
        assertThatThrownBy(() -> ThinkTimeSpec.parse(text, "-Dloadtest.thinkTime=" + text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("-Dloadtest.thinkTime=" + text + ": not a think time; ")
                .hasMessageContaining("none, 500ms (constant), 100ms..500ms (uniform) or exp(200ms)");
    }

    @Test
    void rejectsAnInvertedRange() {
        assertThatThrownBy(() -> ThinkTimeSpec.parse("500ms..100ms", "think_time = \"500ms..100ms\""))
                .hasMessageStartingWith("think_time = \"500ms..100ms\": the minimum must not exceed the maximum");
    }

    @Test
    void rejectsAZeroMean() {
        assertThatThrownBy(() -> ThinkTimeSpec.parse("exp(0s)", "think_time"))
                .hasMessage("think_time: the mean of exp(...) must be greater than 0");
    }

    @Test
    void canonicalConstructorChecksConsistency() {
        assertThatThrownBy(() -> new ThinkTimeSpec(Kind.CONSTANT, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThinkTimeSpec(Kind.UNIFORM, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
