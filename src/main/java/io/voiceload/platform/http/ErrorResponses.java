package io.voiceload.platform.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a JSON answer {@code {"error", "status", "details"}}: refusals
 * ({@link ApiException}, Javalin's own 4xx such as an unknown route or an oversized body) keep their
 * status; a dependency that cannot be reached (Postgres, Redis) is a 503 with {@code Retry-After};
 * a client that closed the connection first gets nothing (there is nobody to answer; logged at DEBUG);
 * anything else is a 500 whose details carry an {@code errorId} that is also in the log next to the
 * stack trace. No stack trace ever reaches the client.
 */
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    /** Not an HTTP status: nginx's code for a request whose client closed the connection first. */
    static final int CLIENT_CLOSED_REQUEST = 499;

    private ErrorResponses() {}

    public static void install(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> respond(ctx, e.status(), e.getMessage(), e.details()));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            if (status >= 500) {
                unexpected(ctx, e);
                return;
            }
            Map<String, String> details = e.getDetails();
            respond(ctx, status, message(status, e.getMessage(), ctx), details.isEmpty() ? null : details);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            String dependency = unavailableDependency(e);
            if (clientGone(e)) {
                clientClosed(ctx, e);
            } else if (dependency != null) {
                unavailable(ctx, dependency, e);
            } else {
                unexpected(ctx, e);
            }
        });
    }

    /**
     * {@code postgres} or {@code redis} when {@code e} (or a cause) says that dependency cannot be
     * reached: no pooled connection in time, a connection-class SQL state ({@code 08xxx}), a Redis
     * connection failure or command timeout. Null for any other failure.
     */
    static String unavailableDependency(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || (t instanceof SQLException sql
                            && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("08"))) {
                return "postgres";
            }
            if (t instanceof RedisConnectionException || t instanceof RedisCommandTimeoutException) {
                return "redis";
            }
        }
        return null;
    }

    /**
     * Whether {@code e} (or a cause) is Jetty's {@link EofException}: the client closed the connection before
     * the answer (an aborted upload, a WebSocket upgrade the client gave up on). Jetty throws it only for its
     * own connections, to tell such an end from an EOF of a socket the application opened, and logs it
     * quietly itself; the platform's own outbound calls (the PMS) use the JDK client.
     */
    static boolean clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EofException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Nobody is left to answer, and it is not the platform's failure: no stack trace, no errorId. The status
     * is 499 ("client closed request", as nginx logs it), without a body: should the connection still stand
     * after all, that is what the client gets.
     */
    private static void clientClosed(Context ctx, Exception e) {
        LOG.debug(
                "{} {}: the client closed the connection before the answer: {}",
                ctx.method(),
                ctx.path(),
                e.toString());
        ctx.status(CLIENT_CLOSED_REQUEST);
    }

    /** 503 with {@code Retry-After}: a dependency is down, the request may succeed later. */
    private static void unavailable(Context ctx, String dependency, Exception e) {
        String errorId = UUID.randomUUID().toString();
        LOG.warn("{} {}: {} unavailable; errorId {}: {}", ctx.method(), ctx.path(), dependency, errorId, e.toString());
        ctx.header("Retry-After", "1");
        respond(
                ctx,
                503,
                dependency + " is unavailable; retry later",
                Map.of("dependency", dependency, "errorId", errorId));
    }

    private static String message(int status, String given, Context ctx) {
        if (status == 404) {
            return "no such endpoint: " + ctx.method() + " " + ctx.path();
        }
        return given == null || given.isBlank() ? "request refused" : given;
    }

    private static void unexpected(Context ctx, Exception e) {
        String errorId = UUID.randomUUID().toString();
        LOG.error("{} {} failed; errorId {}", ctx.method(), ctx.path(), errorId, e);
        respond(ctx, 500, "internal error; quote the errorId when reporting it", Map.of("errorId", errorId));
    }

    private static void respond(Context ctx, int status, String error, Object details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("status", status);
        body.put("details", details);
        Json.respond(ctx, status, body);
    }
}
