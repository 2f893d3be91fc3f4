package io.voiceload.faults;

import io.voiceload.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the faults of a {@link Chaos} annotation from a seed: one per slot of {@code every} over the measured
 * phase, each inside its slot, starting in the first half of the slot's healed time so that at least half of it
 * (and at least 500 ms) stays after the heal, before the next slot. The same annotation, seed and
 * duration always draw the same schedule ({@link SplittableRandom} is specified to give the same sequence for the
 * same seed on every JVM).
 */
public final class ChaosSchedule {
    /** The healed gap a slot keeps after its fault, at least. */
    static final Duration GAP = Duration.ofMillis(500);

    private ChaosSchedule() {}

    /**
     * The faults of {@code chaos} over a measured phase of {@code duration}, drawn from {@code seed} (the
     * annotation's own seed when it sets one).
     *
     * @param where the test, for messages
     * @throws IllegalArgumentException naming the attribute, its value and what is allowed
     */
    public static List<FaultSpec> draw(Chaos chaos, long seed, Duration duration, String where) {
        String origin = "@Chaos on " + where;
        if (chaos.proxies().length == 0
                || java.util.Arrays.stream(chaos.proxies()).anyMatch(String::isBlank)) {
            throw new IllegalArgumentException(bad("proxies", java.util.Arrays.toString(chaos.proxies()), where)
                    + "proxies must name at least one Toxiproxy proxy, none blank: postgres, redis, pms,"
                    + " pms_secondary, or one created with RunningInfrastructure.proxyTo");
        }
        if (chaos.kinds().length == 0) {
            throw new IllegalArgumentException(bad("kinds", "{}", where)
                    + "kinds must name at least one of LATENCY, PACKET_LOSS, RESET_PEER, PARTITION");
        }
        Duration every = duration("every", chaos.every(), where);
        Duration lasts = duration("lasts", chaos.lasts(), where);
        if (every.compareTo(lasts.plus(GAP)) < 0) {
            throw new IllegalArgumentException(bad("every", "\"" + chaos.every() + "\"", where)
                    + "every must be at least lasts (" + chaos.lasts()
                    + ") plus 500ms, so that each fault is healed before the next slot");
        }
        if (duration == null || duration.compareTo(every) < 0) {
            throw new IllegalArgumentException(bad("every", "\"" + chaos.every() + "\"", where)
                    + "the test's duration must be at least every"
                    + (duration == null
                            ? ", and it has none: give it a duration"
                            : ", was " + Durations.display(duration)));
        }
        SplittableRandom random = new SplittableRandom(chaos.seed() >= 0 ? chaos.seed() : seed);
        long slots = duration.toNanos() / every.toNanos();
        // Half the slot's healed time (at least 500 ms) stays after each fault: room for the system to recover, and
        // for @Recovers to judge a window, before the next slot's fault.
        Duration healed = every.minus(lasts);
        Duration gap = healed.dividedBy(2).compareTo(GAP) < 0 ? GAP : healed.dividedBy(2);
        long room = healed.minus(gap).toMillis();
        List<FaultSpec> faults = new ArrayList<>();
        for (long slot = 0; slot < slots; slot++) {
            Duration at = every.multipliedBy(slot).plusMillis(room == 0 ? 0 : random.nextLong(room + 1));
            String proxy = chaos.proxies()[random.nextInt(chaos.proxies().length)];
            Chaos.Kind kind = chaos.kinds()[random.nextInt(chaos.kinds().length)];
            FaultSpec spec =
                    switch (kind) {
                        case LATENCY -> {
                            long ms = 100 + random.nextLong(301);
                            yield FaultSpec.latency(proxy, ms).withJitter(ms / 4);
                        }
                        case PACKET_LOSS -> FaultSpec.packetLoss(proxy, (2 + random.nextInt(9)) / 100.0);
                        case RESET_PEER -> FaultSpec.resetPeer(proxy, 0);
                        case PARTITION -> FaultSpec.cut(proxy);
                    };
            faults.add(spec.withAt(at).withLasts(lasts).withOrigin(origin + ", slot " + (slot + 1)));
        }
        return faults;
    }

    private static Duration duration(String attribute, String text, String where) {
        String origin = "@Chaos(" + attribute + " = \"" + text + "\") on " + where;
        try {
            return Durations.parsePositive(text, origin, null);
        } catch (io.voiceload.config.ConfigException e) {
            throw new IllegalArgumentException(
                    e.getMessage() + " (a duration such as \"5s\", \"1.5s\" or \"500ms\")", e);
        }
    }

    private static String bad(String attribute, String value, String where) {
        return "@Chaos(" + attribute + " = " + value + ") on " + where + ": ";
    }
}
