package io.voiceload.toxiproxy;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The endpoints of Toxiproxy 2.12's HTTP API, one method each, with upstream's status codes, checks (in upstream's
 * order) and messages. Callers serialise calls (the server's API lock).
 */
final class ToxiproxyApi {
    static final String VERSION = "2.12.0";
    private static final byte[] VERSION_BODY =
            ("{\"version\": \"" + VERSION + "\"}\n").getBytes(StandardCharsets.UTF_8);

    private final ProxyCollection proxies;
    private final ProxyMetrics metrics;

    ToxiproxyApi(ProxyCollection proxies, ProxyMetrics metrics) {
        this.proxies = proxies;
        this.metrics = metrics;
    }

    ApiResponse dispatch(ApiRoute route, String method, byte[] body) {
        try {
            return switch (route.kind()) {
                case RESET -> reset();
                case PROXIES -> method.equals("GET") ? listProxies() : createProxy(body);
                case POPULATE -> populate(body);
                case PROXY ->
                    switch (method) {
                        case "GET" -> ApiResponse.json(200, JsonOutput.proxy(proxies.get(route.proxy())));
                        case "DELETE" -> deleteProxy(route.proxy());
                        default -> updateProxy(route.proxy(), body);
                    };
                case TOXICS -> method.equals("GET") ? listToxics(route.proxy()) : createToxic(route.proxy(), body);
                case TOXIC ->
                    switch (method) {
                        case "GET" -> showToxic(route.proxy(), route.toxic());
                        case "DELETE" -> deleteToxic(route.proxy(), route.toxic());
                        default -> updateToxic(route.proxy(), route.toxic(), body);
                    };
                case VERSION -> new ApiResponse(200, "application/json;charset=utf-8", VERSION_BODY, false);
                case METRICS -> new ApiResponse(200, ProxyMetrics.CONTENT_TYPE, metrics.exposition(), false);
            };
        } catch (ApiError e) {
            return ApiResponse.error(e);
        }
    }

    /** Applies a populate body (the {@code -config} file); the result says what was done. */
    ProxyCollection.PopulateResult populateResult(byte[] body) {
        List<ProxyFields> inputs;
        try {
            inputs = RequestBodies.proxyList(body);
        } catch (ApiError e) {
            return new ProxyCollection.PopulateResult(null, e);
        }
        return proxies.populate(inputs);
    }

    private ApiResponse listProxies() {
        return ApiResponse.json(200, JsonOutput.proxyMap(proxies.all()));
    }

    private ApiResponse createProxy(byte[] body) throws ApiError {
        TcpProxy proxy = proxies.create(RequestBodies.proxy(body));
        return ApiResponse.json(201, JsonOutput.proxy(proxy));
    }

    /** Unlike other errors, populate's come as JSON (with the proxies done so far) with the JSON content type. */
    private ApiResponse populate(byte[] body) {
        ProxyCollection.PopulateResult result = populateResult(body);
        int status = result.error() == null ? 201 : result.error().status();
        return ApiResponse.json(status, JsonOutput.populate(result));
    }

    private ApiResponse updateProxy(String name, byte[] body) throws ApiError {
        TcpProxy proxy = proxies.get(name);
        ProxyFields input = RequestBodies.proxy(body);
        proxy.update(
                input.listen() == null ? proxy.listen() : input.listen(),
                input.upstream() == null ? proxy.upstream() : input.upstream(),
                input.enabledOr(proxy.enabled()));
        return ApiResponse.json(200, JsonOutput.proxy(proxy));
    }

    private ApiResponse deleteProxy(String name) throws ApiError {
        proxies.remove(name);
        return ApiResponse.noContent();
    }

    private ApiResponse listToxics(String proxyName) throws ApiError {
        return ApiResponse.json(
                200, JsonOutput.toxics(proxies.get(proxyName).toxics.list()));
    }

    /**
     * Checks in upstream's order: proxy, body, stream, type, name, then attributes. Defaults: stream
     * {@code downstream}, toxicity 1, name {@code <type>_<stream>}. Answers 200, not 201, as upstream.
     */
    private ApiResponse createToxic(String proxyName, byte[] body) throws ApiError {
        TcpProxy proxy = proxies.get(proxyName);
        RequestBodies.ToxicFields input = RequestBodies.toxic(body);
        String stream = input.stream() == null ? "downstream" : input.stream();
        Direction direction = Direction.parse(stream);
        if (direction == null) {
            throw ApiError.badRequest(ApiError.INVALID_STREAM);
        }
        String typeName = input.type() == null ? "" : input.type();
        String name = input.name() == null || input.name().isEmpty() ? typeName + "_" + stream : input.name();
        ToxicKind type = ToxicKind.byWireName(typeName);
        if (type == null) {
            throw ApiError.badRequest(ApiError.INVALID_TOXIC_TYPE);
        }
        if (proxy.toxics.list().stream().anyMatch(t -> t.name().equals(name))) {
            throw new ApiError(409, ApiError.TOXIC_ALREADY_EXISTS);
        }
        Attributes attributes = RequestBodies.attributes(type, input.attributes(), type.defaults());
        type.validate(attributes);
        float toxicity = input.toxicity() == null ? 1f : input.toxicity();
        ToxicSpec toxic = proxy.toxics.add(new ToxicSpec(name, type, stream, direction, toxicity, attributes));
        return ApiResponse.json(200, JsonOutput.toxic(toxic));
    }

    private ApiResponse showToxic(String proxyName, String toxicName) throws ApiError {
        return ApiResponse.json(
                200, JsonOutput.toxic(proxies.get(proxyName).toxics.get(toxicName)));
    }

    /** Given attributes merge into the current ones; toxicity stays unless given; name, type and stream are fixed. */
    private ApiResponse updateToxic(String proxyName, String toxicName, byte[] body) throws ApiError {
        TcpProxy proxy = proxies.get(proxyName);
        ToxicSpec current = proxy.toxics.get(toxicName);
        RequestBodies.ToxicUpdate input = RequestBodies.toxicUpdate(body);
        Attributes attributes = RequestBodies.attributes(current.type(), input.attributes(), current.attributes());
        current.type().validate(attributes);
        float toxicity = input.toxicity() == null ? current.toxicity() : input.toxicity();
        ToxicSpec updated = current.withChanges(attributes, toxicity);
        proxy.toxics.update(updated);
        return ApiResponse.json(200, JsonOutput.toxic(updated));
    }

    private ApiResponse deleteToxic(String proxyName, String toxicName) throws ApiError {
        proxies.get(proxyName).toxics.remove(toxicName);
        return ApiResponse.noContent();
    }

    private ApiResponse reset() throws ApiError {
        proxies.reset();
        return ApiResponse.noContent();
    }
}
