package io.voiceload.load;

import io.voiceload.config.Durations;
import io.voiceload.config.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The arrival rate of an open-model run over time: a sequence of stages, each ramping the rate
 * linearly from where the previous stage ended to its target (k6's {@code ramping-arrival-rate};
 * a constant rate is one stage from r to r). Arrival {@code k} is due at the time when the
 * integral of the rate reaches {@code k}, so arrivals are evenly spaced at a constant rate and
 * densify smoothly during a ramp.
 *
 * <pre>{@code
 * RateSchedule ramp = RateSchedule.stages(10, List.of(new Stage(100, Duration.ofSeconds(30))));   // 10/s → 100/s
 * }</pre>
 */
public final class RateSchedule {

    private final double startPerSecond;
    private final List<Stage> stages;
    private final double[] stageArrivals;

    private RateSchedule(double startPerSecond, List<Stage> stages) {
        if (!(startPerSecond >= 0) || Double.isInfinite(startPerSecond)) {
            throw new IllegalArgumentException("start rate must be >= 0 per second: " + startPerSecond);
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a rate schedule needs at least one stage");
        }
        for (Stage s : stages) {
            if (s.targetPerSecond() < 0) {
                throw new IllegalArgumentException("stage target rate must be >= 0 per second: " + s.targetPerSecond());
            }
            if (s.duration().isNegative() || s.duration().isZero()) {
                throw new IllegalArgumentException("stage duration must be positive: " + s.duration());
            }
        }
        this.startPerSecond = startPerSecond;
        this.stages = List.copyOf(stages);
        this.stageArrivals = new double[stages.size()];
        double from = startPerSecond;
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            stageArrivals[i] = (from + s.targetPerSecond()) / 2 * seconds(s.duration());
            from = s.targetPerSecond();
        }
        if (totalArrivals() < 1) {
            throw new IllegalArgumentException("the rate schedule " + this + " yields no arrival at all");
        }
    }

    /** {@code perSecond} arrivals per second for {@code duration}. */
    public static RateSchedule constant(double perSecond, Duration duration) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0 per second: " + perSecond);
        }
        return new RateSchedule(perSecond, List.of(new Stage(perSecond, duration)));
    }

    /** Stages starting from {@code startPerSecond}. */
    public static RateSchedule stages(double startPerSecond, List<Stage> stages) {
        return new RateSchedule(startPerSecond, new ArrayList<>(stages));
    }

    public double startPerSecond() {
        return startPerSecond;
    }

    public List<Stage> stages() {
        return stages;
    }

    public Duration totalDuration() {
        return stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
    }

    public double peakPerSecond() {
        return stages.stream().mapToDouble(Stage::targetPerSecond).reduce(startPerSecond, Math::max);
    }

    /** Expected number of arrivals over the whole schedule. */
    public double totalArrivals() {
        double sum = 0;
        for (double a : stageArrivals) {
            sum += a;
        }
        return sum;
    }

    /**
     * When arrival number {@code k} (0-based) is due, in nanoseconds from the schedule's start, or
     * {@code -1} after the schedule's end. Arrival {@code k} happens when {@code k + 1} arrivals'
     * worth of rate has been integrated, so the first one is due after one interval, not at zero.
     */
    public long arrivalNanos(long k) {
        double remaining = k + 1;
        double offsetSeconds = 0;
        double from = startPerSecond;
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            double t = seconds(s.duration());
            if (remaining <= stageArrivals[i] + 1e-9) {
                double slope = (s.targetPerSecond() - from) / t;
                double within;
                if (Math.abs(slope) < 1e-12) {
                    within = remaining / from;
                } else {
                    // Solve from*x + slope*x^2/2 = remaining for x in [0, t].
                    double disc = from * from + 2 * slope * remaining;
                    within = (-from + Math.sqrt(Math.max(0, disc))) / slope;
                }
                return (long) ((offsetSeconds + Math.min(within, t)) * 1e9);
            }
            remaining -= stageArrivals[i];
            offsetSeconds += t;
            from = s.targetPerSecond();
        }
        return -1;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    @Override
    public String toString() {
        if (stages.size() == 1 && stages.getFirst().targetPerSecond() == startPerSecond) {
            return fmt(startPerSecond) + "/s for "
                    + Durations.display(stages.getFirst().duration());
        }
        StringBuilder sb = new StringBuilder(fmt(startPerSecond) + "/s");
        for (Stage s : stages) {
            sb.append(" → ").append(fmt(s.targetPerSecond())).append("/s in ").append(Durations.display(s.duration()));
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
