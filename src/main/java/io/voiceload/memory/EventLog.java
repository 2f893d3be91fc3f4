package io.voiceload.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;

/**
 * What a {@link MemoryRecorder}'s stream delivered, kept small: one line per GC and summary, per-second
 * sums of allocation samples, sites and suspects folded as they come (a long capture's millions of samples
 * are never held). Written by the stream's thread, read by the recorder's callers: every method is synchronized.
 */
final class EventLog {

    /** Frames kept of a stack: enough to name the allocating code and its caller chain. */
    static final int STACK_DEPTH = 8;

    record Gc(long gcId, long startMillis, String name, String cause, long pauseNanos) {}

    record HeapSummary(long gcId, long startMillis, boolean after, long heapUsed, long committed) {}

    record Point(long millis, double value) {}

    record Site(String type, List<String> stack) {}

    static final class SiteTally {
        long bytes;
        long samples;
        long oldestAllocationMillis = Long.MAX_VALUE;
        long lastSeenMillis;
    }

    private final List<Gc> gcs = new ArrayList<>();
    private final Map<Long, String> g1Types = new HashMap<>();
    private final List<HeapSummary> heap = new ArrayList<>();
    private final Map<Long, Long> metaspaceAfter = new HashMap<>();
    private final Map<Long, Long> gcCpuNanos = new HashMap<>();
    private final TreeMap<Long, Long> allocationSampleBytesBySecond = new TreeMap<>();
    private final Map<Site, SiteTally> allocationSites = new LinkedHashMap<>();
    private final Map<Site, SiteTally> oldObjects = new LinkedHashMap<>();
    private final Map<String, List<Point>> periodic = new HashMap<>();
    private long allocationSampleBytes;
    private long latestStartMillis = Long.MIN_VALUE;
    private long flushes;
    /** Events came since the last flush ended: the stream is delivering a flush (it calls its flush actions last). */
    private boolean delivering;

    synchronized void seen(RecordedEvent e) {
        latestStartMillis = Math.max(latestStartMillis, millis(e.getStartTime()));
        delivering = true;
    }

    synchronized void flushed() {
        flushes++;
        delivering = false;
        notifyAll();
    }

    /**
     * The count of flushes once the flush that delivered every event seen so far has ended: {@link #flushes()}, or
     * one more while a flush is being delivered.
     */
    synchronized long flushesOnceDelivered() {
        return delivering ? flushes + 1 : flushes;
    }

    synchronized long latestStartMillis() {
        return latestStartMillis;
    }

    synchronized long flushes() {
        return flushes;
    }

    /** Waits up to {@code millis} for the next change (an event or a flush). */
    synchronized void awaitChange(long millis) throws InterruptedException {
        if (millis > 0) {
            wait(millis);
        }
    }

    synchronized void gc(RecordedEvent e) {
        gcs.add(new Gc(
                e.getLong("gcId"),
                millis(e.getStartTime()),
                e.getString("name"),
                e.getString("cause"),
                e.getDuration("sumOfPauses").toNanos()));
        notifyAll();
    }

    synchronized void g1(RecordedEvent e) {
        g1Types.put(e.getLong("gcId"), e.getString("type"));
    }

    synchronized void heapSummary(RecordedEvent e) {
        RecordedObject space = e.getValue("heapSpace");
        heap.add(new HeapSummary(
                e.getLong("gcId"),
                millis(e.getStartTime()),
                "After GC".equals(e.getString("when")),
                e.getLong("heapUsed"),
                space == null ? 0 : space.getLong("committedSize")));
        notifyAll();
    }

    synchronized void metaspace(RecordedEvent e) {
        if ("After GC".equals(e.getString("when"))) {
            RecordedObject metaspace = e.getValue("metaspace");
            metaspaceAfter.put(e.getLong("gcId"), metaspace.getLong("used"));
        }
    }

    synchronized void gcCpu(RecordedEvent e) {
        gcCpuNanos.merge(
                e.getLong("gcId"),
                e.getDuration("userTime").toNanos()
                        + e.getDuration("systemTime").toNanos(),
                Long::sum);
    }

    synchronized void allocation(RecordedEvent e) {
        long weight = e.getLong("weight");
        long at = millis(e.getStartTime());
        allocationSampleBytes += weight;
        allocationSampleBytesBySecond.merge(Math.floorDiv(at, 1000), weight, Long::sum);
        SiteTally tally = allocationSites.computeIfAbsent(site(e, "objectClass"), s -> new SiteTally());
        tally.bytes += weight;
        tally.samples++;
    }

    synchronized void oldObject(RecordedEvent e) {
        SiteTally tally = oldObjects.computeIfAbsent(site(e, "object.type"), s -> new SiteTally());
        tally.samples++;
        tally.oldestAllocationMillis = Math.min(tally.oldestAllocationMillis, millis(e.getInstant("allocationTime")));
        tally.lastSeenMillis = Math.max(tally.lastSeenMillis, millis(e.getStartTime()));
    }

    /** A periodic value ({@code name} as the capture's series calls it) at the event's start. */
    synchronized void point(String name, RecordedEvent e, double value) {
        periodic.computeIfAbsent(name, n -> new ArrayList<>()).add(new Point(millis(e.getStartTime()), value));
    }

    /** A value read over JMX at {@code millis} of the target's clock. */
    synchronized void point(String name, long millis, double value) {
        periodic.computeIfAbsent(name, n -> new ArrayList<>()).add(new Point(millis, value));
    }

    synchronized Optional<Gc> firstGc(Predicate<Gc> which) {
        return gcs.stream().filter(which).findFirst();
    }

    synchronized long maxGcId(Predicate<Gc> which) {
        return gcs.stream().filter(which).mapToLong(Gc::gcId).max().orElse(-1);
    }

    synchronized Optional<HeapSummary> heapAfter(long gcId) {
        return heap.stream().filter(h -> h.after() && h.gcId() == gcId).findFirst();
    }

    synchronized Optional<Long> metaspaceAfter(long gcId) {
        return Optional.ofNullable(metaspaceAfter.get(gcId));
    }

    synchronized String g1Type(long gcId) {
        return g1Types.get(gcId);
    }

    synchronized List<Gc> gcs() {
        return List.copyOf(gcs);
    }

    synchronized List<HeapSummary> heap() {
        return List.copyOf(heap);
    }

    synchronized long gcCpuNanosTotal() {
        return gcCpuNanos.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized boolean hasGcCpu() {
        return !gcCpuNanos.isEmpty();
    }

    synchronized long allocationSampleBytes() {
        return allocationSampleBytes;
    }

    synchronized Map<Long, Long> allocationSampleBytesBySecond() {
        return new TreeMap<>(allocationSampleBytesBySecond);
    }

    synchronized Map<Site, long[]> allocationSites() {
        Map<Site, long[]> copy = new LinkedHashMap<>();
        allocationSites.forEach((site, tally) -> copy.put(site, new long[] {tally.bytes, tally.samples}));
        return copy;
    }

    /** Per site: samples, oldest allocation (epoch ms), last sample's time (epoch ms). */
    synchronized Map<Site, long[]> oldObjects() {
        Map<Site, long[]> copy = new LinkedHashMap<>();
        oldObjects.forEach((site, tally) ->
                copy.put(site, new long[] {tally.samples, tally.oldestAllocationMillis, tally.lastSeenMillis}));
        return copy;
    }

    synchronized List<Point> points(String name) {
        List<Point> points = new ArrayList<>(periodic.getOrDefault(name, List.of()));
        points.sort(java.util.Comparator.comparingLong(Point::millis));
        return points;
    }

    private static Site site(RecordedEvent e, String typeField) {
        String name = e.hasField(typeField) && e.getValue(typeField) instanceof jdk.jfr.consumer.RecordedClass type
                ? type.getName()
                : "?";
        return new Site(typeName(name), stack(e.getStackTrace()));
    }

    /** {@code [B} as {@code byte[]}, {@code [Ljava.lang.String;} as {@code java.lang.String[]}. */
    static String typeName(String jvmName) {
        if (!jvmName.startsWith("[")) {
            return jvmName;
        }
        int dims = 0;
        while (dims < jvmName.length() && jvmName.charAt(dims) == '[') {
            dims++;
        }
        String element = jvmName.substring(dims);
        String base =
                switch (element) {
                    case "B" -> "byte";
                    case "C" -> "char";
                    case "I" -> "int";
                    case "J" -> "long";
                    case "S" -> "short";
                    case "Z" -> "boolean";
                    case "F" -> "float";
                    case "D" -> "double";
                    default ->
                        element.startsWith("L") && element.endsWith(";")
                                ? element.substring(1, element.length() - 1)
                                : element;
                };
        return base + "[]".repeat(dims);
    }

    /**
     * The top {@value #STACK_DEPTH} frames as {@code a.b.C.m(C.java:12)}: the file name is the top-level class's
     * simple name, as javac names it (JFR records no file name).
     */
    static List<String> stack(RecordedStackTrace trace) {
        if (trace == null) {
            return List.of();
        }
        List<String> frames = new ArrayList<>();
        for (RecordedFrame frame : trace.getFrames()) {
            if (frames.size() == STACK_DEPTH) {
                break;
            }
            RecordedMethod method = frame.getMethod();
            if (method == null || method.getType() == null) {
                continue;
            }
            String type = method.getType().getName();
            String simple = type.substring(type.lastIndexOf('.') + 1);
            int inner = simple.indexOf('$');
            String file = (inner < 0 ? simple : simple.substring(0, inner)) + ".java";
            int line = frame.getLineNumber();
            frames.add(type + "." + method.getName() + "(" + file + (line > 0 ? ":" + line : "") + ")");
        }
        return List.copyOf(frames);
    }

    static long millis(Instant instant) {
        return instant == null ? 0 : instant.toEpochMilli();
    }
}
