package io.voiceload.suite.networkfailure;

import io.voiceload.config.Durations;
import io.voiceload.faults.FaultEvent;
import io.voiceload.faults.FaultRun;
import io.voiceload.faults.PhaseResult;
import io.voiceload.load.RequestStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Stepped packet loss read as a capacity search reads stepped users: each during-phase of a run whose faults are
 * packet loss is one level (its probability), judged on its own window against an {@link Slo}; the result is the
 * highest level that held before the first that broke, stated with every level's figures.
 *
 * <pre>{@code
 * LossLevels levels = LossLevels.of(faults, new LossLevels.Slo(Duration.ofSeconds(2), 0.01));
 * System.out.println(levels.headline());
 * // holds up to 5 % loss on postgres, pms, redis (emulated): 1 %: p99 0.31s, 0.00 % errors ✓; 5 %: …; 20 %: … ✗
 * }</pre>
 */
record LossLevels(List<Level> levels, String links, String mode) {

    /** What holding a level means: iterations' p99 and error rate at most these. */
    record Slo(Duration p99, double errorRate) {}

    /** One level: its loss probability, the iterations' figures in its window, whether it held and why not. */
    record Level(double probability, long iterations, Duration p99, double errorRate, boolean held, String breach) {}

    /** The levels of {@code run}'s packet-loss phases, in time order, judged against {@code slo}. */
    static LossLevels of(FaultRun run, Slo slo) {
        List<Level> levels = new ArrayList<>();
        TreeSet<String> links = new TreeSet<>();
        String mode = "";
        for (PhaseResult phase : run.phases()) {
            List<FaultEvent> loss = phase.faults().stream()
                    .filter(f -> f.kind().label().contains("packet-loss"))
                    .toList();
            if (loss.isEmpty()) {
                continue;
            }
            loss.forEach(f -> links.add(f.proxy()));
            mode = loss.getFirst().kind().label().startsWith("real") ? "real IP packet loss" : "emulated";
            double probability = probability(loss.getFirst());
            RequestStats it = phase.window().iterations();
            Duration p99 = it.percentile(99);
            double errorRate = it.count() == 0 ? 1 : it.errorRate();
            String breach = "";
            if (it.successes() == 0) {
                breach = "no iteration succeeded";
            } else if (p99.compareTo(slo.p99()) > 0) {
                breach = "p99 " + Durations.display(p99) + " > " + Durations.display(slo.p99());
            } else if (errorRate > slo.errorRate()) {
                breach = String.format(Locale.ROOT, "errors %.2f %% > %.2f %%", errorRate * 100, slo.errorRate() * 100);
            }
            levels.add(new Level(probability, it.count(), p99, errorRate, breach.isEmpty(), breach));
        }
        if (levels.isEmpty()) {
            throw new AssertionError("no packet-loss phase in the run; phases: "
                    + run.phases().stream().map(PhaseResult::name).toList());
        }
        return new LossLevels(List.copyOf(levels), String.join(", ", links), mode);
    }

    /** The loss probability of a fault, from its amount ({@code p=0.05 rto=200ms}, {@code p=0.05 (kernel)}). */
    static double probability(FaultEvent fault) {
        var m = java.util.regex.Pattern.compile("p=([0-9.]+)").matcher(fault.amount());
        if (!m.find()) {
            throw new IllegalStateException("no loss probability in the fault's amount: " + fault.amount());
        }
        return Double.parseDouble(m.group(1));
    }

    /** The highest level held before the first that broke; empty when the first level broke. */
    Optional<Level> highestHeld() {
        Level held = null;
        for (Level level : levels) {
            if (!level.held()) {
                break;
            }
            held = level;
        }
        return Optional.ofNullable(held);
    }

    /** The result in a line: where it holds, then every level's figures. */
    String headline() {
        StringBuilder b = new StringBuilder();
        Optional<Level> held = highestHeld();
        if (held.isEmpty()) {
            b.append("breaks at the lowest level, ")
                    .append(percent(levels.getFirst().probability()));
        } else if (held.get() == levels.getLast()) {
            b.append("holds every level, up to ").append(percent(held.get().probability()));
        } else {
            b.append("holds up to ").append(percent(held.get().probability()));
        }
        b.append(" loss on ").append(links).append(" (").append(mode).append("): ");
        List<String> parts = new ArrayList<>();
        for (Level l : levels) {
            parts.add(String.format(
                    Locale.ROOT,
                    "%s: %d iterations, p99 %s, %.2f %% errors %s",
                    percent(l.probability()),
                    l.iterations(),
                    Durations.display(l.p99()),
                    l.errorRate() * 100,
                    l.held() ? "✓" : "✗ " + l.breach()));
        }
        return b.append(String.join("; ", parts)).toString();
    }

    private static String percent(double probability) {
        double p = probability * 100;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)) + " %";
    }
}
