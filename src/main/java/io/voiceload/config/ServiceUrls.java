package io.voiceload.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of the addresses of existing servers ({@link PostgresUrl}, {@link RedisUrl}, {@link ToxiproxyUrl}). */
final class ServiceUrls {

    /** {@code user:password@} in an authority: the password is what {@link #redact} masks. */
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/@:]*:)([^/@]*)(@)");

    /** {@code password=...} in a query string. */
    private static final Pattern QUERY_PASSWORD =
            Pattern.compile("((?:[?&])password=)([^&]*)", Pattern.CASE_INSENSITIVE);

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");

    /** The pieces of {@code scheme://[user[:password]@]host[:port][/path][?query]}, decoded. */
    record Parts(
            String scheme,
            String user,
            String password,
            String host,
            int port,
            String path,
            Map<String, String> query) {}

    private ServiceUrls() {}

    /** Blank or {@code auto}: no existing server, the suite starts one. */
    static boolean isAuto(String text) {
        return text == null || text.isBlank() || text.strip().equalsIgnoreCase("auto");
    }

    /** The address with any password replaced by {@code ***}, for messages and logs. */
    static String redact(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO_PASSWORD
                .matcher(text)
                .replaceAll(
                        m -> Matcher.quoteReplacement(m.group(1) + (m.group(2).isEmpty() ? "" : "***") + m.group(3)));
        return QUERY_PASSWORD.matcher(masked).replaceAll("$1***");
    }

    /**
     * Splits an address into its parts.
     *
     * @param text the address without any {@code jdbc:} prefix
     * @param where starts every error message, e.g. {@code -Dloadtest.redis.url=redis://x:0}
     * @param usage how a correct address looks, ends every error message
     * @param defaultPort used when the address names no port
     */
    static Parts parse(String text, String where, String usage, int defaultPort) {
        try {
            return split(text, where, usage, defaultPort);
        } catch (IllegalArgumentException e) {
            // URLDecoder: a % not followed by two hex digits
            throw new ConfigException(where + ": bad %-escape (" + e.getMessage() + "); " + usage);
        }
    }

    private static Parts split(String text, String where, String usage, int defaultPort) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new ConfigException(where + ": not an address (" + e.getReason() + "); " + usage);
        }
        if (uri.getScheme() == null || uri.isOpaque() || uri.getRawAuthority() == null) {
            throw new ConfigException(where + ": not an address of the form scheme://host:port; " + usage);
        }
        String authority = uri.getRawAuthority();
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            user = user.isEmpty() ? null : user;
        }
        if (authority.contains(",")) {
            throw new ConfigException(where + ": several hosts (\"" + authority + "\"); give exactly one; " + usage);
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new ConfigException(where + ": unclosed [ in the IPv6 host; " + usage);
            }
            host = authority.substring(1, close);
            String rest = authority.substring(close + 1);
            if (rest.startsWith(":")) {
                portText = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw new ConfigException(where + ": unexpected \"" + rest + "\" after the host; " + usage);
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
            if (!host.isEmpty() && !HOST.matcher(host).matches()) {
                throw new ConfigException(where + ": \"" + host + "\" is not a host name or address; " + usage);
            }
        }
        if (host.isEmpty()) {
            throw new ConfigException(where + ": no host; " + usage);
        }
        int port = defaultPort;
        if (portText != null) {
            port = port(portText, where, usage);
        }
        String path = uri.getRawPath() == null ? "" : decode(uri.getRawPath());
        return new Parts(
                uri.getScheme().toLowerCase(Locale.ROOT), user, password, host, port, path, query(uri.getRawQuery()));
    }

    static int port(String text, String where, String usage) {
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new ConfigException(
                    where + ": port \"" + text + "\" must be a whole number from 1 to 65535; " + usage);
        }
        return Integer.parseInt(text);
    }

    /** {@code host:port}, with brackets around an IPv6 address. */
    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Percent-encodes user names and passwords written back into an address. */
    static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
