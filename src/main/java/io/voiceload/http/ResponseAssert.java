package io.voiceload.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link Response}. JSON paths are JSON Pointers (RFC 6901): {@code /id},
 * {@code /events/0/type}. Failure messages quote the request, the expected and the actual value, and the body.
 */
public final class ResponseAssert extends AbstractAssert<ResponseAssert, Response> {
    private static final int BODY_EXCERPT = 300;

    ResponseAssert(Response actual) {
        super(actual, ResponseAssert.class);
    }

    /** The status is {@code expected}. */
    public ResponseAssert hasStatus(int expected) {
        isNotNull();
        if (actual.status() != expected) {
            failWithMessage("%s: expected status %d but was %d%s", where(), expected, actual.status(), body());
        }
        return this;
    }

    /** The status is in class {@code statusClass}: 2 for 2xx, 4 for 4xx. */
    public ResponseAssert hasStatusClass(int statusClass) {
        isNotNull();
        if (actual.status() / 100 != statusClass) {
            failWithMessage("%s: expected a %dxx status but was %d%s", where(), statusClass, actual.status(), body());
        }
        return this;
    }

    /** Header {@code name} is present. */
    public ResponseAssert hasHeader(String name) {
        isNotNull();
        if (actual.header(name) == null) {
            failWithMessage("%s: expected header %s but it is absent; headers: %s", where(), name, actual.headers());
        }
        return this;
    }

    /** Header {@code name} is present with first value {@code expected}. */
    public ResponseAssert hasHeader(String name, String expected) {
        isNotNull();
        String value = actual.header(name);
        if (!Objects.equals(value, expected)) {
            failWithMessage("%s: expected header %s: %s but was %s", where(), name, expected, value);
        }
        return this;
    }

    /** The body is JSON with a node at {@code pointer}. */
    public ResponseAssert hasJsonPath(String pointer) {
        node(pointer);
        return this;
    }

    /**
     * The body is JSON whose node at {@code pointer} equals {@code expected}: compared as text for strings, as
     * numbers for numbers, as booleans for booleans, as JSON null for {@code null}.
     */
    public ResponseAssert hasJsonPath(String pointer, Object expected) {
        JsonNode node = node(pointer);
        boolean same;
        if (expected == null) {
            same = node.isNull();
        } else if (expected instanceof Number n) {
            same = node.isNumber() && node.decimalValue().compareTo(new java.math.BigDecimal(n.toString())) == 0;
        } else if (expected instanceof Boolean b) {
            same = node.isBoolean() && node.booleanValue() == b;
        } else {
            same = node.isValueNode() && node.asText().equals(expected.toString());
        }
        if (!same) {
            failWithMessage("%s: expected JSON %s = %s but was %s%s", where(), pointer, expected, node, body());
        }
        return this;
    }

    /** The body, as UTF-8 text, contains {@code text}. */
    public ResponseAssert bodyContains(String text) {
        isNotNull();
        if (!actual.text().contains(text)) {
            failWithMessage("%s: expected the body to contain \"%s\"%s", where(), text, body());
        }
        return this;
    }

    private JsonNode node(String pointer) {
        isNotNull();
        if (pointer == null || !(pointer.isEmpty() || pointer.startsWith("/"))) {
            throw new IllegalArgumentException(
                    "JSON path must be a JSON Pointer such as /id or /events/0/type: " + pointer);
        }
        JsonNode root;
        try {
            root = actual.json();
        } catch (IllegalStateException e) {
            failWithMessage("%s", e.getMessage());
            return null;
        }
        JsonNode node = root.at(pointer);
        if (node.isMissingNode()) {
            failWithMessage("%s: expected JSON %s to exist%s", where(), pointer, body());
        }
        return node;
    }

    private String where() {
        return actual.name() + " (" + actual.path() + ")";
    }

    private String body() {
        String text = actual.text();
        if (text.isEmpty()) {
            return "; empty body";
        }
        return "; body: " + (text.length() > BODY_EXCERPT ? text.substring(0, BODY_EXCERPT) + "…" : text);
    }
}
