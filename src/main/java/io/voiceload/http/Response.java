package io.voiceload.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A complete HTTP response: status, headers and the whole body (read before {@link Request#send()} returned, so
 * the connection is back in the pool). Immutable and safe to pass between threads; check it with {@link
 * HttpAssertions#assertThat(Response)}.
 */
public final class Response {
    /** Lenient on reading: a test's record names the fields it cares about, not every field of a response. */
    static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String name;
    private final String path;
    private final int status;
    private final MultiMap headers;
    private final byte[] body;
    private final long latencyNanos;
    private volatile JsonNode json;

    Response(String name, String path, int status, MultiMap headers, byte[] body, long latencyNanos) {
        this.name = name;
        this.path = path;
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.latencyNanos = latencyNanos;
    }

    /** The recorded name of the request: {@code GET /calls/{id}}. */
    public String name() {
        return name;
    }

    /** The concrete path and query that was sent: {@code /calls/42?verbose=true}. */
    public String path() {
        return path;
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** {@code 2xx}, {@code 4xx}, …. */
    public String statusClass() {
        return Recording.statusClass(status);
    }

    /** The first value of header {@code name} (case-insensitive), or {@code null} if absent. */
    public String header(String name) {
        return headers.get(name);
    }

    /** Every value of header {@code name} (case-insensitive), in the order received; empty if absent. */
    public List<String> headers(String name) {
        return headers.getAll(name);
    }

    /** Every header, names in lower case, values in the order received. */
    public Map<String, List<String>> headers() {
        // Built on demand: most load bodies never look at headers, and copying them per response costs.
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : headers) {
            all.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(e.getValue());
        }
        all.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(all);
    }

    /** A copy of the body. */
    public byte[] bodyBytes() {
        return body.clone();
    }

    /** Body length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body parsed as JSON (parsed once, then cached).
     *
     * @throws IllegalStateException if the body is not JSON; the message quotes its start
     */
    public JsonNode json() {
        JsonNode node = json;
        if (node == null) {
            try {
                node = MAPPER.readTree(body);
            } catch (IOException e) {
                throw notJson(e);
            }
            if (node == null || node.isMissingNode()) {
                throw notJson(null);
            }
            json = node;
        }
        return node;
    }

    /** The body mapped onto {@code type} with Jackson; fields {@code type} does not have are ignored. */
    public <T> T as(Class<T> type) {
        Objects.requireNonNull(type, "type");
        try {
            return MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    name + ": body does not map onto " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    /** From just before the request was handed to the client until the whole body had arrived on this thread. */
    public Duration latency() {
        return Duration.ofNanos(latencyNanos);
    }

    private IllegalStateException notJson(Exception cause) {
        String text = text();
        return new IllegalStateException(
                name + " (" + path + "): body is not JSON: "
                        + (text.isEmpty() ? "(empty)" : text.length() > 120 ? text.substring(0, 120) + "…" : text),
                cause);
    }

    @Override
    public String toString() {
        return name + " (" + path + ") -> " + status + ", " + body.length + " bytes";
    }
}
