package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison document of two reports: equal passes, a planted regression regresses, other machines are refused. */
class ComparisonTest {
    @TempDir
    Path dir;

    private JsonNode compare(Path base, Path current, boolean force) {
        return Comparison.compare(BaselineReport.read(base), BaselineReport.read(current), 0.10, force);
    }

    @Test
    void aReportComparedWithItselfPasses() {
        Path report = Reports.write(dir, "a.json", r -> {});
        JsonNode doc = compare(report, report, false);
        assertThat(doc.path("kind").asText()).isEqualTo("voiceload-comparison");
        assertThat(doc.path("verdict").asText()).isEqualTo("passed");
        assertThat(doc.path("margin").asDouble()).isEqualTo(0.10);
        assertThat(doc.path("environmentDifferences")).isEmpty();
        assertThat(doc.at("/baseline/runId").asText()).isEqualTo("20261122-152731");
        assertThat(doc.at("/current/environment/host/cores").asInt()).isEqualTo(2);
        assertThat(doc.path("tests")).hasSize(2);
        assertThat(doc.path("tests").findValuesAsText("verdict")).containsOnly("passed");
        JsonNode first = doc.path("tests").get(0);
        assertThat(first.path("id").asText()).isEqualTo("CallCreationLoadIT.createAndFetchCalls");
        assertThat(first.path("rows")).hasSize(15);
        JsonNode row = first.path("rows").get(1);
        assertThat(row.path("request").asText()).isEqualTo("iteration");
        assertThat(row.path("metric").asText()).isEqualTo("p95");
        assertThat(row.path("baseline").asDouble()).isEqualTo(row.path("actual").asDouble());
        assertThat(row.path("changePct").asDouble()).isZero();
        assertThat(row.path("regressed").asBoolean()).isFalse();
    }

    @Test
    void aPlantedRegressionRegressesWithItsRows() {
        Path base = Reports.write(dir, "base.json", r -> {});
        Path slower = Reports.write(dir, "slower.json", r -> Reports.slower(r, 1.5));
        JsonNode doc = compare(base, slower, false);
        assertThat(doc.path("verdict").asText()).isEqualTo("regressed");
        JsonNode test = doc.path("tests").get(0);
        assertThat(test.path("verdict").asText()).isEqualTo("regressed");
        assertThat(test.path("reason").asText()).contains("iteration p95 126.48 ms → 189.73 ms (+50.0 %");
        assertThat(doc.path("tests").get(1).path("verdict").asText()).isEqualTo("passed");
        String md = ComparisonMarkdown.render(doc);
        assertThat(md)
                .contains("**Verdict: REGRESSED** (margin 10 %)")
                .contains("| test | verdict | request | metric | baseline | actual | change | limit |")
                .contains("| CallCreationLoadIT.createAndFetchCalls | ❌ regressed | iteration | p50 |")
                .contains("| iteration | p95 | 126.48 ms | **189.73 ms** ✗ | +50.0 % | 139.13 ms |");
    }

    @Test
    void aFasterRunPasses() {
        Path base = Reports.write(dir, "base.json", r -> {});
        Path faster = Reports.write(dir, "faster.json", r -> Reports.slower(r, 0.5));
        assertThat(compare(base, faster, false).path("verdict").asText()).isEqualTo("passed");
    }

    @Test
    void differentEnvironmentsAreRefusedUnlessForced() {
        Path base = Reports.write(dir, "base.json", r -> {});
        Path other = Reports.write(dir, "other.json", r -> {
            ((ObjectNode) r.at("/environment/host")).put("cores", 16);
            ((ObjectNode) r.path("environment")).put("profile", "heavy");
        });
        JsonNode refused = compare(base, other, false);
        assertThat(refused.path("verdict").asText()).isEqualTo("refused");
        assertThat(refused.path("environmentDifferences").findValuesAsText("x")).isEmpty();
        assertThat(refused.path("environmentDifferences").toString())
                .isEqualTo("[\"host.cores: 2 vs 16\",\"profile: default vs heavy\"]");
        assertThat(ComparisonMarkdown.render(refused))
                .contains("**Verdict: REFUSED**")
                .contains("### Environment differences\n\n- host.cores: 2 vs 16\n- profile: default vs heavy");

        JsonNode forced = compare(base, other, true);
        assertThat(forced.path("verdict").asText()).isEqualTo("passed");
        assertThat(forced.path("forced").asBoolean()).isTrue();
        assertThat(ComparisonMarkdown.render(forced)).contains("forced despite environment differences");
    }

    @Test
    void aTestWhosePlanDiffersIsRefused() {
        Path base = Reports.write(dir, "base.json", r -> {});
        Path other = Reports.write(
                dir, "other.json", r -> ((ObjectNode) Reports.creation(r).path("plan")).put("users", 40));
        JsonNode doc = compare(base, other, false);
        assertThat(doc.path("verdict").asText()).isEqualTo("refused");
        assertThat(doc.path("tests").get(0).path("verdict").asText()).isEqualTo("refused");
        assertThat(doc.path("tests").get(0).path("reason").asText())
                .isEqualTo("the plan differs: plan.users: 20 vs 40");
    }

    @Test
    void testsInOneRunOnlyAreMissingOrNewWithoutFailing() {
        Path base = Reports.write(dir, "base.json", r -> {});
        Path fewer = Reports.write(dir, "fewer.json", r -> ((ArrayNode) r.path("tests")).remove(1));
        JsonNode missing = compare(base, fewer, false);
        assertThat(missing.path("verdict").asText()).isEqualTo("passed");
        assertThat(missing.path("tests").get(1).path("verdict").asText()).isEqualTo("missing");
        assertThat(missing.path("tests").get(1).path("id").asText()).isEqualTo("CallCapacityIT.concurrentCalls");
        JsonNode added = compare(fewer, base, false);
        assertThat(added.path("tests").get(1).path("verdict").asText()).isEqualTo("new");
        assertThat(ComparisonMarkdown.render(added))
                .contains("| CallCapacityIT.concurrentCalls | ➖ new | not in the baseline |");
    }

    @Test
    void aTestThatFailedBeforeLoadHasNoRows() {
        Path base = Reports.write(dir, "base.json", r -> {});
        Path broken = Reports.write(dir, "broken.json", r -> {
            ObjectNode t = Reports.creation(r);
            t.remove("iterations");
            t.remove("requests");
            t.put("verdict", "failed");
        });
        JsonNode doc = compare(base, broken, false);
        assertThat(doc.path("tests").get(0).path("verdict").asText()).isEqualTo("missing");
        assertThat(doc.path("tests").get(0).path("reason").asText()).contains("no statistics in the current run");
    }

    @Test
    void filesThatAreNotRunReportsAreRefusedClearly() throws Exception {
        Path notJson = Files.writeString(dir.resolve("x.json"), "{ not json");
        Path other = Files.writeString(dir.resolve("y.json"), "{\"kind\": \"something-else\", \"tests\": []}");
        Path perTest = Files.writeString(dir.resolve("z.json"), "{\"schemaVersion\": 1, \"test\": \"A.b\"}");
        Path newer = Reports.write(dir, "newer.json", r -> r.put("schemaVersion", 9));
        assertThatThrownBy(() -> BaselineReport.read(dir.resolve("nope.json")))
                .hasMessageStartingWith(dir.resolve("nope.json") + ": no such file")
                .hasMessageContaining("expected the report.json of an earlier voiceload run");
        assertThatThrownBy(() -> BaselineReport.read(notJson)).hasMessageContaining(": not JSON (");
        assertThatThrownBy(() -> BaselineReport.read(other))
                .hasMessageContaining("not a voiceload run report (\"kind\" is \"something-else\")");
        assertThatThrownBy(() -> BaselineReport.read(perTest))
                .hasMessageContaining("not a voiceload run report (no \"kind\")");
        assertThatThrownBy(() -> BaselineReport.read(newer)).hasMessageContaining("schemaVersion 9 is not one");
    }

    @Test
    void testsAreFoundByClassAndMethodOrById() {
        BaselineReport report = BaselineReport.read(Reports.write(dir, "a.json", r -> {}));
        assertThat(report.test("io.voiceload.suite.concurrentcalls.CallCreationLoadIT", "createAndFetchCalls"))
                .isPresent();
        assertThat(report.test("elsewhere.CallCapacityIT", "concurrentCalls")).isPresent(); // by id
        assertThat(report.test("io.voiceload.suite.concurrentcalls.CallCreationLoadIT", "other"))
                .isEmpty();
    }
}
