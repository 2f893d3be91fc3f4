package io.voiceload.http;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.filter.Filter;
import io.restassured.filter.OrderedFilter;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Objects;
import org.apache.http.impl.client.DefaultHttpClient;
import org.apache.http.impl.conn.PoolingClientConnectionManager;

/**
 * REST Assured set up for test bodies: one shared pool of keep-alive connections, bounded timeouts, the body
 * always read (else a pooled connection is never released and the pool deadlocks once it is exhausted), and a
 * {@link RecordingFilter} so every request is recorded into the current virtual user's metrics.
 *
 * <pre>{@code
 * try (RestAssuredSupport ra = RestAssuredSupport.to(baseUrl)) {
 *     ra.warmUp("/health/live", Duration.ofSeconds(10));
 *     LoadRunner.run(plan, user -> ra.given().get("/calls/{id}", 42).then().statusCode(200));
 *     ra.given().filter(RestAssuredSupport.expectStatus(409)).post("/calls/{id}/answer", 42).then().statusCode(409);
 * }
 * }</pre>
 *
 * <p>Use it for readable functional checks at modest rates: measured here, REST Assured costs milliseconds of
 * CPU per request and needs minutes of traffic before the JIT has compiled its Groovy paths. For load, use
 * {@link Http}. Without REST Assured's defaults (a new connection per request, never closed until the client is
 * garbage collected) connections stay at most {@code maxConnections}.
 */
public final class RestAssuredSupport implements AutoCloseable {
    /** Default pool size. */
    public static final int DEFAULT_MAX_CONNECTIONS = 200;
    /** Default connect, read and pool-wait timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    // REST Assured (5.x and 6.x alike) takes an HttpClient 4 AbstractHttpClient, whose connection managers are the
    // deprecated ClientConnectionManager API: the non-deprecated PoolingHttpClientConnectionManager does not fit it.
    @SuppressWarnings("deprecation")
    private final PoolingClientConnectionManager connections;

    private final RequestSpecification spec;

    @SuppressWarnings("deprecation") // DefaultHttpClient: see the field above
    private RestAssuredSupport(String baseUrl, int maxConnections, Duration timeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (maxConnections < 1 || maxConnections > 10_000) {
            throw new IllegalArgumentException("maxConnections = " + maxConnections + ": must be between 1 and 10000");
        }
        int millis = (int) Http.checkTimeout(timeout, "timeout").toMillis();
        this.connections = new PoolingClientConnectionManager();
        connections.setMaxTotal(maxConnections);
        connections.setDefaultMaxPerRoute(maxConnections);
        RestAssuredConfig config = RestAssuredConfig.config()
                .httpClient(HttpClientConfig.httpClientConfig()
                        .reuseHttpClientInstance()
                        .httpClientFactory(() -> new DefaultHttpClient(connections))
                        .setParam("http.connection.timeout", millis)
                        .setParam("http.socket.timeout", millis)
                        .setParam("http.conn-manager.timeout", (long) millis));
        this.spec = new RequestSpecBuilder()
                .setBaseUri(baseUrl)
                .setConfig(config)
                .addFilter(new RecordingFilter())
                .build();
    }

    /** Pooled REST Assured for {@code baseUrl} with {@value #DEFAULT_MAX_CONNECTIONS} connections, 30 s timeouts. */
    public static RestAssuredSupport to(String baseUrl) {
        return new RestAssuredSupport(baseUrl, DEFAULT_MAX_CONNECTIONS, DEFAULT_TIMEOUT);
    }

    /**
     * Pooled REST Assured for {@code baseUrl}: at most {@code maxConnections} (1..10,000) open connections;
     * {@code timeout} (1 ms..1 h) bounds connecting, waiting for data and waiting for a pooled connection.
     */
    public static RestAssuredSupport to(String baseUrl, int maxConnections, Duration timeout) {
        return new RestAssuredSupport(baseUrl, maxConnections, timeout);
    }

    /** {@code RestAssured.given()} with this base URL, the pool and the recording filter. */
    public RequestSpecification given() {
        return RestAssured.given().spec(spec);
    }

    /** The specification itself, to combine with others ({@code given().spec(a).spec(b)}). */
    public RequestSpecification spec() {
        return spec;
    }

    /**
     * Sends {@code GET path} over and over for {@code time} (at most 10 minutes) from the calling thread, so that
     * the JIT compiles REST Assured's paths before a measured run. Not recorded when called outside a load run.
     * Returns the number of requests sent. Any status is fine; a request that fails to connect stops the warm-up
     * with its exception.
     */
    public long warmUp(String path, Duration time) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(time, "time");
        if (time.isNegative() || time.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("warm-up time = " + time + ": must be between 0 and 10 minutes");
        }
        long deadline = System.nanoTime() + time.toNanos();
        long sent = 0;
        do {
            given().get(path);
            sent++;
        } while (System.nanoTime() - deadline < 0);
        return sent;
    }

    /**
     * A filter that declares the statuses a request expects, for {@link RecordingFilter}: {@code
     * given().filter(expectStatus(409))} records a 409 as a success and anything else as a failure.
     */
    public static Filter expectStatus(int... statuses) {
        if (statuses == null || statuses.length == 0) {
            throw new IllegalArgumentException("expectStatus needs at least one status (100..599)");
        }
        for (int s : statuses) {
            if (s < 100 || s > 599) {
                throw new IllegalArgumentException("expected status " + s + " is not between 100 and 599");
            }
        }
        int[] expected = statuses.clone();
        return new OrderedFilter() {
            @Override
            public io.restassured.response.Response filter(
                    io.restassured.specification.FilterableRequestSpecification request,
                    io.restassured.specification.FilterableResponseSpecification response,
                    io.restassured.filter.FilterContext ctx) {
                ctx.setValue(RecordingFilter.EXPECTED_STATUSES, expected);
                return ctx.next(request, response);
            }

            @Override
            public int getOrder() {
                return HIGHEST_PRECEDENCE;
            }
        };
    }

    /** Closes the pooled connections. */
    @Override
    public void close() {
        connections.shutdown();
    }
}
