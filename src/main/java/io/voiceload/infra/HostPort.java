package io.voiceload.infra;

import java.util.Objects;

/**
 * A TCP address as this JVM dials it.
 *
 * @param host host name or address (IPv6 without brackets)
 * @param port TCP port, 1 to 65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535: " + port);
        }
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port} or {@code :port} (no host: {@code 127.0.0.1}), as
     * Toxiproxy reports a proxy's listen address.
     */
    public static HostPort parse(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not host:port: " + text);
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new HostPort(host.isEmpty() ? "127.0.0.1" : host, Integer.parseInt(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not host:port: " + text, e);
        }
    }

    /** True for addresses that mean "every interface" ({@code 0.0.0.0}, {@code ::}). */
    boolean isWildcard() {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** True for {@code localhost}, {@code 127.x.x.x} and {@code ::1}. */
    public boolean isLoopback() {
        return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    /** {@code host:port}, with brackets around an IPv6 address. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
