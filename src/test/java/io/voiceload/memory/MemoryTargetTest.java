package io.voiceload.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MemoryTarget}: its errors, and the readings of this JVM. */
class MemoryTargetTest {

    @Test
    void aUrlThatIsNotAJmxUrlIsNamedWithTheAcceptedForms() {
        assertThatThrownBy(() -> MemoryTarget.connect("http://127.0.0.1:9010", "u", "secret", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'http://127.0.0.1:9010' is not a service:jmx: URL")
                .hasMessageContaining("service:jmx:rmi:///jndi/rmi://host:port/jmxrmi")
                .hasMessageContaining("service:jmx:rmi://host/stub/");
        assertThatThrownBy(() -> MemoryTarget.connect("service:jmx:jmxmp://127.0.0.1:9010", null, null, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is of neither accepted form");
        assertThatThrownBy(() -> MemoryTarget.connect("service:jmx:rmi://", null, null, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusedPortFailsFastNamingTheUrlButNeverThePassword() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi";
        long start = System.nanoTime();
        assertThatThrownBy(() -> MemoryTarget.connect(url, "monitor", "s3cret-password", "a target"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("could not connect to the JMX URL " + url + ": ")
                .hasMessageContaining("Connection refused")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-password"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(MemoryTarget.CONNECT_TIMEOUT);
    }

    @Test
    void aSilentPortFailsWithinTheConnectTimeout() throws Exception {
        // A listening socket that never answers: the RMI registry lookup waits for a reply that never comes.
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String url = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + silent.getLocalPort() + "/jmxrmi";
            long start = System.nanoTime();
            assertThatThrownBy(() -> MemoryTarget.connect(url, null, null, "a target"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(url);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(MemoryTarget.CONNECT_TIMEOUT.plusSeconds(2));
        }
    }

    @Test
    void thisJvmIsReadOverItsPlatformMBeanServer() {
        try (MemoryTarget target = MemoryTarget.inProcess()) {
            assertThat(target.heapUsedBytes()).isPositive();
            assertThat(target.metaspaceUsedBytes()).isPositive();
            assertThat(target.liveThreads()).isPositive();
            assertThat(target.openFileDescriptors()).isPositive();
            assertThat(target.directBufferBytes()).isNotNegative();
            assertThat(target.mappedBufferBytes()).isNotNegative();
            assertThat(target.totalAllocatedBytes()).isPositive();
            assertThat(target.jvmArguments())
                    .isEqualTo(java.lang.management.ManagementFactory.getRuntimeMXBean()
                            .getInputArguments());
            assertThat(target.explicitGc()).isNotNull();
        }
    }

    @Test
    void theCollectorIsNamedFromItsMxBeans() {
        assertThat(MemoryTarget.collectorOf(List.of("G1 Concurrent GC", "G1 Old Generation", "G1 Young Generation")))
                .isEqualTo("G1");
        assertThat(MemoryTarget.collectorOf(List.of("ZGC Major Cycles", "ZGC Major Pauses")))
                .isEqualTo("ZGC");
        assertThat(MemoryTarget.collectorOf(List.of("PS MarkSweep", "PS Scavenge")))
                .isEqualTo("Parallel");
        assertThat(MemoryTarget.collectorOf(List.of("Copy", "MarkSweepCompact")))
                .isEqualTo("Serial");
        assertThat(MemoryTarget.collectorOf(List.of("Shenandoah Cycles"))).isEqualTo("Shenandoah");
    }

    @Test
    void gcKindsComeFromTheCollectionsNames() {
        assertThat(CaptureBuilder.kind("G1New", "Normal")).isEqualTo("young");
        assertThat(CaptureBuilder.kind("G1New", "Concurrent Start")).isEqualTo("young");
        assertThat(CaptureBuilder.kind("G1New", "Mixed")).isEqualTo("mixed");
        assertThat(CaptureBuilder.kind("G1Full", null)).isEqualTo("full");
        assertThat(CaptureBuilder.kind("G1Old", null)).isEqualTo("concurrent");
        assertThat(CaptureBuilder.kind("DefNew", null)).isEqualTo("young");
        assertThat(CaptureBuilder.kind("SerialOld", null)).isEqualTo("full");
        assertThat(CaptureBuilder.kind("ParallelOld", null)).isEqualTo("full");
        assertThat(CaptureBuilder.kind("ZGC Minor", null)).isEqualTo("young");
        assertThat(CaptureBuilder.kind("ZGC Major", null)).isEqualTo("concurrent");
        assertThat(EventLog.typeName("[B")).isEqualTo("byte[]");
        assertThat(EventLog.typeName("[[Ljava.lang.String;")).isEqualTo("java.lang.String[][]");
        assertThat(EventLog.typeName("java.lang.String")).isEqualTo("java.lang.String");
    }
}
