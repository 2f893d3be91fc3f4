package io.voiceload.http;

import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.voiceload.load.HttpStatusFailure;
import java.net.URI;
import java.util.Arrays;

/**
 * A REST Assured filter that records every request into the current virtual user's metrics, like {@link Http}:
 * one sample named {@code METHOD /path/{template}} from the path as written in the test ({@code
 * get("/calls/{id}", id)} records {@code GET /calls/{id}}). It reads the whole body before it returns, so the
 * connection goes back to the pool whatever the test does with the response (REST Assured keeps the bytes, and
 * {@code then()} still works).
 *
 * <p>Status: 2xx and 3xx succeed, 4xx and 5xx fail with the error kind {@code HTTP <status>}, unless the request
 * declared its expected statuses with {@link RestAssuredSupport#expectStatus(int...)}. The filter never throws
 * for a status: checking it stays the test's job ({@code then().statusCode(...)}). A request that gets no
 * response is recorded with its exception, which is rethrown.
 *
 * <p>It runs last among filters (closest to the wire), so the time of other filters, such as logging, is not
 * counted.
 */
public final class RecordingFilter implements OrderedFilter {
    static final String EXPECTED_STATUSES = RecordingFilter.class.getName() + ".expected";

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext ctx) {
        String name = Recording.name(request.getMethod(), template(request.getUserDefinedPath()));
        long start = System.nanoTime();
        Response result;
        try {
            result = ctx.next(request, response);
            result.asByteArray(); // consume the body: releases the pooled connection
        } catch (Throwable e) { // REST Assured (Groovy) throws checked IOExceptions undeclared, too
            Recording.record(name, System.nanoTime() - start, e);
            throw RecordingFilter.<RuntimeException>rethrow(e);
        }
        long nanos = System.nanoTime() - start;
        int status = result.statusCode();
        int[] expected = ctx.hasValue(EXPECTED_STATUSES) ? ctx.getValue(EXPECTED_STATUSES) : null;
        boolean failed = expected != null ? Arrays.stream(expected).noneMatch(s -> s == status) : status >= 400;
        Recording.record(
                name,
                nanos,
                failed
                        ? new UnexpectedStatus(
                                name, status, expected == null ? "2xx or 3xx" : Arrays.toString(expected))
                        : null);
        return result;
    }

    /** The template as written: a full URL is reduced to its path, a query is left out. */
    static String template(String userDefinedPath) {
        if (userDefinedPath == null || userDefinedPath.isEmpty()) {
            return "/";
        }
        if (userDefinedPath.startsWith("http://") || userDefinedPath.startsWith("https://")) {
            try {
                String path = URI.create(userDefinedPath.replace("{", "%7B").replace("}", "%7D"))
                        .getRawPath()
                        .replace("%7B", "{")
                        .replace("%7D", "}");
                return path == null || path.isEmpty() ? "/" : path;
            } catch (IllegalArgumentException e) {
                return userDefinedPath;
            }
        }
        int query = userDefinedPath.indexOf('?');
        String path = query < 0 ? userDefinedPath : userDefinedPath.substring(0, query);
        return path.startsWith("/") ? path : "/" + path;
    }

    /** Rethrows {@code t} unchanged, checked or not, as REST Assured itself does. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable t) throws T {
        throw (T) t;
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    /** What the engine counts for a REST Assured response with an unexpected status: {@code HTTP <status>}. */
    static final class UnexpectedStatus extends RuntimeException implements HttpStatusFailure {
        private static final long serialVersionUID = 1L;
        private final int status;

        UnexpectedStatus(String name, int status, String expected) {
            super(name + " answered " + status + ", expected " + expected, null, false, false);
            this.status = status;
        }

        @Override
        public int statusCode() {
            return status;
        }
    }
}
