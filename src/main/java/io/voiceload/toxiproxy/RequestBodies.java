package io.voiceload.toxiproxy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads request bodies with the rules of Go's {@code encoding/json}, which Toxiproxy's handlers use: keys match
 * struct fields case-insensitively (the last match wins), unknown keys are ignored, {@code null} leaves a field as
 * it was, anything after the first JSON value is ignored, and a value of the wrong type is a 400
 * {@code bad request body: json: cannot unmarshal …}. Messages follow Go's wording for the common cases.
 */
final class RequestBodies {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern BAD_CHARACTER =
            Pattern.compile("(?:Unexpected character \\('(.)'|Unrecognized token '(.))");

    private RequestBodies() {}

    /** The fields of a toxic in a create request. */
    record ToxicFields(String name, String type, String stream, Float toxicity, JsonNode attributes) {}

    /** The fields of a toxic update: the attributes object (may be {@code null}) and the toxicity. */
    record ToxicUpdate(JsonNode attributes, Float toxicity) {}

    static ProxyFields proxy(byte[] body) throws ApiError {
        JsonNode root = parse(body);
        if (root.isNull()) {
            return new ProxyFields(null, null, null, null);
        }
        requireObject(root, "toxiproxy.Proxy");
        return proxyFields(root, "Proxy.");
    }

    /** {@code null} stands for a JSON {@code null} body (an empty list, for Go). */
    static List<ProxyFields> proxyList(byte[] body) throws ApiError {
        JsonNode root = parse(body);
        List<ProxyFields> result = new ArrayList<>();
        if (root.isNull()) {
            return result;
        }
        if (!root.isArray()) {
            throw typeError(root, "Go value of type []toxiproxy.Proxy", false);
        }
        for (JsonNode entry : root) {
            if (entry.isNull()) {
                result.add(new ProxyFields(null, null, null, null));
            } else {
                requireObject(entry, "toxiproxy.Proxy");
                result.add(proxyFields(entry, "Proxy."));
            }
        }
        return result;
    }

    static ToxicFields toxic(byte[] body) throws ApiError {
        JsonNode root = parse(body);
        if (root.isNull()) {
            return new ToxicFields(null, null, null, null, null);
        }
        requireObject(root, "toxics.ToxicWrapper");
        return new ToxicFields(
                string(field(root, "name"), "ToxicWrapper.name"),
                string(field(root, "type"), "ToxicWrapper.type"),
                string(field(root, "stream"), "ToxicWrapper.stream"),
                float32(field(root, "toxicity"), "ToxicWrapper.toxicity"),
                field(root, "attributes"));
    }

    static ToxicUpdate toxicUpdate(byte[] body) throws ApiError {
        JsonNode root = parse(body);
        if (root.isNull()) {
            return new ToxicUpdate(null, null);
        }
        requireObject(root, "struct { Attributes interface {}; Toxicity float32 }");
        return new ToxicUpdate(field(root, "attributes"), float32(field(root, "toxicity"), ".toxicity"));
    }

    /**
     * Decodes an {@code attributes} object into the type's attributes, starting from {@code base}: given keys
     * override, absent or {@code null} ones keep their value (that is how updates merge).
     */
    static Attributes attributes(ToxicKind type, JsonNode node, Attributes base) throws ApiError {
        if (node == null || node.isNull()) {
            return base;
        }
        if (!node.isObject()) {
            throw typeError(
                    node, "Go struct field " + type.goStruct + ".attributes of type toxics." + type.goStruct, false);
        }
        Map<String, Number> changes = new LinkedHashMap<>();
        for (String name : type.attributeNames()) {
            JsonNode value = field(node, name);
            if (value == null || value.isNull()) {
                continue;
            }
            String where = type.goStruct + ".attributes." + name;
            if (type.isFloat(name)) {
                changes.put(name, float64(value, where));
            } else {
                changes.put(name, int64(value, where, type.goType(name)));
            }
        }
        return base.with(changes);
    }

    private static ProxyFields proxyFields(JsonNode node, String struct) throws ApiError {
        JsonNode enabled = field(node, "enabled");
        Boolean enabledValue = null;
        if (enabled != null && !enabled.isNull()) {
            if (!enabled.isBoolean()) {
                throw typeError(enabled, "Go struct field " + struct + "enabled of type bool", false);
            }
            enabledValue = enabled.booleanValue();
        }
        return new ProxyFields(
                string(field(node, "name"), struct + "name"),
                string(field(node, "listen"), struct + "listen"),
                string(field(node, "upstream"), struct + "upstream"),
                enabledValue);
    }

    static JsonNode parse(byte[] body) throws ApiError {
        if (new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw ApiError.badBody("EOF");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiError.badBody("EOF");
            }
            return node;
        } catch (JsonEOFException e) {
            throw ApiError.badBody("unexpected EOF");
        } catch (JsonParseException e) {
            Matcher m = BAD_CHARACTER.matcher(String.valueOf(e.getOriginalMessage()));
            if (m.find()) {
                String c = m.group(1) != null ? m.group(1) : m.group(2);
                throw ApiError.badBody("invalid character '" + c + "' looking for beginning of value");
            }
            throw ApiError.badBody("invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.badBody(String.valueOf(e.getMessage()));
        }
    }

    /** A struct field as Go's decoder finds it: the last key equal to its name, ignoring case. */
    static JsonNode field(JsonNode object, String name) {
        JsonNode found = null;
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                found = e.getValue();
            }
        }
        return found;
    }

    private static void requireObject(JsonNode node, String goType) throws ApiError {
        if (!node.isObject()) {
            throw typeError(node, "Go value of type " + goType, false);
        }
    }

    private static String string(JsonNode v, String where) throws ApiError {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw typeError(v, "Go struct field " + where + " of type string", false);
        }
        return v.textValue();
    }

    private static Long int64(JsonNode v, String where, String goType) throws ApiError {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw typeError(v, "Go struct field " + where + " of type " + goType, true);
        }
        return v.longValue();
    }

    private static Float float32(JsonNode v, String where) throws ApiError {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || Math.abs(v.doubleValue()) > Float.MAX_VALUE) {
            throw typeError(v, "Go struct field " + where + " of type float32", true);
        }
        return (float) v.doubleValue();
    }

    private static Double float64(JsonNode v, String where) throws ApiError {
        if (!v.isNumber() || Double.isInfinite(v.doubleValue())) {
            throw typeError(v, "Go struct field " + where + " of type float64", true);
        }
        return v.doubleValue();
    }

    /** Go names the number only when it was meant for a number (and did not fit). */
    private static ApiError typeError(JsonNode v, String into, boolean numericTarget) {
        return ApiError.badBody("json: cannot unmarshal " + kind(v, numericTarget) + " into " + into);
    }

    private static String kind(JsonNode v, boolean numericTarget) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isNumber()) {
            return numericTarget ? "number " + v.asText() : "number";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isArray()) {
            return "array";
        }
        return "object";
    }
}
