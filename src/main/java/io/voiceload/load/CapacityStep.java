package io.voiceload.load;

import io.voiceload.config.Durations;
import java.util.Locale;
import java.util.Objects;

/**
 * One judged step of a capacity search.
 *
 * @param number 1-based step number
 * @param users concurrent virtual users planned for the step
 * @param kind why the step ran: climbing, repeating the step before it, or refining
 * @param window what was recorded in the step's judged window (after its settle time)
 * @param verdict the SLO rules applied to {@code window}; zero successful iterations is a breach
 */
public record CapacityStep(int number, int users, Kind kind, LoadResult window, SloReport verdict) {

    /** Why a step ran. */
    public enum Kind {
        /** The next planned level: start, start + step, … up to the ceiling. */
        CLIMB,
        /**
         * The step before it again, same users, because it broke: held, the breach was transient; broke, the
         * breach is confirmed.
         */
        REPEAT,
        /** Halfway between the highest level that held and the lowest confirmed breaking level. */
        REFINE;

        /** {@code climb}, {@code repeat}, {@code refine}: as the per-test JSON writes it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CapacityStep {
        Objects.requireNonNull(kind, "kind");
    }

    /** Whether this is a repeat that broke again: the breach of the step before it is confirmed. */
    public boolean confirmsBreach() {
        return kind == Kind.REPEAT && !held();
    }

    /** Whether this is a repeat that held: the breach of the step before it was transient. */
    public boolean showsTransient() {
        return kind == Kind.REPEAT && held();
    }

    /** Whether the step met every SLO and had at least one successful iteration. */
    public boolean held() {
        return verdict.passed();
    }

    public RequestStats iterations() {
        return window.iterations();
    }

    /**
     * Why the step broke, shortly: {@code p99 of voice.frame_rtt 212ms > 150ms} (the first breached
     * rule), {@code no successful iteration}; empty when it held.
     */
    public String reason() {
        if (held()) {
            return "";
        }
        if (verdict.noSuccess()) {
            return verdict.failedIterations() == 0
                    ? "no iteration completed in the step"
                    : "no successful iteration (" + verdict.failedIterations() + " failed)";
        }
        SloOutcome o = verdict.breaches().getFirst();
        String more =
                verdict.breaches().size() > 1 ? " and " + (verdict.breaches().size() - 1) + " more" : "";
        if (Double.isNaN(o.actual())) {
            return o.rule().subject() + ": " + o.note() + more;
        }
        return o.rule().subject() + " " + SloRule.formatValue(o.rule().metric(), o.actual())
                + (o.rule().metric().isLowerBound() ? " < " : " > ")
                + SloRule.formatValue(o.rule().metric(), o.rule().threshold()) + more;
    }

    /**
     * {@code step 3: 30 users | 41.2/s | p50 12ms p95 40ms p99 80ms | errors 0.00% | held (closest: p99 of
     * voice.frame_rtt 96ms of 150ms, 64%)}: a held step names the SLO with the least headroom. A repeat says
     * what it showed ({@code step 4: 30 users, repeat of step 3 | … | BROKE again, breach confirmed: …}), a
     * refining step says so ({@code step 6: 25 users, refining | …}).
     */
    public String line() {
        RequestStats it = iterations();
        return String.format(
                Locale.ROOT,
                "step %d: %d users%s | %d iterations, %.1f/s | p50 %s p95 %s p99 %s | errors %.2f%% | %s",
                number,
                users,
                switch (kind) {
                    case CLIMB -> "";
                    case REPEAT -> ", repeat of step " + (number - 1);
                    case REFINE -> ", refining";
                },
                it.count(),
                it.throughput(),
                Durations.display(it.percentile(50)),
                Durations.display(it.percentile(95)),
                Durations.display(it.percentile(99)),
                it.errorRate() * 100,
                verdictText());
    }

    private String verdictText() {
        if (kind == Kind.REPEAT) {
            return held()
                    ? "held: the breach of step " + (number - 1) + " was transient" + closest()
                    : "BROKE again, breach confirmed: " + reason();
        }
        return held() ? "held" + closest() : "BROKE: " + reason();
    }

    /** {@code " (closest: p99 of voice.frame_rtt 96ms of 150ms, 64%)"}, or empty when no SLO has a usage. */
    private String closest() {
        return verdict.tightest()
                .map(o -> String.format(
                        Locale.ROOT,
                        " (closest: %s %s of %s, %.0f%%)",
                        o.rule().subject(),
                        SloRule.formatValue(o.rule().metric(), o.actual()),
                        SloRule.formatValue(o.rule().metric(), o.rule().threshold()),
                        o.usage() * 100))
                .orElse("");
    }
}
