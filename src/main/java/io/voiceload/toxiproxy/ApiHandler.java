package io.voiceload.toxiproxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP plumbing with Toxiproxy's router and middleware behaviour: an unknown path gets Go's
 * {@code 404 page not found}, a wrong method an empty 405 (neither passes the middleware, as in gorilla/mux); matched
 * requests get an {@code X-Toxiproxy-Request-Id}, {@code Mozilla/} user agents a 403, and a call that takes longer
 * than 25 s a 503 (Go's {@code http.TimeoutHandler}).
 *
 * <p>The JDK server writes header names in its own case ({@code X-toxiproxy-request-id}); HTTP header names are
 * case-insensitive, and every client we know of treats them so.
 */
final class ApiHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final long TIMEOUT_SECONDS = 25;
    private static final ApiResponse NOT_FOUND = ApiResponse.httpError(404, "404 page not found");
    private static final ApiResponse METHOD_NOT_ALLOWED = new ApiResponse(405, null, new byte[0], false);
    private static final ApiResponse TIMEOUT = new ApiResponse(
            503,
            "text/html; charset=utf-8",
            "<html><head><title>Timeout</title></head><body><h1>Timeout</h1></body></html>"
                    .getBytes(StandardCharsets.UTF_8),
            false);

    private final ToxiproxyApi api;
    private final ReentrantLock apiLock;
    private final ExecutorService executor;
    private final boolean metrics;

    ApiHandler(ToxiproxyApi api, ReentrantLock apiLock, ExecutorService executor, boolean metrics) {
        this.api = api;
        this.apiLock = apiLock;
        this.executor = executor;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod();
            ApiRoute route = ApiRoute.match(exchange.getRequestURI().getPath());
            ApiResponse response;
            if (route == null || (route.kind() == ApiRoute.Kind.METRICS && !metrics)) {
                response = NOT_FOUND;
            } else if (!route.allows(method)) {
                response = METHOD_NOT_ALLOWED;
            } else {
                exchange.getResponseHeaders().set("X-Toxiproxy-Request-Id", RequestIds.next());
                String agent = exchange.getRequestHeaders().getFirst("User-Agent");
                if (agent != null && agent.startsWith("Mozilla/")) {
                    response = ApiResponse.httpError(403, "User agent not allowed");
                } else {
                    response = call(route, method, body);
                }
            }
            send(exchange, response);
        }
    }

    private ApiResponse call(ApiRoute route, String method, byte[] body) {
        Future<ApiResponse> future = executor.submit(() -> {
            apiLock.lock();
            try {
                return api.dispatch(route, method, body);
            } finally {
                apiLock.unlock();
            }
        });
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{} {} took longer than {} s", method, route, TIMEOUT_SECONDS);
            return TIMEOUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.httpError(500, "{\"error\":\"interrupted\",\"status\":500}");
        } catch (ExecutionException e) {
            LOG.error("{} {} failed", method, route, e.getCause());
            return ApiResponse.error(ApiError.internal(String.valueOf(e.getCause())));
        }
    }

    private static void send(HttpExchange exchange, ApiResponse response) throws IOException {
        if (response.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
        }
        if (response.nosniff()) {
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        }
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
