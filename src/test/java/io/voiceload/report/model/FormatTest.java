package io.voiceload.report.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Numbers read the same in every report: latencies in ms or s, rates with or without a unit. */
class FormatTest {
    @ParameterizedTest(name = "{0} ms → {1}")
    @CsvSource({
        "0, 0 ms",
        "0.0042, 0.0042 ms",
        "0.042, 0.042 ms",
        "5.0, 5 ms",
        "25.94, 25.9 ms",
        "450, 450 ms",
        "999.4, 999 ms",
        "1234, 1.23 s",
        "2994.733, 2.99 s",
        "1234567, '1,235 s'",
    })
    void latency(double ms, String text) {
        assertThat(Format.ms(ms)).isEqualTo(text);
        assertThat(Format.ms(DoubleNode.valueOf(ms))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}/s")
    @ValueSource(doubles = {0, 1.79, 99.96, 100, 2321.9, 1234567.8})
    void aRateWithAUnitHasTheNumberOfARateWithout(double perSecond) {
        String plain = Format.rate(perSecond);
        assertThat(Format.rate(DoubleNode.valueOf(perSecond), "calls"))
                .isEqualTo(plain.substring(0, plain.length() - "/s".length()) + " calls/s");
    }

    @ParameterizedTest(name = "{0}/s → {1}")
    @CsvSource({"1.79, 1.8/s", "99.94, 99.9/s", "100, 100/s", "2321.9, '2,322/s'"})
    void rate(double perSecond, String text) {
        assertThat(Format.rate(perSecond)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"0.0217, 0.0217", "84, 84", "2.5, 2.5", "1234.5, '1,235'", "-0.5, -0.5"})
    void threeSignificantDigits(double v, String text) {
        assertThat(Format.num(v, 3)).isEqualTo(text);
    }

    @Test
    void missingValuesReadAsADash() {
        assertThat(Format.ms(NullNode.getInstance())).isEqualTo("–");
        assertThat(Format.ms(MissingNode.getInstance())).isEqualTo("–");
        assertThat(Format.rate(MissingNode.getInstance(), "calls")).isEqualTo("–");
        assertThat(Format.rate(NullNode.getInstance())).isEqualTo("–");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0 B",
        "512, 512 B",
        "1023, '1,023 B'",
        "1024, 1 KiB",
        "412000, 402 KiB",
        "1048576, 1 MiB",
        "222718361.6, 212 MiB",
        "10276044800, 9.57 GiB"
    })
    void bytesInBinaryUnits(double bytes, String text) {
        assertThat(Format.bytes(bytes)).isEqualTo(text);
    }

    @Test
    void memorySloValuesReadInTheirUnitsAndTheOthersByKind() {
        assertThat(SloValues.format(SloValues.HEAP_AFTER_GC, 256 * 1024 * 1024.0))
                .isEqualTo("256 MiB");
        assertThat(SloValues.format(SloValues.GC_PAUSE_P99, 48.2)).isEqualTo("48.2 ms");
        assertThat(SloValues.format(SloValues.GC_CPU_SHARE, 0.081)).isEqualTo("8.1 %");
        assertThat(SloValues.format("p99", 1170)).isEqualTo("1.17 s");
        assertThat(SloValues.format("error rate", 0.00022)).isEqualTo("0.022 %");
        assertThat(SloValues.isMemory("heap after GC")).isTrue();
        assertThat(SloValues.isMemory("p99")).isFalse();
    }
}
