package io.voiceload.http;

import io.voiceload.load.VirtualUser;
import java.time.Duration;
import java.util.Locale;

/** Where both clients put their samples: the virtual user running on this thread, if any. */
final class Recording {
    private Recording() {}

    /** {@code GET /calls/{id}}: the recorded name of a request. */
    static String name(String method, String template) {
        return method.toUpperCase(Locale.ROOT) + " " + template;
    }

    /** Records one sample for the current virtual user; does nothing outside a load run. */
    static void record(String name, long nanos, Throwable failure) {
        VirtualUser user = VirtualUser.current().orElse(null);
        if (user != null) {
            user.record(name, Duration.ofNanos(nanos), failure);
        }
    }

    /** {@code 2xx}, {@code 4xx}, …: the class of a status code. */
    static String statusClass(int status) {
        return (status / 100) + "xx";
    }
}
