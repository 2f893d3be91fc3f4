package io.voiceload.memory;

import io.voiceload.config.TargetJmx;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.MalformedURLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The JVM whose memory is measured: another JVM reached over JMX ({@link #connect}), or this one
 * ({@link #inProcess}). Every reading is one JMX call on the platform MXBeans, so a remote target costs the
 * measured JVM nothing between readings.
 *
 * <pre>{@code
 * String url = "service:jmx:rmi:///jndi/rmi://127.0.0.1:9010/jmxrmi";
 * try (MemoryTarget target = MemoryTarget.connect(url, null, null, "platform in a child JVM (pid 4242)")) {
 *     long heap = target.heapUsedBytes();
 * }
 * }</pre>
 *
 * <p>Limitation: a remote connection uses RMI, the JDK's only built-in JMX connector; a target behind a firewall
 * needs both its connector port and (for a registry URL) the registry port open.
 */
public final class MemoryTarget implements AutoCloseable {

    /** The label of {@link #inProcess}. */
    public static final String IN_PROCESS_LABEL =
            "this JVM (in-process: the load generator and anything embedded in it)";

    /** The longest a {@link #connect} waits: an unreachable host fails in this time, never hangs. */
    public static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(5);

    /** The accepted forms of URL: {@value}. */
    public static final String ACCEPTED_FORMS = TargetJmx.ACCEPTED_FORMS;

    private static final ObjectName MEMORY = name("java.lang:type=Memory");
    private static final ObjectName RUNTIME = name("java.lang:type=Runtime");
    private static final ObjectName THREADING = name("java.lang:type=Threading");
    private static final ObjectName OPERATING_SYSTEM = name("java.lang:type=OperatingSystem");
    private static final ObjectName HOTSPOT_DIAGNOSTIC = name("com.sun.management:type=HotSpotDiagnostic");
    private static final ObjectName DIRECT_POOL = name("java.nio:type=BufferPool,name=direct");
    private static final ObjectName MAPPED_POOL = name("java.nio:type=BufferPool,name=mapped");
    private static final ObjectName METASPACE_POOL = name("java.lang:type=MemoryPool,name=Metaspace");
    private static final ObjectName COLLECTORS = name("java.lang:type=GarbageCollector,name=*");

    private final MBeanServerConnection connection;
    private final JMXConnector connector;
    private final String label;
    private final String url;
    private volatile long clockOffsetMillis;
    private volatile long clockUncertaintyMillis = Long.MAX_VALUE / 4;

    private MemoryTarget(MBeanServerConnection connection, JMXConnector connector, String label, String url) {
        this.connection = connection;
        this.connector = connector;
        this.label = label;
        this.url = url;
    }

    /**
     * Connects to a JVM over JMX.
     *
     * @param jmxUrl {@value #ACCEPTED_FORMS}
     * @param user the JMX user, or null when the connector asks for none
     * @param password its password (never quoted in a message), or null
     * @param label what the target is, for reports, e.g. {@code platform in a child JVM (pid 4242, -Xmx512m)}
     * @throws IllegalArgumentException when the URL is not a {@code service:jmx:} URL of one of the two forms
     * @throws IllegalStateException when the connection fails or takes longer than {@link #CONNECT_TIMEOUT}; the
     *     message names the URL and what failed
     */
    public static MemoryTarget connect(String jmxUrl, String user, String password, String label) {
        Objects.requireNonNull(label, "label");
        JMXServiceURL url = parse(jmxUrl);
        Map<String, Object> environment = new HashMap<>();
        if (user != null) {
            environment.put(JMXConnector.CREDENTIALS, new String[] {user, password});
        }
        // JMXConnectorFactory.connect has no timeout of its own (a silent host holds an RMI connect for minutes):
        // it runs on a daemon thread that is abandoned past the timeout, and closes what it connected if it ever does.
        CompletableFuture<JMXConnector> attempt = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("voiceload-jmx-connect").start(() -> {
            try {
                JMXConnector connector = JMXConnectorFactory.connect(url, environment);
                if (!attempt.complete(connector)) {
                    closeQuietly(connector); // too late: the caller has given up
                }
            } catch (IOException | RuntimeException e) {
                attempt.completeExceptionally(e);
            }
        });
        try {
            JMXConnector connector = attempt.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            try {
                return new MemoryTarget(connector.getMBeanServerConnection(), connector, label, jmxUrl);
            } catch (IOException e) {
                closeQuietly(connector);
                throw new IllegalStateException(
                        "connected to the JMX URL " + jmxUrl + " but could not reach its MBean server: " + reason(e),
                        e);
            }
        } catch (TimeoutException e) {
            if (!attempt.cancel(false)) {
                attempt.thenAccept(MemoryTarget::closeQuietly);
            }
            throw new IllegalStateException("could not connect to the JMX URL " + jmxUrl + ": no answer within "
                    + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not connect to the JMX URL " + jmxUrl + ": " + reason(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to the JMX URL " + jmxUrl, e);
        }
    }

    private static void closeQuietly(JMXConnector connector) {
        try {
            connector.close();
        } catch (IOException ignored) {
            // nothing more to free
        }
    }

    /** The root cause's message, the chain's last word being the one that says what failed. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
        return root == e ? what : e.getClass().getSimpleName() + " (" + what + ")";
    }

    /**
     * The URL as a {@link JMXServiceURL} of one of the two accepted forms.
     *
     * @throws IllegalArgumentException naming the URL and the accepted forms
     */
    static JMXServiceURL parse(String jmxUrl) {
        TargetJmx.problem(jmxUrl).ifPresent(problem -> {
            throw new IllegalArgumentException("the JMX URL " + problem);
        });
        try {
            return new JMXServiceURL(jmxUrl);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(
                    "the JMX URL '" + jmxUrl + "' is malformed (" + e.getMessage() + "); use " + ACCEPTED_FORMS, e);
        }
    }

    /** This JVM's platform MBean server, labelled {@value #IN_PROCESS_LABEL}. */
    public static MemoryTarget inProcess() {
        return new MemoryTarget(ManagementFactory.getPlatformMBeanServer(), null, IN_PROCESS_LABEL, null);
    }

    /** The MBean server connection every reading goes through. */
    public MBeanServerConnection connection() {
        return connection;
    }

    /** What the target is, for reports. */
    public String label() {
        return label;
    }

    /** Whether it is another JVM reached over JMX. */
    public boolean remote() {
        return connector != null;
    }

    /** The target's process id. */
    public long pid() {
        return ((Number) attribute(RUNTIME, "Pid")).longValue();
    }

    /** The target's JVM options ({@code RuntimeMXBean.getInputArguments}). */
    public List<String> jvmArguments() {
        return List.of((String[]) attribute(RUNTIME, "InputArguments"));
    }

    /**
     * The target's garbage collector, from its {@code GarbageCollectorMXBean} names: {@code G1}, {@code ZGC},
     * {@code Shenandoah}, {@code Parallel}, {@code Serial}, or the names themselves when none of those.
     */
    public String collector() {
        Set<ObjectName> beans = call("list the garbage collectors", () -> connection.queryNames(COLLECTORS, null));
        List<String> names =
                beans.stream().map(n -> n.getKeyProperty("name")).sorted().toList();
        return collectorOf(names);
    }

    static String collectorOf(List<String> beanNames) {
        String joined = String.join(", ", beanNames);
        if (joined.contains("G1")) {
            return "G1";
        }
        if (joined.contains("ZGC")) {
            return "ZGC";
        }
        if (joined.contains("Shenandoah")) {
            return "Shenandoah";
        }
        if (joined.contains("PS ") || joined.contains("Parallel")) {
            return "Parallel";
        }
        if (joined.contains("Copy") || joined.contains("MarkSweepCompact")) {
            return "Serial";
        }
        if (joined.contains("Epsilon") || beanNames.isEmpty()) {
            return beanNames.isEmpty() ? "none (Epsilon?)" : "Epsilon";
        }
        return joined;
    }

    /** What a requested GC does in the target, from its HotSpot flags. */
    public ExplicitGc explicitGc() {
        if (flag("DisableExplicitGC")) {
            return ExplicitGc.DISABLED;
        }
        return flag("ExplicitGCInvokesConcurrent") ? ExplicitGc.CONCURRENT : ExplicitGc.FULL;
    }

    private boolean flag(String name) {
        CompositeData option = call("read the VM option " + name, () -> (CompositeData) connection.invoke(
                HOTSPOT_DIAGNOSTIC, "getVMOption", new Object[] {name}, new String[] {String.class.getName()}));
        return Boolean.parseBoolean((String) option.get("value"));
    }

    /** Bytes of direct buffers in use (the {@code direct} BufferPoolMXBean's MemoryUsed). */
    public long directBufferBytes() {
        return ((Number) attribute(DIRECT_POOL, "MemoryUsed")).longValue();
    }

    /** Bytes of mapped buffers in use (the {@code mapped} BufferPoolMXBean's MemoryUsed). */
    public long mappedBufferBytes() {
        return ((Number) attribute(MAPPED_POOL, "MemoryUsed")).longValue();
    }

    /** Live threads (platform threads: virtual threads are not counted by the JVM). */
    public int liveThreads() {
        return ((Number) attribute(THREADING, "ThreadCount")).intValue();
    }

    /** Open file descriptors of the target's process, or -1 where the OS MXBean does not say (Windows). */
    public long openFileDescriptors() {
        try {
            return ((Number) connection.getAttribute(OPERATING_SYSTEM, "OpenFileDescriptorCount")).longValue();
        } catch (javax.management.AttributeNotFoundException e) {
            return -1;
        } catch (JMException | IOException e) {
            throw failure("read OpenFileDescriptorCount", e);
        }
    }

    /** Bytes of Metaspace in use. */
    public long metaspaceUsedBytes() {
        return ((Number) ((CompositeData) attribute(METASPACE_POOL, "Usage")).get("used")).longValue();
    }

    /** Bytes of heap in use now (garbage included). */
    public long heapUsedBytes() {
        return ((Number) ((CompositeData) attribute(MEMORY, "HeapMemoryUsage")).get("used")).longValue();
    }

    /**
     * Bytes allocated by all live threads since the target started
     * ({@code com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes}), or -1 where the target does not
     * measure it. Threads that ended took their count with them, so two readings' difference is a lower bound
     * when threads end in between.
     */
    public long totalAllocatedBytes() {
        try {
            return ((Number) connection.getAttribute(THREADING, "TotalThreadAllocatedBytes")).longValue();
        } catch (javax.management.AttributeNotFoundException | javax.management.RuntimeMBeanException e) {
            return -1;
        } catch (JMException | IOException e) {
            throw failure("read TotalThreadAllocatedBytes", e);
        }
    }

    /** The target's available processors. */
    public int availableProcessors() {
        return ((Number) attribute(OPERATING_SYSTEM, "AvailableProcessors")).intValue();
    }

    /**
     * The target's wall clock now, in epoch milliseconds, as its JFR events are stamped: its start time plus its
     * uptime, corrected by {@link #calibrateClock} (the start time is taken when the JVM finished starting, the
     * uptime counted from when it began: their sum runs ahead by the JVM's start-up time).
     */
    long clockMillis() {
        return uptimeClockMillis() + clockOffsetMillis;
    }

    /**
     * Measures the offset of {@link #clockMillis} from the target's wall clock: the start time of a recording,
     * which JFR takes from the wall clock, framed by two uptime readings. Needs JFR started in the target.
     */
    void calibrateClock(jdk.management.jfr.FlightRecorderMXBean jfr) {
        long id = jfr.newRecording();
        try {
            long before = uptimeClockMillis();
            jfr.startRecording(id);
            long after = uptimeClockMillis();
            long wall = jfr.getRecordings().stream()
                    .filter(r -> r.getId() == id)
                    .findFirst()
                    .orElseThrow()
                    .getStartTime();
            clockOffsetMillis = wall - (before + after) / 2;
            clockUncertaintyMillis = (after - before) / 2 + 1;
        } finally {
            try {
                jfr.closeRecording(id);
            } catch (IOException e) {
                throw failure("close the recording that read its clock", e);
            }
        }
    }

    /** How far {@link #clockMillis} may be off the target's wall clock, after {@link #calibrateClock}. */
    long clockUncertaintyMillis() {
        return clockUncertaintyMillis;
    }

    private long uptimeClockMillis() {
        try {
            List<Attribute> both = connection
                    .getAttributes(RUNTIME, new String[] {"StartTime", "Uptime"})
                    .asList();
            return ((Number) both.get(0).getValue()).longValue()
                    + ((Number) both.get(1).getValue()).longValue();
        } catch (JMException | IOException e) {
            throw failure("read the clock (StartTime, Uptime)", e);
        }
    }

    /** Requests a GC ({@code java.lang:type=Memory} operation {@code gc}); returns when the target says it ran. */
    void requestGc() {
        call("request a GC", () -> connection.invoke(MEMORY, "gc", null, null));
    }

    private Object attribute(ObjectName bean, String attribute) {
        return call("read " + bean + " " + attribute, () -> connection.getAttribute(bean, attribute));
    }

    @FunctionalInterface
    private interface JmxCall<T> {
        T call() throws JMException, IOException;
    }

    private <T> T call(String what, JmxCall<T> call) {
        try {
            return call.call();
        } catch (JMException | IOException e) {
            throw failure(what, e);
        }
    }

    private IllegalStateException failure(String what, Exception e) {
        return new IllegalStateException(
                "could not " + what + " of " + label + (url == null ? "" : " over " + url) + ": " + reason(e), e);
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (JMException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    /** Closes the JMX connection (nothing for {@link #inProcess}). Idempotent. */
    @Override
    public void close() {
        if (connector == null) {
            return;
        }
        try {
            connector.close();
        } catch (IOException e) {
            // the target is gone: nothing left to free
        }
    }

    @Override
    public String toString() {
        return label + (url == null ? "" : " over " + url);
    }
}
