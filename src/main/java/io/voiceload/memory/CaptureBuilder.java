package io.voiceload.memory;

import io.voiceload.memory.EventLog.Point;
import io.voiceload.memory.MemoryCapture.AllocationSite;
import io.voiceload.memory.MemoryCapture.CauseTotals;
import io.voiceload.memory.MemoryCapture.CollectorTotals;
import io.voiceload.memory.MemoryCapture.Gc;
import io.voiceload.memory.MemoryCapture.SeriesPoint;
import io.voiceload.memory.MemoryCapture.Suspect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns an {@link EventLog} into a {@link MemoryCapture}: the folding of events into the report's figures. */
final class CaptureBuilder {

    /** The allocation sites and suspects a capture keeps, the largest first. */
    static final int TOP = 10;

    static final String HEAP = "heapUsedBytes";
    static final String ALLOCATED = "allocatedTotalBytes";
    static final String METASPACE = "metaspaceUsedBytes";
    static final String DIRECT = "directBufferBytes";
    static final String THREADS = "liveThreads";
    static final String FDS = "openFileDescriptors";
    static final String RSS = "rssBytes";
    static final String CPU = "cpuJvm";

    /** What the recorder knew besides the events. */
    record Context(
            String target,
            boolean remote,
            java.nio.file.Path jfrFile,
            String collector,
            ExplicitGc explicitGc,
            List<String> jvmArguments,
            long startMillis,
            long endMillis,
            int processors,
            long allocatedAtStart,
            long allocatedAtEnd,
            long metaspaceAtEnd,
            long directAtEnd,
            long mappedAtEnd,
            long threadsAtEnd,
            List<MemoryCapture.Mark> marks) {}

    private CaptureBuilder() {}

    static MemoryCapture build(EventLog log, Context c) {
        double wallSeconds = Math.max(0.001, (c.endMillis() - c.startMillis()) / 1000.0);
        List<Gc> gcs = gcs(log, c);
        double[] pauses = gcs.stream().mapToDouble(Gc::pauseMs).sorted().toArray();
        double pauseTotal = Arrays.stream(pauses).sum();

        boolean gcCpu = log.hasGcCpu();
        double gcCpuShare = gcCpu
                ? log.gcCpuNanosTotal() / 1e9 / (wallSeconds * Math.max(1, c.processors()))
                : pauseTotal / 1000.0 / wallSeconds;
        String gcCpuSource = gcCpu
                ? "jdk.GCCPUTime: GC threads' CPU time / (wall time x " + c.processors() + " processors)"
                : "GC pauses / wall time (the target has no jdk.GCCPUTime)";

        boolean exact = c.allocatedAtStart() >= 0 && c.allocatedAtEnd() >= c.allocatedAtStart();
        long allocated = exact ? c.allocatedAtEnd() - c.allocatedAtStart() : log.allocationSampleBytes();
        String allocatedSource = exact
                ? "ThreadMXBean.getTotalThreadAllocatedBytes at start and stop"
                : "jdk.ObjectAllocationSample weights (an estimate: the target does not count allocated bytes)";

        List<Long> after = log.heap().stream()
                .filter(EventLog.HeapSummary::after)
                .map(EventLog.HeapSummary::heapUsed)
                .toList();
        Long committedMax = log.heap().stream()
                .map(EventLog.HeapSummary::committed)
                .max(Long::compare)
                .orElse(null);
        Long fdMax = max(log.points(FDS));
        Long threadsMax = max(log.points(THREADS));
        MemoryCapture.Summary summary = new MemoryCapture.Summary(
                after.stream().max(Long::compare).orElse(null),
                after.isEmpty() ? null : after.getLast(),
                committedMax,
                gcs.size(),
                gcs.stream().filter(g -> g.kind().equals("young")).count(),
                gcs.stream().filter(g -> g.kind().equals("mixed")).count(),
                gcs.stream().filter(g -> g.kind().equals("full")).count(),
                pauseTotal,
                percentile(pauses, 99),
                pauses.length == 0 ? 0 : pauses[pauses.length - 1],
                gcCpuShare,
                gcCpuSource,
                allocated,
                allocatedSource,
                allocated / wallSeconds,
                c.metaspaceAtEnd(),
                c.directAtEnd(),
                c.mappedAtEnd(),
                Math.max(c.threadsAtEnd(), threadsMax == null ? 0 : threadsMax),
                fdMax,
                max(log.points(RSS)));
        return new MemoryCapture(
                c.target(),
                c.remote() ? MemoryCapture.REMOTE : MemoryCapture.IN_PROCESS,
                c.jfrFile(),
                c.collector(),
                c.explicitGc(),
                c.jvmArguments(),
                wallSeconds,
                summary,
                byCollector(gcs),
                byCause(gcs),
                gcs,
                series(log, c, gcs),
                allocationSites(log),
                suspects(log, c),
                c.marks());
    }

    static List<Gc> gcs(EventLog log, Context c) {
        Map<Long, Long> before = new HashMap<>();
        Map<Long, Long> after = new HashMap<>();
        for (EventLog.HeapSummary h : log.heap()) {
            (h.after() ? after : before).putIfAbsent(h.gcId(), h.heapUsed());
        }
        List<Gc> out = new ArrayList<>();
        for (EventLog.Gc g : log.gcs()) {
            out.add(new Gc(
                    seconds(g.startMillis(), c.startMillis()),
                    g.gcId(),
                    g.name(),
                    kind(g.name(), log.g1Type(g.gcId())),
                    g.cause(),
                    g.pauseNanos() / 1e6,
                    before.get(g.gcId()),
                    after.get(g.gcId())));
        }
        out.sort(Comparator.comparingLong(Gc::gcId));
        return out;
    }

    /**
     * A collection's kind from its JFR name (and, for G1's young collections, the {@code jdk.G1GarbageCollection}
     * type, {@code Mixed} for a mixed one).
     */
    static String kind(String name, String g1Type) {
        if (name == null) {
            return "other";
        }
        return switch (name) {
            case "G1New" -> "Mixed".equals(g1Type) ? "mixed" : "young";
            case "DefNew", "ParallelScavenge", "ZGC Minor" -> "young";
            case "G1Full", "SerialOld", "ParallelOld", "PSMarkSweep" -> "full";
            case "G1Old", "ZGC Major", "Z", "Shenandoah" -> "concurrent";
            default -> name.contains("Full") ? "full" : "other";
        };
    }

    private static List<CollectorTotals> byCollector(List<Gc> gcs) {
        Map<String, List<Double>> pauses = new LinkedHashMap<>();
        gcs.forEach(
                g -> pauses.computeIfAbsent(g.name(), n -> new ArrayList<>()).add(g.pauseMs()));
        List<CollectorTotals> out = new ArrayList<>();
        pauses.forEach((name, list) -> {
            double[] sorted =
                    list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out.add(new CollectorTotals(
                    name,
                    sorted.length,
                    Arrays.stream(sorted).sum(),
                    percentile(sorted, 99),
                    sorted[sorted.length - 1]));
        });
        return out;
    }

    private static List<CauseTotals> byCause(List<Gc> gcs) {
        Map<String, double[]> totals = new LinkedHashMap<>();
        gcs.forEach(g -> {
            double[] t = totals.computeIfAbsent(String.valueOf(g.cause()), k -> new double[2]);
            t[0]++;
            t[1] += g.pauseMs();
        });
        List<CauseTotals> out = new ArrayList<>();
        totals.forEach((cause, t) -> out.add(new CauseTotals(cause, (long) t[0], t[1])));
        out.sort(Comparator.comparingLong(CauseTotals::count).reversed());
        return out;
    }

    private static List<SeriesPoint> series(EventLog log, Context c, List<Gc> gcs) {
        int seconds = (int) Math.ceil((c.endMillis() - c.startMillis()) / 1000.0);
        List<Point> allocatedTotals = log.points(ALLOCATED);
        Map<Long, Long> sampledBySecond = log.allocationSampleBytesBySecond();
        List<SeriesPoint> out = new ArrayList<>();
        for (int second = 0; second < seconds; second++) {
            int i = second;
            long from = c.startMillis() + i * 1000L;
            long to = from + 1000;
            double pause = gcs.stream()
                    .filter(g -> g.t() >= i && g.t() < i + 1)
                    .mapToDouble(Gc::pauseMs)
                    .sum();
            out.add(new SeriesPoint(
                    i + 1.0,
                    asLong(lastAt(log.points(HEAP), to)),
                    allocationRate(allocatedTotals, sampledBySecond, from, to),
                    pause,
                    asLong(lastAt(log.points(METASPACE), to)),
                    asLong(lastAt(log.points(DIRECT), to)),
                    asLong(lastAt(log.points(THREADS), to)),
                    asLong(lastAt(log.points(FDS), to)),
                    asLong(lastAt(log.points(RSS), to)),
                    lastAt(log.points(CPU), to)));
        }
        return out;
    }

    /**
     * Bytes per second allocated in {@code [from, to)}: the difference of the two total-allocated readings that
     * frame it (over their own interval), else the allocation samples' weights of that second.
     */
    private static Double allocationRate(List<Point> totals, Map<Long, Long> sampled, long from, long to) {
        Point first = null;
        Point last = null;
        for (Point p : totals) {
            if (p.millis() < from) {
                first = p;
            } else if (p.millis() < to) {
                last = p;
            }
        }
        if (first != null && last != null && last.value() >= first.value() && last.millis() > first.millis()) {
            return (last.value() - first.value()) * 1000.0 / (last.millis() - first.millis());
        }
        if (totals.isEmpty()) {
            long bytes = 0;
            for (long second = Math.floorDiv(from, 1000); second * 1000 < to; second++) {
                bytes += sampled.getOrDefault(second, 0L);
            }
            return (double) bytes;
        }
        return null;
    }

    private static List<AllocationSite> allocationSites(EventLog log) {
        double total = Math.max(1, log.allocationSampleBytes());
        return log.allocationSites().entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<EventLog.Site, long[]> e) -> e.getValue()[0])
                        .reversed())
                .limit(TOP)
                .map(e -> new AllocationSite(
                        e.getKey().type(),
                        e.getValue()[0],
                        e.getValue()[0] / total,
                        e.getKey().stack()))
                .toList();
    }

    private static List<Suspect> suspects(EventLog log, Context c) {
        return log.oldObjects().entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<EventLog.Site, long[]> e) -> e.getValue()[0])
                        .reversed())
                .limit(TOP)
                .map(e -> new Suspect(
                        e.getKey().type(),
                        e.getValue()[0],
                        Math.max(0, (Math.max(c.endMillis(), e.getValue()[2]) - e.getValue()[1]) / 1000.0),
                        e.getKey().stack()))
                .toList();
    }

    /** The last value at or before {@code to} (exclusive), or null before the first. */
    private static Double lastAt(List<Point> points, long to) {
        Double value = null;
        for (Point p : points) {
            if (p.millis() >= to) {
                break;
            }
            value = p.value();
        }
        return value;
    }

    private static Long max(List<Point> points) {
        return points.stream()
                .map(p -> (long) p.value())
                .filter(v -> v >= 0)
                .max(Long::compare)
                .orElse(null);
    }

    private static Long asLong(Double value) {
        return value == null || value < 0 ? null : value.longValue();
    }

    static double seconds(long millis, long startMillis) {
        return Math.round((millis - startMillis) / 1000.0 * 1000) / 1000.0;
    }

    /** Nearest rank of sorted values; 0 when none. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
