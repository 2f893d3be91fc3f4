package io.voiceload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "300, 300000",
        "300s, 300000",
        "5m, 300000",
        "PT5M, 300000",
        "pt5m, 300000",
        "1m30s, 90000",
        "250ms, 250",
        "1.5s, 1500",
        "1h, 3600000",
        "1h15m, 4500000",
        "2.5, 2500",
        "' 30s ', 30000",
        "0, 0",
        "0s, 0"
    })
    void acceptsEveryDocumentedForm(String text, long millis) {
        assertThat(Durations.parse(text, "test_duration = " + text, ChronoUnit.SECONDS))
                .isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void bareNumbersUseTheCallersUnit() {
        assertThat(Durations.parse("250", "max_response_time = 250", ChronoUnit.MILLIS))
                .isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("300", "test_duration = 300", ChronoUnit.SECONDS))
                .isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5 minutes", "5min", "5 m", "abc", "1s1m", "5mm", "5M", "1.s", "P5M!", "PT"})
    void rejectsAnythingElseNamingTheValueAndTheForms(String text) {
        String where = "@LoadTest(duration = \"" + text + "\") on CallsIT.create";
        assertThatThrownBy(() -> Durations.parse(text, where, ChronoUnit.SECONDS))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(where + ": not a duration; ")
                .hasMessageContaining("use seconds (300), 300s, 5m, 1h, 250ms or ISO-8601 (PT5M)");
    }

    @Test
    void theHintNamesTheBareNumberUnitOfLatencies() {
        assertThatThrownBy(() -> Durations.parse("fast", "max_response_time = \"fast\"", ChronoUnit.MILLIS))
                .hasMessage("max_response_time = \"fast\": not a duration;"
                        + " use milliseconds (250), 300s, 5m, 1h, 250ms or ISO-8601 (PT5M)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "-5s", "PT-5M", "-PT5M"})
    void rejectsNegativeDurations(String text) {
        assertThatThrownBy(() -> Durations.parse(text, "ramp_up = " + text, ChronoUnit.SECONDS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ramp_up = " + text + ": must not be negative");
    }

    @Test
    void rejectsEmptyText() {
        assertThatThrownBy(() -> Durations.parse(" ", "-Dloadtest.duration=", ChronoUnit.SECONDS))
                .hasMessageStartingWith("-Dloadtest.duration=: empty; use seconds (300)");
    }

    @Test
    void parsePositiveRejectsZero() {
        assertThatThrownBy(() -> Durations.parsePositive("0s", "test_duration = \"0s\"", ChronoUnit.SECONDS))
                .hasMessage("test_duration = \"0s\": must be greater than 0");
    }

    @Test
    void withoutABareNumberUnitOnlyZeroMayOmitTheUnit() {
        assertThat(Durations.parse("0", "x", null)).isZero();
        assertThatThrownBy(() -> Durations.parse("500", "think_time = \"500\"", null))
                .hasMessageStartingWith("think_time = \"500\": a bare number needs a unit here");
    }

    @Test
    void rejectsHugeValues() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999h", "x", ChronoUnit.SECONDS))
                .hasMessage("x: too large for a duration");
    }

    @ParameterizedTest
    @CsvSource({"0, 0s", "250, 250ms", "1500, 1.5s", "90000, 1m30s", "3600000, 1h", "3723004, 1h2m3.004s"})
    void formatsCompactlyAndRoundTrips(long millis, String text) {
        Duration d = Duration.ofMillis(millis);
        assertThat(Durations.format(d)).isEqualTo(text);
        assertThat(Durations.parse(Durations.format(d), "x", ChronoUnit.SECONDS))
                .isEqualTo(d);
    }

    @Test
    void subMillisecondDurationsRoundTripThroughIso() {
        Duration d = Duration.ofNanos(1_500_000);
        assertThat(Durations.parse(Durations.format(d), "x", ChronoUnit.SECONDS))
                .isEqualTo(d);
    }

    @ParameterizedTest(name = "{0} ms displays as {1}")
    @CsvSource({
        "0, 0ms",
        "250, 250ms",
        "1500, 1.5s",
        "1234, 1.23s",
        "90000, 90s",
        "300000, 5m",
        "5400000, 90m",
        "7200000, 2h",
        "-250, -250ms"
    })
    void displaysShortWithThreeSignificantDigits(long millis, String text) {
        assertThat(Durations.display(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @Test
    void displayIsForReadingWhereFormatIsForParsingBack() {
        Duration d = Duration.ofMillis(1234);
        assertThat(Durations.display(d)).isEqualTo("1.23s");
        assertThat(Durations.format(d)).isEqualTo("1.234s");
        assertThat(Durations.display(null)).isEqualTo("-");
    }

    @ParameterizedTest(name = "{0} ns displays as {1}")
    @CsvSource({"0, 0ms", "500, 500ns", "812000, 812µs", "12345678, 12.3ms", "1523000000, 1.52s", "-2000, -2µs"})
    void displaysLatencies(double nanos, String text) {
        assertThat(Durations.displayNanos(nanos)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} s on the clock is {1}")
    @CsvSource({"0, 00:00", "65, 01:05", "3599, 59:59", "3725, 1:02:05"})
    void showsElapsedTimeAsAClock(long seconds, String text) {
        assertThat(Durations.clock(Duration.ofSeconds(seconds))).isEqualTo(text);
    }
}
