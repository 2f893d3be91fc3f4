package io.voiceload.infra;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stops what was started, last first; a failure to stop one thing does not keep the others running. */
final class Closer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningInfrastructure.class);

    private record Named(String what, AutoCloseable closeable) {}

    private final Deque<Named> started = new ArrayDeque<>();

    synchronized void register(String what, AutoCloseable closeable) {
        started.push(new Named(what, closeable));
    }

    /** Closes everything registered, newest first; the first failure is thrown after all were tried. */
    @Override
    public void close() {
        RuntimeException failure = null;
        while (true) {
            Named next;
            synchronized (this) {
                next = started.poll();
            }
            if (next == null) {
                break;
            }
            long start = System.nanoTime();
            try {
                next.closeable().close();
                LOG.debug("stopped {} in {} ms", next.what(), (System.nanoTime() - start) / 1_000_000);
            } catch (Exception e) {
                LOG.warn("could not stop {}: {}", next.what(), CauseChain.describe(e));
                if (failure == null) {
                    failure = new IllegalStateException("could not stop " + next.what(), e);
                } else {
                    failure.addSuppressed(e);
                }
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
