package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The regression rules at their edges: exactly at the limit passes, just over fails, the floors hold. */
class BaselineRulesTest {
    private static final double M = 0.10;
    private static final double JUST = 1e-9;

    @Test
    void latencyRegressesJustOverTenPercentWhenThatIsMoreThanOneMillisecond() {
        BaselineRow atLimit = BaselineRules.latency("iteration", "p95", 20.0, 22.0, M);
        assertThat(atLimit.limit()).isEqualTo(22.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(BaselineRules.latency("iteration", "p95", 20.0, atLimit.limit(), M)
                        .regressed())
                .isFalse();
        assertThat(BaselineRules.latency("iteration", "p95", 20.0, atLimit.limit() + JUST, M)
                        .regressed())
                .isTrue();
        BaselineRow row = BaselineRules.latency("iteration", "p95", 20.0, 30.0, M);
        assertThat(row.regressed()).isTrue();
        assertThat(row.changePct()).isEqualTo(50.0);
        assertThat(row.higherIsBetter()).isFalse();
    }

    @Test
    void latencyWithinOneMillisecondNeverRegresses() {
        // 2 ms → 2.9 ms is +45 % but under the 1 ms floor; 2 ms → 3 ms is exactly at it.
        assertThat(BaselineRules.latency("r", "p50", 2.0, 2.9, M).regressed()).isFalse();
        BaselineRow floor = BaselineRules.latency("r", "p50", 2.0, 3.0, M);
        assertThat(floor.limit()).isEqualTo(3.0);
        assertThat(floor.regressed()).isFalse();
        assertThat(BaselineRules.latency("r", "p50", 2.0, 3.0 + JUST, M).regressed())
                .isTrue();
    }

    @Test
    void aPercentileIsJudgedOnlyWithTenSamplesBeyondIt() {
        // p99 of 999 successes leaves 9.99 beyond it: shown, not judged; 1,000 leave 10: judged.
        BaselineRow few = BaselineRules.latency("iteration", "p99", 20.0, 40.0, M, 999);
        assertThat(few.regressed()).isFalse();
        assertThat(few.note()).isEqualTo("not judged: 999 successes, p99 needs 1000");
        assertThat(few.toJson().path("note").asText()).isEqualTo(few.note());
        BaselineRow enough = BaselineRules.latency("iteration", "p99", 20.0, 40.0, M, 1000);
        assertThat(enough.regressed()).isTrue();
        assertThat(enough.note()).isEmpty();
        assertThat(enough.toJson().has("note")).isFalse();
        assertThat(BaselineRules.latency("r", "p95", 20.0, 40.0, M, 199).regressed())
                .isFalse();
        assertThat(BaselineRules.latency("r", "p95", 20.0, 40.0, M, 200).regressed())
                .isTrue();
        assertThat(BaselineRules.latency("r", "p50", 20.0, 40.0, M, 19).regressed())
                .isFalse();
        assertThat(BaselineRules.latency("r", "p50", 20.0, 40.0, M, 20).regressed())
                .isTrue();
    }

    @Test
    void errorRateRegressesBeyondTheMarginAndTheTenthOfAPointFloor() {
        // 0.1 % → 0.19 %: +90 % yet under the 0.1 pp floor.
        assertThat(BaselineRules.errorRate("iteration", 0.001, 0.0019, M).regressed())
                .isFalse();
        BaselineRow floor = BaselineRules.errorRate("iteration", 0.001, 0.002, M);
        assertThat(floor.limit()).isEqualTo(0.002);
        assertThat(floor.regressed()).isFalse();
        assertThat(BaselineRules.errorRate("iteration", 0.001, 0.002 + JUST, M).regressed())
                .isTrue();
        // 5 % → 5.5 % is the margin (more than 0.1 pp): at it passes, over fails.
        BaselineRow margin = BaselineRules.errorRate("iteration", 0.05, 0.055, M);
        assertThat(margin.regressed()).isFalse();
        assertThat(BaselineRules.errorRate("iteration", 0.05, margin.limit() + JUST, M)
                        .regressed())
                .isTrue();
        // From zero errors: the floor is the limit; the change is not a percentage.
        BaselineRow fromZero = BaselineRules.errorRate("iteration", 0.0, 0.01, M);
        assertThat(fromZero.regressed()).isTrue();
        assertThat(fromZero.changePct()).isNull();
        assertThat(BaselineRules.errorRate("iteration", 0.0, 0.0, M).changePct())
                .isEqualTo(0.0);
    }

    @ParameterizedTest
    @CsvSource({
        "rps, 100, 90, false",
        "rps, 100, 89.999, true",
        "rps, 100, 150, false",
        "highestHeld, 60, 54, false",
        "highestHeld, 60, 53, true"
    })
    void throughputAndHeldUsersRegressBelowTheMargin(String metric, double base, double actual, boolean regressed) {
        BaselineRow row = BaselineRules.atLeast("iteration", metric, base, actual, M);
        assertThat(row.regressed()).isEqualTo(regressed);
        assertThat(row.limit()).isEqualTo(base * 0.9);
        assertThat(row.higherIsBetter()).isTrue();
    }

    @Test
    void aTestComparedWithItselfHasEveryRowAndNoRegression() {
        ObjectNode test = Reports.creation(Reports.fixture());
        List<BaselineRow> rows = BaselineRules.compare(test, test, M);
        // iteration + 2 requests, 5 metrics each
        assertThat(rows).hasSize(15).noneMatch(BaselineRow::regressed);
        assertThat(rows).extracting(BaselineRow::request).containsOnly("iteration", "GET /calls/{id}", "POST /calls");
        assertThat(rows.subList(0, 5))
                .extracting(BaselineRow::metric)
                .containsExactly("p50", "p95", "p99", "errorRate", "rps");
    }

    @Test
    void aCapacitySearchAlsoComparesItsHighestHeldStep() {
        ObjectNode base = (ObjectNode) Reports.fixture().path("tests").get(1);
        ObjectNode current = base.deepCopy();
        ((ObjectNode) current.path("capacity"))
                .put("highestHeld", base.at("/capacity/highestHeld").asInt() / 2);
        List<BaselineRow> rows = BaselineRules.compare(base, current, M);
        assertThat(rows.getLast().metric()).isEqualTo("highestHeld");
        assertThat(rows.getLast().request()).isEqualTo("capacity");
        assertThat(rows.getLast().regressed()).isTrue();
    }

    @Test
    void aRequestOnlyInOneRunIsNotCompared() {
        ObjectNode base = Reports.creation(Reports.fixture());
        ObjectNode current = base.deepCopy();
        ((ObjectNode) current.path("requests")).remove("POST /calls");
        assertThat(BaselineRules.compare(base, current, M))
                .extracting(BaselineRow::request)
                .doesNotContain("POST /calls");
    }

    @ParameterizedTest
    @CsvSource({"10%, 0.10", "15 %, 0.15", "0.15, 0.15", "0, 0", "100%, 1", "1, 1"})
    void marginsAreAPercentageOrAFraction(String text, double expected) {
        assertThat(BaselineSettings.parseMargin(text, "-Dloadtest.baseline.margin=" + text))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "abc   | -Dloadtest.baseline.margin=abc: a baseline margin is a percentage from 0% to 100%",
                "-5%   | from 0% to 100% (e.g. 10%) or a fraction from 0 to 1 (e.g. 0.10)",
                "15    | (did you mean 15%?)",
                "101%  | a percentage from 0% to 100%"
            })
    void badMarginsAreRefusedNamingTheKeyAndTheRange(String text, String expected) {
        assertThatThrownBy(() -> BaselineSettings.parseMargin(text, "-Dloadtest.baseline.margin=" + text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void marginsPrintAsPercentages() {
        assertThat(BaselineSettings.formatMargin(0.15)).isEqualTo("15 %");
        assertThat(BaselineSettings.formatMargin(0.1)).isEqualTo("10 %");
    }

    @Test
    void theConfigFileCarriesTheMarginAndRefusesABadOne() {
        assertThat(io.voiceload.config.LoadTestConfig.builtIn().defaults().baselineMargin())
                .isEqualTo(0.10);
        String profiles = "\"profiles\": {\"smoke\": {}, \"light\": {}, \"normal\": {}, \"heavy\": {}, \"stress\": {},"
                + " \"soak\": {}, \"spike\": {}}";
        assertThat(io.voiceload.config.LoadTestConfig.parse(
                                "{\"baseline_margin\": 0.2, " + profiles + "}", "load_test_config.json")
                        .defaults()
                        .baselineMargin())
                .isEqualTo(0.2);
        assertThatThrownBy(() -> io.voiceload.config.LoadTestConfig.parse(
                        "{\"baseline_margin\": 10, " + profiles + "}", "load_test_config.json"))
                .hasMessageContaining("baseline_margin = 10: must be a number from 0 to 1");
    }
}
