package io.voiceload.platform.pms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.voiceload.platform.http.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * HTTP to the upstream PMS with a Resilience4j circuit breaker per endpoint and failover: each call goes
 * to the primary unless its breaker is open, and on a failure (connection refused or reset, timeout, 5xx,
 * 429 or 408, a body cut short, a body that is not JSON) to the secondary. Any other answer below 500 with a
 * JSON (or, for a 4xx, empty) body is a valid answer (the PMS works) and counts as a success. Both unavailable: {@link PmsUnavailableException}.
 *
 * <p>Writes fail over too: the connector's only write (a guest update) sets fields, so repeating it on
 * the secondary after a primary timeout has the same effect. Without {@code If-Match} the version may
 * rise twice; with it, the repeat may meet the write it repeats and be answered 409 with that write's
 * version as the current one (the caller re-reads and sees its own change).
 *
 * <p>Each breaker's state transitions are kept with their time (the last {@link #TRANSITIONS_KEPT}), for
 * the admin view and the metrics snapshot.
 *
 * <p>Uses the JDK {@link HttpClient}: the connector's rates are low, and its connect and request
 * timeouts are all we need. Thread-safe.
 */
final class PmsClient implements AutoCloseable {

    /** State transitions kept per breaker (the oldest are dropped). */
    static final int TRANSITIONS_KEPT = 200;

    /** One state transition of a breaker: when, from which state to which ({@code closed}, {@code open}, ...). */
    record Transition(Instant at, String from, String to) {

        /** {@code {"at": "<ISO instant>", "atEpochMs": n, "from": "closed", "to": "open"}}. */
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("at", at.toString());
            json.put("atEpochMs", at.toEpochMilli());
            json.put("from", from);
            json.put("to", to);
            return json;
        }
    }

    /** One upstream PMS, with its breaker, cumulative counters and the breaker's recent transitions. */
    static final class Endpoint {
        final String name;
        final URI baseUrl;
        final CircuitBreaker breaker;
        final LongAdder calls = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder timeouts = new LongAdder();
        /** Calls the breaker refused, while open or half-open. */
        final LongAdder notPermitted = new LongAdder();
        /** Of {@link #notPermitted}, the calls refused while the breaker was open (the rest: half-open, probes taken). */
        final LongAdder shortCircuited = new LongAdder();

        private final ArrayDeque<Transition> transitions = new ArrayDeque<>();

        Endpoint(String name, URI baseUrl, CircuitBreakerConfig config) {
            this.name = name;
            this.baseUrl = baseUrl;
            this.breaker = CircuitBreaker.of("pms-" + name, config);
            breaker.getEventPublisher()
                    .onStateTransition(event -> record(new Transition(
                            event.getCreationTime().toInstant(),
                            lower(event.getStateTransition().getFromState()),
                            lower(event.getStateTransition().getToState()))));
        }

        private synchronized void record(Transition transition) {
            if (transitions.size() == TRANSITIONS_KEPT) {
                transitions.removeFirst();
            }
            transitions.addLast(transition);
        }

        /** The breaker's last {@link #TRANSITIONS_KEPT} state transitions, oldest first. */
        synchronized List<Transition> transitions() {
            return List.copyOf(transitions);
        }

        /** Breaker state as the admin endpoint shows it: closed, open, half_open, ... */
        String state() {
            return lower(breaker.getState());
        }

        private static String lower(CircuitBreaker.State state) {
            return state.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A PMS answer that is not a failure ({@link #isFailure}), and which endpoint gave it; {@code json} is its parsed body (null when the body is
     * empty, which only a 4xx may be); {@code request} is what it answered, e.g. {@code GET /guests/G-000001}.
     */
    record Answer(int status, String body, JsonNode json, String endpoint, String request) {

        /** This answer as an unexpected one: {@code 502 pms_bad_answer}. */
        PmsBadAnswerException unexpected() {
            return new PmsBadAnswerException(endpoint, status, request);
        }
    }

    /** An answer the endpoint failed with ({@link #isFailure}): "answered 503". */
    private static final class FailedAnswer extends IOException {
        FailedAnswer(int status) {
            super("answered " + status, null);
        }
    }

    /** A 2xx whose body is not JSON, or a 4xx whose body is neither empty nor JSON: the PMS is broken. */
    private static final class MalformedAnswer extends IOException {
        MalformedAnswer(String message) {
            super(message, null);
        }
    }

    private final PmsOptions options;
    /** The planted bug {@link PmsFaults#noTimeout()}: no connect or request timeout. */
    private final boolean noTimeout;
    /** The planted bug {@link PmsFaults#noFailover()}: a failed call is not retried on the next endpoint. */
    private final boolean noFailover;

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
        this.noFailover = faults.noFailover();
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(tasks);
        if (!noTimeout) {
            builder.connectTimeout(options.connectTimeout());
        }
        this.http = builder.build();
        CircuitBreakerConfig.Builder breakers = CircuitBreakerConfig.custom()
                .failureRateThreshold(options.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(options.slidingWindowSize())
                .minimumNumberOfCalls(options.minimumNumberOfCalls())
                .waitDurationInOpenState(options.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(options.permittedCallsInHalfOpenState())
                // Shows half_open on the admin endpoint as soon as the wait is over, without waiting for a call.
                .automaticTransitionFromOpenToHalfOpenEnabled(true);
        if (faults.breakerNeverOpens()) {
            // Every failure the client reports is an IOException: ignored, none is ever recorded.
            breakers.ignoreExceptions(IOException.class);
        }
        CircuitBreakerConfig config = breakers.build();
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

    /** {@code PATCH path} with a JSON body, and {@code If-Match: ifMatch} unless that is null. */
    Answer patch(String path, String json, String ifMatch) {
        return call("PATCH", path, json, ifMatch);
    }

    private Answer call(String method, String pathAndQuery, String json) {
        return call(method, pathAndQuery, json, null);
    }

    private Answer call(String method, String pathAndQuery, String json, String ifMatch) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint endpoint = endpoints.get(i);
            // Read before asking: tryAcquirePermission may itself move an open breaker whose wait is over.
            CircuitBreaker.State before = endpoint.breaker.getState();
            if (!endpoint.breaker.tryAcquirePermission()) {
                endpoint.notPermitted.increment();
                if (before == CircuitBreaker.State.OPEN || before == CircuitBreaker.State.FORCED_OPEN) {
                    endpoint.shortCircuited.increment();
                }
                reasons.put(endpoint.name, "circuit " + Endpoint.lower(before));
                continue;
            }
            endpoint.calls.increment();
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = send(request(endpoint, method, pathAndQuery, json, ifMatch));
                if (isFailure(response.statusCode())) {
                    throw new FailedAnswer(response.statusCode());
                }
                JsonNode parsed = parse(response);
                endpoint.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                if (i > 0) {
                    failovers.increment();
                }
                active.set(endpoint.name);
                return new Answer(
                        response.statusCode(), response.body(), parsed, endpoint.name, method + " " + pathAndQuery);
            } catch (IOException e) {
                failed(endpoint, start, e, reasons);
                if (noFailover) {
                    break; // the planted bug: the endpoint that failed is the last one tried
                }
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

    /**
     * A 5xx, and the 4xx that say "not now" rather than "not this request" (429 too many requests, 408
     * request timeout): the endpoint cannot serve us at the moment, so the breaker counts it and the next
     * endpoint is tried. Every other 4xx is a valid answer about the request itself.
     */
    static boolean isFailure(int status) {
        return status >= 500 || status == 429 || status == 408;
    }

    /** One failed call: counted, reported to the breaker, and its reason kept for the 503. */
    private void failed(Endpoint endpoint, long start, IOException e, Map<String, String> reasons) {
        endpoint.failures.increment();
        if (e instanceof HttpTimeoutException) {
            endpoint.timeouts.increment();
        }
        endpoint.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        reasons.put(endpoint.name, describe(e));
    }

    /**
     * Sends {@code request} and reads its whole answer within the request timeout. The JDK client's own request
     * timeout ends when the headers arrive: a PMS that sends headers and then stalls mid-body would hold the call
     * for ever, so the whole exchange is bounded here as well, and cancelled (its connection aborted) when over.
     */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return send(request, HttpResponse.BodyHandlers.ofString(), noTimeout ? null : options.requestTimeout());
    }

    /**
     * Sends {@code request} and reads its whole answer with {@code body} within {@code timeout} (null: no bound),
     * cancelling the exchange (its connection aborted) when over.
     */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, Duration timeout)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> answer = http.sendAsync(request, body);
        try {
            return timeout == null ? answer.get() : answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("no whole answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause == null ? "the PMS call failed" : cause.getMessage(), cause);
        }
    }

    /**
     * The body as JSON: a 2xx must carry a JSON document, a 4xx one or nothing.
     *
     * @throws MalformedAnswer otherwise (a PMS that answers garbage is as broken as one that answers 500)
     */
    private static JsonNode parse(HttpResponse<String> response) throws MalformedAnswer {
        String body = response.body();
        boolean success = response.statusCode() < 300;
        if (body == null || body.isBlank()) {
            if (success) {
                throw new MalformedAnswer("answered " + response.statusCode() + " with an empty body");
            }
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedAnswer("answered " + response.statusCode() + " with a body that is not JSON");
        }
    }

    private HttpRequest request(Endpoint endpoint, String method, String pathAndQuery, String json, String ifMatch) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint.baseUrl + pathAndQuery))
                .header("Accept", "application/json");
        if (ifMatch != null) {
            builder.header("If-Match", ifMatch);
        }
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
                HttpResponse<Void> response = send(
                        HttpRequest.newBuilder(URI.create(endpoint.baseUrl + "/health"))
                                .timeout(timeout)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding(),
                        timeout);
                if (response.statusCode() == 200) {
                    return;
                }
                reasons.put(endpoint.name, "answered " + response.statusCode());
            } catch (HttpTimeoutException e) {
                reasons.put(
                        endpoint.name,
                        e instanceof HttpConnectTimeoutException
                                ? describe(e)
                                : "no answer within " + timeout.toMillis() + " ms");
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
        if (e instanceof MalformedAnswer || e instanceof FailedAnswer) {
            return e.getMessage();
        }
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
