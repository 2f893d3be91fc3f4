package io.voiceload.memory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link MemoryRecorder} captured of one target: the per-test JSON section {@code memory} as
 * values. {@link #toJsonMap} gives that section as plain maps and lists in the report's key order (Jackson's
 * {@code valueToTree} turns it into a node as it is); {@link #jfrFile} is the recording, which opens in JDK
 * Mission Control.
 *
 * <p>{@code t} is seconds since the capture started, on the target's clock. A value the target could not give
 * (no {@code jdk.ResidentSetSize} on an older JDK, no file descriptor count on Windows, no sample yet at a
 * series point) is null.
 *
 * @param target what was measured, e.g. {@code platform in a child JVM (pid 123, -Xmx512m -XX:+UseG1GC)}
 * @param capture {@code remote over JMX} or {@code in-process (this JVM)}
 * @param jfrFile the {@code .jfr} file written
 * @param collector {@code G1}, {@code ZGC}, {@code Parallel}, {@code Serial}, …
 * @param explicitGc what a requested GC does in the target
 * @param jvmArguments the target's JVM options
 * @param durationSeconds how long the capture ran
 */
public record MemoryCapture(
        String target,
        String capture,
        Path jfrFile,
        String collector,
        ExplicitGc explicitGc,
        List<String> jvmArguments,
        double durationSeconds,
        Summary summary,
        List<CollectorTotals> gcByCollector,
        List<CauseTotals> gcByCause,
        List<Gc> gcs,
        List<SeriesPoint> series,
        List<AllocationSite> allocationSites,
        List<Suspect> suspects,
        List<Mark> marks) {

    /** {@value} */
    public static final String REMOTE = "remote over JMX";

    /** {@value} */
    public static final String IN_PROCESS = "in-process (this JVM)";

    public MemoryCapture {
        jvmArguments = List.copyOf(jvmArguments);
        gcByCollector = List.copyOf(gcByCollector);
        gcByCause = List.copyOf(gcByCause);
        gcs = List.copyOf(gcs);
        series = List.copyOf(series);
        allocationSites = List.copyOf(allocationSites);
        suspects = List.copyOf(suspects);
        marks = List.copyOf(marks);
    }

    /**
     * The capture's figures.
     *
     * @param heapAfterGcPeakBytes the highest heap used after a GC ({@code jdk.GCHeapSummary}, {@code After GC})
     * @param heapAfterGcLastBytes the last one
     * @param heapCommittedMaxBytes the most heap committed at a GC
     * @param gcCount collections (every kind; a concurrent cycle is one)
     * @param gcPauseTotalMs their pauses' total
     * @param gcPauseP99Ms the 99th percentile of a collection's pauses (nearest rank)
     * @param gcPauseMaxMs the longest collection's pauses
     * @param gcCpuShare the share of the target's CPU capacity spent in GC, as {@code gcCpuShareSource} says
     * @param gcCpuShareSource how {@code gcCpuShare} was computed
     * @param allocatedBytes bytes allocated during the capture, as {@code allocatedBytesSource} says
     * @param allocatedBytesSource how {@code allocatedBytes} was measured
     * @param allocationRateBytesPerSecond {@code allocatedBytes} over the capture's duration
     * @param metaspaceUsedBytes Metaspace used at the end
     * @param directBufferBytes direct buffers at the end
     * @param mappedBufferBytes mapped buffers at the end
     * @param liveThreadsMax the most live threads seen
     * @param openFileDescriptorsMax the most open file descriptors seen (null where the target does not say)
     * @param rssMaxBytes the largest resident set ({@code jdk.ResidentSetSize}; null where the target lacks it)
     */
    public record Summary(
            Long heapAfterGcPeakBytes,
            Long heapAfterGcLastBytes,
            Long heapCommittedMaxBytes,
            long gcCount,
            long youngGcCount,
            long mixedGcCount,
            long fullGcCount,
            double gcPauseTotalMs,
            double gcPauseP99Ms,
            double gcPauseMaxMs,
            double gcCpuShare,
            String gcCpuShareSource,
            long allocatedBytes,
            String allocatedBytesSource,
            double allocationRateBytesPerSecond,
            long metaspaceUsedBytes,
            long directBufferBytes,
            long mappedBufferBytes,
            long liveThreadsMax,
            Long openFileDescriptorsMax,
            Long rssMaxBytes) {}

    /** The collections of one collector (JFR name, e.g. {@code G1New}, {@code G1Full}, {@code ZGC Minor}). */
    public record CollectorTotals(String name, long count, double totalMs, double p99Ms, double maxMs) {}

    /** The collections of one cause, e.g. {@code G1 Evacuation Pause}, {@code System.gc()}. */
    public record CauseTotals(String cause, long count, double totalMs) {}

    /**
     * One collection.
     *
     * @param kind {@code young}, {@code mixed} (G1's young plus old regions), {@code full} (stop-the-world, whole
     *     heap), {@code concurrent} (a concurrent cycle: G1's marking, ZGC, Shenandoah) or {@code other}
     * @param heapBeforeBytes heap used before it, null when no summary came
     * @param heapAfterBytes heap used after it, null when no summary came
     */
    public record Gc(
            double t,
            long gcId,
            String name,
            String kind,
            String cause,
            double pauseMs,
            Long heapBeforeBytes,
            Long heapAfterBytes) {}

    /** One second of the capture, {@code t} being its end; each value the last known at {@code t}. */
    public record SeriesPoint(
            double t,
            Long heapUsedBytes,
            Double allocationBytesPerSecond,
            double gcPauseMs,
            Long metaspaceUsedBytes,
            Long directBufferBytes,
            Long liveThreads,
            Long openFileDescriptors,
            Long rssBytes,
            Double cpuJvm) {}

    /**
     * Where allocation happened, from {@code jdk.ObjectAllocationSample} (a throttled sample whose weight stands
     * for the bytes allocated since the thread's previous sample).
     *
     * @param className the allocated type, e.g. {@code byte[]} (written {@code class} in the JSON)
     * @param share {@code bytes} over all samples' bytes
     * @param stack the top frames, allocating method first
     */
    public record AllocationSite(String className, long bytes, double share, List<String> stack) {}

    /**
     * Objects that stayed alive, from {@code jdk.OldObjectSample}: a sampler that names what survives, never a
     * measure of how much.
     *
     * @param className the sampled objects' type (written {@code class} in the JSON)
     * @param samples how many samples of this type and stack
     * @param oldestAgeSeconds the oldest sample's age at the end of the capture
     * @param stack where they were allocated, allocating method first
     */
    public record Suspect(String className, long samples, double oldestAgeSeconds, List<String> stack) {}

    /** A named instant, e.g. {@code warm-up end}. */
    public record Mark(String name, double t) {}

    /** The cause JFR gives a collection requested through {@code System.gc()} or JMX. */
    public static final String REQUESTED_CAUSE = "System.gc()";

    /** Collections the load caused: all but the requested ones (full, stop-the-world: the recording's own doing). */
    public List<Gc> loadCollections() {
        return gcs.stream().filter(g -> !REQUESTED_CAUSE.equals(g.cause())).toList();
    }

    /** The 99th percentile (nearest rank) of the load's collections' pauses, in nanoseconds; NaN when none. */
    public double loadPauseP99Nanos() {
        double[] pauses =
                loadCollections().stream().mapToDouble(Gc::pauseMs).sorted().toArray();
        if (pauses.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(0.99 * pauses.length);
        return pauses[Math.max(0, rank - 1)] * 1e6;
    }

    /** The {@code .jfr} file's name, as the JSON gives it (the file sits next to the per-test JSON). */
    public String jfr() {
        return jfrFile.getFileName().toString();
    }

    /**
     * The JSON section {@code memory}: {@code LinkedHashMap}s, {@code List}s, strings, numbers and nulls in the
     * report's key order.
     */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        m.put("capture", capture);
        m.put("jfr", jfr());
        m.put("collector", collector);
        m.put("explicitGc", explicitGc.jsonName());
        m.put("jvmArguments", jvmArguments);
        m.put("durationSeconds", durationSeconds);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("heapAfterGcPeakBytes", summary.heapAfterGcPeakBytes());
        s.put("heapAfterGcLastBytes", summary.heapAfterGcLastBytes());
        s.put("heapCommittedMaxBytes", summary.heapCommittedMaxBytes());
        s.put("gcCount", summary.gcCount());
        s.put("youngGcCount", summary.youngGcCount());
        s.put("mixedGcCount", summary.mixedGcCount());
        s.put("fullGcCount", summary.fullGcCount());
        s.put("gcPauseTotalMs", summary.gcPauseTotalMs());
        s.put("gcPauseP99Ms", summary.gcPauseP99Ms());
        s.put("gcPauseMaxMs", summary.gcPauseMaxMs());
        s.put("gcCpuShare", summary.gcCpuShare());
        s.put("gcCpuShareSource", summary.gcCpuShareSource());
        s.put("allocatedBytes", summary.allocatedBytes());
        s.put("allocatedBytesSource", summary.allocatedBytesSource());
        s.put("allocationRateBytesPerSecond", summary.allocationRateBytesPerSecond());
        s.put("metaspaceUsedBytes", summary.metaspaceUsedBytes());
        s.put("directBufferBytes", summary.directBufferBytes());
        s.put("mappedBufferBytes", summary.mappedBufferBytes());
        s.put("liveThreadsMax", summary.liveThreadsMax());
        s.put("openFileDescriptorsMax", summary.openFileDescriptorsMax());
        s.put("rssMaxBytes", summary.rssMaxBytes());
        m.put("summary", s);
        m.put(
                "gcByCollector",
                list(
                        gcByCollector,
                        c -> ordered(
                                "name",
                                c.name(),
                                "count",
                                c.count(),
                                "totalMs",
                                c.totalMs(),
                                "p99Ms",
                                c.p99Ms(),
                                "maxMs",
                                c.maxMs())));
        m.put(
                "gcByCause",
                list(gcByCause, c -> ordered("cause", c.cause(), "count", c.count(), "totalMs", c.totalMs())));
        m.put(
                "gcs",
                list(
                        gcs,
                        g -> ordered(
                                "t",
                                g.t(),
                                "gcId",
                                g.gcId(),
                                "name",
                                g.name(),
                                "kind",
                                g.kind(),
                                "cause",
                                g.cause(),
                                "pauseMs",
                                g.pauseMs(),
                                "heapBeforeBytes",
                                g.heapBeforeBytes(),
                                "heapAfterBytes",
                                g.heapAfterBytes())));
        m.put(
                "series",
                list(
                        series,
                        p -> ordered(
                                "t",
                                p.t(),
                                "heapUsedBytes",
                                p.heapUsedBytes(),
                                "allocationBytesPerSecond",
                                p.allocationBytesPerSecond(),
                                "gcPauseMs",
                                p.gcPauseMs(),
                                "metaspaceUsedBytes",
                                p.metaspaceUsedBytes(),
                                "directBufferBytes",
                                p.directBufferBytes(),
                                "liveThreads",
                                p.liveThreads(),
                                "openFileDescriptors",
                                p.openFileDescriptors(),
                                "rssBytes",
                                p.rssBytes(),
                                "cpuJvm",
                                p.cpuJvm())));
        m.put(
                "allocationSites",
                list(
                        allocationSites,
                        a -> ordered(
                                "class", a.className(), "bytes", a.bytes(), "share", a.share(), "stack", a.stack())));
        m.put(
                "suspects",
                list(
                        suspects,
                        x -> ordered(
                                "class",
                                x.className(),
                                "samples",
                                x.samples(),
                                "oldestAgeSeconds",
                                x.oldestAgeSeconds(),
                                "stack",
                                x.stack())));
        m.put("marks", list(marks, k -> ordered("name", k.name(), "t", k.t())));
        return m;
    }

    private static <T> List<Map<String, Object>> list(
            List<T> values, java.util.function.Function<T, Map<String, Object>> each) {
        List<Map<String, Object>> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(each.apply(v)));
        return out;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
