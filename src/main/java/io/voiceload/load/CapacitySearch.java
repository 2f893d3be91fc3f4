package io.voiceload.load;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link CapacityPlan}: the programmatic entry point of the stepped capacity search. Timing,
 * recording, progress and the {@code .hlog} are the engine's ({@link LoadRunner}); each step is judged
 * with {@code rules} ({@link SloEvaluator}) on its own window, a breach is repeated once before it counts,
 * and a confirmed breach is refined down to the plan's resolution.
 *
 * <pre>{@code
 * LoadPlan ceiling = LoadPlan.closed(80).duration(Duration.ofSeconds(120)).build();
 * CapacityPlan plan = new CapacityPlan(ceiling, 10, 20, 5, Duration.ofSeconds(10), Duration.ofSeconds(2), "calls",
 *         "external target https://staging.example.com");
 * IterationBody oneCall = user -> {
 *     // create a call, stream its voice, hang up
 * };
 * CapacityResult r = CapacitySearch.run(plan, oneCall, List.of(
 *         SloRule.latency(SloMetric.P99, Duration.ofMillis(150), "voice.frame_rtt", "")), RunOptions.defaults());
 * System.out.println(r.headline());   // held 60 concurrent calls, broke at 65 (resolution 5, repeat-confirmed: …); set-up: …
 * }</pre>
 *
 * <p>One search at a time per JVM, as for any load run. A step whose iterations all last longer than
 * the step's judged window has no sample in it and breaks ("no iteration completed"): choose steps
 * several iterations long.
 */
public final class CapacitySearch {
    private CapacitySearch() {}

    /**
     * @param rules the SLOs every step must meet; a step with no successful iteration breaks whatever they say
     * @param options progress (step lines are printed there too; the plan is not, its caller prints it with
     *     where each setting came from), histogram log; abort rules are not used
     */
    public static CapacityResult run(CapacityPlan plan, IterationBody body, List<SloRule> rules, RunOptions options) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(options, "options");
        PrintStream out = options.progressOut();
        SteppedUsersDriver[] driver = new SteppedUsersDriver[1];
        LoadResult whole = LoadRunner.run(plan.base(), options.withAbortOnBreach(List.of(), null), (run, reporter) -> {
            driver[0] = new SteppedUsersDriver(run, reporter, body, plan, rules, step -> {
                if (out != null) {
                    out.println("[capacity] " + plan.base().name() + " " + step.line());
                }
            });
            driver[0].run();
        });
        return driver[0] == null
                ? new CapacityResult(plan, List.of(), CapacityResult.Ending.STOPPED, whole)
                : new CapacityResult(plan, driver[0].steps(), driver[0].ending(), whole);
    }
}
