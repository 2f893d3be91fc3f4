package io.voiceload.platform.pms;

import io.voiceload.platform.module.ModuleFaults;

/**
 * <b>Test-only fault injector</b> of the PMS connector: makes it misbehave on purpose, so a test can prove that
 * the load suite notices. Never set in production; {@link #NONE} is the default.
 *
 * <pre>{@code
 * PlatformOptions faulty = PlatformOptions.builder()
 *         .faults(PmsFaults.NONE.withNoFailover(true))
 *         .build();
 * }</pre>
 *
 * @param noTimeout when true, calls to the PMS have neither a connect nor a request timeout: a PMS that accepts
 *     connections and answers nothing (hung, black-holed) holds each request until the PMS comes back, instead
 *     of failing over after {@link PmsOptions#requestTimeout()}; requests and threads pile up behind it
 * @param breakerNeverOpens when true, the breakers are configured to ignore the failures the client reports
 *     (every one is an {@code IOException}, which the configuration lists as ignored): they stay closed, so a
 *     dead primary is tried, and waited for, on every call
 * @param noFailover when true, a call that fails on the primary is not retried on the secondary: the client
 *     gets 503 although the secondary could answer (an open breaker still hands over to the secondary)
 * @param cacheNotInvalidated when true, a guest update does not invalidate (tombstone) the cached profile: reads
 *     are answered from the cache with the old version until its TTL ends
 * @param syncDuplicatesPage when true, each page of a bulk sync stores the cursor at the page's start instead
 *     of its end, and its upsert rewrites rows whose change is not newer: every incremental sync reads the last
 *     page again and rewrites it ({@code updated} > 0 although nothing changed in the PMS)
 */
public record PmsFaults(
        boolean noTimeout,
        boolean breakerNeverOpens,
        boolean noFailover,
        boolean cacheNotInvalidated,
        boolean syncDuplicatesPage)
        implements ModuleFaults {

    /** No fault: the connector behaves. */
    public static final PmsFaults NONE = new PmsFaults(false, false, false, false, false);

    /** Only {@link #noTimeout()}, as given. */
    public PmsFaults(boolean noTimeout) {
        this(noTimeout, false, false, false, false);
    }

    /** These faults, with {@link #noTimeout()} as given. */
    public PmsFaults withNoTimeout(boolean on) {
        return new PmsFaults(on, breakerNeverOpens, noFailover, cacheNotInvalidated, syncDuplicatesPage);
    }

    /** These faults, with {@link #breakerNeverOpens()} as given. */
    public PmsFaults withBreakerNeverOpens(boolean on) {
        return new PmsFaults(noTimeout, on, noFailover, cacheNotInvalidated, syncDuplicatesPage);
    }

    /** These faults, with {@link #noFailover()} as given. */
    public PmsFaults withNoFailover(boolean on) {
        return new PmsFaults(noTimeout, breakerNeverOpens, on, cacheNotInvalidated, syncDuplicatesPage);
    }

    /** These faults, with {@link #cacheNotInvalidated()} as given. */
    public PmsFaults withCacheNotInvalidated(boolean on) {
        return new PmsFaults(noTimeout, breakerNeverOpens, noFailover, on, syncDuplicatesPage);
    }

    /** These faults, with {@link #syncDuplicatesPage()} as given. */
    public PmsFaults withSyncDuplicatesPage(boolean on) {
        return new PmsFaults(noTimeout, breakerNeverOpens, noFailover, cacheNotInvalidated, on);
    }

    @Override
    public boolean any() {
        return noTimeout || breakerNeverOpens || noFailover || cacheNotInvalidated || syncDuplicatesPage;
    }
}
