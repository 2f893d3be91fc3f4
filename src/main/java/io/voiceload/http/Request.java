package io.voiceload.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One request being built: headers, query, body, expectations, then {@link #send()}. Single use and confined to
 * the thread that built it (a virtual user); get a new one from {@link Http#get} and friends per request.
 *
 * <pre>{@code
 * Response r = http.post("/calls").header("Authorization", token).json(Map.of("guestRoom", "1204")).expect(201).send();
 * http.delete("/calls/{id}", id).expect(204, 404).send();
 * }</pre>
 *
 * <p>Status handling: by default a 2xx or 3xx status is a success and anything else fails the request: it is
 * recorded as a failure of kind {@code HTTP <status>} and {@link #send()} throws {@link HttpStatusException}. With
 * {@link #expect(int...)} exactly the listed statuses succeed (an expected 409 is a success). With {@link
 * #allowAnyStatus()} no status throws, and only 5xx is recorded as a failure.
 */
public final class Request {
    private final Http http;
    private final String method;
    private final String template;
    private final String path;
    private StringBuilder query;
    private List<String> headers;
    private byte[] body;
    private Duration timeout;
    private int[] expected;
    private boolean anyStatus;
    private String name;

    Request(Http http, String method, String template, Object... params) {
        this.http = http;
        this.method = method;
        this.template = template;
        this.path = PathTemplate.expand(template, params);
    }

    /** Adds header {@code name: value} (after the client's default headers, which it replaces if named alike). */
    public Request header(String name, String value) {
        Objects.requireNonNull(name, "header name");
        Objects.requireNonNull(value, () -> "value of header " + name);
        if (headers == null) {
            headers = new ArrayList<>(4);
        }
        headers.add(name);
        headers.add(value);
        return this;
    }

    /** Adds query parameter {@code name=value} (form-encoded); the recorded name stays the template. */
    public Request query(String name, Object value) {
        Objects.requireNonNull(name, "query parameter name");
        Objects.requireNonNull(value, () -> "value of query parameter " + name);
        if (query == null) {
            query = new StringBuilder();
        } else {
            query.append('&');
        }
        query.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        return this;
    }

    /**
     * Sends {@code value} as JSON ({@code Content-Type: application/json}): a {@code String} is sent as it is
     * (already JSON), anything else is serialised with Jackson (maps, records, {@code JsonNode}s).
     */
    public Request json(Object value) {
        Objects.requireNonNull(value, "json body");
        byte[] bytes;
        if (value instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                bytes = Response.MAPPER.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        Recording.name(method, template) + ": cannot serialise "
                                + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(),
                        e);
            }
        }
        return body(bytes, "application/json");
    }

    /** Sends {@code bytes} with {@code Content-Type: contentType}. */
    public Request body(byte[] bytes, String contentType) {
        Objects.requireNonNull(bytes, "body");
        Objects.requireNonNull(contentType, "content type");
        this.body = bytes;
        return header("Content-Type", contentType);
    }

    /** Sends {@code text} as UTF-8 with {@code Content-Type: contentType}. */
    public Request body(String text, String contentType) {
        return body(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /**
     * How long this request may wait without response data, instead of the client's {@linkplain
     * Http.Builder#requestTimeout request timeout}. Positive, at most one hour.
     */
    public Request timeout(Duration timeout) {
        this.timeout = Http.checkTimeout(timeout, "request timeout");
        return this;
    }

    /** Exactly these statuses succeed; any other fails the request (recorded as {@code HTTP <status>}, thrown). */
    public Request expect(int... statuses) {
        if (statuses == null || statuses.length == 0) {
            throw new IllegalArgumentException(
                    Recording.name(method, template) + ": expect() needs at least one status (100..599)");
        }
        for (int s : statuses) {
            if (s < 100 || s > 599) {
                throw new IllegalArgumentException(
                        Recording.name(method, template) + ": expected status " + s + " is not between 100 and 599");
            }
        }
        this.expected = statuses.clone();
        this.anyStatus = false;
        return this;
    }

    /** No status throws; the caller checks it. A 5xx is still recorded as a failure (the server failed). */
    public Request allowAnyStatus() {
        this.anyStatus = true;
        this.expected = null;
        return this;
    }

    /** Records under {@code name} instead of {@code METHOD /template} (to tell apart calls of one route). */
    public Request name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("request name must not be blank");
        }
        this.name = name;
        return this;
    }

    /**
     * Sends the request, blocks until the whole response has arrived (cheap on a virtual thread), records one
     * sample into the current virtual user's metrics and returns the response.
     *
     * @throws HttpStatusException if the status was not expected (see the class comment)
     * @throws RequestTimeoutException if no response came within the timeout
     * @throws HttpTransportException if the connection could not be made or broke
     */
    public Response send() {
        return http.execute(this);
    }

    // -- read by Http -------------------------------------------------------------------------------------------

    String method() {
        return method;
    }

    String recordedName() {
        return name != null ? name : http.nameOf(method, template);
    }

    String pathAndQuery() {
        return query == null ? path : path + '?' + query;
    }

    List<String> headerPairs() {
        return headers == null ? List.of() : headers;
    }

    byte[] bodyOrNull() {
        return body;
    }

    Duration timeoutOrNull() {
        return timeout;
    }

    /** Whether {@code status} fails the request, per the rules in the class comment. */
    boolean fails(int status) {
        if (anyStatus) {
            return status >= 500;
        }
        if (expected != null) {
            for (int s : expected) {
                if (s == status) {
                    return false;
                }
            }
            return true;
        }
        return status >= 400;
    }

    boolean throwsOnFailure() {
        return !anyStatus;
    }

    String expectation() {
        if (anyStatus) {
            return "any status but 5xx";
        }
        return expected != null ? Arrays.toString(expected) : "2xx or 3xx";
    }
}
