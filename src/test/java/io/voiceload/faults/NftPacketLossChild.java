package io.voiceload.faults;

/**
 * A JVM that starts real packet loss on a port, prints {@code TABLE <name>} and then waits for a line on its
 * standard input: {@code exit} ends it by {@link System#exit} without closing (the shutdown hook has to remove
 * the tables); anything else is ignored, and a test kills it outright to leave the tables behind.
 */
public final class NftPacketLossChild {
    private NftPacketLossChild() {}

    public static void main(String[] args) throws Exception {
        NftPacketLoss loss = NftPacketLoss.start(Integer.parseInt(args[0]), 0.5, NftPacketLoss.Direction.BOTH);
        System.out.println("TABLE " + loss.table());
        System.out.flush();
        var in = new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("exit")) {
                System.exit(0);
            }
        }
    }
}
