package io.voiceload.toxiproxy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A TCP address as Go's {@code net.TCPAddr}, and {@code host:port} strings the way Go's {@code net} package reads and
 * prints them, because Toxiproxy reports addresses in that form ({@code localhost:0} becomes {@code 127.0.0.1:40123},
 * a wildcard becomes {@code [::]:N}) and compares listen addresses after resolving them. (The framework's own
 * address, a host name and a port as configured, is {@code io.voiceload.infra.HostPort}; this package uses none of
 * the framework's types.)
 *
 * @param ip {@code null} when the host part is empty (all interfaces)
 */
record GoTcpAddress(InetAddress ip, int port) {

    /** A failure with Go's wording, e.g. {@code address foo: missing port in address}. */
    static final class AddressException extends Exception {
        AddressException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Resolves like Go's {@code net.ResolveTCPAddr("tcp", address)}: literal IPs as they are, host names through the
     * resolver with IPv4 preferred, an empty string as "all interfaces, port 0".
     */
    static GoTcpAddress resolve(String address) throws AddressException {
        if (address.isEmpty()) {
            return new GoTcpAddress(null, 0);
        }
        String[] parts = split(address);
        int port = parsePort(address, parts[1]);
        if (parts[0].isEmpty()) {
            return new GoTcpAddress(null, port);
        }
        return new GoTcpAddress(lookup(parts[0]).get(0), port);
    }

    /** Dials {@code address} (Go's {@code net.Dial("tcp", …)}): every resolved address in turn, IPv4 first. */
    static SocketChannel dial(String address) throws IOException {
        List<InetAddress> candidates;
        int port;
        try {
            String[] parts = split(address);
            port = parsePort(address, parts[1]);
            candidates = parts[0].isEmpty() ? List.of(InetAddress.getLoopbackAddress()) : lookup(parts[0]);
        } catch (AddressException e) {
            throw new IOException("dial tcp " + address + ": " + e.getMessage());
        }
        IOException last = null;
        for (InetAddress ip : candidates) {
            try {
                return SocketChannel.open(new InetSocketAddress(ip, port));
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Where to bind: the wildcard (dual-stack) for an empty or unspecified host, as Go listens then. */
    InetSocketAddress bindAddress() {
        return ip == null || ip.isAnyLocalAddress() ? new InetSocketAddress(port) : new InetSocketAddress(ip, port);
    }

    /** Go's {@code TCPAddr.String()}: {@code 127.0.0.1:80}, {@code [::1]:80}, {@code :80} without a host. */
    @Override
    public String toString() {
        return ip == null ? ":" + port : format(ip) + ":" + port;
    }

    /** A bound listener's address as Go reports it: a wildcard listener is dual-stack, {@code [::]:port}. */
    static String formatBound(InetSocketAddress bound) {
        if (bound.getAddress().isAnyLocalAddress()) {
            return "[::]:" + bound.getPort();
        }
        return new GoTcpAddress(bound.getAddress(), bound.getPort()).toString();
    }

    static String format(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        return "[" + compressIpv6(ip.getAddress()) + "]";
    }

    /** RFC 5952 text, as Go prints IPv6: lower case, the longest run of two or more zero groups as {@code ::}. */
    static String compressIpv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** Go's {@code net.SplitHostPort}, with its error texts. */
    private static String[] split(String address) throws AddressException {
        String host;
        String rest;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close < 0) {
                throw addressError(address, "missing ']' in address");
            }
            host = address.substring(1, close);
            rest = address.substring(close + 1);
            if (rest.isEmpty()) {
                throw addressError(address, "missing port in address");
            }
            if (rest.charAt(0) != ':') {
                throw addressError(address, "unexpected ']' in address");
            }
            if (rest.indexOf(':', 1) >= 0) {
                throw addressError(address, "too many colons in address");
            }
            return new String[] {host, rest.substring(1)};
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw addressError(address, "missing port in address");
        }
        host = address.substring(0, colon);
        if (host.indexOf(':') >= 0) {
            throw addressError(address, "too many colons in address");
        }
        if (host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
            throw addressError(address, "unexpected '[' in address");
        }
        return new String[] {host, address.substring(colon + 1)};
    }

    private static int parsePort(String address, String port) throws AddressException {
        if (port.isEmpty()) {
            return 0;
        }
        if (port.chars().allMatch(Character::isDigit)) {
            if (port.length() > 5 || Integer.parseInt(port) > 65535) {
                throw addressError(address, "invalid port");
            }
            return Integer.parseInt(port);
        }
        throw new AddressException("lookup tcp/" + port + ": unknown port");
    }

    private static List<InetAddress> lookup(String host) throws AddressException {
        try {
            List<InetAddress> all = new ArrayList<>(Arrays.asList(InetAddress.getAllByName(host)));
            all.sort((a, b) -> Boolean.compare(!(a instanceof Inet4Address), !(b instanceof Inet4Address)));
            return all;
        } catch (UnknownHostException | SecurityException e) {
            throw new AddressException("lookup " + host + ": no such host");
        }
    }

    private static AddressException addressError(String address, String problem) {
        return new AddressException("address " + address + ": " + problem);
    }

    /** Go's text for a failed bind, e.g. {@code bind: address already in use}. */
    static String bindProblem(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "bind: " + message.toLowerCase(Locale.ROOT).replace(" (bind failed)", "");
    }
}
