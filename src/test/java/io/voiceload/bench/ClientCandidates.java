package io.voiceload.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.voiceload.load.IterationBody;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The HTTP client libraries {@link HttpClientBenchmark} compares, each used the way a virtual user would: a
 * shared client with a keep-alive pool of {@code users} connections, one blocking {@code GET /} per iteration
 * (a future joined on the virtual thread), the body read, the status checked, the request timed with
 * {@code user.time("GET /", ...)}.
 */
// close() waits for a process or an event loop to stop, so it may throw InterruptedException; only a
// benchmark's main thread closes these and nothing interrupts it, so no interrupt can be lost.
@SuppressWarnings("try")
final class ClientCandidates {
    static final String NAME = "GET /";

    private ClientCandidates() {}

    /** A client under test: the iteration body and what to close afterwards. */
    interface Candidate extends IterationBody, AutoCloseable {
        @Override
        void close() throws Exception;
    }

    static Candidate create(String mode, String baseUrl, int users) throws Exception {
        return switch (mode) {
            case "jdk" -> jdk(baseUrl);
            case "vertx" -> vertx(baseUrl, users, false);
            case "vertx-timeouts" -> vertx(baseUrl, users, true);
            case "jetty" -> jetty(baseUrl, users);
            case "reactor" -> reactor(baseUrl, users);
            case "nio-handoff" -> new SelectorHandoffCandidate(baseUrl, users);
            default -> throw new IllegalArgumentException("unknown candidate " + mode);
        };
    }

    private static void check(int status) {
        if (status != 200) {
            throw new IllegalStateException("status " + status);
        }
    }

    /** JDK java.net.http, HTTP/1.1, blocking {@code send()}. */
    private static Candidate jdk(String baseUrl) {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl)).GET().build();
        return new Candidate() {
            @Override
            public void run(io.voiceload.load.VirtualUser user) throws Exception {
                user.time(NAME, () -> {
                    check(client.send(request, HttpResponse.BodyHandlers.ofByteArray())
                            .statusCode());
                    return null;
                });
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    /**
     * Vert.x core HttpClient on one event loop; the virtual thread joins its future. With {@code timeouts}, each
     * request also carries a connect and an idle timeout, as {@code Http}'s do (to price those timers).
     */
    private static Candidate vertx(String baseUrl, int users, boolean timeouts) {
        URI uri = URI.create(baseUrl);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        io.vertx.core.http.HttpClient client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true))
                .with(new PoolOptions().setHttp1MaxSize(users))
                .build();
        return new Candidate() {
            @Override
            public void run(io.voiceload.load.VirtualUser user) throws Exception {
                user.time(NAME, () -> {
                    RequestOptions options = new RequestOptions()
                            .setMethod(HttpMethod.GET)
                            .setHost(uri.getHost())
                            .setPort(uri.getPort())
                            .setURI("/");
                    if (timeouts) {
                        options.setConnectTimeout(5_000).setIdleTimeout(5_000);
                    }
                    int status = client.request(options)
                            .compose(req ->
                                    req.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(5, TimeUnit.SECONDS);
                    check(status);
                    return null;
                });
            }

            @Override
            public void close() throws Exception {
                client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
        };
    }

    /** Jetty 12.1 HttpClient (the Jetty that Javalin brings), blocking {@code send()}. */
    private static Candidate jetty(String baseUrl, int users) throws Exception {
        org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
        client.setMaxConnectionsPerDestination(users);
        client.setMaxRequestsQueuedPerDestination(users * 4);
        client.start();
        URI uri = URI.create(baseUrl);
        return new Candidate() {
            @Override
            public void run(io.voiceload.load.VirtualUser user) throws Exception {
                user.time(NAME, () -> {
                    ContentResponse r =
                            client.newRequest(uri).timeout(5, TimeUnit.SECONDS).send();
                    check(r.getStatus());
                    return null;
                });
            }

            @Override
            public void close() throws Exception {
                client.stop();
            }
        };
    }

    /** reactor-netty HttpClient on one event loop, {@code block()} on the virtual thread. */
    private static Candidate reactor(String baseUrl, int users) {
        ConnectionProvider pool = ConnectionProvider.builder("bench")
                .maxConnections(users)
                .pendingAcquireMaxCount(-1)
                .build();
        LoopResources loops = LoopResources.create("bench", 1, true);
        reactor.netty.http.client.HttpClient client =
                reactor.netty.http.client.HttpClient.create(pool).runOn(loops).baseUrl(baseUrl);
        return new Candidate() {
            @Override
            public void run(io.voiceload.load.VirtualUser user) throws Exception {
                user.time(NAME, () -> {
                    Integer status = client.get()
                            .uri("/")
                            .responseSingle((resp, body) ->
                                    body.asByteArray().map(b -> resp.status().code()))
                            .block(Duration.ofSeconds(5));
                    check(status == null ? -1 : status);
                    return null;
                });
            }

            @Override
            public void close() {
                pool.dispose();
                loops.dispose();
            }
        };
    }
}
