package io.voiceload.suite.networkfailure;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.faults.FaultEvent;
import io.voiceload.faults.FaultRun;
import io.voiceload.faults.PhaseResult;
import io.voiceload.load.LoadResult;
import io.voiceload.load.RequestStats;
import io.voiceload.suite.support.WriteOutcomes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The checks every test of the {@code network-failure} category makes after its run, whatever the fault: the
 * platform degraded instead of failing (no 5xx but a {@code 503} with {@code Retry-After}, no broken answer, phase by
 * phase so that a failure names the fault it happened under), no request waited beyond {@link ResilienceApi#HANG},
 * and everything it acknowledged is stored, byte for byte, once.
 */
final class Resilience {
    private Resilience() {}

    /**
     * Fails when any phase saw a 5xx other than {@code 503}, or a broken answer (a {@code 503} without {@code
     * Retry-After}, a call or reservation that is not the one asked for: the assertions of {@link ResilienceApi}),
     * naming the phase and so the fault that was on.
     */
    static void noServerErrors(LoadResult result, FaultRun faults) {
        List<String> problems = new ArrayList<>();
        for (PhaseResult phase : faults.phases()) {
            List<String> here = failures(phase.window());
            if (!here.isEmpty()) {
                problems.add(phase.name() + ": " + String.join("; ", here));
            }
        }
        if (problems.isEmpty() && !failures(result).isEmpty()) {
            problems.add("over the run: " + String.join("; ", failures(result)));
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(
                    "the platform failed instead of degrading (a resilient platform answers 503 with Retry-After):\n  "
                            + String.join("\n  ", problems));
        }
    }

    private static List<String> failures(LoadResult window) {
        List<String> found = new ArrayList<>();
        window.requests().forEach((name, stats) -> stats.errors().forEach((kind, count) -> {
            if (kind.startsWith("HTTP 5") && !kind.equals("HTTP 503")) {
                found.add(count + " × " + kind + " on " + name);
            }
        }));
        window.iterations().errors().forEach((kind, count) -> {
            if (kind.startsWith("assertion")) {
                found.add(count + " × " + kind);
            }
        });
        return found;
    }

    /** Fails when a request waited longer than {@link ResilienceApi#HANG}: a timeout of the platform did not hold. */
    static void noHangs(LoadResult result) {
        List<String> hangs = new ArrayList<>();
        result.requests().forEach((name, stats) -> {
            long timeouts = stats.errors().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("RequestTimeoutException"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            if (timeouts > 0) {
                hangs.add(timeouts + " × " + name + " unanswered after " + ResilienceApi.HANG.toSeconds() + " s");
            }
        });
        if (!hangs.isEmpty()) {
            throw new AssertionError(
                    "requests hung (the platform's timeouts did not hold): " + String.join("; ", hangs));
        }
    }

    /**
     * Reads back the calls of the test's hotel and fails unless every acknowledged one is stored, once, with the
     * fields it was sent with; prints the writes' outcomes (indeterminate ones included).
     */
    static WriteOutcomes.Verdict acknowledgedWritesStored(ResilienceApi api) {
        List<JsonNode> stored = api.storedCalls();
        List<String> keys =
                stored.stream().map(c -> c.path("callerNumber").asText()).toList();
        WriteOutcomes.Verdict verdict = api.writes().against(keys);
        System.out.println("[writes] calls: " + verdict.summary());
        List<String> problems = new ArrayList<>(verdict.problems());
        List<String> altered = new ArrayList<>();
        for (JsonNode call : stored) {
            Map<String, String> sent = api.sent(call.path("callerNumber").asText());
            if (sent == null) {
                continue; // reported as never attempted
            }
            sent.forEach((field, value) -> {
                if (!value.equals(call.path(field).asText())) {
                    altered.add(call.path("id").asText() + " " + field + " = " + call.path(field) + " (sent " + value
                            + ")");
                }
            });
        }
        if (!altered.isEmpty()) {
            problems.add(altered.size() + " stored fields differ from what was sent (e.g. "
                    + altered.subList(0, Math.min(3, altered.size())) + ")");
        }
        if (verdict.ok() == 0) {
            problems.add("no write was acknowledged at all, so nothing was proven");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(
                    "calls of hotel " + api.hotel() + ": " + String.join("; ", problems) + "\n" + verdict.summary());
        }
        return verdict;
    }

    /** The during-phases whose faults act on exactly {@code proxies}; fails when there is none. */
    static List<PhaseResult> during(FaultRun run, String... proxies) {
        Set<String> wanted = new TreeSet<>(List.of(proxies));
        List<PhaseResult> found = run.phases().stream()
                .filter(p -> !p.faults().isEmpty())
                .filter(p -> p.faults().stream()
                        .map(FaultEvent::proxy)
                        .collect(Collectors.toCollection(TreeSet::new))
                        .equals(wanted))
                .toList();
        if (found.isEmpty()) {
            throw new AssertionError("no phase with faults on exactly " + wanted + "; phases: "
                    + run.phases().stream().map(PhaseResult::name).toList());
        }
        return found;
    }

    /** The stats of request {@code name} in {@code phase}; fails, naming what was sent, when it was not sent then. */
    static RequestStats request(PhaseResult phase, String name) {
        RequestStats stats = phase.window().requests().get(name);
        if (stats == null) {
            throw new AssertionError("no " + name + " was sent " + phase.name() + "; sent: "
                    + phase.window().requests().keySet());
        }
        return stats;
    }
}
