package io.voiceload.faults;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A seeded random fault schedule over a load test's measured phase, Jepsen's nemesis as an annotation: the measured
 * phase is cut into slots of {@link #every}; in each slot one fault, drawn from the run's seed, goes on at a random
 * moment for {@link #lasts} and is healed with at least half of the slot's remaining time (and at least 500 ms) left,
 * so the platform always gets a healed gap to recover in before the next one. Kind, proxy and amount are drawn too: latency 100–400 ms ± 25 %, emulated packet loss 2–10 %, a reset of
 * every connection, or a partition (connections refused and cut).
 *
 * <pre>{@code
 * @LoadTest(users = 6, duration = "20s")
 * @Chaos(proxies = {"postgres", "redis", "pms"}, every = "5s", lasts = "2s")
 * void underChaos(VirtualUser user) {
 *     // the same invariants as under any single fault
 * }
 * }</pre>
 *
 * <p>The schedule is printed with the plan before any load, with the seed it came from; the same seed
 * ({@code -Dloadtest.seed}, or {@link #seed}) draws the same schedule, so a failing run replays. Its faults are
 * ordinary faults from then on: validated, scheduled, proven to have bitten, judged per phase, always healed. Needs a
 * test with a duration (the slots fill it).
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Chaos {

    /** The proxies the faults are drawn among: at least one; each must exist when the test starts. */
    String[] proxies();

    /** The kinds the faults are drawn among; all four by default. */
    Kind[] kinds() default {Kind.LATENCY, Kind.PACKET_LOSS, Kind.RESET_PEER, Kind.PARTITION};

    /** The length of a slot, one fault each: {@code "5s"}. At least {@link #lasts} plus 500 ms. */
    String every() default "5s";

    /** How long each fault lasts: {@code "2s"}. */
    String lasts() default "2s";

    /** The seed of the draw; -1 (the default): the run's seed ({@code seed} of the configuration). */
    long seed() default -1;

    /** What a drawn fault may be. */
    enum Kind {
        /** Toxiproxy's latency toxic, 100–400 ms with 25 % jitter, both ways. */
        LATENCY,
        /** Emulated packet loss, 2–10 %, both ways. */
        PACKET_LOSS,
        /** Every connection reset as soon as data arrives. */
        RESET_PEER,
        /** The link carries nothing: new connections refused, open ones cut. */
        PARTITION
    }
}
