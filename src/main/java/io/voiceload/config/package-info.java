/**
 * Configuration of voiceload load tests: the model of {@code load_test_config.json}
 * ({@link io.voiceload.config.LoadTestConfig}), run-time {@code -Dloadtest.*} / {@code LOADTEST_*}
 * overrides ({@link io.voiceload.config.Overrides}) and the resolution of the effective settings of one
 * test, with the origin of every value ({@link io.voiceload.config.SettingsResolver},
 * {@link io.voiceload.config.ResolvedSettings}). Also the values both configuration and the engine speak in:
 * {@link io.voiceload.config.Durations}, {@link io.voiceload.config.ThinkTime},
 * {@link io.voiceload.config.Stage}, {@link io.voiceload.config.WorkloadModel}.
 *
 * <p>Precedence, highest first: system property, environment variable, selected profile, the test's
 * annotation, the category section, the file's top-level keys, built-in defaults. Every problem is a
 * {@link io.voiceload.config.ConfigException} thrown before any load starts, naming the key, the value
 * and what is allowed.
 *
 * <p>Plain Java and Jackson; nothing here knows JUnit.
 */
package io.voiceload.config;
