package io.voiceload.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
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
 * @param mode {@code target.mode}; null when absent (implied by the base URL: {@link TargetSettings} resolves it)
 * @param childJvmArgs {@code target.child_jvm_args}: the JVM options of a {@link TargetMode#CHILD child} platform;
 *     null when absent ({@link TargetSettings#DEFAULT_CHILD_JVM_ARGS})
 * @param childWarmup {@code target.child_warmup}: how long a light built-in load warms a child platform before
 *     the first test; null when absent (none)
 */
public record Target(
        URI baseUrl,
        String description,
        TargetCredentials credentials,
        String readinessPath,
        TargetMode mode,
        List<String> childJvmArgs,
        Duration childWarmup,
        Jmx jmx) {

    /**
     * {@code target.jmx_url}, {@code jmx_user} and {@code jmx_password}: the deployment's JMX connector, for the
     * memory capture (see {@link TargetJmx}); each null when not given. {@link #toString} masks the password.
     */
    public record Jmx(String url, String user, String password) {

        /** None configured. */
        public static final Jmx NONE = new Jmx(null, null, null);

        @Override
        public String toString() {
            return "Jmx[" + url + (user == null ? "" : ", user " + user) + (password == null ? "" : ", password ***")
                    + "]";
        }
    }

    /** The embedded reference platform with its demo credentials. */
    public static final Target EMBEDDED = new Target(null, null);

    public Target {
        Objects.requireNonNull(credentials, "credentials");
        childJvmArgs = childJvmArgs == null ? null : List.copyOf(childJvmArgs);
        jmx = jmx == null ? Jmx.NONE : jmx;
    }

    /** A target without JMX settings. */
    public Target(
            URI baseUrl,
            String description,
            TargetCredentials credentials,
            String readinessPath,
            TargetMode mode,
            List<String> childJvmArgs,
            Duration childWarmup) {
        this(baseUrl, description, credentials, readinessPath, mode, childJvmArgs, childWarmup, Jmx.NONE);
    }

    /** A target of the mode its base URL implies and the default child JVM options. */
    public Target(URI baseUrl, String description, TargetCredentials credentials, String readinessPath) {
        this(baseUrl, description, credentials, readinessPath, null, null, null);
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
