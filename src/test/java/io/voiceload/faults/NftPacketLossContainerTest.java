package io.voiceload.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.voiceload.config.InfrastructureSettings;
import io.voiceload.faults.NftPacketLoss.Availability;
import io.voiceload.faults.NftPacketLoss.Direction;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Real packet loss on a container's published port: the JVM dials {@code localhost:<published port>}, the engine
 * DNATs it to the container on its bridge. Each direction is hit where its packets really flow (upstream on the
 * bridge, downstream on the host's input), measured on a 2 MB Redis {@code SET} and {@code GET}. Skipped, with
 * the reason printed, without a Docker engine or without what {@link NftPacketLoss#availability()} checks.
 */
class NftPacketLossContainerTest {

    private static final int TWO_MB = 2 * 1024 * 1024;
    private static final Pattern BRIDGE_DROPS = Pattern.compile("counter packets (\\d+) bytes \\d+ drop");

    private static GenericContainer<?> redis;

    @BeforeAll
    static void startRedis() {
        Availability here = NftPacketLoss.availability();
        if (!here.available()) {
            System.out.println(here.skipMessage());
        }
        assumeTrue(here.available(), here::skipMessage);
        boolean docker = DockerClientFactory.instance().isDockerAvailable();
        if (!docker) {
            System.out.println("real packet loss on containers skipped: no Docker engine answered");
        }
        assumeTrue(docker, "no Docker engine answered");
        redis = new GenericContainer<>(DockerImageName.parse(InfrastructureSettings.DEFAULT_REDIS_IMAGE))
                .withExposedPorts(6379)
                .withCommand("redis-server", "--save", "", "--appendonly", "no");
        redis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Direction.class,
            names = {"UPSTREAM", "DOWNSTREAM"})
    void lossOnThePublishedPortHitsTheContainersTraffic(Direction direction) throws Exception {
        int port = redis.getMappedPort(6379);
        LoopbackTransfer.Result clean = setAndGet(redis.getHost(), port);
        clean = setAndGet(redis.getHost(), port); // the first one warmed up

        LoopbackTransfer.Result lossy;
        long dropped;
        long droppedOnBridge;
        try (NftPacketLoss loss = NftPacketLoss.start(port, 0.20, direction)) {
            lossy = setAndGet(redis.getHost(), port);
            dropped = loss.droppedPackets();
            droppedOnBridge = bridgeDrops(loss.table());
        }
        System.out.printf(
                "2 MB SET+GET on %s:%d (container): %s without loss, %s with 20 %% %s loss (%d packets dropped, %d of"
                        + " them on the bridge)%n",
                redis.getHost(), port, clean, lossy, direction, dropped, droppedOnBridge);

        assertThat(dropped).as("packets dropped").isGreaterThanOrEqualTo(3);
        if (direction == Direction.UPSTREAM) {
            assertThat(droppedOnBridge)
                    .as("upstream packets are dropped on the bridge")
                    .isEqualTo(dropped);
        } else {
            assertThat(droppedOnBridge)
                    .as("downstream packets are dropped on input")
                    .isZero();
        }
        assertThat(lossy.retransmits())
                .as("retransmitted segments with 20 %% loss (without: %d)", clean.retransmits())
                .isGreaterThanOrEqualTo(clean.retransmits() + 3);
    }

    /** A Redis SET of 2 MB and a GET of it on one new connection: 2 MB each way. */
    private static LoopbackTransfer.Result setAndGet(String host, int port) throws Exception {
        byte[] value = new byte[TWO_MB];
        Arrays.fill(value, (byte) 'v');
        long retransmitsBefore = retransmittedSegments();
        long start = System.nanoTime();
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + TWO_MB + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(value);
            out.write("\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(line(in)).isEqualTo("+OK");
            assertThat(line(in)).isEqualTo("$" + TWO_MB);
            byte[] got = new byte[TWO_MB];
            in.readFully(got);
            assertThat(got).isEqualTo(value);
        }
        return new LoopbackTransfer.Result(
                Duration.ofNanos(System.nanoTime() - start), retransmittedSegments() - retransmitsBefore);
    }

    /**
     * The TCP segments retransmitted on this host and in the container: each network namespace counts those its
     * own sockets send, and Redis's replies are sent in the container's.
     */
    private static long retransmittedSegments() throws Exception {
        var snmp = redis.execInContainer("cat", "/proc/net/snmp");
        assertThat(snmp.getExitCode())
                .as("cat /proc/net/snmp in the container: %s", snmp.getStderr())
                .isZero();
        return LoopbackTransfer.retransmittedSegments() + LoopbackTransfer.retransmittedSegments(snmp.getStdout());
    }

    private static String line(InputStream in) throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IllegalStateException("closed after \"" + line + "\"");
            }
            line.write(c);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }

    private static long bridgeDrops(String table) {
        NftCommand nft =
                new NftCommand(NftCommand.find(System.getenv("PATH")).orElseThrow(), NftCommand.DEFAULT_TIMEOUT);
        Matcher m = BRIDGE_DROPS.matcher(nft.run("list", "table", "bridge", table));
        long dropped = 0;
        while (m.find()) {
            dropped += Long.parseLong(m.group(1));
        }
        return dropped;
    }
}
