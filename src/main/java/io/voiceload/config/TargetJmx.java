package io.voiceload.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The system under test's JMX connector, for the memory capture of a deployment ({@code -Dloadtest.target.jmxUrl},
 * {@code LOADTEST_TARGET_JMX_URL}, else {@code target.jmx_url}; the same for {@code jmxUser} / {@code jmx_user} and
 * {@code jmxPassword} / {@code jmx_password}). None configured: the reference platform's own (a child platform
 * prints its URL), or no remote capture.
 *
 * <pre>{@code
 * TargetJmx jmx = TargetJmx.resolve(LoadTestConfig.shared(), Overrides.fromSystem());
 * jmx.url().ifPresent(url -> System.out.println("memory read over " + url));
 * }</pre>
 *
 * @param configuredUrl the URL and its origin; a value of null means none
 * @param user the JMX user and its origin; a value of null means none
 * @param password its password and origin (never printed: {@link #toString} masks it); a value of null means none
 */
public record TargetJmx(Sourced<String> configuredUrl, Sourced<String> user, Sourced<String> password) {

    /** The two forms of URL accepted, as error messages list them. */
    public static final String ACCEPTED_FORMS =
            "service:jmx:rmi:///jndi/rmi://host:port/jmxrmi (an RMI registry, as -Dcom.sun.management.jmxremote.port"
                    + " opens) or service:jmx:rmi://host/stub/… (a connector's stub, as JMXConnectorServer.getAddress()"
                    + " prints it)";

    public TargetJmx {
        Objects.requireNonNull(configuredUrl, "configuredUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** The URL, when one is configured. */
    public Optional<String> url() {
        return Optional.ofNullable(configuredUrl.value());
    }

    /** Applies the overrides to the configuration's {@code target.jmx_*} keys. */
    public static TargetJmx resolve(LoadTestConfig config, Overrides overrides) {
        Target.Jmx file = config.target().jmx();
        String where = config.label() + " target.";
        return new TargetJmx(
                pick(overrides.get(OverrideKey.TARGET_JMX_URL), file.url(), where + "jmx_url"),
                pick(overrides.get(OverrideKey.TARGET_JMX_USER), file.user(), where + "jmx_user"),
                pick(overrides.get(OverrideKey.TARGET_JMX_PASSWORD), file.password(), where + "jmx_password"));
    }

    private static Sourced<String> pick(Optional<Sourced<Object>> override, String fileValue, String origin) {
        return override.map(o -> Sourced.of((String) o.value(), o.origin()))
                .orElseGet(() -> Sourced.of(fileValue, fileValue == null ? BuiltInDefaults.ORIGIN : origin));
    }

    /**
     * Why {@code url} is not a JMX URL of one of the {@link #ACCEPTED_FORMS}, or empty when it is one.
     * The check is by shape; whether it answers is for whoever connects.
     */
    public static Optional<String> problem(String url) {
        if (url == null || !url.startsWith("service:jmx:")) {
            return Optional.of("'" + url + "' is not a service:jmx: URL; use " + ACCEPTED_FORMS);
        }
        String rest = url.substring("service:jmx:".length());
        if (!rest.startsWith("rmi://")) {
            return Optional.of("'" + url + "' is of neither accepted form (only the rmi protocol is built into the"
                    + " JDK); use " + ACCEPTED_FORMS);
        }
        int path = rest.indexOf('/', "rmi://".length());
        String urlPath = path < 0 ? "" : rest.substring(path);
        if (!(urlPath.startsWith("/jndi/rmi://") && urlPath.length() > "/jndi/rmi://".length())
                && !(urlPath.startsWith("/stub/") && urlPath.length() > "/stub/".length())) {
            return Optional.of("'" + url + "' is of neither accepted form; use " + ACCEPTED_FORMS);
        }
        return Optional.empty();
    }

    /** The URL stripped, or a {@link ConfigException} starting with {@code where}. */
    static String checkUrl(String text, String where) {
        String url = text.strip();
        problem(url).ifPresent(p -> {
            throw new ConfigException(where + ": " + p);
        });
        return url;
    }

    @Override
    public String toString() {
        return "TargetJmx[" + (configuredUrl.value() == null ? "none" : configuredUrl.value())
                + (user.value() == null ? "" : ", user " + user.value())
                + (password.value() == null ? "" : ", password ***") + "]";
    }
}
