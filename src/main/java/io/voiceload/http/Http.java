package io.voiceload.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The fast HTTP/1.1 client for load test bodies: a shared keep-alive connection pool to one base URL, a small
 * fluent API that blocks cheaply on virtual threads, and one recorded sample per request in the current
 * virtual user's metrics ({@code GET /calls/{id}}), so the body needs no timing code.
 *
 * <pre>{@code
 * try (Http http = Http.builder(baseUrl)
 *         .defaultHeader("Authorization", () -> (String) VirtualUser.current()     // each user's own token
 *                 .map(u -> u.attributes().get("authorization")).orElse(null))
 *         .build()) {
 *     LoadRunner.run(plan, user -> {
 *         Response created = http.post("/calls").json(Map.of("guestRoom", "1204")).expect(201).send();
 *         http.get("/calls/{id}", created.json().get("id").asText()).send();
 *     });
 * }
 * }</pre>
 *
 * <p>Underneath, for {@code http://}, is {@link Transport#RAW}: a hand-written HTTP/1.1 client on blocking
 * sockets of the calling virtual thread (about 11–14 µs of CPU per request in {@code HttpClientBenchmark},
 * 72–90k requests/s from one core against a trivial server, 0.76–0.94× wrk). For {@code https://} it is
 * {@link Transport#VERTX}, the Vert.x core HttpClient (Netty) on its own event loop(s) (about 23 µs per
 * request); {@link Builder#transport(Transport)} picks one explicitly. Thread-safe: share one instance among
 * all virtual users; {@link #close()} releases the connections and threads.
 *
 * <p>Limitations: HTTP/1.1 only; redirects are not followed; TLS (Vert.x transport only) uses the JVM's default
 * trust.
 */
public final class Http implements AutoCloseable {
    /** Default time to establish a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default time a request may wait without response data before it fails. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default pool size; a closed-model run never opens more connections than it has users. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;

    /**
     * Default of {@link Builder#maxIdleTime}: a keep-alive connection unused for this long is not reused. Below
     * the idle timeouts servers commonly close connections after (Node.js 5 s, Jetty 30 s, nginx 75 s), so a
     * request never meets a connection the server has closed meanwhile; such a request fails if it is not
     * idempotent (it cannot be sent again safely).
     */
    public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofSeconds(4);

    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    private static final int MAX_CACHED_NAMES = 10_000;

    private final String baseUrl;
    private final String basePath;
    private final List<DefaultHeader> defaultHeaders;
    private final long requestTimeoutMillis;
    private final TransportClient transport;
    private final Transport transportKind;
    /** Recorded names by method and template: one String per route, its hash computed once. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> names = new ConcurrentHashMap<>();

    private volatile boolean closed;

    private Http(Builder b) {
        this.baseUrl = b.baseUrl;
        URI uri = b.uri;
        boolean ssl = uri.getScheme().equalsIgnoreCase("https");
        Transport chosen = b.transport != null ? b.transport : ssl ? Transport.VERTX : Transport.RAW;
        if (ssl && chosen == Transport.RAW) {
            throw new IllegalArgumentException("baseUrl '" + baseUrl + "': Transport.RAW speaks plain http:// only"
                    + " (no TLS); use Transport.VERTX (the default for https://)");
        }
        this.transportKind = chosen;
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String p = uri.getRawPath() == null ? "" : uri.getRawPath();
        this.basePath = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        this.defaultHeaders = List.copyOf(b.defaultHeaders);
        this.requestTimeoutMillis = b.requestTimeout.toMillis();
        long connectTimeoutMillis = b.connectTimeout.toMillis();
        this.transport = chosen == Transport.RAW
                ? new RawTransport(host, port, connectTimeoutMillis, b.maxConnections, b.maxIdleTime.toNanos())
                : new VertxTransport(
                        host, port, ssl, connectTimeoutMillis, b.eventLoops, b.maxConnections, b.maxIdleTime);
    }

    /** The transport in use: {@link Transport#RAW} for {@code http://}, {@link Transport#VERTX} for {@code https://}, unless the builder chose. */
    public Transport transport() {
        return transportKind;
    }

    /** A client for {@code baseUrl} ({@code http://127.0.0.1:8080} or with a path prefix) with the defaults. */
    public static Http to(String baseUrl) {
        return builder(baseUrl).build();
    }

    /** A builder for a client of {@code baseUrl}: pool size, timeouts, default headers. */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** {@code GET template} with the template's {@code {placeholders}} filled by {@code pathParams} in order. */
    public Request get(String template, Object... pathParams) {
        return request("GET", template, pathParams);
    }

    /** {@code POST template}. */
    public Request post(String template, Object... pathParams) {
        return request("POST", template, pathParams);
    }

    /** {@code PUT template}. */
    public Request put(String template, Object... pathParams) {
        return request("PUT", template, pathParams);
    }

    /** {@code PATCH template}. */
    public Request patch(String template, Object... pathParams) {
        return request("PATCH", template, pathParams);
    }

    /** {@code DELETE template}. */
    public Request delete(String template, Object... pathParams) {
        return request("DELETE", template, pathParams);
    }

    /** {@code HEAD template}. */
    public Request head(String template, Object... pathParams) {
        return request("HEAD", template, pathParams);
    }

    /** A request with any method ({@code OPTIONS}, …). */
    public Request request(String method, String template, Object... pathParams) {
        Objects.requireNonNull(method, "method");
        return new Request(this, method.toUpperCase(Locale.ROOT), template, pathParams);
    }

    /** The base URL requests are sent to. */
    public String baseUrl() {
        return baseUrl;
    }

    String nameOf(String method, String template) {
        ConcurrentHashMap<String, String> byTemplate = names.computeIfAbsent(method, m -> new ConcurrentHashMap<>());
        String name = byTemplate.get(template);
        if (name == null) {
            name = Recording.name(method, template);
            if (byTemplate.size() < MAX_CACHED_NAMES) { // concrete paths passed as templates must not grow it
                byTemplate.putIfAbsent(template, name);
            }
        }
        return name;
    }

    Response execute(Request r) {
        String name = r.recordedName();
        if (closed) {
            throw new IllegalStateException(name + ": this Http client is closed");
        }
        long timeoutMillis = r.timeoutOrNull() == null
                ? requestTimeoutMillis
                : r.timeoutOrNull().toMillis();
        List<String> requestPairs = r.headerPairs();
        List<String> headers = new ArrayList<>(defaultHeaders.size() * 2 + requestPairs.size());
        for (DefaultHeader h : defaultHeaders) {
            String value = h.value.get();
            if (value != null && !namedIn(requestPairs, h.name)) {
                headers.add(h.name);
                headers.add(value);
            }
        }
        headers.addAll(requestPairs);
        String target = basePath.isEmpty() ? r.pathAndQuery() : basePath + r.pathAndQuery();
        long start = System.nanoTime();
        Reply reply;
        try {
            reply = transport.exchange(r.method(), target, headers, r.bodyOrNull(), timeoutMillis, name);
        } catch (HttpTransportException failure) {
            Recording.record(name, System.nanoTime() - start, failure);
            throw failure;
        }
        long nanos = System.nanoTime() - start;
        Response response = new Response(name, r.pathAndQuery(), reply.status(), reply.headers(), reply.body(), nanos);
        if (r.fails(reply.status())) {
            HttpStatusException failure = new HttpStatusException(response, r.expectation());
            Recording.record(name, nanos, failure);
            if (r.throwsOnFailure()) {
                throw failure;
            }
        } else {
            Recording.record(name, nanos, null);
        }
        return response;
    }

    /** Whether {@code pairs} (name, value, …) has a header called {@code name}: it replaces the default. */
    private static boolean namedIn(List<String> pairs, String name) {
        for (int i = 0; i < pairs.size(); i += 2) {
            if (pairs.get(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Closes every connection and stops the client's threads (waits at most 10 s). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        transport.close();
    }

    @Override
    public String toString() {
        return "Http[" + baseUrl + "]";
    }

    static Duration checkTimeout(Duration timeout, String what) {
        Objects.requireNonNull(timeout, what);
        if (timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(what + " = " + timeout + ": must be between 1 ms and 1 h");
        }
        return timeout;
    }

    private record DefaultHeader(String name, Supplier<String> value) {}

    /** Builds an {@link Http}; every setting is checked when it is set. */
    public static final class Builder {
        private final String baseUrl;
        private final URI uri;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int eventLoops = 1;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration maxIdleTime = DEFAULT_MAX_IDLE_TIME;
        private Transport transport; // null: by scheme
        private final List<DefaultHeader> defaultHeaders = new ArrayList<>();

        private Builder(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            URI parsed;
            try {
                parsed = URI.create(baseUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baseUrl '" + baseUrl + "' is not a URL: " + e.getMessage(), e);
            }
            if (parsed.getScheme() == null
                    || !(parsed.getScheme().equalsIgnoreCase("http")
                            || parsed.getScheme().equalsIgnoreCase("https"))
                    || parsed.getHost() == null) {
                throw new IllegalArgumentException(
                        "baseUrl '" + baseUrl + "' must be http://host[:port][/path] or https://…");
            }
            if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl '" + baseUrl + "' must not have a query or fragment");
            }
            this.baseUrl = baseUrl;
            this.uri = parsed;
        }

        /**
         * The most connections kept open (1..100,000; default {@value #DEFAULT_MAX_CONNECTIONS}). Requests beyond
         * it wait for a free connection. A closed-model run needs no more than its users.
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1 || maxConnections > 100_000) {
                throw new IllegalArgumentException(
                        "maxConnections = " + maxConnections + ": must be between 1 and 100000");
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * Event-loop threads doing the network I/O (1..64; default 1, which drives tens of thousands of requests
         * per second; more only help when the generator has spare cores).
         */
        public Builder eventLoops(int eventLoops) {
            if (eventLoops < 1 || eventLoops > 64) {
                throw new IllegalArgumentException("eventLoops = " + eventLoops + ": must be between 1 and 64");
            }
            this.eventLoops = eventLoops;
            return this;
        }

        /**
         * How long a keep-alive connection may sit unused in the pool and still be reused (1 ms..1 h; default 4 s,
         * {@link #DEFAULT_MAX_IDLE_TIME}); older ones are closed and replaced. Keep it below the server's own idle
         * timeout: a server closing a pooled connection just as a request goes out on it makes that request fail
         * (an idempotent one is retried once on a new connection, a {@code POST} is not).
         */
        public Builder maxIdleTime(Duration maxIdleTime) {
            this.maxIdleTime = checkTimeout(maxIdleTime, "maxIdleTime");
            return this;
        }

        /** Time to establish a connection (1 ms..1 h; default 5 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = checkTimeout(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Time a request may wait without response data before it fails with {@link RequestTimeoutException}
         * (1 ms..1 h; default 30 s). A request never blocks much longer than the connect timeout (which also
         * bounds the wait for a pooled connection) plus this.
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = checkTimeout(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * What moves the bytes (default: {@link Transport#RAW} for {@code http://}, {@link Transport#VERTX} for
         * {@code https://}). {@link Transport#RAW} is the hand-written
         * HTTP/1.1 client, cheaper per request, for {@code http://} only ({@link #build()} refuses {@code
         * https://}); with it {@link #eventLoops} has no effect (the calling virtual threads do the I/O) and the
         * {@linkplain #requestTimeout request timeout} bounds the whole exchange, not only the silence between
         * response bytes.
         */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** A header sent with every request. */
        public Builder defaultHeader(String name, String value) {
            Objects.requireNonNull(value, () -> "value of default header " + name);
            return defaultHeader(name, () -> value);
        }

        /**
         * A header computed per request on the sending thread, e.g. the current virtual user's token; a {@code
         * null} value leaves the header out of that request.
         */
        public Builder defaultHeader(String name, Supplier<String> value) {
            Objects.requireNonNull(name, "default header name");
            Objects.requireNonNull(value, () -> "value supplier of default header " + name);
            defaultHeaders.add(new DefaultHeader(name, value));
            return this;
        }

        public Http build() {
            return new Http(this);
        }
    }
}
