package io.voiceload.platform.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.platform.http.ApiException;
import io.voiceload.platform.http.Json;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A validated {@code POST /calls} body. */
public record NewCall(String hotelId, String callerNumber, String direction, String language, String department) {

    public static final List<String> DIRECTIONS = List.of("inbound", "outbound");
    public static final List<String> DEPARTMENTS =
            List.of("front_desk", "concierge", "housekeeping", "room_service", "reservations", "maintenance", "spa");

    private static final Pattern HOTEL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Z]{2})?");
    private static final Set<String> FIELDS = Set.of("hotelId", "callerNumber", "direction", "language", "department");

    /**
     * Reads and checks every field, reporting all problems at once.
     *
     * @throws ApiException 400 whose details map each bad or unknown field to what is wrong with it
     */
    public static NewCall from(ObjectNode body) {
        Map<String, String> problems = new LinkedHashMap<>();
        String hotelId = text(body, "hotelId", problems);
        String caller = text(body, "callerNumber", problems);
        String direction = text(body, "direction", problems);
        String language = text(body, "language", problems);
        String department = text(body, "department", problems);
        check(
                hotelId,
                HOTEL_ID.matcher(orEmpty(hotelId)).matches(),
                "hotelId",
                "must be 1-64 of A-Z a-z 0-9 _ -",
                problems);
        check(
                caller,
                E164.matcher(orEmpty(caller)).matches(),
                "callerNumber",
                "must be E.164, e.g. +41446681800",
                problems);
        check(
                direction,
                DIRECTIONS.contains(orEmpty(direction)),
                "direction",
                "must be one of " + DIRECTIONS,
                problems);
        check(
                language,
                LANGUAGE.matcher(orEmpty(language)).matches(),
                "language",
                "must be a language tag such as en or en-US",
                problems);
        check(
                department,
                DEPARTMENTS.contains(orEmpty(department)),
                "department",
                "must be one of " + DEPARTMENTS,
                problems);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.put(
                        name,
                        "unknown field; allowed are "
                                + List.of("hotelId", "callerNumber", "direction", "language", "department"));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid call: " + String.join(", ", problems.keySet()), problems);
        }
        return new NewCall(hotelId, caller, direction, language, department);
    }

    private static String text(ObjectNode body, String field, Map<String, String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            problems.put(field, "is required");
            return null;
        }
        if (!node.isTextual()) {
            problems.put(field, "must be a string, not " + Json.describe(node));
            return null;
        }
        return node.textValue();
    }

    private static void check(String value, boolean ok, String field, String rule, Map<String, String> problems) {
        if (value != null && !ok) {
            problems.put(field, rule);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
