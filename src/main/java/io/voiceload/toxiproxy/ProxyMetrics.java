package io.voiceload.toxiproxy;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Toxiproxy's proxy metrics ({@code -proxy-metrics}): for each proxy link, the bytes the proxy received from one side
 * and sent to the other, as upstream's {@code toxiproxy_proxy_received_bytes_total} and
 * {@code toxiproxy_proxy_sent_bytes_total} counters with the labels {@code direction}, {@code listener},
 * {@code proxy} and {@code upstream}. In the upstream direction the proxy receives from the client and sends to the
 * server; downstream the other way round. Bytes a toxic holds back or drops are received but not sent.
 *
 * <p>Counted always (a {@link LongAdder} add per read and per write); served at {@code GET /metrics} in the
 * Prometheus text format only when the flag is on, as upstream. A series stays once created, also after its proxy is
 * deleted or moved, as Prometheus counters do.
 */
final class ProxyMetrics {
    static final String RECEIVED = "toxiproxy_proxy_received_bytes_total";
    static final String SENT = "toxiproxy_proxy_sent_bytes_total";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** The labels of one series; a proxy moved to another listen or upstream address starts new series. */
    record Series(String proxy, String listener, String upstream, Direction direction) {}

    /** The two counters of one link direction. */
    static final class Counters {
        final LongAdder received = new LongAdder();
        final LongAdder sent = new LongAdder();
    }

    private final Map<Series, Counters> series = new ConcurrentHashMap<>();

    /** The counters of a proxy's direction at its current addresses; created on first use. */
    Counters counters(String proxy, String listener, String upstream, Direction direction) {
        return series.computeIfAbsent(new Series(proxy, listener, upstream, direction), s -> new Counters());
    }

    /** The Prometheus text exposition of every series, sorted by labels as Go's client sorts them. */
    byte[] exposition() {
        var sorted = series.entrySet().stream()
                .sorted(Comparator.comparing(
                                (Map.Entry<Series, Counters> e) -> e.getKey().direction().wireName)
                        .thenComparing(e -> e.getKey().listener())
                        .thenComparing(e -> e.getKey().proxy())
                        .thenComparing(e -> e.getKey().upstream()))
                .toList();
        StringBuilder out = new StringBuilder();
        family(out, RECEIVED, "The total number of bytes received on a given proxy link in a given direction");
        for (var e : sorted) {
            sample(out, RECEIVED, e.getKey(), e.getValue().received.sum());
        }
        family(out, SENT, "The total number of bytes sent on a given proxy link in a given direction");
        for (var e : sorted) {
            sample(out, SENT, e.getKey(), e.getValue().sent.sum());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void family(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
    }

    private static void sample(StringBuilder out, String name, Series s, long value) {
        out.append(name)
                .append("{direction=\"")
                .append(escape(s.direction().wireName))
                .append("\",listener=\"")
                .append(escape(s.listener()))
                .append("\",proxy=\"")
                .append(escape(s.proxy()))
                .append("\",upstream=\"")
                .append(escape(s.upstream()))
                .append("\"} ")
                .append(value)
                .append('\n');
    }

    /** The text format's label value escapes: backslash, double quote and line feed. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
