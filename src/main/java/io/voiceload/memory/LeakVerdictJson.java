package io.voiceload.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link LeakVerdict} in the shape of the report's {@code "leak"} section. Plain records whose component names are
 * the JSON keys, so that a JSON mapper writes them as they are ({@code mapper.valueToTree(verdict.json())}); this
 * package does not depend on one.
 *
 * <pre class="language-json">{@code
 * "leak": { "warmupCycles": 2, "verdict": "flat", "reason": null,
 *   "cycles": [ {"cycle": 1, "iterations": 0, "t": 0.0, "heapAfterGcBytes": 0, "metaspaceBytes": 0,
 *               "directBufferBytes": 0, "liveThreads": 0, "openFileDescriptors": 0, "warmup": true} ],
 *   "fits": [ {"resource": "heap", "axis": "per 1,000 iterations", "unit": "bytes", "slope": 0.0, "lower": 0.0,
 *              "upper": 0.0, "intercept": 0.0, "limit": 0.0, "noise": 0.0, "first": 0, "last": 0,
 *              "verdict": "flat", "message": "…"} ] }
 * }</pre>
 *
 * @param warmupCycles how many of the first cycles were excluded as warm-up
 * @param verdict {@code flat}, {@code leak} or {@code not judged}
 * @param reason why not judged; null otherwise
 * @param cycles every cycle, warm-up included
 * @param fits one per resource and axis judged ({@link LeakResource#id()}, {@link Axis#label()}); empty when the
 *     verdict is not judged as a whole
 */
public record LeakVerdictJson(
        int warmupCycles, String verdict, String reason, List<CycleRow> cycles, List<FitRow> fits) {

    /**
     * One cycle. {@code openFileDescriptors} is -1 when not measured.
     *
     * @param t seconds since the measured start
     * @param warmup whether it was excluded as warm-up
     */
    public record CycleRow(
            int cycle,
            long iterations,
            double t,
            long heapAfterGcBytes,
            long metaspaceBytes,
            long directBufferBytes,
            int liveThreads,
            long openFileDescriptors,
            boolean warmup) {}

    /**
     * One resource on one axis. The line is {@code y = intercept + slope · x} over the cycles after warm-up, with x
     * the cycle's iterations / 1,000 ({@code per 1,000 iterations}) or its {@code t} / 60 ({@code per minute}), y in
     * {@code unit}; {@code lower} and {@code upper} bound the slope at 95 % (the band). Numbers of the fit are null
     * when the axis was not judged.
     *
     * @param resource {@code heap}, {@code metaspace}, {@code direct buffers}, {@code threads}, {@code file
     *     descriptors} (the cycles' {@code heapAfterGcBytes}, {@code metaspaceBytes}, {@code directBufferBytes},
     *     {@code liveThreads}, {@code openFileDescriptors})
     * @param axis {@code per 1,000 iterations} or {@code per minute}
     * @param unit {@code bytes}, {@code threads} or {@code file descriptors}
     * @param limit the growth allowed, in unit per axis unit
     * @param noise twice the residual standard deviation: how far the last value must exceed the first
     * @param first the value in the first cycle after warm-up
     * @param last the value in the last cycle
     * @param verdict {@code flat}, {@code leak} or {@code not judged}
     * @param message the axis in words
     */
    public record FitRow(
            String resource,
            String axis,
            String unit,
            Double slope,
            Double lower,
            Double upper,
            Double intercept,
            double limit,
            Double noise,
            long first,
            long last,
            String verdict,
            String message) {}

    static LeakVerdictJson of(LeakVerdict verdict) {
        List<Cycle> all = verdict.cycles();
        List<CycleRow> cycles = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Cycle c = all.get(i);
            cycles.add(new CycleRow(
                    c.index(),
                    c.iterations(),
                    c.elapsedSeconds(),
                    c.heapAfterGcBytes(),
                    c.metaspaceBytes(),
                    c.directBufferBytes(),
                    c.liveThreads(),
                    c.openFileDescriptors(),
                    i < verdict.warmupCycles()));
        }
        List<FitRow> fits = verdict.resources().stream()
                .flatMap(r -> r.axes().stream())
                .map(LeakVerdictJson::row)
                .toList();
        String reason = verdict.verdict() == Verdict.NOT_JUDGED ? verdict.reason() : null;
        return new LeakVerdictJson(
                verdict.warmupCycles(), verdict.verdict().label(), reason, List.copyOf(cycles), fits);
    }

    private static FitRow row(AxisVerdict a) {
        GrowthFit f = a.fit();
        return new FitRow(
                a.resource().id(),
                a.axis().label(),
                a.resource().unit(),
                f == null ? null : f.slope(),
                f == null ? null : f.lower(),
                f == null ? null : f.upper(),
                f == null ? null : f.intercept(),
                a.limit(),
                f == null ? null : a.noise(),
                a.first(),
                a.last(),
                a.verdict().label(),
                a.message());
    }
}
