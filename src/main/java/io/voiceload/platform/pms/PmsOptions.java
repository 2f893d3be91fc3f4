package io.voiceload.platform.pms;

import io.voiceload.platform.OptionChecks;
import java.net.URI;
import java.time.Duration;

/**
 * Options of the PMS connector: where the upstream PMS answers (a primary and an optional secondary),
 * timeouts, the circuit breaker of each endpoint, the cache and bulk synchronisation.
 *
 * <pre>{@code
 * PmsOptions pms = PmsOptions.defaults().withEndpoints(URI.create("http://127.0.0.1:9090"), null);
 * }</pre>
 *
 * @param primary base URL of the primary PMS; null: the connector is not configured and its routes
 *     answer 503 {@code pms_not_configured}
 * @param secondary base URL of the failover PMS; null: no failover
 * @param connectTimeout TCP connect timeout per request, 1 ms to 60 s
 * @param requestTimeout whole-answer timeout per request, 1 ms to 60 s; a timeout counts as a failure
 * @param failureRateThreshold percentage of failed calls in the sliding window that opens a breaker, 1-100
 * @param slidingWindowSize calls in each breaker's (count-based) sliding window, 1-10000
 * @param minimumNumberOfCalls calls a breaker needs in its window before it may open, 1-10000
 * @param waitInOpenState how long an open breaker refuses calls before it lets probes through
 *     (half-open), 1 ms to 1 h
 * @param permittedCallsInHalfOpenState probe calls in half-open state that decide between closed and
 *     open again, 1-1000
 * @param cacheTtl how long cached reservations and guest profiles are fresh (served without asking the
 *     PMS), 1 s to 1 day
 * @param staleIfError how long after that a cached copy is kept to be served (marked {@code X-Cache:
 *     stale}) when no PMS endpoint can answer, 0 (never) to 1 day
 * @param syncPageSize reservations per page (and per transaction) of a bulk sync, 1-1000
 */
public record PmsOptions(
        URI primary,
        URI secondary,
        Duration connectTimeout,
        Duration requestTimeout,
        float failureRateThreshold,
        int slidingWindowSize,
        int minimumNumberOfCalls,
        Duration waitInOpenState,
        int permittedCallsInHalfOpenState,
        Duration cacheTtl,
        Duration staleIfError,
        int syncPageSize) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(500);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(1);
    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50;
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 10;
    public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 4;
    public static final Duration DEFAULT_WAIT_IN_OPEN_STATE = Duration.ofSeconds(5);
    public static final int DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE = 2;
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STALE_IF_ERROR = Duration.ofMinutes(10);
    public static final int DEFAULT_SYNC_PAGE_SIZE = 500;

    public PmsOptions {
        if (primary == null && secondary != null) {
            throw new IllegalArgumentException("a secondary PMS needs a primary; give primary, or neither");
        }
        checkUrl("primary", primary);
        checkUrl("secondary", secondary);
        OptionChecks.between("connectTimeout", connectTimeout, Duration.ofMillis(1), Duration.ofMinutes(1));
        OptionChecks.between("requestTimeout", requestTimeout, Duration.ofMillis(1), Duration.ofMinutes(1));
        if (!(failureRateThreshold >= 1 && failureRateThreshold <= 100)) {
            throw new IllegalArgumentException("failureRateThreshold must be 1-100 (%), not " + failureRateThreshold);
        }
        OptionChecks.between("slidingWindowSize", slidingWindowSize, 1, 10_000);
        OptionChecks.between("minimumNumberOfCalls", minimumNumberOfCalls, 1, 10_000);
        OptionChecks.between("waitInOpenState", waitInOpenState, Duration.ofMillis(1), Duration.ofHours(1));
        OptionChecks.between("permittedCallsInHalfOpenState", permittedCallsInHalfOpenState, 1, 1_000);
        OptionChecks.between("cacheTtl", cacheTtl, Duration.ofSeconds(1), Duration.ofDays(1));
        OptionChecks.between("staleIfError", staleIfError, Duration.ZERO, Duration.ofDays(1));
        OptionChecks.between("syncPageSize", syncPageSize, 1, 1_000);
    }

    /** No PMS configured; every other setting at its {@code DEFAULT_*}. */
    public static PmsOptions defaults() {
        return new PmsOptions(
                null,
                null,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_FAILURE_RATE_THRESHOLD,
                DEFAULT_SLIDING_WINDOW_SIZE,
                DEFAULT_MINIMUM_NUMBER_OF_CALLS,
                DEFAULT_WAIT_IN_OPEN_STATE,
                DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE,
                DEFAULT_CACHE_TTL,
                DEFAULT_STALE_IF_ERROR,
                DEFAULT_SYNC_PAGE_SIZE);
    }

    /** True when a primary PMS is set. */
    public boolean configured() {
        return primary != null;
    }

    /** These options with the PMS at {@code primary} and, if not null, failover to {@code secondary}. */
    public PmsOptions withEndpoints(URI primary, URI secondary) {
        return new PmsOptions(
                primary,
                secondary,
                connectTimeout,
                requestTimeout,
                failureRateThreshold,
                slidingWindowSize,
                minimumNumberOfCalls,
                waitInOpenState,
                permittedCallsInHalfOpenState,
                cacheTtl,
                staleIfError,
                syncPageSize);
    }

    /** These options with other connect and request timeouts. */
    public PmsOptions withTimeouts(Duration connectTimeout, Duration requestTimeout) {
        return new PmsOptions(
                primary,
                secondary,
                connectTimeout,
                requestTimeout,
                failureRateThreshold,
                slidingWindowSize,
                minimumNumberOfCalls,
                waitInOpenState,
                permittedCallsInHalfOpenState,
                cacheTtl,
                staleIfError,
                syncPageSize);
    }

    /** These options with other circuit-breaker settings (see the record's parameters). */
    public PmsOptions withBreaker(
            float failureRateThreshold,
            int slidingWindowSize,
            int minimumNumberOfCalls,
            Duration waitInOpenState,
            int permittedCallsInHalfOpenState) {
        return new PmsOptions(
                primary,
                secondary,
                connectTimeout,
                requestTimeout,
                failureRateThreshold,
                slidingWindowSize,
                minimumNumberOfCalls,
                waitInOpenState,
                permittedCallsInHalfOpenState,
                cacheTtl,
                staleIfError,
                syncPageSize);
    }

    /** These options with another cache freshness and stale-if-error time. */
    public PmsOptions withCache(Duration cacheTtl, Duration staleIfError) {
        return new PmsOptions(
                primary,
                secondary,
                connectTimeout,
                requestTimeout,
                failureRateThreshold,
                slidingWindowSize,
                minimumNumberOfCalls,
                waitInOpenState,
                permittedCallsInHalfOpenState,
                cacheTtl,
                staleIfError,
                syncPageSize);
    }

    private static void checkUrl(String name, URI url) {
        if (url == null) {
            return;
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an http(s) URL with a host, not " + url);
        }
    }
}
