package io.voiceload.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict's contract with its callers: cycles checked, "not judged" for a caller's reason, the JSON shape. */
class LeakVerdictTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aCallerCanDeclineToJudgeAndSayWhy() {
        List<Cycle> cycles = SyntheticRun.cycles(12).heapMib(c -> 100 + 50 * c).build();
        LeakVerdict verdict = LeakVerdict.notJudged(
                cycles, 2, "the target runs with -XX:+DisableExplicitGC: the forced GC between cycles does nothing");

        assertThat(verdict.verdict()).isEqualTo(Verdict.NOT_JUDGED);
        assertThat(verdict.isLeak()).isFalse();
        assertThat(verdict.message())
                .isEqualTo("leak not judged: the target runs with -XX:+DisableExplicitGC: the forced GC between"
                        + " cycles does nothing");
        JsonNode json = MAPPER.valueToTree(verdict.json());
        assertThat(json.get("verdict").asText()).isEqualTo("not judged");
        assertThat(json.get("reason").asText()).startsWith("the target runs with -XX:+DisableExplicitGC");
        assertThat(json.get("cycles")).hasSize(12);
        assertThat(json.get("fits")).isEmpty();
        assertThatThrownBy(() -> LeakVerdict.notJudged(cycles, 2, " "))
                .hasMessage("a verdict not judged needs its reason");
    }

    @Test
    void theJsonShapeIsTheReportsContract() {
        LeakVerdict verdict =
                LeakJudge.judge(SyntheticRun.cycles(12).heapMib(c -> 60 + 2 * c).build(), 2, LeakLimits.DEFAULTS);

        JsonNode json = MAPPER.valueToTree(verdict.json());

        assertThat(fieldNames(json)).containsExactly("warmupCycles", "verdict", "reason", "cycles", "fits");
        assertThat(json.get("warmupCycles").asInt()).isEqualTo(2);
        assertThat(json.get("verdict").asText()).isEqualTo("leak");
        assertThat(json.get("reason").isNull()).isTrue();
        JsonNode first = json.get("cycles").get(0);
        assertThat(fieldNames(first))
                .containsExactly(
                        "cycle",
                        "iterations",
                        "t",
                        "heapAfterGcBytes",
                        "metaspaceBytes",
                        "directBufferBytes",
                        "liveThreads",
                        "openFileDescriptors",
                        "warmup");
        assertThat(first.get("cycle").asInt()).isEqualTo(1);
        assertThat(first.get("iterations").asLong()).isEqualTo(1000);
        assertThat(first.get("t").asDouble()).isEqualTo(10.0);
        assertThat(first.get("heapAfterGcBytes").asLong()).isEqualTo(62L * 1024 * 1024);
        assertThat(first.get("warmup").asBoolean()).isTrue();
        assertThat(json.get("cycles").get(1).get("warmup").asBoolean()).isTrue();
        assertThat(json.get("cycles").get(2).get("warmup").asBoolean()).isFalse();

        JsonNode fits = json.get("fits");
        assertThat(fits).hasSize(6);
        JsonNode heap = fits.get(0);
        assertThat(fieldNames(heap))
                .containsExactly(
                        "resource",
                        "axis",
                        "unit",
                        "slope",
                        "lower",
                        "upper",
                        "intercept",
                        "limit",
                        "noise",
                        "first",
                        "last",
                        "verdict",
                        "message");
        assertThat(heap.get("resource").asText()).isEqualTo("heap");
        assertThat(heap.get("axis").asText()).isEqualTo("per 1,000 iterations");
        assertThat(heap.get("unit").asText()).isEqualTo("bytes");
        assertThat(heap.get("slope").asDouble()).isCloseTo(2.0 * 1024 * 1024, offset(1e-3));
        // The line drawn over the cycles: intercept + slope · iterations / 1,000 gives the third cycle's value.
        assertThat(heap.get("intercept").asDouble() + heap.get("slope").asDouble() * 3)
                .isCloseTo(66.0 * 1024 * 1024, offset(1.0));
        assertThat(heap.get("limit").asDouble()).isEqualTo(1024 * 1024);
        assertThat(heap.get("first").asLong()).isEqualTo(66L * 1024 * 1024);
        assertThat(heap.get("last").asLong()).isEqualTo(84L * 1024 * 1024);
        assertThat(heap.get("verdict").asText()).isEqualTo("leak");
        assertThat(heap.get("message").asText()).startsWith("grows 2.00 MiB per 1,000 iterations (95 % interval");
        assertThat(fits.get(1).get("axis").asText()).isEqualTo("per minute");
        assertThat(fits.get(1).get("intercept").asDouble()
                        + fits.get(1).get("slope").asDouble() * 0.5)
                .as("per minute: x is t / 60")
                .isCloseTo(66.0 * 1024 * 1024, offset(1.0));
        List<String> resources = new ArrayList<>();
        fits.forEach(f ->
                resources.add(f.get("resource").asText() + " " + f.get("unit").asText()));
        assertThat(resources)
                .containsExactly(
                        "heap bytes",
                        "heap bytes",
                        "metaspace bytes",
                        "direct buffers bytes",
                        "threads threads",
                        "file descriptors file descriptors");
    }

    @Test
    void anAxisNotJudgedHasNoNumbersInTheJson() {
        LeakVerdict verdict =
                LeakJudge.judge(SyntheticRun.cycles(12).iterationsPerCycle(0).build(), 2, LeakLimits.DEFAULTS);

        JsonNode heap = MAPPER.<JsonNode>valueToTree(verdict.json()).get("fits").get(0);

        assertThat(heap.get("verdict").asText()).isEqualTo("not judged");
        assertThat(heap.get("slope").isNull()).isTrue();
        assertThat(heap.get("noise").isNull()).isTrue();
        assertThat(heap.get("message").asText())
                .isEqualTo("not judged per 1,000 iterations: iterations did not advance over cycles 3–12");
    }

    @Test
    void cyclesOutOfOrderAreRejectedByName() {
        List<Cycle> cycles = new ArrayList<>(SyntheticRun.cycles(6).build());
        cycles.set(3, new Cycle(3, 10, 1, 0, 0, 0, 0, 0));

        assertThatThrownBy(() -> LeakJudge.judge(cycles, -1, LeakLimits.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot judge these cycles: warmupCycles must be ≥ 0, not -1; cycle 3 follows cycle 3:"
                        + " indexes must increase; cycle 3 has fewer iterations (10) than cycle 3 (3000): iterations are"
                        + " cumulative; cycle 3 ends earlier (1.0 s) than cycle 3 (30.0 s)");
    }

    @Test
    void aBadCycleIsRejectedByName() {
        assertThatThrownBy(() -> new Cycle(0, -1, Double.NaN, -1, -1, -1, -1, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid cycle 0: index must be ≥ 1, not 0; iterations must be ≥ 0, not -1;"
                        + " elapsedSeconds must be ≥ 0, not NaN; heapAfterGcBytes must be ≥ 0, not -1; metaspaceBytes"
                        + " must be ≥ 0, not -1; directBufferBytes must be ≥ 0, not -1; liveThreads must be ≥ 0, not -1;"
                        + " openFileDescriptors must be ≥ 0 (or -1: not measured), not -2");
        assertThatThrownBy(() -> new Suspect(" ", 1, List.of())).hasMessage("a suspect's className must not be blank");
        assertThatThrownBy(() -> new Suspect("byte[]", -1, null))
                .hasMessage("suspect byte[]: samples must be ≥ 0, not -1");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
