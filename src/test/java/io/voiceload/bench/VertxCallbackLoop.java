package io.voiceload.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The library's own floor, without the engine and without virtual threads: {@code users} request chains on
 * one Vert.x event loop, each issuing its next {@code GET /} from the completion callback (as in the research).
 * Everything runs on the event loop, so the histogram needs no lock. The difference between this and
 * "engine + Http" is the cost of handing each request to the event loop and its response back to a parked
 * virtual thread, plus the engine's recording.
 */
// close() waits for a process or an event loop to stop, so it may throw InterruptedException; only a
// benchmark's main thread closes these and nothing interrupts it, so no interrupt can be lost.
@SuppressWarnings("try")
final class VertxCallbackLoop implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final HttpClient client;
    private final URI uri;
    private final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
    private volatile boolean running = true;
    private long failures;

    VertxCallbackLoop(String baseUrl, int users) {
        this.uri = URI.create(baseUrl);
        this.client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true))
                .with(new PoolOptions().setHttp1MaxSize(users))
                .build();
        // Start every chain from the event loop, so that recording stays on one thread.
        vertx.runOnContext(v -> {
            for (int i = 0; i < users; i++) {
                next();
            }
        });
    }

    private void next() {
        if (!running) {
            return;
        }
        long start = System.nanoTime();
        client.request(HttpMethod.GET, uri.getPort(), uri.getHost(), "/")
                .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
                .onComplete(ar -> {
                    if (ar.succeeded() && ar.result() == 200) {
                        histogram.recordValue(System.nanoTime() - start);
                    } else {
                        failures++;
                    }
                    next();
                });
    }

    /** Measures one window of {@code seconds}: resets the histogram on the event loop, waits, copies it. */
    HttpClientBenchmark.Window measure(int seconds, long nginxPid) throws Exception {
        onLoop(histogram::reset);
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        long self = ProcessHandle.current().pid();
        CpuSample before = CpuSample.take(nginxPid, self);
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds)); // a fixed measurement window, not synchronisation
        Histogram copy = onLoop(histogram::copy);
        CpuSample after = CpuSample.take(nginxPid, self);
        double wall = (System.nanoTime() - t0) / 1e9;
        long cpu = cpuNanos() - cpu0;
        long n = copy.getTotalCount();
        double nginxCores = (after.serverJiffies() - before.serverJiffies()) / CpuSample.HZ / wall;
        double busy = (after.busyJiffies() - before.busyJiffies()) / CpuSample.HZ / wall;
        return new HttpClientBenchmark.Window(
                n / wall,
                cpu / 1e3 / Math.max(1, n),
                copy.getValueAtPercentile(50) / 1e3,
                copy.getValueAtPercentile(99) / 1e3,
                n,
                failures,
                cpu / 1e9 / wall,
                nginxCores,
                Math.max(0, busy - cpu / 1e9 / wall - nginxCores),
                CpuSample.kernelShare(before, after));
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> action) throws Exception {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        vertx.runOnContext(v -> {
            try {
                f.complete(action.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    private void onLoop(Runnable action) throws Exception {
        onLoop(() -> {
            action.run();
            return null;
        });
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @Override
    public void close() throws Exception {
        running = false;
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
