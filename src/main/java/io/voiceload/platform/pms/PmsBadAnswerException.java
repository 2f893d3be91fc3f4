package io.voiceload.platform.pms;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PMS answered, but with a status the connector has no meaning for (a redirect, a 201, an unknown 4xx, a
 * non-200 page of changes): answered as 502
 * {@code {"error": "pms_bad_answer", "status": 502, "details": {"endpoint": "primary", "pmsStatus": 302,
 * "request": "GET /guests/G-000001"}}}. The platform never turns such an answer into a 500 of its own.
 */
final class PmsBadAnswerException extends RuntimeException {

    private final String endpoint;
    private final int pmsStatus;
    private final String request;

    PmsBadAnswerException(String endpoint, int pmsStatus, String request) {
        super("the PMS " + endpoint + " answered " + pmsStatus + " to " + request, null, false, false);
        this.endpoint = endpoint;
        this.pmsStatus = pmsStatus;
        this.request = request;
    }

    /** The answer's {@code details}: the endpoint, the status it answered and the request it answered. */
    Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("endpoint", endpoint);
        details.put("pmsStatus", pmsStatus);
        details.put("request", request);
        return details;
    }
}
