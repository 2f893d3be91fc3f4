package io.voiceload.config;

import java.net.URI;
import java.util.Objects;

/**
 * The system under test, from the {@code target} section.
 *
 * @param baseUrl absolute http(s) URL of a deployed platform; null = start the embedded reference
 *     platform
 * @param description free text, may be null
 * @param credentials the users and API key the suite logs in with ({@code target.credentials});
 *     {@link TargetCredentials#DEMO} when the section is absent
 * @param readinessPath {@code target.readiness_path} as written: the path whose 2xx answer says the deployment
 *     is ready, {@value TargetSettings#NO_READINESS_CHECK} for no such request, or null when absent
 *     ({@value TargetSettings#DEFAULT_READINESS_PATH}); {@link TargetSettings} resolves it
 */
public record Target(URI baseUrl, String description, TargetCredentials credentials, String readinessPath) {

    /** The embedded reference platform with its demo credentials. */
    public static final Target EMBEDDED = new Target(null, null);

    public Target {
        Objects.requireNonNull(credentials, "credentials");
    }

    /** A target with the given credentials and the default readiness path. */
    public Target(URI baseUrl, String description, TargetCredentials credentials) {
        this(baseUrl, description, credentials, null);
    }

    /** A target with the demo credentials. */
    public Target(URI baseUrl, String description) {
        this(baseUrl, description, TargetCredentials.DEMO);
    }

    /** True when no base URL is configured and the embedded reference platform is used. */
    public boolean isEmbedded() {
        return baseUrl == null;
    }
}
