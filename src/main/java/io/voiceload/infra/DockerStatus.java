package io.voiceload.infra;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a Docker engine answered, checked at most once per JVM.
 *
 * @param checked false when the check was not needed (every dependency had an address) or not
 *     wanted ({@code docker = never})
 * @param available true when an engine answered
 * @param took how long the check took (zero when not checked)
 * @param detail the engine's description, or why none answered, or why it was not checked
 */
public record DockerStatus(boolean checked, boolean available, Duration took, String detail) {

    public DockerStatus {
        Objects.requireNonNull(took, "took");
        Objects.requireNonNull(detail, "detail");
    }

    static DockerStatus notChecked(String why) {
        return new DockerStatus(false, false, Duration.ZERO, why);
    }

    @Override
    public String toString() {
        if (!checked) {
            return "not checked: " + detail;
        }
        return (available ? "available" : "not available") + " (checked in " + Infrastructure.seconds(took) + ": "
                + detail + ")";
    }
}
