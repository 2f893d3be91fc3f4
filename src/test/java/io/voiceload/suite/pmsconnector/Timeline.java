package io.voiceload.suite.pmsconnector;

import io.voiceload.config.Durations;
import io.voiceload.load.VirtualUser;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What happens to the upstream PMS during a run, and when: steps at instants after the measured run began (the first
 * iteration past the warm-up), each taken once, in order, by the first virtual user to begin an iteration at or after
 * its instant, so the load and the faults share one clock and no thread of the test's own runs beside the load. Each
 * step's actual instant ({@link System#nanoTime()}) is kept, to cut the run's answers into the stretches between
 * steps. Under a profile with a long warm-up and ramp-up the steps still fall in the measured run.
 *
 * <pre>{@code
 * private final Timeline timeline = new Timeline()
 *         .at("2s", "both down", () -> { upstream.primary().down(); upstream.secondary().down(); })
 *         .at("6s", "both up", () -> { upstream.primary().up(); upstream.secondary().up(); });
 *
 * void search(VirtualUser user) { timeline.advance(user); ... }
 * }</pre>
 */
final class Timeline {
    private final List<Step> steps = new ArrayList<>();
    private int next;
    /** When the first measured iteration began; 0 before. */
    private long startNanos;

    /** One step: its name, when it is due, what it does, and when it was taken (0 until then). */
    static final class Step {
        final String name;
        final Duration at;
        final Runnable action;
        volatile long takenAtNanos;

        Step(String name, Duration at, Runnable action) {
            this.name = name;
            this.at = at;
            this.action = action;
        }

        String name() {
            return name;
        }

        long takenAtNanos() {
            return takenAtNanos;
        }
    }

    /** Adds step {@code name}, due {@code at} ({@code "2s"}, {@code "1500ms"}) after the run began. */
    Timeline at(String at, String name, Runnable action) {
        Duration due = Durations.parse(at, "the instant of step \"" + name + "\"", ChronoUnit.MILLIS);
        if (!steps.isEmpty() && due.compareTo(steps.getLast().at) < 0) {
            throw new IllegalArgumentException("step \"" + name + "\" at " + at + " comes before the step before it");
        }
        steps.add(new Step(name, due, action));
        return this;
    }

    /** Takes every step due by now, in order; a virtual user calls it as it begins an iteration (warm-up ones skip it). */
    void advance(VirtualUser user) {
        if (user.isWarmup()) {
            return;
        }
        long nanos = System.nanoTime();
        synchronized (this) {
            if (startNanos == 0) {
                startNanos = nanos;
            }
            Duration now = Duration.ofNanos(nanos - startNanos);
            while (next < steps.size() && steps.get(next).at.compareTo(now) <= 0) {
                Step step = steps.get(next++);
                step.action.run();
                step.takenAtNanos = System.nanoTime();
                System.out.println("[pms timeline] " + step.name + " at " + now.toMillis() + " ms");
            }
        }
    }

    /** The step named {@code name}: when it was taken. */
    Step step(String name) {
        return steps.stream()
                .filter(s -> s.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step " + name));
    }

    /** Whether every step was taken: a run shorter than the timeline proves nothing of the steps it missed. */
    List<String> missed() {
        return steps.stream().filter(s -> s.takenAtNanos == 0).map(Step::name).toList();
    }
}
