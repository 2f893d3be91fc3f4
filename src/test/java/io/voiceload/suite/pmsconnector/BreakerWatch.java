package io.voiceload.suite.pmsconnector;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The connector's circuit breakers as {@code GET /admin/pms} shows them, polled every {@value #POLL_MS} ms on a thread
 * of its own (its requests are not the run's): each change of an endpoint's {@code state} with the instant it was
 * first seen. A client-side view, independent of what the platform says of its own transitions, so the two can be
 * held against each other. Close it to stop polling.
 */
final class BreakerWatch implements AutoCloseable {
    static final long POLL_MS = 20;

    private final PmsApi pms;
    private final Thread poller;
    private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();
    private volatile boolean stop;
    private volatile RuntimeException failed;

    /** A state seen: {@code endpoint} went from {@code from} (null: the first poll) to {@code to}. */
    record Change(long nanos, String endpoint, String from, String to) {}

    BreakerWatch(PmsApi pms) {
        this.pms = pms;
        this.poller = Thread.ofVirtual().name("breaker-watch").start(this::poll);
    }

    private void poll() {
        Map<String, String> last = new HashMap<>();
        while (!stop) {
            try {
                JsonNode admin = pms.admin();
                long now = System.nanoTime();
                for (JsonNode endpoint : admin.path("endpoints")) {
                    String name = endpoint.path("name").asText();
                    String state = endpoint.path("state").asText();
                    String before = last.put(name, state);
                    if (!state.equals(before)) {
                        changes.add(new Change(now, name, before, state));
                    }
                }
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!stop) {
                    failed = e;
                }
                return;
            }
        }
    }

    /** The states {@code endpoint} was seen in, in order, each change once: {@code [closed, open, half_open, ...]}. */
    List<String> states(String endpoint) {
        List<String> states = new ArrayList<>();
        for (Change c : changes) {
            if (c.endpoint().equals(endpoint)) {
                states.add(c.to());
            }
        }
        return states;
    }

    /** Every change seen, in order. */
    List<Change> changes() {
        return List.copyOf(changes);
    }

    /** The timeline as text, instants relative to {@code originNanos}: {@code primary closed→open at 2.01s, ...}. */
    String describe(long originNanos) {
        List<String> parts = new ArrayList<>();
        for (Change c : changes) {
            if (c.from() != null) {
                parts.add(String.format(
                        java.util.Locale.ROOT,
                        "%s %s→%s at %.2fs",
                        c.endpoint(),
                        c.from(),
                        c.to(),
                        Duration.ofNanos(c.nanos() - originNanos).toMillis() / 1000.0));
            }
        }
        return String.join(", ", parts);
    }

    /** Stops polling; rethrows what stopped it early, if anything did. */
    @Override
    public void close() throws InterruptedException {
        stop = true; // not interrupted: a poll under way ends by itself (an interrupted request would fail)
        if (!poller.join(Duration.ofSeconds(10))) {
            poller.interrupt();
        }
        if (failed != null) {
            throw new IllegalStateException("polling GET /admin/pms failed: " + failed, failed);
        }
    }
}
