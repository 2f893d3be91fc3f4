package io.voiceload.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.voiceload.faults.NftPacketLoss.Availability;
import io.voiceload.faults.NftPacketLoss.Direction;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real packet loss, for real: on this machine's kernel, against loopback connections of this JVM. The tests that
 * need root and {@code nft} are skipped elsewhere, with {@link Availability#skipMessage()} printed; the others
 * (arguments, a missing {@code nft}, a hanging one) run everywhere.
 */
class NftPacketLossTest {

    private static final int TWO_MB = 2 * 1024 * 1024;

    @Test
    void aPathWithoutNftSaysSoAndHowToGetIt(@TempDir Path empty) {
        Availability here = NftPacketLoss.availability(empty + File.pathSeparator + "/nonexistent");

        assertThat(here.available()).isFalse();
        assertThat(here.reason()).isEqualTo("nft not installed (apt-get install nftables)");
        assertThat(here.skipMessage())
                .isEqualTo("real packet loss skipped: nft not installed (apt-get install nftables)");
    }

    @Test
    void anNftThatFailsIsNamedWithItsMessage(@TempDir Path bin) throws Exception {
        fakeNft(bin, "echo 'netlink: Error: cannot open Netlink socket: Operation not permitted' >&2; exit 1");

        Availability here = NftPacketLoss.availability(bin.toString());

        assertThat(here.available()).isFalse();
        assertThat(here.reason())
                .satisfiesAnyOf(
                        reason -> assertThat(reason).startsWith("needs root or CAP_NET_ADMIN"),
                        reason -> assertThat(reason)
                                .isEqualTo("`" + bin.resolve("nft") + " list tables` failed (exit 1): netlink: Error: "
                                        + "cannot open Netlink socket: Operation not permitted"));
    }

    @Test
    void anNftThatHangsIsStoppedAtTheTimeout(@TempDir Path bin) throws Exception {
        Path nft = fakeNft(bin, "exec sleep 30");
        NftCommand command = new NftCommand(nft, Duration.ofMillis(300));

        long start = System.nanoTime();
        assertThatThrownBy(() -> command.run("list", "tables"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`" + nft + " list tables` timed out after 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "port {0}")
    @ValueSource(ints = {0, -1, 65_536})
    void aPortOutOfRangeIsRefused(int port) {
        assertThatThrownBy(() -> NftPacketLoss.start(port, 0.1, Direction.BOTH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be 1-65535, was " + port);
    }

    @ParameterizedTest(name = "probability {0}")
    @ValueSource(doubles = {0, -0.1, 1.5, Double.NaN})
    void aProbabilityOutOfRangeIsRefused(double probability) {
        assertThatThrownBy(() -> NftPacketLoss.start(8080, probability, Direction.BOTH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probability must be more than 0 and at most 1, was " + probability);
    }

    @Test
    void nftErrorsNameTheCommandAndNftsMessage() {
        NftCommand nft = requireNft();

        assertThatThrownBy(() -> nft.run("list", "table", "inet", "voiceload_no_such_table"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "`" + nft.executable() + " list table inet voiceload_no_such_table` failed (exit 1): ")
                .hasMessageContaining("No such file or directory");
        assertThatThrownBy(() -> nft.apply("add table inet voiceload_faults_bad { nonsense }"))
                .hasMessageStartingWith("`" + nft.executable() + " -f -` failed (exit 1): ")
                .hasMessageContaining("syntax error")
                .hasMessageEndingWith("script:\nadd table inet voiceload_faults_bad { nonsense }");
    }

    @Test
    void twentyPercentLossMakesATransferSlowAndRetransmit() throws Exception {
        requireNft();
        try (LoopbackTransfer echo = LoopbackTransfer.echoServer()) {
            echo.echo(TWO_MB, Duration.ofSeconds(10)); // warm-up
            List<LoopbackTransfer.Result> clean = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clean.add(echo.echo(TWO_MB, Duration.ofSeconds(10)));
            }
            LoopbackTransfer.Result baseline = clean.stream()
                    .sorted(Comparator.comparing(LoopbackTransfer.Result::time))
                    .toList()
                    .get(1);

            LoopbackTransfer.Result lossy;
            long dropped;
            String table;
            try (NftPacketLoss loss = NftPacketLoss.start(echo.port(), 0.20, Direction.BOTH)) {
                table = loss.table();
                assertThat(tables()).contains("table inet " + table, "table bridge " + table);
                lossy = echo.echo(TWO_MB, Duration.ofSeconds(60));
                dropped = loss.droppedPackets();
            }
            System.out.println("2 MB echo on loopback: " + baseline + " without loss, " + lossy + " with 20 % loss ("
                    + dropped + " packets dropped)");

            assertThat(dropped).as("packets dropped").isGreaterThanOrEqualTo(5);
            assertThat(lossy.retransmits())
                    .as("retransmitted segments with 20 %% loss (without: %d)", baseline.retransmits())
                    .isGreaterThanOrEqualTo(baseline.retransmits() + 5);
            assertThat(lossy.time())
                    .as("time with 20 %% loss (without: %s)", baseline.time())
                    .isGreaterThan(baseline.time().multipliedBy(10))
                    .isGreaterThan(Duration.ofMillis(200)); // at least one retransmission timeout (200 ms minimum)
            assertThat(tables()).doesNotContain("table inet " + table, "table bridge " + table);

            LoopbackTransfer.Result after = echo.echo(TWO_MB, Duration.ofSeconds(10));
            assertThat(after.time()).as("time after close").isLessThan(Duration.ofMillis(200));
        }
    }

    /**
     * With every packet of one direction dropped on an established connection, the other direction still
     * delivers, and what was held back arrives once the loss is closed (TCP retransmitted it).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Direction.class,
            names = {"UPSTREAM", "DOWNSTREAM"})
    void aDirectionDropsOnlyItsPackets(Direction direction) throws Exception {
        requireNft();
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                    Socket server = listener.accept()) {
                Socket blocked = direction == Direction.UPSTREAM ? client : server;
                Socket open = direction == Direction.UPSTREAM ? server : client;
                try (NftPacketLoss loss = NftPacketLoss.start(listener.getLocalPort(), 1.0, direction)) {
                    send(open, "passes");
                    assertThat(receive(peer(open, client, server), Duration.ofSeconds(3)))
                            .as("the open direction delivers")
                            .isEqualTo("passes");

                    send(blocked, "held");
                    assertThatThrownBy(() -> receive(peer(blocked, client, server), Duration.ofSeconds(1)))
                            .as("the dropped direction delivers nothing")
                            .isInstanceOf(SocketTimeoutException.class);
                    assertThat(loss.droppedPackets()).isPositive();
                }
                assertThat(receive(peer(blocked, client, server), Duration.ofSeconds(10)))
                        .as("retransmitted after close")
                        .isEqualTo("held");
            }
        }
    }

    @SuppressWarnings("try") // the resource is the fault: the body only watches its effect
    @Test
    void dropEverythingAndConnectTimesOutAsOnADeadLink() throws Exception {
        requireNft();
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (NftPacketLoss loss = NftPacketLoss.start(listener.getLocalPort(), 1.0, Direction.BOTH);
                    Socket client = new Socket()) {
                assertThatThrownBy(() -> client.connect(listener.getLocalSocketAddress(), 1000))
                        .isInstanceOf(SocketTimeoutException.class);
            }
            try (Socket client = new Socket()) {
                client.connect(listener.getLocalSocketAddress(), 1000); // after close: connects at once
            }
        }
    }

    @Test
    void closeRemovesExactlyItsTablesAndNothingElse() throws Exception {
        NftCommand nft = requireNft();
        String foreign = "voiceload_test_foreign_" + ProcessHandle.current().pid();
        nft.apply("add table inet " + foreign + "\nadd chain inet " + foreign
                + " input { type filter hook input priority 0; }\n");
        try {
            NftPacketLoss first = NftPacketLoss.start(40_001, 0.1, Direction.BOTH);
            try (NftPacketLoss second = NftPacketLoss.start(40_002, 0.1, Direction.UPSTREAM)) {
                assertThat(first.table()).isNotEqualTo(second.table());
                first.close();
                first.close(); // again: nothing to do

                assertThat(tables())
                        .doesNotContain("table inet " + first.table(), "table bridge " + first.table())
                        .contains(
                                "table inet " + second.table(),
                                "table bridge " + second.table(),
                                "table inet " + foreign);
            }
            assertThat(tables()).contains("table inet " + foreign);
            assertThat(nft.run("list", "table", "inet", foreign)).contains("chain input");
        } finally {
            removeIfPresent(nft, "inet " + foreign);
        }
        assertThat(tables()).doesNotContain("table inet " + foreign);
    }

    @Test
    void closeRemovesWhatIsLeftWhenSomeoneRemovedPartOfIt() throws Exception {
        NftCommand nft = requireNft();
        NftPacketLoss loss = NftPacketLoss.start(40_008, 0.1, Direction.BOTH);
        nft.apply("delete table bridge " + loss.table() + "\n");

        loss.close();

        assertThat(tables()).doesNotContain("table inet " + loss.table(), "table bridge " + loss.table());
    }

    @SuppressWarnings("try") // the resource is the fault: the body only watches its effect
    @Test
    void tablesOfDeadProcessesAreSweptOthersStay() throws Exception {
        NftCommand nft = requireNft();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String dead = NftPacketLoss.TABLE_PREFIX + gone.pid() + "_1";
        String living = NftPacketLoss.TABLE_PREFIX + "1_1"; // pid 1 always runs
        String notOurs = NftPacketLoss.TABLE_PREFIX + "keep";
        String foreign = "voiceload_test_foreign_" + ProcessHandle.current().pid();
        nft.apply(NftPacketLoss.script(dead, 40_003, 0.1, Direction.BOTH));
        nft.apply("add table inet " + living + "\nadd table inet " + notOurs + "\nadd table inet " + foreign + "\n");
        try {
            assertThat(tables()).contains("table inet " + dead, "table bridge " + dead);

            try (NftPacketLoss loss = NftPacketLoss.start(40_004, 0.1, Direction.BOTH)) {
                assertThat(tables())
                        .doesNotContain("table inet " + dead, "table bridge " + dead)
                        .contains("table inet " + living, "table inet " + notOurs, "table inet " + foreign);
            }
        } finally {
            removeIfPresent(
                    nft, "inet " + living, "inet " + notOurs, "inet " + foreign, "inet " + dead, "bridge " + dead);
        }
    }

    @Test
    void aJvmThatExitsWithoutClosingRemovesItsTables() throws Exception {
        requireNft();
        Process child = child(40_005);
        String table;
        try {
            table = readTable(child);
            assertThat(tables()).contains("table inet " + table, "table bridge " + table);

            child.getOutputStream().write("exit\n".getBytes(StandardCharsets.UTF_8));
            child.getOutputStream().flush();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child exited").isTrue();
        } finally {
            child.destroyForcibly();
        }

        assertThat(tables()).doesNotContain("table inet " + table, "table bridge " + table);
    }

    @SuppressWarnings("try") // the resource is the fault: the body only watches its effect
    @Test
    void aKilledJvmsTablesAreSweptByTheNextStart() throws Exception {
        requireNft();
        Process child = child(40_006);
        String table;
        try {
            table = readTable(child);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        }
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child killed").isTrue();
        assertThat(tables()).as("left by the killed JVM").contains("table inet " + table, "table bridge " + table);

        try (NftPacketLoss loss = NftPacketLoss.start(40_007, 0.1, Direction.BOTH)) {
            assertThat(tables()).doesNotContain("table inet " + table, "table bridge " + table);
        }
    }

    /** The nft command, or the test is skipped with the reason printed. */
    private static NftCommand requireNft() {
        Availability here = NftPacketLoss.availability();
        if (!here.available()) {
            System.out.println(here.skipMessage());
        }
        assumeTrue(here.available(), here::skipMessage);
        return new NftCommand(NftCommand.find(System.getenv("PATH")).orElseThrow(), NftCommand.DEFAULT_TIMEOUT);
    }

    /** Deletes each of these tables that exists (one by one: a missing one must not keep the others). */
    private static void removeIfPresent(NftCommand nft, String... tables) {
        List<String> present = tables();
        for (String table : tables) {
            if (present.contains("table " + table)) {
                nft.apply("delete table " + table + "\n");
            }
        }
    }

    private static List<String> tables() {
        return requireNft().run("list", "tables").lines().map(String::strip).toList();
    }

    private static Path fakeNft(Path bin, String body) throws Exception {
        Path nft = bin.resolve("nft");
        Files.writeString(nft, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(nft, PosixFilePermissions.fromString("rwx------"));
        return nft;
    }

    private static Process child(int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "-XX:-UsePerfData",
                        "-cp",
                        System.getProperty("java.class.path"),
                        NftPacketLossChild.class.getName(),
                        String.valueOf(port))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static String readTable(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the child's first line").startsWith("TABLE ");
        return line.substring("TABLE ".length());
    }

    private static Socket peer(Socket sender, Socket client, Socket server) {
        return sender == client ? server : client;
    }

    private static void send(Socket socket, String text) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String receive(Socket socket, Duration timeout) throws Exception {
        socket.setSoTimeout((int) timeout.toMillis());
        StringBuilder line = new StringBuilder();
        for (int c; (c = socket.getInputStream().read()) != '\n'; ) {
            if (c < 0) {
                throw new IllegalStateException("closed after \"" + line + "\"");
            }
            line.append((char) c);
        }
        return line.toString();
    }
}
