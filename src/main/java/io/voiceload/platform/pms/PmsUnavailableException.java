package io.voiceload.platform.pms;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * No PMS endpoint could answer (each one's circuit open, or its call failed), or none is configured;
 * answered as 503 {@code {"error": "pms_unavailable" | "pms_not_configured", "status": 503, "details"}}:
 * {@code "details": {"reasons": {"primary": "circuit open", "secondary": "connection refused"}}} when
 * unavailable, {@code "details": {"pms": "..."}} when not configured.
 */
final class PmsUnavailableException extends RuntimeException {

    private final String code;
    private final transient Map<String, String> details;

    PmsUnavailableException(String code, Map<String, String> details) {
        super(code + " " + details, null, false, false);
        this.code = code;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details)); // primary first
    }

    static PmsUnavailableException notConfigured() {
        return new PmsUnavailableException(
                "pms_not_configured", Map.of("pms", "the platform was started without a PMS (PmsOptions.primary)"));
    }

    /** {@code pms_unavailable} or {@code pms_not_configured}. */
    String code() {
        return code;
    }

    /** Why, per endpoint ("primary" → "circuit open"); for {@code pms_not_configured}, "pms" → why. */
    Map<String, String> reasons() {
        return details;
    }

    /** The answer's {@code details}: {@code {"reasons": {endpoint: reason}}}, or why none is configured. */
    Map<String, Object> details() {
        return code.equals("pms_not_configured") ? Map.copyOf(details) : Map.of("reasons", details);
    }
}
