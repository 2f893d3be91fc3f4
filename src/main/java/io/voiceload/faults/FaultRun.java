package io.voiceload.faults;

import io.voiceload.faults.FaultEvent.HealReason;
import io.voiceload.load.IntervalStats;
import io.voiceload.load.LoadResult;
import io.voiceload.load.RequestStats;
import io.voiceload.load.RunMarks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a load with faults did, phase by phase: the statistics of each stretch between a fault going on and being
 * healed (exact: the run's totals taken at those instants, subtracted), how the system recovered from each healed
 * fault ({@link Recovers}), and the faults' own events. An {@code @AfterEach} method of a test with faults may
 * declare a parameter of this type.
 *
 * <pre>{@code
 * @AfterEach
 * void report(FaultRun run) {
 *     for (PhaseResult phase : run.phases()) {
 *         System.out.println(phase.label() + ": p99 " + phase.window().iterations().percentile(99));
 *     }
 *     run.recoveries().forEach(r -> System.out.println(r.line()));
 * }
 * }</pre>
 *
 * @param phases the measured phase cut where a fault went on or was healed, in order, contiguous: {@code before},
 *     one per stretch while a set of faults is on ({@code during …}), {@code after heal of …}; stretches of no length
 *     are left out
 * @param recoveries one per fault that went on, in the plan's order, when the test has {@link Recovers @Recovers};
 *     empty otherwise
 * @param faults the faults' events and the traffic proof
 * @param after the stretch that {@code @Slo(phase = AFTER)} judges: from the last heal (plus the recovery budget
 *     with {@code @Recovers}) to the end; empty when a fault was on at the end of the run
 */
public record FaultRun(
        List<PhaseResult> phases, List<Recovery> recoveries, FaultSchedule.Result faults, Optional<PhaseResult> after) {

    public FaultRun {
        phases = List.copyOf(phases);
        recoveries = List.copyOf(recoveries);
        Objects.requireNonNull(faults);
        Objects.requireNonNull(after);
    }

    /**
     * Cuts {@code run} into phases with the marks {@code schedule} took ({@link FaultSchedule#recordPhases}) and
     * judges recovery by {@code recovery}.
     *
     * @param schedule finished
     * @param run the whole run's result, whose time series recovery is judged on
     * @param recovery the test's {@code @Recovers}, or null for none
     */
    public static FaultRun of(FaultSchedule schedule, LoadResult run, RecoveryCheck recovery) {
        FaultSchedule.Result result = schedule.finished();
        RunMarks marks = schedule.marks();
        if (marks == null) {
            throw new IllegalStateException("the schedule took no marks: call recordPhases before the run");
        }
        RunMarks.Mark startMark = marks.measuredStart();
        RunMarks.Mark endMark = marks.end();
        long start = marks.sinceRunStart(startMark);
        long end = marks.sinceRunStart(endMark);

        List<Window> windows = new ArrayList<>();
        TreeMap<Long, RunMarks.Mark> points = new TreeMap<>();
        // When each boundary was scheduled: faults written for one instant are one boundary however long their
        // Toxiproxy takes to apply them one after the other (a container's answers in tens of milliseconds).
        Map<Long, Duration> scheduled = new java.util.HashMap<>();
        points.put(start, startMark);
        points.put(end, endMark);
        for (int i = 0; i < result.events().size(); i++) {
            FaultEvent event = result.events().get(i);
            RunMarks.Mark[] m = schedule.marksOf(i);
            if (event.actualStart() == null || m[0] == null) {
                continue;
            }
            RunMarks.Mark off = m[1] == null ? endMark : m[1];
            long on = clamp(marks.sinceRunStart(m[0]), start, end);
            long offNanos = clamp(marks.sinceRunStart(off), start, end);
            points.putIfAbsent(on, m[0]);
            points.putIfAbsent(offNanos, off);
            scheduled.putIfAbsent(on, event.scheduledStart());
            if (event.scheduledEnd() != null) {
                scheduled.putIfAbsent(offNanos, event.scheduledEnd());
            }
            windows.add(new Window(event, on, offNanos, off, m[2]));
        }

        // Faults written for the same instant go on (or heal) one after the other, milliseconds apart: one boundary,
        // not stretches of no length between them. A point joins the cluster of the one before when it was scheduled
        // for the same instant as the cluster's first, or comes within CLUSTER of it; the cluster keeps its first
        // point (or the run's start or end, when it holds one).
        TreeMap<Long, Long> snapped = new TreeMap<>();
        List<Long> cluster = new ArrayList<>();
        for (long point : new ArrayList<>(points.keySet())) {
            boolean sameInstant = !cluster.isEmpty()
                    && scheduled.containsKey(point)
                    && scheduled.get(point).equals(scheduled.get(cluster.getFirst()));
            if (!cluster.isEmpty() && point - cluster.getLast() > CLUSTER_NANOS && !sameInstant) {
                snap(cluster, snapped, start, end);
                cluster.clear();
            }
            cluster.add(point);
        }
        snap(cluster, snapped, start, end);
        points.keySet().removeIf(p -> !snapped.get(p).equals(p));
        windows.replaceAll(w -> new Window(w.event, snapped.get(w.on), snapped.get(w.off), w.offMark, w.settled));

        List<PhaseResult> phases = new ArrayList<>();
        Long previous = null;
        for (long point : points.keySet()) {
            if (previous != null && point > previous) {
                phases.add(
                        phase(windows, previous, point, start, marks.between(points.get(previous), points.get(point))));
            }
            previous = point;
        }

        Optional<PhaseResult> after = after(windows, marks, start, end, endMark, recovery);
        List<Recovery> recoveries = recovery == null ? List.of() : recoveries(windows, run, end, recovery);
        return new FaultRun(phases, recoveries, result, after);
    }

    /** Boundaries closer than this are one: faults written for the same instant, applied one after the other. */
    static final long CLUSTER_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

    /** Maps every point of {@code cluster} to the one that stands for it: the run's start or end, else its first. */
    private static void snap(List<Long> cluster, TreeMap<Long, Long> snapped, long start, long end) {
        long keep = cluster.contains(start) ? start : cluster.contains(end) ? end : cluster.getFirst();
        cluster.forEach(p -> snapped.put(p, keep));
    }

    /** One fault that went on, on the run's axis (nanoseconds since the run started). */
    private record Window(FaultEvent event, long on, long off, RunMarks.Mark offMark, RunMarks.Mark settled) {}

    private static PhaseResult phase(List<Window> windows, long from, long to, long start, LoadResult window) {
        List<FaultEvent> on = windows.stream()
                .filter(w -> w.on <= from && w.off >= to)
                .map(Window::event)
                .toList();
        Duration f = Duration.ofNanos(from - start);
        Duration t = Duration.ofNanos(to - start);
        if (!on.isEmpty()) {
            return new PhaseResult("during " + names(on), Phase.DURING, on, f, t, window);
        }
        List<FaultEvent> healed = windows.stream()
                .filter(w -> w.off <= from)
                .filter(w -> w.off
                        == windows.stream()
                                .filter(x -> x.off <= from)
                                .mapToLong(Window::off)
                                .max()
                                .orElse(-1))
                .map(Window::event)
                .toList();
        if (healed.isEmpty()) {
            return new PhaseResult("before", Phase.BEFORE, List.of(), f, t, window);
        }
        return new PhaseResult("after heal of " + names(healed), Phase.AFTER, List.of(), f, t, window);
    }

    private static Optional<PhaseResult> after(
            List<Window> windows, RunMarks marks, long start, long end, RunMarks.Mark endMark, RecoveryCheck recovery) {
        Window last = null;
        for (Window w : windows) {
            if (w.event.healed() != HealReason.LASTS_ELAPSED || w.off >= end) {
                return Optional.empty(); // on until the end of the run: there is no after
            }
            if (last == null || w.off >= last.off) {
                last = w;
            }
        }
        if (last == null) {
            return Optional.empty();
        }
        RunMarks.Mark from;
        if (recovery == null) {
            from = last.offMark;
        } else {
            // The settle mark was taken the recovery budget after the heal; the run may have ended first.
            from = last.settled == null ? endMark : last.settled;
        }
        long fromNanos = Math.min(marks.sinceRunStart(from), end);
        String name = "after heal of " + describe(last.event)
                + (recovery == null ? "" : " + recovery budget " + tenths(recovery.within()));
        return Optional.of(new PhaseResult(
                name,
                Phase.AFTER,
                List.of(),
                Duration.ofNanos(fromNanos - start),
                Duration.ofNanos(end - start),
                marks.between(from, endMark)));
    }

    private static List<Recovery> recoveries(List<Window> windows, LoadResult run, long end, RecoveryCheck check) {
        List<IntervalStats> series;
        if (check.request() == null) {
            series = run.timeSeries();
        } else {
            RequestStats stats = run.requests().get(check.request());
            series = stats == null ? List.of() : stats.timeSeries();
        }
        List<Recovery> recoveries = new ArrayList<>();
        for (Window w : windows) {
            Optional<Duration> detection = RecoveryWindows.detection(series, w.on, w.off);
            if (w.event.healed() != HealReason.LASTS_ELAPSED) {
                recoveries.add(new Recovery(
                        w.event,
                        detection,
                        Optional.empty(),
                        check.within(),
                        "it was on until the run ended (" + w.event.healed().text() + "), so it was never healed"
                                + " during the run"));
                continue;
            }
            long limit = end;
            String why = "the run ended";
            for (Window other : windows) {
                if (other.on > w.off && other.on < limit) {
                    limit = other.on;
                    why = "the next fault (" + describe(other.event) + ") went on";
                }
            }
            RecoveryWindows.Outcome outcome = RecoveryWindows.timeToRecover(
                    series,
                    w.off,
                    limit,
                    why,
                    check.window().toNanos(),
                    check.within().toNanos(),
                    check.minRequests(),
                    check.rules());
            recoveries.add(
                    new Recovery(w.event, detection, outcome.timeToRecover(), check.within(), outcome.problem()));
        }
        return recoveries;
    }

    /** Why the recoveries fail the test, one line a fault; empty when every fault recovered within the budget. */
    public String failure() {
        return recoveries.stream()
                .filter(r -> !r.recovered())
                .map(r -> "fault " + r.faultName() + " did not recover within " + seconds(r.within()) + " of its heal: "
                        + r.problem())
                .collect(Collectors.joining("\n"));
    }

    /** The phases of {@code kind}, in order. */
    public List<PhaseResult> phases(Phase kind) {
        return phases.stream().filter(p -> p.kind() == kind).toList();
    }

    /** The phase table for the console: one line a phase, each request's count, errors and percentiles. */
    public List<String> table() {
        List<String> lines = new ArrayList<>();
        for (PhaseResult p : phases) {
            lines.add("[phase] " + p.label());
            RequestStats it = p.window().iterations();
            lines.add("    " + row("iterations", it));
            for (Map.Entry<String, RequestStats> e : p.window().requests().entrySet()) {
                lines.add("    " + row(e.getKey(), e.getValue()));
            }
        }
        return lines;
    }

    private static String row(String name, RequestStats s) {
        if (s.count() == 0) {
            return String.format(Locale.ROOT, "%-24s %7d", name, 0);
        }
        return String.format(
                Locale.ROOT,
                "%-24s %7d  err %6.2f%%  p50 %8s  p95 %8s  p99 %8s  max %8s",
                name,
                s.count(),
                s.errorRate() * 100,
                ms(s, 50),
                ms(s, 95),
                ms(s, 99),
                s.successes() == 0 ? "-" : io.voiceload.config.Durations.display(s.max()));
    }

    private static String ms(RequestStats s, double p) {
        return s.successes() == 0 ? "-" : io.voiceload.config.Durations.display(s.percentile(p));
    }

    /** {@code latency 800ms on "postgres"}: how phases and messages name a fault. */
    public static String describe(FaultEvent e) {
        return e.kind().label() + (e.amount().isEmpty() ? "" : " " + e.amount()) + " on \"" + e.proxy() + "\"";
    }

    private static String names(List<FaultEvent> events) {
        return events.stream().map(FaultRun::describe).collect(Collectors.joining(" + "));
    }

    /** {@code 1.42s}. */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2fs", d.toNanos() / 1e9);
    }

    /** {@code 10.0s}. */
    static String tenths(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toNanos() / 1e9);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
