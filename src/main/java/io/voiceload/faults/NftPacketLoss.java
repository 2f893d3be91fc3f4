package io.voiceload.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real IP packet loss on the TCP connections this machine makes to a loopback port: the kernel drops the
 * given share of their packets and TCP retransmits, backs off and shrinks its window, as on a lossy network.
 * The emulated loss of the Toxiproxy proxies, by contrast, only delays bytes of the stream it relays.
 *
 * <pre>{@code
 * NftPacketLoss.Availability here = NftPacketLoss.availability();
 * if (!here.available()) {
 *     System.out.println(here.skipMessage()); // "real packet loss skipped: nft not installed (apt-get install nftables)"
 *     return;
 * }
 * int port = 8666; // what this JVM dials on loopback: a proxy's listen port, a container's published port
 * try (NftPacketLoss loss = NftPacketLoss.start(port, 0.05, NftPacketLoss.Direction.BOTH)) {
 *     // 5 % of the packets of every TCP connection to 127.0.0.1:8666 (or [::1]:8666) are dropped
 * }
 * }</pre>
 *
 * <p><b>Needs</b> root or {@code CAP_NET_ADMIN}, and {@code nft} (Debian: {@code apt-get install nftables})
 * working against a kernel with nf_tables' inet and bridge families; {@link #availability()} says which is
 * missing.
 *
 * <p><b>Where it matches.</b> By the address this JVM dials ({@code 127.0.0.1:port} or {@code [::1]:port}),
 * wherever the packets of that connection really flow:
 * <ul>
 *   <li>packets delivered to this host (both directions on loopback; a container's replies) are dropped on the
 *       {@code input} hook, matched by their own addresses and ports, at priority 200: after the kernel has
 *       undone a container engine's DNAT, so a reply carries the address dialed. (Not by connection tracking:
 *       a connection opened while the kernel tracked none is picked up mid-stream with its direction guessed.)
 *   <li>packets this host sends on a connection the container engine DNATed (the published port to the
 *       container's address on its bridge: Podman with netavark, Docker without its userland proxy) are chosen
 *       on the {@code output} hook by connection tracking's original destination, marked with
 *       {@link #DROP_MARK}, and dropped as they leave through the bridge (the {@code bridge} family's
 *       {@code output} hook): the kernel does not tell the sender, as a lossy link would not.
 * </ul>
 * Where an engine relays published ports through a process on the host instead (Docker's userland proxy), the
 * JVM's connection ends on loopback and the first rule covers both directions.
 * Nothing is dropped on the IP {@code output} hook itself: the kernel would report such a drop to the sender
 * ({@code EPERM}), and TCP would treat it as local congestion rather than loss.
 *
 * <p><b>Granularity.</b> A drop decision is per packet: on loopback (MTU 65 536, segmentation offload) a packet
 * carries up to 64 KiB, so 2 MB sent is some 32 data packets (plus ACKs), and a given probability costs more per
 * byte than on a 1 500-byte Ethernet link.
 *
 * <p><b>Cleanup.</b> Each instance has tables of its own, {@code inet} and {@code bridge}
 * {@code voiceload_faults_<pid>_<n>}, and removes exactly those: on {@link #close()}, in a shutdown hook if
 * the JVM exits first, and, for a JVM that was killed, at the next {@link #start} on this machine, which
 * removes the tables of {@code voiceload_faults_<pid>_<n>} whose process no longer runs. No other table, chain
 * or rule is ever read for change or touched.
 */
public final class NftPacketLoss implements AutoCloseable {

    /** Which packets of a connection are dropped, as Toxiproxy names a toxic's stream. */
    public enum Direction {
        /** Client to server: the packets towards the port (data sent to the server, the client's ACKs). */
        UPSTREAM,
        /** Server to client: the packets from the port. */
        DOWNSTREAM,
        /** Both, each packet drawn independently. */
        BOTH
    }

    /**
     * Whether real packet loss can be used on this machine, and if not, why.
     *
     * @param available true when every requirement is met
     * @param reason empty when available, else what is missing and how to get it
     */
    public record Availability(boolean available, String reason) {
        static Availability ok() {
            return new Availability(true, "");
        }

        static Availability missing(String reason) {
            return new Availability(false, reason);
        }

        /** The line to print when a caller skips real packet loss. */
        public String skipMessage() {
            return "real packet loss skipped: " + reason;
        }
    }

    /** The packet mark that carries an {@code output}-hook drop decision to the bridge (one bit of it). */
    public static final int DROP_MARK = 0x10000000;

    static final String TABLE_PREFIX = "voiceload_faults_";
    private static final Pattern OUR_TABLE =
            Pattern.compile("^table (inet|bridge) (" + TABLE_PREFIX + "(\\d+)_(\\d+))$", Pattern.MULTILINE);
    private static final Pattern DROP_COUNTER = Pattern.compile("counter packets (\\d+) bytes \\d+ drop");
    private static final int SCALE = 1_000_000;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final long OWN_PID = ProcessHandle.current().pid();

    private final NftCommand nft;
    private final String table;
    private final int port;
    private final double probability;
    private final Direction direction;
    private boolean closed;

    private NftPacketLoss(NftCommand nft, String table, int port, double probability, Direction direction) {
        this.nft = nft;
        this.table = table;
        this.port = port;
        this.probability = probability;
        this.direction = direction;
    }

    /** Whether real packet loss can be used here: privileges, {@code nft} on the PATH, and a kernel that takes our rules. */
    public static Availability availability() {
        return availability(System.getenv("PATH"));
    }

    /** As {@link #availability()}, looking for {@code nft} in {@code pathVariable} (a PATH value). */
    static Availability availability(String pathVariable) {
        var executable = NftCommand.find(pathVariable);
        if (executable.isEmpty()) {
            return Availability.missing("nft not installed (apt-get install nftables)");
        }
        String privileges = privileges();
        if (privileges != null) {
            return Availability.missing(privileges);
        }
        NftCommand nft = new NftCommand(executable.get(), NftCommand.DEFAULT_TIMEOUT);
        try {
            nft.run("list", "tables");
            // check mode: the kernel validates the very rules start() adds (numgen, ct, the bridge family);
            // nothing is created
            nft.check(script(TABLE_PREFIX + OWN_PID + "_0", 1, 0.5, Direction.BOTH));
            return Availability.ok();
        } catch (RuntimeException e) {
            return Availability.missing(e.getMessage());
        }
    }

    /**
     * Starts dropping {@code probability} of the TCP packets of connections to the loopback {@code port}, in
     * {@code direction}, until {@link #close()}. First removes the tables left by JVMs that no longer run.
     *
     * @param port the port this JVM dials on loopback (a proxy's listen port, a container's published port),
     *     1–65535
     * @param probability the share of packets dropped, each drawn independently: more than 0, at most 1 (1 drops
     *     everything: connections in progress stall, new ones time out)
     * @throws IllegalArgumentException for a port or probability out of range
     * @throws IllegalStateException when real loss is not available here ({@link #availability()} says why) or
     *     nft fails (the message names the command and nft's error)
     */
    public static NftPacketLoss start(int port, double probability, Direction direction) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be more than 0 and at most 1, was " + probability);
        }
        Objects.requireNonNull(direction, "direction");
        Availability here = availability();
        if (!here.available()) {
            throw new IllegalStateException("real packet loss unavailable: " + here.reason());
        }
        NftCommand nft =
                new NftCommand(NftCommand.find(System.getenv("PATH")).orElseThrow(), NftCommand.DEFAULT_TIMEOUT);
        sweepLeftovers(nft);
        String table = TABLE_PREFIX + OWN_PID + "_" + SEQUENCE.incrementAndGet();
        NftPacketLoss loss = new NftPacketLoss(nft, table, port, probability, direction);
        Open.register(loss); // before the tables exist: a shutdown from here on removes them
        try {
            nft.apply(script(table, port, probability, direction));
        } catch (RuntimeException e) {
            Open.unregister(loss);
            throw e;
        }
        return loss;
    }

    /** The name of this instance's tables (family {@code inet} and {@code bridge}). */
    public String table() {
        return table;
    }

    public int port() {
        return port;
    }

    public double probability() {
        return probability;
    }

    public Direction direction() {
        return direction;
    }

    /** Packets dropped so far (the drop rules' counters): proof that traffic crossed the port and was hit. */
    public synchronized long droppedPackets() {
        if (closed) {
            throw new IllegalStateException(table + " is closed");
        }
        long dropped = 0;
        for (String family : List.of("inet", "bridge")) {
            Matcher m = DROP_COUNTER.matcher(nft.run("list", "table", family, table));
            while (m.find()) {
                dropped += Long.parseLong(m.group(1));
            }
        }
        return dropped;
    }

    /** Removes this instance's tables (both at once); later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            nft.apply(deleteScript(List.of("table inet " + table, "table bridge " + table)));
        } catch (RuntimeException e) {
            // someone else removed one of them (`nft flush ruleset`), and the transaction failed as a whole:
            // remove what is left of ours
            List<String> left = nft.run("list", "tables")
                    .lines()
                    .map(String::strip)
                    .filter(t -> t.equals("table inet " + table) || t.equals("table bridge " + table))
                    .toList();
            if (!left.isEmpty()) {
                nft.apply(deleteScript(left));
            }
        }
        closed = true;
        Open.unregister(this);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "real packet loss %.4f %s on loopback port %d (nft table %s)",
                probability,
                direction,
                port,
                table);
    }

    /**
     * Removes the tables named {@code voiceload_faults_<pid>_<n>} whose process no longer runs (a JVM that was
     * killed before its shutdown hook ran). Tables of running processes, and tables of any other name, stay.
     *
     * @return the tables removed, as {@code family name}
     */
    static List<String> sweepLeftovers(NftCommand nft) {
        List<String> leftovers = new ArrayList<>();
        Matcher m = OUR_TABLE.matcher(nft.run("list", "tables"));
        while (m.find()) {
            long pid = Long.parseLong(m.group(3));
            if (pid != OWN_PID && !running(pid)) {
                leftovers.add("table " + m.group(1) + " " + m.group(2));
            }
        }
        if (!leftovers.isEmpty()) {
            nft.apply(deleteScript(leftovers));
        }
        return leftovers.stream().map(t -> t.substring("table ".length())).toList();
    }

    /** The ruleset of one instance: one transaction, so either all of it is in place or none. */
    static String script(String table, int port, double probability, Direction direction) {
        long threshold = Math.round(probability * SCALE);
        // numgen draws 0..SCALE-1, and nft refuses a comparison with a value out of that range: all is no draw
        String draw = threshold >= SCALE ? "" : " numgen random mod " + SCALE + " < " + threshold;
        // On input, by the packets' own header, not by connection tracking: a connection opened while the
        // kernel tracked none (no NAT, no ct rule yet on this machine) is picked up mid-stream, with whichever
        // side sent next taken for its originator. At priority 200, after the kernel has undone a container
        // engine's DNAT (on local input, at 100), a container's replies carry the address this JVM dialed.
        List<String> inputs = new ArrayList<>();
        if (direction != Direction.DOWNSTREAM) {
            inputs.add("ip daddr 127.0.0.0/8 tcp dport " + port);
            inputs.add("ip6 daddr ::1 tcp dport " + port);
        }
        if (direction != Direction.UPSTREAM) {
            inputs.add("ip saddr 127.0.0.0/8 tcp sport " + port);
            inputs.add("ip6 saddr ::1 tcp sport " + port);
        }
        StringBuilder s = new StringBuilder();
        s.append("table inet ").append(table).append(" {\n");
        s.append("  chain input {\n");
        s.append("    type filter hook input priority 200; policy accept;\n");
        for (String match : inputs) {
            s.append("    ").append(match).append(draw).append(" counter drop\n");
        }
        s.append("  }\n");
        s.append("  chain output {\n");
        s.append("    type filter hook output priority filter; policy accept;\n");
        if (direction != Direction.DOWNSTREAM) {
            // A connection the engine DNATed to a container: its packets leave through the bridge (not known by the
            // output interface: the output hook sees the one routed before DNAT, lo). DNAT implies the kernel has
            // tracked the connection since its SYN, so its original destination is the address this JVM dialed.
            for (String dialed : List.of("ct original ip daddr 127.0.0.0/8", "ct original ip6 daddr ::1")) {
                s.append("    meta l4proto tcp ")
                        .append(dialed)
                        .append(" ct original proto-dst ")
                        .append(port)
                        .append(" ct status dnat")
                        .append(" ct direction original")
                        .append(draw)
                        .append(" meta mark set meta mark or ")
                        .append(String.format(Locale.ROOT, "0x%08x", DROP_MARK))
                        .append(" counter\n");
            }
        }
        s.append("  }\n");
        s.append("}\n");
        s.append("table bridge ").append(table).append(" {\n");
        s.append("  chain output {\n");
        s.append("    type filter hook output priority filter; policy accept;\n");
        s.append(String.format(Locale.ROOT, "    meta mark & 0x%08x == 0x%08x counter drop%n", DROP_MARK, DROP_MARK));
        s.append("  }\n");
        s.append("}\n");
        return s.toString();
    }

    private static String deleteScript(List<String> tables) {
        StringBuilder s = new StringBuilder();
        for (String t : tables) {
            s.append("delete ").append(t).append('\n');
        }
        return s.toString();
    }

    /**
     * Null when this process has root or {@code CAP_NET_ADMIN}, else why not. The child {@code nft} inherits
     * root's capabilities; a non-root process holding the capability passes it on only as an ambient one,
     * which the check {@code nft list tables} then confirms.
     */
    private static String privileges() {
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            Matcher uid = Pattern.compile("^Uid:\\s+\\d+\\s+(\\d+)", Pattern.MULTILINE)
                    .matcher(status);
            Matcher caps = Pattern.compile("^CapEff:\\s+([0-9a-f]+)", Pattern.MULTILINE)
                    .matcher(status);
            if (uid.find() && uid.group(1).equals("0")) {
                return null;
            }
            final long capNetAdmin = 1L << 12;
            if (caps.find() && (Long.parseUnsignedLong(caps.group(1), 16) & capNetAdmin) != 0) {
                return null;
            }
            return "needs root or CAP_NET_ADMIN (effective uid " + (uid.find(0) ? uid.group(1) : "?") + ")";
        } catch (IOException e) {
            return "not Linux (no /proc/self/status): nftables is Linux's";
        }
    }

    /** True while the process exists and is not a zombie (a zombie holds no table: it is gone but not reaped). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            int end = stat.lastIndexOf(')');
            char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** The instances not yet closed, closed by a shutdown hook if the JVM exits first. */
    private static final class Open {
        private static final Set<NftPacketLoss> INSTANCES = ConcurrentHashMap.newKeySet();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(Open::closeAll, "voiceload-nft-packet-loss-cleanup"));
        }

        static void register(NftPacketLoss loss) {
            INSTANCES.add(loss);
        }

        static void unregister(NftPacketLoss loss) {
            INSTANCES.remove(loss);
        }

        private static void closeAll() {
            for (NftPacketLoss loss : List.copyOf(INSTANCES)) {
                try {
                    loss.close();
                } catch (RuntimeException e) {
                    System.err.println("cannot remove " + loss + ": " + e.getMessage());
                }
            }
        }
    }
}
