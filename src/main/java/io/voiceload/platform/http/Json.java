package io.voiceload.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads request bodies strictly and writes JSON responses with the platform's one mapper. */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /**
     * The body as a JSON object.
     *
     * @throws ApiException 400 when the body is empty, not JSON, not an object, or holds a NUL character
     *     (Postgres text cannot store one)
     */
    public static ObjectNode readObject(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw ApiException.badRequest("request body is required: a JSON object", null);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            Map<String, Object> where = new LinkedHashMap<>();
            if (e.getLocation() != null) {
                where.put("line", e.getLocation().getLineNr());
                where.put("column", e.getLocation().getColumnNr());
            }
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage(), where.isEmpty() ? null : where);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest(
                    "request body must be a JSON object, not " + (node == null ? "nothing" : describe(node)), null);
        }
        if (containsNul(node)) {
            throw ApiException.badRequest("request body must not contain NUL characters (\\u0000)", null);
        }
        return (ObjectNode) node;
    }

    /** Writes {@code body} as JSON with {@code status}. */
    public static void respond(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise response " + body.getClass().getName(), e);
        }
    }

    /** Human name of a node's JSON type: "a string", "a number", ... */
    public static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NULL, MISSING -> "null";
            case BINARY -> "binary";
        };
    }

    private static boolean containsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().indexOf('\0') >= 0 || containsNul(field.getValue())) {
                    return true;
                }
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (containsNul(element)) {
                    return true;
                }
            }
        }
        return false;
    }
}
