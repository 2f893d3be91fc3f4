package io.voiceload.toxiproxy;

import java.io.PrintStream;
import java.security.SecureRandom;

/**
 * Command-line flags of the standalone server, read as Go's {@code flag} package reads Toxiproxy's: {@code -host},
 * {@code -port}, {@code -config}, {@code -seed}, {@code -proxy-metrics} (byte counters of every proxy link at
 * {@code GET /metrics}), and the accepted but unimplemented {@code -runtime-metrics}.
 */
record ServerFlags(String host, int port, String config, long seed, boolean proxyMetrics, boolean runtimeMetrics) {
    private static final String USAGE = """
            Usage of toxiproxy-server (voiceload):
              -config string
                    JSON file containing proxies to create on startup
              -host string
                    Host for toxiproxy's API to listen on (default "localhost")
              -port string
                    Port for toxiproxy's API to listen on (default "8474")
              -proxy-metrics
                    enable metrics for proxies (GET /metrics, Prometheus text)
              -runtime-metrics
                    accepted for compatibility; metrics are not implemented
              -seed int
                    Seed for randomizing toxics with (default: random)""";

    /** The flags, or {@code null} after printing the problem and the usage to {@code err} (then exit 2, as Go). */
    static ServerFlags parse(String[] args, PrintStream err) {
        String host = "localhost";
        String port = "8474";
        String config = null;
        long seed = new SecureRandom().nextLong();
        boolean proxyMetrics = false;
        boolean runtimeMetrics = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
                break;
            }
            String name = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            switch (name) {
                case "h", "help" -> {
                    err.println(USAGE);
                    return null;
                }
                case "proxy-metrics" -> proxyMetrics = value == null || Boolean.parseBoolean(value);
                case "runtime-metrics" -> runtimeMetrics = value == null || Boolean.parseBoolean(value);
                case "host", "port", "config", "seed" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            return fail(err, "flag needs an argument: -" + name);
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "host" -> host = value;
                        case "port" -> port = value;
                        case "config" -> config = value;
                        default -> {
                            try {
                                seed = Long.parseLong(value);
                            } catch (NumberFormatException e) {
                                return fail(err, "invalid value \"" + value + "\" for flag -seed: parse error");
                            }
                        }
                    }
                }
                default -> {
                    return fail(err, "flag provided but not defined: -" + name);
                }
            }
        }
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            return fail(err, "invalid port: " + port);
        }
        return new ServerFlags(host, portNumber, config, seed, proxyMetrics, runtimeMetrics);
    }

    private static ServerFlags fail(PrintStream err, String problem) {
        err.println(problem);
        err.println(USAGE);
        return null;
    }
}
