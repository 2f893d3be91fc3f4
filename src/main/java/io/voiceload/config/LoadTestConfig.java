package io.voiceload.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated content of {@code load_test_config.json}: top-level defaults, thresholds, profiles,
 * target, category sections and the infrastructure (Postgres, Redis, Toxiproxy) section.
 *
 * <pre>{@code
 * LoadTestConfig config = LoadTestConfig.shared();            // located once per JVM
 * Profile heavy = config.profile("heavy").orElseThrow();
 * }</pre>
 *
 * <p>Every problem (malformed JSON with line and column, duplicate or unknown keys, bad units,
 * impossible values) is a {@link ConfigException} naming the key path, the value and what is allowed.
 * Which values a test finally runs with is decided by {@link SettingsResolver}.
 */
public final class LoadTestConfig {

    /** The file name looked for in the working directory and its parents. */
    public static final String FILE_NAME = "load_test_config.json";

    /** Profiles every configuration must define (more may be added). */
    public static final List<String> REQUIRED_PROFILES =
            List.of("smoke", "light", "normal", "heavy", "stress", "soak", "spike");

    /**
     * The test categories (JUnit tags) that may have a section under {@code categories}; {@link CategorySchema}
     * declares them with the settings each one's tests read.
     */
    public static final List<String> CATEGORIES = CategorySchema.categories();

    /** Source name of the built-in defaults. */
    public static final String BUILT_IN = "built-in defaults";

    static final String BUILT_IN_RESOURCE = "default_load_test_config.json";

    private static final Object SHARED_LOCK = new Object();
    private static LoadTestConfig shared;
    private static ConfigException sharedFailure;

    private final String source;
    private final String label;
    private final FileDefaults defaults;
    private final Thresholds thresholds;
    private final Map<String, Profile> profiles;
    private final Target target;
    private final Map<String, Category> categories;
    private final InfrastructureConfig infrastructure;

    LoadTestConfig(
            String source,
            String label,
            FileDefaults defaults,
            Thresholds thresholds,
            Map<String, Profile> profiles,
            Target target,
            Map<String, Category> categories,
            InfrastructureConfig infrastructure) {
        this.source = source;
        this.label = label;
        this.defaults = defaults;
        this.thresholds = thresholds;
        this.profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
        this.target = target;
        this.categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        this.infrastructure = infrastructure;
    }

    /** Reads and validates a configuration file; messages name it by its path. */
    public static LoadTestConfig load(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e);
        }
        return ConfigFileParser.parse(json, file.toString(), String.valueOf(file.getFileName()));
    }

    /**
     * Validates configuration text.
     *
     * @param sourceName names the text in messages, e.g. {@code load_test_config.json}
     */
    public static LoadTestConfig parse(String json, String sourceName) {
        String label = sourceName.substring(Math.max(sourceName.lastIndexOf('/'), sourceName.lastIndexOf('\\')) + 1);
        return ConfigFileParser.parse(json, sourceName, label);
    }

    /** The built-in defaults: a copy of the project's shipped {@code load_test_config.json}. */
    public static LoadTestConfig builtIn() {
        return builtIn(BUILT_IN);
    }

    private static LoadTestConfig builtIn(String source) {
        try (InputStream in = LoadTestConfig.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the classpath: " + BUILT_IN_RESOURCE);
            }
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return ConfigFileParser.parse(json, source, "built-in " + FILE_NAME);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #locate(Overrides, Path)} from the JVM's working directory ({@code user.dir}). */
    public static LoadTestConfig locate(Overrides overrides) {
        return locate(overrides, Path.of(System.getProperty("user.dir")));
    }

    /**
     * Finds the configuration: the file named by {@code -Dloadtest.config} / {@code LOADTEST_CONFIG}
     * (relative to {@code workingDirectory}; a missing file is an error), else {@value #FILE_NAME} in
     * {@code workingDirectory} or the nearest parent that has one, else the {@link #builtIn() built-in
     * defaults}, whose {@link #source()} says so.
     */
    public static LoadTestConfig locate(Overrides overrides, Path workingDirectory) {
        Path start = workingDirectory.toAbsolutePath().normalize();
        Optional<Sourced<String>> configured = overrides.configFile();
        if (configured.isPresent()) {
            Path file = start.resolve(configured.get().value());
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(overrides.where(OverrideKey.CONFIG) + ": no such file (looked for " + file
                        + "); unset it to use " + FILE_NAME + " from the working directory or its parents");
            }
            return load(file);
        }
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return load(candidate);
            }
        }
        return builtIn(BUILT_IN + " (no " + FILE_NAME + " in " + start + " or any parent directory)");
    }

    /**
     * The configuration of this JVM, {@link #locate(Overrides) located} once with {@code loadtest.config} /
     * {@code LOADTEST_CONFIG} and then cached (the other overrides are not read here: a bad one is the run's
     * problem, not the file's, and must not stick to the file for the rest of the JVM). A failure is cached too
     * and rethrown on every call.
     */
    public static LoadTestConfig shared() {
        synchronized (SHARED_LOCK) {
            if (shared == null && sharedFailure == null) {
                try {
                    shared = locate(Overrides.fromSystem(OverrideKey.CONFIG));
                } catch (ConfigException e) {
                    sharedFailure = e;
                }
            }
            if (sharedFailure != null) {
                throw sharedFailure;
            }
            return shared;
        }
    }

    /** The file's path, or {@value #BUILT_IN} with a note on why. */
    public String source() {
        return source;
    }

    /** True when no file was found and the built-in defaults are used. */
    public boolean isBuiltIn() {
        return source.startsWith(BUILT_IN);
    }

    /** How origins name this file, e.g. {@code load_test_config.json}. */
    String label() {
        return label;
    }

    /** The top-level keys. */
    public FileDefaults defaults() {
        return defaults;
    }

    /** The top-level {@code thresholds} section as written. */
    public Thresholds thresholds() {
        return thresholds;
    }

    /** The top-level thresholds with {@code max_response_time} and {@code max_error_rate} folded in. */
    public Thresholds effectiveThresholds() {
        return thresholds.withFallbacks(defaults.maxResponseTime(), defaults.maxErrorRate());
    }

    /** All profiles, in file order. */
    public Map<String, Profile> profiles() {
        return profiles;
    }

    public Optional<Profile> profile(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    /** The file's {@code profile}: used when neither the command line nor the annotation selects one. */
    public Optional<String> defaultProfile() {
        return Optional.ofNullable(defaults.profile());
    }

    public Target target() {
        return target;
    }

    /** The category sections present, in file order. */
    public Map<String, Category> categories() {
        return categories;
    }

    public Optional<Category> category(String name) {
        return Optional.ofNullable(categories.get(name));
    }

    /**
     * The {@code infrastructure} section as written ({@link InfrastructureConfig#NONE} when absent);
     * {@link InfrastructureSettings#resolve} applies overrides and defaults.
     */
    public InfrastructureConfig infrastructure() {
        return infrastructure;
    }

    @Override
    public String toString() {
        return "LoadTestConfig[" + source + ", profiles " + profiles.keySet() + "]";
    }
}
