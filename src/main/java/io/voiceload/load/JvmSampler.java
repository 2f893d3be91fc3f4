package io.voiceload.load;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples this JVM's heap, GC pauses and process CPU once per sample interval, from the reporting thread
 * only: a few MXBean reads and one small object per call, nothing on the virtual users' path.
 *
 * <p>Pauses are the collectors whose MXBean counts stop-the-world work: for G1 "G1 Young Generation",
 * "G1 Old Generation" (full GCs) and, since JDK 20, "G1 Concurrent GC" (which counts the Remark and Cleanup
 * pauses of a concurrent cycle, not the concurrent work); for ZGC "ZGC Minor Pauses" and "ZGC Major
 * Pauses" (generational) or "ZGC Pauses"; Shenandoah "Shenandoah Pauses"; Parallel and Serial all of theirs.
 * Beans named "... Cycles" (ZGC, Shenandoah) time concurrent cycles and are left out.
 */
final class JvmSampler {
    private static final double MIB = 1024.0 * 1024.0;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    /** This JVM's collectors that time stop-the-world pauses (see the class comment). */
    static final List<GarbageCollectorMXBean> PAUSE_COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .filter(gc -> isPauseCollector(gc.getName()))
            .toList();

    private final List<GarbageCollectorMXBean> pauses = PAUSE_COLLECTORS;
    private final com.sun.management.OperatingSystemMXBean os =
            ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b
                    ? b
                    : null;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final double heapMaxMb;
    private final List<JvmSeries.Point> points = new ArrayList<>();
    private long lastGcMillis;
    private long lastGcCount;
    private long lastCpuNanos;
    private long lastWallNanos;

    /** Starts counting GC and CPU from now ({@code nowNanos} on the {@link System#nanoTime} clock). */
    JvmSampler(long nowNanos) {
        long max = memory.getHeapMemoryUsage().getMax();
        heapMaxMb = (max > 0 ? max : Runtime.getRuntime().maxMemory()) / MIB;
        lastGcMillis = gcMillis();
        lastGcCount = gcCount();
        lastCpuNanos = cpuNanos();
        lastWallNanos = nowNanos;
    }

    /** True for collectors whose MXBean times stop-the-world pauses (see the class comment). */
    static boolean isPauseCollector(String name) {
        return !name.endsWith("Cycles");
    }

    /** Appends the point of the interval that ends at {@code nowNanos}, {@code offsetMillis} into the run. */
    synchronized void sample(long offsetMillis, long nowNanos) {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        long gcMillis = gcMillis();
        long gcCount = gcCount();
        long cpu = cpuNanos();
        long wall = nowNanos - lastWallNanos;
        double cpuShare = cpu < 0 || lastCpuNanos < 0 || wall <= 0
                ? 0
                : Math.min(1.0, Math.max(0.0, (double) (cpu - lastCpuNanos) / wall / cores));
        points.add(new JvmSeries.Point(
                offsetMillis,
                heap.getUsed() / MIB,
                heap.getCommitted() / MIB,
                Math.max(0, gcMillis - lastGcMillis),
                Math.max(0, gcCount - lastGcCount),
                cpuShare));
        lastGcMillis = gcMillis;
        lastGcCount = gcCount;
        lastCpuNanos = cpu;
        lastWallNanos = nowNanos;
    }

    /** Everything sampled so far. */
    synchronized JvmSeries series() {
        return new JvmSeries(heapMaxMb, points);
    }

    private long gcMillis() {
        return pauseMillis(pauses);
    }

    /** The GC time {@code collectors} report so far, in ms. */
    static long pauseMillis(List<GarbageCollectorMXBean> collectors) {
        long sum = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private long gcCount() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : pauses) {
            sum += Math.max(0, gc.getCollectionCount());
        }
        return sum;
    }

    private long cpuNanos() {
        return os == null ? -1 : os.getProcessCpuTime();
    }
}
