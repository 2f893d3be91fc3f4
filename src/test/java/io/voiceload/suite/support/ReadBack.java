package io.voiceload.suite.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.http.Http;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;

/**
 * Reads back, after a run, what the run stored: one {@code GET} per id, a few at a time, each answer handed
 * to a check. The reads run on threads of their own, not a virtual user's, so they are never recorded as
 * requests of the run.
 */
public final class ReadBack {
    /** Reads in flight at once: enough to read thousands of ids in seconds, few enough not to load the platform. */
    static final int PARALLEL = 16;

    private ReadBack() {}

    /**
     * GETs {@code path} (a template with one {@code {id}}) for every id, {@value #PARALLEL} at a time, with
     * {@code authorization} as its {@code Authorization} header, and hands each answer (which must be 200) to
     * {@code check}, which may run on any thread; the first failure is thrown once all reads are done.
     */
    public static void each(
            Http http, Collection<String> ids, String authorization, String path, BiConsumer<String, JsonNode> check)
            throws Exception {
        Semaphore parallel = new Semaphore(PARALLEL);
        List<Future<?>> reads = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : ids) {
                reads.add(executor.submit(() -> {
                    parallel.acquire();
                    try {
                        check.accept(
                                id,
                                http.get(path, id)
                                        .header("Authorization", authorization)
                                        .expect(200)
                                        .send()
                                        .json());
                    } finally {
                        parallel.release();
                    }
                    return null;
                }));
            }
            for (Future<?> read : reads) {
                read.get();
            }
        }
    }
}
