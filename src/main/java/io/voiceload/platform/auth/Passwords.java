package io.voiceload.platform.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bcrypt password hashes (at.favre.lib:bcrypt, version 2a). Passwords longer than bcrypt's 72 bytes are
 * refused when hashing and never match when verifying, rather than being cut silently.
 *
 * <p>Checks and hashes run on a bounded pool of platform threads, not on the request's virtual thread: bcrypt
 * is pure CPU for tens of milliseconds, and a burst of logins on virtual threads would hold every carrier
 * thread, starving the Redis and Postgres calls of every other request until they time out. Beyond the pool
 * and its queue a login answers 503 with {@code Retry-After} at once, and after waiting {@code maxWait} for
 * its check (queued and running) it answers the same ({@link AuthRefusal#busy}). A JDK {@link ThreadPoolExecutor} and a {@link Semaphore} of
 * {@code threads + queue} permits are all it takes (a bounded or synchronous queue alone would refuse a check
 * in the instant a thread that just finished is not yet back at the queue).
 */
final class Passwords implements AutoCloseable {

    static final int MAX_BYTES = 72;

    private final int cost;
    private final String dummyHash;
    private final ThreadPoolExecutor pool;
    private final int queue;
    private final Duration maxWait;
    private final Semaphore admitted;
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param dummyHash a hash at the same cost, verified against when a username is unknown so that the
     *     answer takes as long as for a known one
     */
    Passwords(int cost, String dummyHash, int threads, int queue, Duration maxWait) {
        this.cost = cost;
        this.dummyHash = dummyHash;
        this.queue = queue;
        this.maxWait = maxWait;
        this.admitted = new Semaphore(threads + queue);
        AtomicLong number = new AtomicLong();
        this.pool = new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread t = new Thread(task, "password-hash-" + number.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    static String hash(int cost, String password) {
        if (!fits(password)) {
            throw new IllegalArgumentException("a password must be 1-" + MAX_BYTES + " bytes");
        }
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    /** A new hash of {@code password}, computed on the pool. */
    String hash(String password) {
        return onPool(() -> hash(cost, password));
    }

    /**
     * True when {@code password} matches {@code hash}; null {@code hash}: checks the dummy, then false.
     * Computed on the pool.
     */
    boolean verify(String password, String hash) {
        return onPool(() -> verifyNow(password, hash));
    }

    private boolean verifyNow(String password, String hash) {
        String against = hash == null ? dummyHash : hash;
        // Over-long passwords still cost one verification (of a truncated copy), then fail.
        boolean fits = fits(password);
        String checked = fits ? password : truncate(password);
        boolean verified =
                BCrypt.verifyer().verify(checked.toCharArray(), against.getBytes(StandardCharsets.UTF_8)).verified;
        return hash != null && fits && verified;
    }

    /** Password checks running now. */
    int active() {
        return pool.getActiveCount();
    }

    /** Logins refused because every thread was busy and the queue full, or the wait too long, since start. */
    long refused() {
        return refused.get();
    }

    private <T> T onPool(Callable<T> work) {
        if (!admitted.tryAcquire()) {
            refused.incrementAndGet();
            throw AuthRefusal.busy(
                    "every password check thread is busy and " + queue + " checks are waiting", pool, queue);
        }
        // Whoever claims the check first owns the permit: the thread that runs it, or the caller giving up.
        AtomicBoolean claimed = new AtomicBoolean();
        Future<T> result;
        try {
            result = pool.submit(() -> {
                if (!claimed.compareAndSet(false, true)) {
                    return null; // the caller gave up waiting and released the permit
                }
                try {
                    return work.call();
                } finally {
                    admitted.release();
                }
            });
        } catch (RejectedExecutionException e) { // closed
            admitted.release();
            throw new IllegalStateException("the platform is stopping", e);
        }
        try {
            return result.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (claimed.compareAndSet(false, true)) {
                admitted.release(); // still queued: it will be skipped; already running: it releases
            }
            refused.incrementAndGet();
            throw AuthRefusal.busy("no password check finished within " + maxWait.toMillis() + " ms", pool, queue);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("password check failed", e.getCause());
        } catch (InterruptedException e) {
            if (claimed.compareAndSet(false, true)) {
                admitted.release();
            }
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking a password", e);
        }
    }

    static boolean fits(String password) {
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        return bytes >= 1 && bytes <= MAX_BYTES;
    }

    private static String truncate(String password) {
        return password.isEmpty() ? "x" : password.substring(0, Math.min(password.length(), MAX_BYTES / 4));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
