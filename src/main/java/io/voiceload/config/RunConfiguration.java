package io.voiceload.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The configuration of a run as a whole, validated at once: the file ({@code load_test_config.json}, category
 * settings included, the memory limits of {@link MemorySettings} and the {@link PmsConnectorSettings} among them), the {@code -Dloadtest.*} / {@code LOADTEST_*} overrides, the profile they select, the
 * target and the infrastructure settings. What one test's annotation asks for is checked when that test
 * resolves its plan ({@link SettingsResolver}); everything else is checked here, before anything starts.
 *
 * <pre>{@code
 * RunConfiguration run = RunConfiguration.fromSystem();   // every problem at once, or none
 * run.target().readinessUrl().ifPresent(url -> System.out.println("asks " + url + " before any load"));
 * }</pre>
 *
 * @param config the configuration file (or the built-in defaults)
 * @param overrides the system properties and environment variables
 * @param target the system under test
 * @param infrastructure where Postgres, Redis and Toxiproxy come from
 */
public record RunConfiguration(
        LoadTestConfig config, Overrides overrides, TargetSettings target, InfrastructureSettings infrastructure) {

    public RunConfiguration {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(overrides, "overrides");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(infrastructure, "infrastructure");
    }

    /**
     * This JVM's configuration ({@link LoadTestConfig#shared()}) with its system properties and environment.
     *
     * @throws ConfigException with every problem found
     */
    public static RunConfiguration fromSystem() {
        return check(LoadTestConfig::shared, Overrides::fromSystem);
    }

    /**
     * Validates the configuration the suppliers give, collecting the problems of the file and of the overrides
     * together (a problem reported by both once).
     *
     * @throws ConfigException with every problem found
     */
    public static RunConfiguration check(Supplier<LoadTestConfig> file, Supplier<Overrides> system) {
        Set<String> problems = new LinkedHashSet<>();
        LoadTestConfig config = attempt(file, problems);
        Overrides overrides = attempt(system, problems);
        if (config == null || overrides == null) {
            throw ConfigException.of(List.copyOf(problems));
        }
        overrides.profile().ifPresent(p -> {
            if (config.profile(p.value()).isEmpty()) {
                problems.add(overrides.where(OverrideKey.PROFILE) + ": "
                        + ConfigFileParser.unknownProfile(
                                p.value(), config.profiles().keySet()));
            }
        });
        try {
            MemorySettings.from(config); // the memory limits, before any test that would read them
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            PmsConnectorSettings.from(config); // the pms-connector category's settings, likewise
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw ConfigException.of(List.copyOf(problems));
        }
        return new RunConfiguration(
                config,
                overrides,
                TargetSettings.resolve(config, overrides),
                InfrastructureSettings.resolve(config, overrides));
    }

    private static <T> T attempt(Supplier<T> supplier, Set<String> problems) {
        try {
            return supplier.get();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }
}
