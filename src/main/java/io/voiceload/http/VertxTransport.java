package io.voiceload.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Transport#VERTX}: the Vert.x core HttpClient on its own event loop(s); the calling (virtual) thread parks
 * on the request's future until the whole body is in.
 */
final class VertxTransport implements TransportClient {
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final String host;
    private final int port;
    private final long connectTimeoutMillis;
    private final Vertx vertx;
    private final HttpClientAgent client;
    private volatile boolean closed;

    VertxTransport(
            String host,
            int port,
            boolean ssl,
            long connectTimeoutMillis,
            int eventLoops,
            int maxConnections,
            Duration maxIdleTime) {
        this.host = host;
        this.port = port;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(eventLoops)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                // No .vertx file cache in the working directory: this client never serves files.
                .setFileSystemOptions(
                        new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        this.client = vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setKeepAlive(true)
                        // Vert.x counts whole seconds: at least one.
                        .setKeepAliveTimeout((int) Math.max(1, maxIdleTime.toSeconds()))
                        .setTcpNoDelay(true)
                        .setConnectTimeout((int) connectTimeoutMillis)
                        .setDefaultHost(host)
                        .setDefaultPort(port)
                        .setSsl(ssl))
                .with(new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1))
                .build();
    }

    @Override
    public Reply exchange(
            String method, String target, List<String> headers, byte[] body, long timeoutMillis, String name) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setHost(host)
                .setPort(port)
                .setURI(target)
                .setConnectTimeout(connectTimeoutMillis)
                .setIdleTimeout(timeoutMillis);
        for (int i = 0; i < headers.size(); i += 2) {
            options.putHeader(headers.get(i), headers.get(i + 1));
        }
        Future<Reply> future = client.request(options)
                .compose(req -> (body == null ? req.send() : req.send(Buffer.buffer(body))).compose(resp -> resp.body()
                        .map(buf -> new Reply(resp.statusCode(), resp.headers(), buf.getBytes()))));
        try {
            // Vert.x bounds the request (the connect timeout also covers waiting for a pooled connection, the
            // idle timeout the response); this bound only guards against a timeout that never fires. Measured:
            // the timed wait is no dearer than an untimed one (which made the carrier thread idle more often).
            return future.toCompletionStage()
                    .toCompletableFuture()
                    .get(connectTimeoutMillis + timeoutMillis + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(name, e.getCause());
        } catch (TimeoutException e) {
            throw new RequestTimeoutException(
                    name + ": no response from " + host + ":" + port + " within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpTransportException(name + ": interrupted while waiting", e);
        }
    }

    private HttpTransportException failure(String name, Throwable cause) {
        String where = host + ":" + port;
        if (cause instanceof ConnectException) {
            return new HttpTransportException(
                    name + ": cannot connect to " + where + ": " + ExceptionMessages.firstLine(cause), cause);
        }
        String type = cause == null ? "" : cause.getClass().getSimpleName();
        if (cause instanceof TimeoutException || type.contains("Timeout")) {
            return new RequestTimeoutException(
                    name + ": no response from " + where + " in time: " + ExceptionMessages.firstLine(cause), cause);
        }
        if (closed) {
            return new HttpTransportException(name + ": client closed while the request was in flight", cause);
        }
        return new HttpTransportException(
                name + ": connection to " + where + " failed: " + ExceptionMessages.firstLine(cause), cause);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            client.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Closing the Vert.x instance below closes what is left.
        } finally {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(
                        "Http client to " + host + ":" + port + " did not close within " + CLOSE_TIMEOUT_SECONDS + " s",
                        e);
            }
        }
    }
}
