package io.voiceload.report.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A unit is named in the plural and written in the singular for one. */
class UnitsTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "calls, call",
        "iterations, iteration",
        "HTTP requests, HTTP request",
        "users, user",
        "queries, query",
        "processes, process",
        "searches, search",
        "batches, batch",
        "pushes, push",
        "boxes, box",
        "buzzes, buzz",
        "series, series",
        "time series, time series",
        "species, species",
        "caches, cache",
        "responses, response",
        "sizes, size",
        "data, data",
    })
    void singular(String plural, String singular) {
        assertThat(Units.singular(plural)).isEqualTo(singular);
    }

    @Test
    void countIsSingularForOneOnly() {
        assertThat(Units.count(1, "searches")).isEqualTo("1 search");
        assertThat(Units.count(0, "searches")).isEqualTo("0 searches");
        assertThat(Units.count(1234, "calls")).isEqualTo("1,234 calls");
    }

    @Test
    void titleCapitalisesTheSingular() {
        assertThat(Units.title("batches")).isEqualTo("Batch");
        assertThat(Units.title("series")).isEqualTo("Series");
    }
}
