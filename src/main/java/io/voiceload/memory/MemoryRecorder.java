package io.voiceload.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.JMX;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import jdk.management.jfr.ConfigurationInfo;
import jdk.management.jfr.EventTypeInfo;
import jdk.management.jfr.FlightRecorderMXBean;
import jdk.management.jfr.RemoteRecordingStream;

/**
 * A JFR recording of a {@link MemoryTarget}'s memory and GC, streamed as it happens: a {@link
 * RemoteRecordingStream} over the target's MBean server connection (the in-process platform MBean server
 * works the same way, so one code path serves both), on top of the target's own {@code default} settings so that
 * the {@code .jfr} file opens meaningfully in JDK Mission Control.
 *
 * <p>Besides the events, it reads the heap used, the open file descriptors, Metaspace and the total allocated
 * bytes over JMX once a second (JFR has no event for file descriptors; the others make the series exact between
 * GCs).
 *
 * <pre>{@code
 * String url = "service:jmx:rmi:///jndi/rmi://127.0.0.1:9010/jmxrmi";
 * try (MemoryTarget target = MemoryTarget.connect(url, null, null, "platform in a child JVM");
 *         MemoryRecorder recorder = MemoryRecorder.start(target, Path.of("target/load-results/X-y.jfr"))) {
 *     recorder.fullGc(Duration.ofSeconds(30)).ifPresent(gc -> System.out.println(gc.heapAfterBytes()));
 *     // ... the load ...
 *     MemoryCapture capture = recorder.stop();
 * }
 * }</pre>
 *
 * <p>Limitations: events reach the stream once per JFR flush (about a second), so every barrier takes up to a
 * few seconds; {@code jdk.OldObjectSample} is emitted when the recording stops, so suspects are known only to
 * {@link #stop}. The recorder does not close the target: whoever opened it does.
 */
public final class MemoryRecorder implements AutoCloseable {

    /** The period of the periodic events and of the JMX readings. */
    public static final Duration PERIOD = Duration.ofSeconds(1);

    /** How long the stream keeps events for the final {@code .jfr} dump: longer than any test runs. */
    static final Duration MAX_AGE = Duration.ofDays(2);

    /** How long {@link #stop} waits for the last events. */
    static final Duration STOP_BARRIER = Duration.ofSeconds(15);

    static final String SYSTEM_GC = "System.gc()";

    /** The least slack between the request's time and its GC's start, for the clocks' rounding. */
    static final long REQUEST_SLACK_MILLIS = 20;

    private final MemoryTarget target;
    private final Path jfrFile;
    private final Path chunks;
    private final RemoteRecordingStream stream;
    private final EventLog log = new EventLog();
    private final ScheduledExecutorService poller;
    private volatile long startMillis;
    private volatile long allocatedAtStart;
    private final String collector;
    private final ExplicitGc explicitGc;
    private final List<String> jvmArguments;
    private final int processors;
    private final List<MemoryCapture.Mark> marks = new ArrayList<>();
    private final Object lock = new Object();
    private long lastRequestedGcId = -1;
    private boolean closed;

    private MemoryRecorder(MemoryTarget target, Path jfrFile, Path chunks, RemoteRecordingStream stream) {
        this.target = target;
        this.jfrFile = jfrFile;
        this.chunks = chunks;
        this.stream = stream;
        this.collector = target.collector();
        this.explicitGc = target.explicitGc();
        this.jvmArguments = target.jvmArguments();
        this.processors = target.availableProcessors();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "voiceload-memory-jmx-" + jfrFile.getFileName());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts recording {@code target}.
     *
     * @param jfrFile where {@link #stop} writes the recording; its directory is created, and a directory of
     *     the stream's chunks made next to it (deleted on {@link #close})
     * @throws IllegalStateException when the target has no Flight Recorder MXBean or the stream cannot start
     */
    public static MemoryRecorder start(MemoryTarget target, Path jfrFile) {
        Path file = jfrFile.toAbsolutePath();
        Path chunks;
        try {
            Files.createDirectories(file.getParent());
            chunks = Files.createTempDirectory(file.getParent(), file.getFileName() + ".chunks-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a directory for the JFR stream next to " + file, e);
        }
        RemoteRecordingStream stream = null;
        try {
            FlightRecorderMXBean jfr = JMX.newMXBeanProxy(
                    target.connection(), new ObjectName(FlightRecorderMXBean.MXBEAN_NAME), FlightRecorderMXBean.class);
            Set<String> types =
                    jfr.getEventTypes().stream().map(EventTypeInfo::getName).collect(Collectors.toSet());
            Map<String, String> defaults = jfr.getConfigurations().stream()
                    .filter(c -> c.getName().equals("default"))
                    .findFirst()
                    .map(ConfigurationInfo::getSettings)
                    .orElse(Map.of());
            stream = new RemoteRecordingStream(target.connection(), chunks);
            stream.setSettings(new HashMap<>(defaults));
            enable(stream, types);
            stream.setMaxAge(MAX_AGE);
            MemoryRecorder recorder = new MemoryRecorder(target, file, chunks, stream);
            recorder.subscribe();
            stream.startAsync();
            target.calibrateClock(jfr);
            recorder.allocatedAtStart = target.totalAllocatedBytes();
            recorder.startMillis = target.clockMillis();
            recorder.poller.scheduleAtFixedRate(recorder::poll, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            return recorder;
        } catch (IOException | MalformedObjectNameException | RuntimeException e) {
            if (stream != null) {
                stream.close();
            }
            deleteTree(chunks);
            throw new IllegalStateException("could not start a JFR stream on " + target + ": " + e.getMessage(), e);
        }
    }

    /** The events the capture needs, on top of the target's {@code default} settings. */
    private static void enable(RemoteRecordingStream stream, Set<String> types) {
        for (String atGc : List.of(
                "jdk.GCHeapSummary",
                "jdk.GarbageCollection",
                "jdk.G1GarbageCollection",
                "jdk.YoungGarbageCollection",
                "jdk.OldGarbageCollection",
                "jdk.GCPhasePause",
                "jdk.MetaspaceSummary",
                "jdk.GCCPUTime")) {
            if (types.contains(atGc)) {
                stream.enable(atGc);
            }
        }
        stream.enable("jdk.ObjectAllocationSample").withStackTrace().with("throttle", "150/s");
        // cutoff: the time the JVM may spend finding each sample's path to a GC root when the recording stops.
        stream.enable("jdk.OldObjectSample").withStackTrace().with("cutoff", "1 s");
        for (String periodic : List.of(
                "jdk.DirectBufferStatistics", "jdk.JavaThreadStatistics", "jdk.ResidentSetSize", "jdk.CPULoad")) {
            if (types.contains(periodic)) {
                stream.enable(periodic).withPeriod(PERIOD);
            }
        }
    }

    private void subscribe() {
        stream.onEvent(log::seen);
        stream.onFlush(log::flushed);
        stream.onEvent("jdk.GarbageCollection", log::gc);
        stream.onEvent("jdk.G1GarbageCollection", log::g1);
        stream.onEvent("jdk.GCHeapSummary", log::heapSummary);
        stream.onEvent("jdk.MetaspaceSummary", log::metaspace);
        stream.onEvent("jdk.GCCPUTime", log::gcCpu);
        stream.onEvent("jdk.ObjectAllocationSample", log::allocation);
        stream.onEvent("jdk.OldObjectSample", log::oldObject);
        stream.onEvent("jdk.DirectBufferStatistics", e -> log.point(CaptureBuilder.DIRECT, e, e.getLong("memoryUsed")));
        stream.onEvent("jdk.JavaThreadStatistics", e -> log.point(CaptureBuilder.THREADS, e, e.getLong("activeCount")));
        stream.onEvent("jdk.ResidentSetSize", e -> log.point(CaptureBuilder.RSS, e, e.getLong("size")));
        stream.onEvent(
                "jdk.CPULoad", e -> log.point(CaptureBuilder.CPU, e, e.getFloat("jvmUser") + e.getFloat("jvmSystem")));
    }

    /** The once-a-second JMX readings; a failed one is skipped (the target may be busy or going away). */
    private void poll() {
        try {
            long at = target.clockMillis();
            log.point(CaptureBuilder.HEAP, at, target.heapUsedBytes());
            log.point(CaptureBuilder.METASPACE, at, target.metaspaceUsedBytes());
            log.point(CaptureBuilder.FDS, at, target.openFileDescriptors());
            long allocated = target.totalAllocatedBytes();
            if (allocated >= 0) {
                log.point(CaptureBuilder.ALLOCATED, at, allocated);
            }
        } catch (RuntimeException e) {
            // the series has a gap at this second; the capture goes on
        }
    }

    /** What the stream delivered so far, for tests of the barriers. */
    EventLog events() {
        return log;
    }

    /** The target recorded. */
    public MemoryTarget target() {
        return target;
    }

    /** What a requested GC does in the target (read once, at the start). */
    public ExplicitGc explicitGc() {
        return explicitGc;
    }

    /**
     * Requests a GC in the target over JMX and waits until the JFR events <em>of that GC</em> have arrived: its
     * {@code jdk.GarbageCollection} (cause {@value #SYSTEM_GC}, a GC id above every GC this recorder requested
     * before, started after the request) and its {@code jdk.GCHeapSummary} {@code After GC} (and its
     * {@code jdk.MetaspaceSummary}, delivered in the same flush). JfrUnit's barrier, adapted to another JVM:
     * there the test commits a marker event; here the GC's own events are the marker.
     *
     * @return the GC as seen, or empty at once when the target ignores requested GCs
     *     ({@link ExplicitGc#DISABLED}: see {@link ExplicitGc#describe})
     * @throws IllegalStateException when its events did not arrive within {@code timeout}, naming which
     */
    public Optional<GcObservation> fullGc(Duration timeout) {
        if (explicitGc == ExplicitGc.DISABLED) {
            return Optional.empty();
        }
        synchronized (lock) {
            ensureOpen();
            // A GC that started before the request is not the one requested (RMI's own DGC, for one, calls
            // System.gc()): the clock's uncertainty, and a little more for millisecond rounding, is the slack.
            long requestedAt =
                    target.clockMillis() - Math.max(REQUEST_SLACK_MILLIS, 2 * target.clockUncertaintyMillis());
            long previous = lastRequestedGcId;
            target.requestGc();
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    Optional<EventLog.Gc> gc = log.firstGc(
                            g -> SYSTEM_GC.equals(g.cause()) && g.gcId() > previous && g.startMillis() >= requestedAt);
                    Optional<EventLog.HeapSummary> heap = gc.flatMap(g -> log.heapAfter(g.gcId()));
                    if (heap.isPresent()) {
                        awaitFlushes(log.flushesOnceDelivered(), deadline);
                        lastRequestedGcId = log.maxGcId(g -> SYSTEM_GC.equals(g.cause()));
                        return Optional.of(observation(gc.get(), heap.get()));
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("the JFR events of the GC requested in " + target.label()
                                + " did not arrive within " + timeout.toMillis() + " ms: "
                                + (gc.isEmpty()
                                        ? "no jdk.GarbageCollection with cause " + SYSTEM_GC + " after the request"
                                        : "its jdk.GarbageCollection (gcId "
                                                + gc.get().gcId()
                                                + ") came, but no jdk.GCHeapSummary 'After GC' of it")
                                + " (the stream delivered " + log.gcs().size() + " GC events "
                                + log.gcs().stream()
                                        .map(g -> g.cause() + " at " + (g.startMillis() - requestedAt) + " ms")
                                        .toList()
                                + " in " + log.flushes()
                                + " flushes, the latest event " + (log.latestStartMillis() - requestedAt)
                                + " ms after the request)");
                    }
                    log.awaitChange(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 100));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the requested GC's events", e);
            }
        }
    }

    private GcObservation observation(EventLog.Gc gc, EventLog.HeapSummary heap) {
        long metaspace = log.metaspaceAfter(gc.gcId()).orElseGet(target::metaspaceUsedBytes);
        return new GcObservation(
                gc.gcId(),
                CaptureBuilder.seconds(gc.startMillis(), startMillis),
                CaptureBuilder.kind(gc.name(), log.g1Type(gc.gcId())),
                gc.name(),
                heap.heapUsed(),
                Duration.ofNanos(gc.pauseNanos()),
                metaspace,
                target.directBufferBytes(),
                target.mappedBufferBytes(),
                target.liveThreads(),
                target.openFileDescriptors());
    }

    /**
     * Waits until every event the target committed before this call has been delivered to the stream: until an
     * event that started after the target's clock at the call has arrived (the periodic events come every
     * {@link #PERIOD}), then until the end of the flush that brought it. A JFR flush writes every thread's buffer,
     * so an event committed before that flush is in it or in an earlier one. Events still in progress at the call
     * (a GC under way) are not covered.
     *
     * @throws IllegalStateException when that did not happen within {@code timeout}
     */
    public void awaitEvents(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long now = target.clockMillis();
        try {
            while (log.latestStartMillis() <= now) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException("the JFR stream of " + target.label()
                            + " delivered no event started after the barrier within " + timeout.toMillis() + " ms");
                }
                log.awaitChange(100);
            }
            awaitFlushes(log.flushesOnceDelivered(), deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the JFR stream", e);
        }
    }

    /**
     * Waits until {@code flushes} flushes have ended: the end of the flush that brought the events seen, not the
     * whole next one (a flush comes about once a second).
     */
    private void awaitFlushes(long flushes, long deadline) throws InterruptedException {
        while (log.flushes() < flushes) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("the JFR stream of " + target.label() + " did not flush in time");
            }
            log.awaitChange(100);
        }
    }

    /** Marks this instant in the capture, e.g. {@code warm-up end}. */
    public void mark(String name) {
        double t = CaptureBuilder.seconds(target.clockMillis(), startMillis);
        synchronized (marks) {
            marks.add(new MemoryCapture.Mark(name, t));
        }
    }

    /**
     * Waits for the last events ({@link #awaitEvents}), stops the recording (its {@code jdk.OldObjectSample}
     * events come then), writes the {@code .jfr} file and returns what was captured. The recorder is closed.
     */
    public MemoryCapture stop() {
        synchronized (lock) {
            ensureOpen();
            try {
                awaitEvents(STOP_BARRIER);
                poller.shutdownNow();
                long endMillis = target.clockMillis();
                CaptureBuilder.Context context = new CaptureBuilder.Context(
                        target.label(),
                        target.remote(),
                        jfrFile,
                        collector,
                        explicitGc,
                        jvmArguments,
                        startMillis,
                        endMillis,
                        processors,
                        allocatedAtStart,
                        target.totalAllocatedBytes(),
                        target.metaspaceUsedBytes(),
                        target.directBufferBytes(),
                        target.mappedBufferBytes(),
                        target.liveThreads(),
                        marksSoFar());
                stream.stop();
                stream.dump(jfrFile);
                return CaptureBuilder.build(log, context);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "could not write the recording of " + target.label() + " to " + jfrFile, e);
            } finally {
                close();
            }
        }
    }

    private List<MemoryCapture.Mark> marksSoFar() {
        synchronized (marks) {
            return List.copyOf(marks);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the memory recorder of " + target.label() + " is closed");
        }
    }

    /** Stops the stream and the JMX readings and deletes the stream's chunks (not the {@code .jfr}). Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        poller.shutdownNow();
        try {
            stream.close();
        } finally {
            deleteTree(chunks);
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the operating system; the .jfr file is what matters
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // as above
        }
    }
}
