package io.voiceload.platform.pms;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * HTTP to the upstream PMS with a Resilience4j circuit breaker per endpoint and failover: each call goes
 * to the primary unless its breaker is open, and on a failure (connection refused or reset, timeout, 5xx)
 * to the secondary. A 4xx answer is a valid answer (the PMS works) and counts as a success. Both
 * unavailable: {@link PmsUnavailableException}.
 *
 * <p>Writes fail over too: the connector's only write (a guest update) sets fields, so repeating it on
 * the secondary after a primary timeout has the same effect (the version may rise twice).
 *
 * <p>Uses the JDK {@link HttpClient}: the connector's rates are low, and its connect and request
 * timeouts are all we need. Thread-safe.
 */
final class PmsClient implements AutoCloseable {

    /** One upstream PMS, with its breaker and cumulative counters. */
    static final class Endpoint {
        final String name;
        final URI baseUrl;
        final CircuitBreaker breaker;
        final LongAdder calls = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder timeouts = new LongAdder();
        final LongAdder notPermitted = new LongAdder();

        Endpoint(String name, URI baseUrl, CircuitBreakerConfig config) {
            this.name = name;
            this.baseUrl = baseUrl;
            this.breaker = CircuitBreaker.of("pms-" + name, config);
        }

        /** Breaker state as the admin endpoint shows it: closed, open, half_open, ... */
        String state() {
            return breaker.getState().name().toLowerCase(Locale.ROOT);
        }
    }

    /** A PMS answer below 500, and which endpoint gave it. */
    record Answer(int status, String body, String endpoint) {}

    private final PmsOptions options;
    /** The planted bug {@link PmsFaults#noTimeout()}: no connect or request timeout. */
    private final boolean noTimeout;

    private final HttpClient http;
    /**
     * The client's own tasks (its selector's callbacks, the exchanges' completions) on virtual threads: by default the
     * JDK client runs them on a cached pool of platform threads, which grows with the calls in flight, so a slow PMS
     * would pile threads up in the platform.
     */
    private final java.util.concurrent.ExecutorService tasks =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private final List<Endpoint> endpoints;
    private final LongAdder failovers = new LongAdder();
    private final AtomicReference<String> active;

    PmsClient(PmsOptions options) {
        this(options, PmsFaults.NONE);
    }

    /** A client that misbehaves as {@code faults} say (test only; see {@link PmsFaults}). */
    PmsClient(PmsOptions options, PmsFaults faults) {
        this.options = options;
        this.noTimeout = faults.noTimeout();
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(tasks);
        if (!noTimeout) {
            builder.connectTimeout(options.connectTimeout());
        }
        this.http = builder.build();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(options.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(options.slidingWindowSize())
                .minimumNumberOfCalls(options.minimumNumberOfCalls())
                .waitDurationInOpenState(options.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(options.permittedCallsInHalfOpenState())
                // Shows half_open on the admin endpoint as soon as the wait is over, without waiting for a call.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        List<Endpoint> list = new ArrayList<>();
        list.add(new Endpoint("primary", options.primary(), config));
        if (options.secondary() != null) {
            list.add(new Endpoint("secondary", options.secondary(), config));
        }
        this.endpoints = List.copyOf(list);
        this.active = new AtomicReference<>(endpoints.getFirst().name);
    }

    List<Endpoint> endpoints() {
        return endpoints;
    }

    /** Calls answered by an endpoint other than the primary. */
    long failovers() {
        return failovers.sum();
    }

    /** The endpoint that answered the last call ("primary" before any call). */
    String activeEndpoint() {
        return active.get();
    }

    /** {@code GET pathAndQuery} (e.g. {@code /guests/G-000001}). */
    Answer get(String pathAndQuery) {
        return call("GET", pathAndQuery, null);
    }

    /** {@code PATCH path} with a JSON body. */
    Answer patch(String path, String json) {
        return call("PATCH", path, json);
    }

    private Answer call(String method, String pathAndQuery, String json) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint endpoint = endpoints.get(i);
            if (!endpoint.breaker.tryAcquirePermission()) {
                endpoint.notPermitted.increment();
                reasons.put(endpoint.name, "circuit " + endpoint.state());
                continue;
            }
            endpoint.calls.increment();
            long start = System.nanoTime();
            try {
                HttpResponse<String> response =
                        http.send(request(endpoint, method, pathAndQuery, json), HttpResponse.BodyHandlers.ofString());
                long took = System.nanoTime() - start;
                if (response.statusCode() >= 500) {
                    endpoint.failures.increment();
                    endpoint.breaker.onError(
                            took, TimeUnit.NANOSECONDS, new IOException("PMS answered " + response.statusCode()));
                    reasons.put(endpoint.name, "answered " + response.statusCode());
                    continue;
                }
                endpoint.breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                if (i > 0) {
                    failovers.increment();
                }
                active.set(endpoint.name);
                return new Answer(response.statusCode(), response.body(), endpoint.name);
            } catch (HttpTimeoutException e) {
                endpoint.failures.increment();
                endpoint.timeouts.increment();
                endpoint.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                reasons.put(endpoint.name, describe(e));
            } catch (IOException e) {
                endpoint.failures.increment();
                endpoint.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                reasons.put(endpoint.name, describe(e));
            } catch (RuntimeException e) {
                // Not the PMS's fault (e.g. the client is shut down): give the permission back, count nothing.
                endpoint.breaker.releasePermission();
                throw e;
            } catch (InterruptedException e) {
                endpoint.breaker.releasePermission();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while calling the PMS", e);
            }
        }
        throw new PmsUnavailableException("pms_unavailable", reasons);
    }

    private HttpRequest request(Endpoint endpoint, String method, String pathAndQuery, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint.baseUrl + pathAndQuery))
                .header("Accept", "application/json");
        if (!noTimeout) {
            builder.timeout(options.requestTimeout());
        }
        if (json == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return builder.build();
    }

    /**
     * Checks, outside the breakers (a probe must not change their statistics), that at least one
     * endpoint answers {@code GET /health} with 200 within {@code timeout}.
     *
     * @throws IllegalStateException naming each endpoint's problem, when none answers
     */
    void probe(Duration timeout) throws InterruptedException {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Endpoint endpoint : endpoints) {
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(endpoint.baseUrl + "/health"))
                                .timeout(timeout)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                reasons.put(endpoint.name, "answered " + response.statusCode());
            } catch (IOException e) {
                reasons.put(endpoint.name, describe(e));
            }
        }
        throw new IllegalStateException("no PMS endpoint answers: " + reasons);
    }

    /** Closes every breaker's window: back to closed with empty statistics (an operator's reset). */
    void resetBreakers() {
        endpoints.forEach(e -> e.breaker.reset());
    }

    /** A failure in words for the client (no exception class names: the platform never shows those). */
    private String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + options.connectTimeout().toMillis() + " ms";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + options.requestTimeout().toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String message = e.getMessage();
        return "connection failed" + (message == null || message.isBlank() ? "" : ": " + message);
    }

    @Override
    public void close() {
        http.shutdownNow();
        tasks.shutdownNow();
        // No transition may be scheduled for a breaker nobody uses any more.
        endpoints.forEach(e -> e.breaker.transitionToDisabledState());
    }
}
