package io.voiceload.platform.pms;

import io.voiceload.platform.module.OptionChecks;
import java.net.URI;
import java.time.Duration;

/**
 * Options of the PMS connector: where the upstream PMS answers (a primary and an optional secondary),
 * timeouts, the circuit breaker of each endpoint, the cache and bulk synchronisation.
 *
 * <pre>{@code
 * PmsOptions pms = PmsOptions.builder()
 *         .primary(URI.create("http://127.0.0.1:9090"))
 *         .requestTimeout(Duration.ofMillis(500))
 *         .build();
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
    public static final Duration DEFAULT_WAIT_IN_OPEN_STATE = Duration.ofSeconds(2);
    public static final int DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE = 2;
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STALE_IF_ERROR = Duration.ofMinutes(10);
    public static final int DEFAULT_SYNC_PAGE_SIZE = 500;

    private static final PmsOptions DEFAULTS = new PmsOptions(
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

    public PmsOptions {
        checkUrl("primary", primary);
        checkUrl("secondary", secondary);
        if (primary == null && secondary != null) {
            throw new IllegalArgumentException("a secondary PMS needs a primary; give primary, or neither");
        }
        checkConnectTimeout(connectTimeout);
        checkRequestTimeout(requestTimeout);
        checkFailureRateThreshold(failureRateThreshold);
        checkSlidingWindowSize(slidingWindowSize);
        checkMinimumNumberOfCalls(minimumNumberOfCalls);
        checkWaitInOpenState(waitInOpenState);
        checkPermittedCallsInHalfOpenState(permittedCallsInHalfOpenState);
        checkCacheTtl(cacheTtl);
        checkStaleIfError(staleIfError);
        checkSyncPageSize(syncPageSize);
    }

    /** No PMS configured; every other setting at its {@code DEFAULT_*}. */
    public static PmsOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** True when a primary PMS is set. */
    public boolean configured() {
        return primary != null;
    }

    private static URI checkUrl(String name, URI url) {
        if (url != null
                && (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null)) {
            throw new IllegalArgumentException(name + " must be an http(s) URL with a host, not " + url);
        }
        return url;
    }

    private static Duration checkConnectTimeout(Duration value) {
        return OptionChecks.between("connectTimeout", value, Duration.ofMillis(1), Duration.ofMinutes(1));
    }

    private static Duration checkRequestTimeout(Duration value) {
        return OptionChecks.between("requestTimeout", value, Duration.ofMillis(1), Duration.ofMinutes(1));
    }

    private static float checkFailureRateThreshold(float value) {
        if (!(value >= 1 && value <= 100)) {
            throw new IllegalArgumentException("failureRateThreshold must be 1-100 (%), not " + value);
        }
        return value;
    }

    private static int checkSlidingWindowSize(int value) {
        return OptionChecks.between("slidingWindowSize", value, 1, 10_000);
    }

    private static int checkMinimumNumberOfCalls(int value) {
        return OptionChecks.between("minimumNumberOfCalls", value, 1, 10_000);
    }

    private static Duration checkWaitInOpenState(Duration value) {
        return OptionChecks.between("waitInOpenState", value, Duration.ofMillis(1), Duration.ofHours(1));
    }

    private static int checkPermittedCallsInHalfOpenState(int value) {
        return OptionChecks.between("permittedCallsInHalfOpenState", value, 1, 1_000);
    }

    private static Duration checkCacheTtl(Duration value) {
        return OptionChecks.between("cacheTtl", value, Duration.ofSeconds(1), Duration.ofDays(1));
    }

    private static Duration checkStaleIfError(Duration value) {
        return OptionChecks.between("staleIfError", value, Duration.ZERO, Duration.ofDays(1));
    }

    private static int checkSyncPageSize(int value) {
        return OptionChecks.between("syncPageSize", value, 1, 1_000);
    }

    /**
     * Builds {@link PmsOptions}; each setter checks its value (limits on the record's parameters), and
     * {@link #build()} checks that a secondary comes with a primary.
     */
    public static final class Builder {
        private URI primary;
        private URI secondary;
        private Duration connectTimeout;
        private Duration requestTimeout;
        private float failureRateThreshold;
        private int slidingWindowSize;
        private int minimumNumberOfCalls;
        private Duration waitInOpenState;
        private int permittedCallsInHalfOpenState;
        private Duration cacheTtl;
        private Duration staleIfError;
        private int syncPageSize;

        private Builder(PmsOptions base) {
            this.primary = base.primary;
            this.secondary = base.secondary;
            this.connectTimeout = base.connectTimeout;
            this.requestTimeout = base.requestTimeout;
            this.failureRateThreshold = base.failureRateThreshold;
            this.slidingWindowSize = base.slidingWindowSize;
            this.minimumNumberOfCalls = base.minimumNumberOfCalls;
            this.waitInOpenState = base.waitInOpenState;
            this.permittedCallsInHalfOpenState = base.permittedCallsInHalfOpenState;
            this.cacheTtl = base.cacheTtl;
            this.staleIfError = base.staleIfError;
            this.syncPageSize = base.syncPageSize;
        }

        /** Base URL of the primary PMS, http(s) with a host; null: not configured. */
        public Builder primary(URI primary) {
            this.primary = checkUrl("primary", primary);
            return this;
        }

        /** Base URL of the failover PMS, http(s) with a host; null: no failover. Needs a primary. */
        public Builder secondary(URI secondary) {
            this.secondary = checkUrl("secondary", secondary);
            return this;
        }

        /** 1 ms to 60 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = checkConnectTimeout(connectTimeout);
            return this;
        }

        /** 1 ms to 60 s. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = checkRequestTimeout(requestTimeout);
            return this;
        }

        /** 1-100 (%). */
        public Builder failureRateThreshold(float failureRateThreshold) {
            this.failureRateThreshold = checkFailureRateThreshold(failureRateThreshold);
            return this;
        }

        /** 1-10000 calls. */
        public Builder slidingWindowSize(int slidingWindowSize) {
            this.slidingWindowSize = checkSlidingWindowSize(slidingWindowSize);
            return this;
        }

        /** 1-10000 calls. */
        public Builder minimumNumberOfCalls(int minimumNumberOfCalls) {
            this.minimumNumberOfCalls = checkMinimumNumberOfCalls(minimumNumberOfCalls);
            return this;
        }

        /** 1 ms to 1 h. */
        public Builder waitInOpenState(Duration waitInOpenState) {
            this.waitInOpenState = checkWaitInOpenState(waitInOpenState);
            return this;
        }

        /** 1-1000 calls. */
        public Builder permittedCallsInHalfOpenState(int permittedCallsInHalfOpenState) {
            this.permittedCallsInHalfOpenState = checkPermittedCallsInHalfOpenState(permittedCallsInHalfOpenState);
            return this;
        }

        /** 1 s to 1 day. */
        public Builder cacheTtl(Duration cacheTtl) {
            this.cacheTtl = checkCacheTtl(cacheTtl);
            return this;
        }

        /** 0 (never) to 1 day. */
        public Builder staleIfError(Duration staleIfError) {
            this.staleIfError = checkStaleIfError(staleIfError);
            return this;
        }

        /** 1-1000 reservations. */
        public Builder syncPageSize(int syncPageSize) {
            this.syncPageSize = checkSyncPageSize(syncPageSize);
            return this;
        }

        public PmsOptions build() {
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
    }
}
