package io.voiceload.platform.auth;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An auth answer that needs response headers or a 5xx status, which {@code ApiException} cannot carry:
 * 401 with {@code WWW-Authenticate}, 429 and 503 with {@code Retry-After}. Answered by the auth module as
 * the platform's usual JSON error body. No stack trace: it is an answer, not a fault.
 */
final class AuthRefusal extends RuntimeException {

    private static final Logger LOG = LoggerFactory.getLogger(AuthRefusal.class);

    static final String REALM = "Bearer realm=\"voiceload\"";

    private final int status;
    private final Map<String, String> headers;
    private final transient Object details;

    AuthRefusal(int status, String message, Map<String, String> headers, Object details) {
        super(message, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.details = details;
    }

    /** 401: no credentials, or credentials that are not (or no longer) valid. */
    static AuthRefusal unauthorized(String message, boolean invalidToken) {
        return new AuthRefusal(
                401,
                message,
                Map.of("WWW-Authenticate", invalidToken ? REALM + ", error=\"invalid_token\"" : REALM),
                null);
    }

    /** 429 with the seconds until the window ends. */
    static AuthRefusal tooManyAttempts(String message, long retryAfterSeconds, Object details) {
        return new AuthRefusal(429, message, Map.of("Retry-After", Long.toString(retryAfterSeconds)), details);
    }

    /** 503: the session store (Redis) cannot be reached; the platform fails closed. */
    static AuthRefusal unavailable(RuntimeException cause) {
        LOG.warn("auth: the session store (Redis) failed; answering 503: {}", cause.toString());
        return new AuthRefusal(
                503,
                "authentication is unavailable: the session store cannot be reached; retry later",
                Map.of("Retry-After", "1"),
                Map.of("store", "redis"));
    }

    /**
     * 503: the password check threads are all busy (a login burst beyond the pool and its queue); answered at
     * once, so the caller retries after a second instead of waiting for a timeout.
     */
    static AuthRefusal busy(String why, java.util.concurrent.ThreadPoolExecutor pool, int queue) {
        return new AuthRefusal(
                503,
                "login is busy: " + why + "; retry later",
                Map.of("Retry-After", "1"),
                Map.of("passwordHashThreads", pool.getMaximumPoolSize(), "passwordHashQueue", queue));
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    Object details() {
        return details;
    }
}
