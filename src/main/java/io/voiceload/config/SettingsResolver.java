package io.voiceload.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides the effective settings of one load test and where each value came from.
 *
 * <p>Precedence, highest first: {@code -Dloadtest.*} system property, {@code LOADTEST_*} environment
 * variable, the selected profile ({@code -Dloadtest.profile}, else the annotation's profile, else the
 * file's {@code profile}), the annotation, the test's category sections (in tag order), the file's
 * top-level keys, {@link BuiltInDefaults}.
 *
 * <ul>
 *   <li>The annotation decides the workload model: {@code rate} or {@code stages} make it open, else it
 *       is closed. Values of the other model from overrides or the profile are ignored with a note.
 *   <li>Some settings resolve as a unit, taken whole from the highest source that sets any of them:
 *       the stop condition ({@code requests}, {@code duration}), the warm-up ({@code warmup},
 *       {@code warmupIterations}) and the arrival schedule ({@code rate}, {@code stages}). Annotation
 *       {@code requests = 100} with {@code -Dloadtest.duration=300s} runs 300 s with unbounded requests.
 *   <li>A profile's {@code scale} multiplies users (closed) or rate, stage targets and max concurrency
 *       (open) that come from lower-precedence sources; users and max concurrency round up.
 *   <li>{@code requests} counts iterations per user in a closed-model test and in total in an
 *       open-model test; the file's {@code requests_per_user} applies to closed-model tests only.
 *   <li>{@code max_test_duration} caps every run; a longer requested duration is an error.
 * </ul>
 *
 * <pre>{@code
 * ResolvedSettings settings = new SettingsResolver(LoadTestConfig.shared(), Overrides.fromSystem())
 *         .resolve(RequestedSettings.builder().users(20).build(), Set.of("concurrent-calls"));
 * System.out.println(settings.describe());
 * }</pre>
 */
public final class SettingsResolver {

    private enum Rank {
        SYSTEM_PROPERTY,
        ENVIRONMENT,
        PROFILE,
        ANNOTATION,
        CATEGORY,
        FILE,
        BUILT_IN
    }

    /**
     * The settings that sources share, named by their JSON key (and top-level key, where there is one), and
     * the workload model each belongs to: a profile's scale applies to those of the test's model, and those
     * of the other model are ignored with a note.
     */
    private enum Field {
        USERS("users", "concurrent_users", OverrideKey.USERS, WorkloadSettings::users, WorkloadModel.CLOSED),
        REQUESTS("requests", "requests_per_user", OverrideKey.REQUESTS, WorkloadSettings::requests, null),
        DURATION("duration", "test_duration", OverrideKey.DURATION, WorkloadSettings::duration, null),
        RAMP_UP("ramp_up", "ramp_up", OverrideKey.RAMP_UP, WorkloadSettings::rampUp, null),
        RATE("rate", null, OverrideKey.RATE, WorkloadSettings::rate, WorkloadModel.OPEN),
        STAGES("stages", null, null, WorkloadSettings::stages, WorkloadModel.OPEN),
        MAX_CONCURRENCY(
                "max_concurrency",
                null,
                OverrideKey.MAX_CONCURRENCY,
                WorkloadSettings::maxConcurrency,
                WorkloadModel.OPEN),
        THINK_TIME("think_time", "think_time", OverrideKey.THINK_TIME, WorkloadSettings::thinkTime, null),
        WARMUP("warmup", "warmup", OverrideKey.WARMUP, WorkloadSettings::warmup, null),
        WARMUP_ITERATIONS(
                "warmup_iterations",
                "warmup_iterations",
                OverrideKey.WARMUP_ITERATIONS,
                WorkloadSettings::warmupIterations,
                null);

        final String key;
        final String topLevelKey;
        final OverrideKey overrideKey;
        final Function<WorkloadSettings, Object> getter;
        /** The model this setting belongs to; null when it belongs to both. */
        final WorkloadModel model;

        Field(
                String key,
                String topLevelKey,
                OverrideKey overrideKey,
                Function<WorkloadSettings, Object> getter,
                WorkloadModel model) {
            this.key = key;
            this.topLevelKey = topLevelKey;
            this.overrideKey = overrideKey;
            this.getter = getter;
            this.model = model;
        }

        /** The settings of the model other than {@code model}, in declaration order. */
        static List<Field> otherThan(WorkloadModel model) {
            return Arrays.stream(values())
                    .filter(f -> f.model != null && f.model != model)
                    .toList();
        }
    }

    /** One source of plan settings; {@code origin} names a field's origin. */
    private record Layer(Rank rank, String name, WorkloadSettings workload, Function<Field, String> origin) {
        Object get(Field f) {
            return f.getter.apply(workload);
        }
    }

    private final LoadTestConfig config;
    private final Overrides overrides;

    /**
     * @throws ConfigException if {@code -Dloadtest.profile} / {@code LOADTEST_PROFILE} names no profile
     */
    public SettingsResolver(LoadTestConfig config, Overrides overrides) {
        this.config = Objects.requireNonNull(config, "config");
        this.overrides = Objects.requireNonNull(overrides, "overrides");
        overrides.profile().ifPresent(p -> requireProfile(p.value(), overrides.where(OverrideKey.PROFILE)));
    }

    /** Shorthand for {@code new SettingsResolver(config, overrides).resolve(requested, tags)}. */
    public static ResolvedSettings resolve(
            LoadTestConfig config, Overrides overrides, RequestedSettings requested, Set<String> tags) {
        return new SettingsResolver(config, overrides).resolve(requested, tags);
    }

    /**
     * @param requested what the test's annotation asked for
     * @param tags the test's tags; those that are category names select category sections, in
     *     iteration order (use an ordered set when there are several)
     * @throws ConfigException for invalid annotation values, an unknown profile or a run longer than
     *     {@code max_test_duration}
     */
    public ResolvedSettings resolve(RequestedSettings requested, Set<String> tags) {
        Objects.requireNonNull(requested, "requested");
        new RequestValidator(requested, config).validate();
        Resolution r = new Resolution(requested, tags);
        return r.resolve();
    }

    private Profile requireProfile(String name, String where) {
        return config.profile(name)
                .orElseThrow(() -> new ConfigException(where + ": "
                        + ConfigFileParser.unknownProfile(
                                name, config.profiles().keySet())));
    }

    /** The state of resolving one test. */
    private final class Resolution {
        private final RequestedSettings requested;
        private final WorkloadModel model;
        private final Sourced<String> profileName;
        private final Profile profile;
        private final List<String> categories = new ArrayList<>();
        private final List<Layer> layers = new ArrayList<>();
        private final List<String> notes = new ArrayList<>(overrides.notes());

        Resolution(RequestedSettings requested, Set<String> tags) {
            this.requested = requested;
            this.model = requested.model();
            this.profileName = selectProfile();
            this.profile = profileName.value() == null
                    ? null
                    : config.profile(profileName.value()).orElseThrow();
            if (tags != null) {
                tags.stream().filter(LoadTestConfig.CATEGORIES::contains).forEach(categories::add);
            }
            buildLayers();
        }

        private Sourced<String> selectProfile() {
            var fromOverrides = overrides.profile();
            if (fromOverrides.isPresent()) {
                return fromOverrides.get();
            }
            if (requested.profile() != null) {
                requireProfile(requested.profile(), requested.where("profile", requested.profile()));
                return Sourced.of(requested.profile(), requested.annotation());
            }
            return config.defaultProfile()
                    .map(p -> Sourced.of(p, config.label() + " profile"))
                    .orElse(Sourced.of(null, "none selected"));
        }

        private void buildLayers() {
            layers.add(new Layer(
                    Rank.SYSTEM_PROPERTY,
                    "system properties",
                    overrides.workload(true),
                    f -> "-D" + f.overrideKey.property()));
            layers.add(new Layer(
                    Rank.ENVIRONMENT,
                    "environment",
                    overrides.workload(false),
                    f -> f.overrideKey.environmentVariable()));
            if (profile != null) {
                String name = "profile \"" + profile.name() + "\"";
                layers.add(new Layer(Rank.PROFILE, name, profile.workload(), f -> name));
            }
            layers.add(new Layer(
                    Rank.ANNOTATION, requested.annotation(), requested.workload(), f -> requested.annotation()));
            for (String category : categories) {
                config.category(category).ifPresent(c -> {
                    String name = "categories." + category;
                    layers.add(new Layer(Rank.CATEGORY, name, c.workload(), f -> name));
                });
            }
            layers.add(new Layer(
                    Rank.FILE,
                    config.label(),
                    perUserRequestsOnlyIfClosed(config.defaults().workload()),
                    f -> config.label() + " " + f.topLevelKey));
            layers.add(new Layer(
                    Rank.BUILT_IN,
                    BuiltInDefaults.ORIGIN,
                    perUserRequestsOnlyIfClosed(BuiltInDefaults.workload()),
                    f -> BuiltInDefaults.ORIGIN));
        }

        /**
         * {@code requests_per_user} and the built-in request count are per user: an open-model test,
         * whose {@code requests} count arrivals in total, stops on their duration instead.
         */
        private WorkloadSettings perUserRequestsOnlyIfClosed(WorkloadSettings w) {
            if (model == WorkloadModel.CLOSED || w.requests() == null) {
                return w;
            }
            return new WorkloadSettings(
                    w.users(),
                    null,
                    w.duration(),
                    w.rampUp(),
                    w.rate(),
                    w.stages(),
                    w.maxConcurrency(),
                    w.thinkTime(),
                    w.warmup(),
                    w.warmupIterations());
        }

        ResolvedSettings resolve() {
            Map<Field, Sourced<Object>> stop = unit("the stop condition", Field.REQUESTS, Field.DURATION);
            Map<Field, Sourced<Object>> warm = unit("the warm-up", Field.WARMUP, Field.WARMUP_ITERATIONS);
            warm.put(Field.WARMUP_ITERATIONS, warmupFollowingThePlan(stop, warm.get(Field.WARMUP_ITERATIONS)));
            Sourced<Object> users;
            Sourced<Object> rate;
            Sourced<Object> stages;
            Sourced<Object> maxConcurrency;
            String notUsed = "not used: " + model.testName();
            if (model == WorkloadModel.CLOSED) {
                users = first(Field.USERS);
                rate = Sourced.of(null, notUsed);
                stages = Sourced.of(List.of(), notUsed);
                maxConcurrency = Sourced.of(null, notUsed);
            } else {
                users = Sourced.of(null, notUsed);
                Map<Field, Sourced<Object>> arrivals = unit("the arrival schedule", Field.RATE, Field.STAGES);
                rate = arrivals.get(Field.RATE);
                stages = arrivals.get(Field.STAGES).value() == null
                        ? Sourced.of(List.of(), arrivals.get(Field.STAGES).origin())
                        : arrivals.get(Field.STAGES);
                maxConcurrency = first(Field.MAX_CONCURRENCY);
            }
            noteIgnored(Field.otherThan(model), model.testName());
            Sourced<Duration> cap = pick(
                    overrides.maxTestDuration(),
                    config.defaults().maxTestDuration(),
                    "max_test_duration",
                    BuiltInDefaults.DEFAULT_MAX_TEST_DURATION);
            ResolvedSettings settings = new ResolvedSettings(
                    model,
                    profileName,
                    categories,
                    cast(users),
                    cast(stop.get(Field.REQUESTS)),
                    cast(stop.get(Field.DURATION)),
                    cap,
                    cast(first(Field.RAMP_UP)),
                    cast(rate),
                    cast(stages),
                    cast(maxConcurrency),
                    cast(first(Field.THINK_TIME)),
                    cast(warm.get(Field.WARMUP)),
                    cast(warm.get(Field.WARMUP_ITERATIONS)),
                    pick(overrides.seed(), config.defaults().seed(), "seed", null),
                    pick(
                            overrides.progressInterval(),
                            config.defaults().progressInterval(),
                            "progress_interval",
                            BuiltInDefaults.DEFAULT_PROGRESS_INTERVAL),
                    pick(
                            Optional.empty(),
                            config.defaults().generatorLagLimit(),
                            "generator_lag_limit",
                            BuiltInDefaults.DEFAULT_GENERATOR_LAG_LIMIT),
                    pick(
                            Optional.empty(),
                            config.defaults().memoryThresholdMb(),
                            "memory_threshold_mb",
                            BuiltInDefaults.DEFAULT_MEMORY_THRESHOLD_MB),
                    targetBaseUrl(),
                    ResolvedThresholds.resolve(config, profile, categories),
                    categorySettings(),
                    notes,
                    config.source());
            checkCap(settings);
            return settings;
        }

        /** The highest layer's value for a field, scaled by the profile where that applies. */
        private Sourced<Object> first(Field f) {
            for (Layer layer : layers) {
                Object v = layer.get(f);
                if (v != null) {
                    return scaled(f, layer, v);
                }
            }
            return Sourced.of(null, "not set");
        }

        /**
         * The warm-up iterations, scaled with the plan when a higher source than the warm-up's set the request
         * count: a tiny {@code -Dloadtest.requests=3} must not keep the {@code warmupIterations = 8} written for
         * the annotation's 15. They are multiplied by the same factor as the requests (rounded up) and never
         * exceed the measured requests; the origin says so. Warm-up iterations set by the overrides themselves
         * are taken as they are.
         */
        private Sourced<Object> warmupFollowingThePlan(Map<Field, Sourced<Object>> stop, Sourced<Object> warmup) {
            int stopLayer = winner(Field.REQUESTS, Field.DURATION);
            int warmLayer = winner(Field.WARMUP, Field.WARMUP_ITERATIONS);
            if (!(warmup.value() instanceof Integer iterations)
                    || iterations == 0
                    || !(stop.get(Field.REQUESTS).value() instanceof Integer requests)
                    || stopLayer < 0
                    || stopLayer >= warmLayer) {
                return warmup;
            }
            // The request count the warm-up was written against: the stop condition of its own source or below.
            Integer written = null;
            for (int i = warmLayer; i < layers.size(); i++) {
                Layer layer = layers.get(i);
                if (layer.get(Field.REQUESTS) != null || layer.get(Field.DURATION) != null) {
                    written = (Integer) layer.get(Field.REQUESTS);
                    break;
                }
            }
            long scaled = iterations;
            String how = "";
            if (written != null && requests < written) {
                scaled = Math.ceilDiv((long) iterations * requests, written);
                how = " × " + requests + "/" + written + " requests, rounded up";
            }
            if (scaled > requests) {
                how += (how.isEmpty() ? "" : " = " + scaled) + ", at most the " + requests + " measured";
                scaled = requests;
            }
            if (scaled == iterations) {
                return warmup;
            }
            return Sourced.of(
                    (int) scaled,
                    warmup.origin() + " " + iterations + how + " (requests from "
                            + stop.get(Field.REQUESTS).origin() + ")");
        }

        /** The index of the highest layer that sets any of {@code fields}; -1 when none does. */
        private int winner(Field... fields) {
            for (int i = 0; i < layers.size(); i++) {
                for (Field f : fields) {
                    if (layers.get(i).get(f) != null) {
                        return i;
                    }
                }
            }
            return -1;
        }

        /** Fields taken together from the highest layer that sets any of them. */
        private Map<Field, Sourced<Object>> unit(String what, Field... fields) {
            Map<Field, Sourced<Object>> result = new LinkedHashMap<>();
            for (int i = 0; i < layers.size(); i++) {
                Layer winner = layers.get(i);
                List<String> setBy = new ArrayList<>();
                for (Field f : fields) {
                    if (winner.get(f) != null) {
                        setBy.add(winner.origin().apply(f));
                    }
                }
                if (setBy.isEmpty()) {
                    continue;
                }
                String setter = String.join(" and ", setBy.stream().distinct().toList());
                for (Field f : fields) {
                    Object v = winner.get(f);
                    result.put(f, v != null ? scaled(f, winner, v) : Sourced.of(null, what + " is set by " + setter));
                    if (v == null) {
                        noteUnused(f, layers.subList(i + 1, layers.size()), what, setter);
                    }
                }
                return result;
            }
            for (Field f : fields) {
                result.put(f, Sourced.of(null, "not set"));
            }
            return result;
        }

        /** Notes a unit member that a lower user-visible source set but the unit's winner replaced. */
        private void noteUnused(Field f, List<Layer> lower, String what, String setter) {
            for (Layer layer : lower) {
                Object v = layer.get(f);
                if (v != null && layer.rank().compareTo(Rank.FILE) < 0) {
                    notes.add(f.key + " = " + ResolvedSettings.format(v) + " from "
                            + layer.origin().apply(f) + " not used: " + what + " is set by " + setter);
                }
            }
        }

        /** Notes values of the other workload model given by overrides or the profile. */
        private void noteIgnored(List<Field> fields, String reason) {
            for (Layer layer : layers) {
                if (layer.rank().compareTo(Rank.PROFILE) > 0) {
                    break;
                }
                for (Field f : fields) {
                    if (layer.get(f) != null) {
                        notes.add(f.key + " from " + layer.origin().apply(f) + " ignored: " + reason);
                    }
                }
            }
        }

        private Sourced<Object> scaled(Field f, Layer layer, Object v) {
            Sourced<Object> plain = Sourced.of(v, layer.origin().apply(f));
            if (profile == null
                    || profile.scale() == null
                    || profile.scale() == 1.0
                    || layer.rank().compareTo(Rank.PROFILE) <= 0
                    || !isScaled(f)) {
                return plain;
            }
            double k = profile.scale();
            Object value =
                    switch (f) {
                        case USERS, MAX_CONCURRENCY -> scaleCount((Integer) v, k);
                        case RATE -> (Double) v * k;
                        case STAGES ->
                            ((List<?>) v)
                                    .stream().map(s -> ((Stage) s).scaled(k)).toList();
                        default -> v;
                    };
            return Sourced.of(
                    value,
                    plain.origin() + " × profile \"" + profile.name() + "\" scale " + ResolvedSettings.formatNumber(k));
        }

        /** Rounds up so that a scaled-down test keeps at least one user or slot. */
        private static int scaleCount(int count, double factor) {
            BigDecimal scaled = BigDecimal.valueOf(count)
                    .multiply(BigDecimal.valueOf(factor))
                    .setScale(0, RoundingMode.CEILING);
            return scaled.min(BigDecimal.valueOf(Integer.MAX_VALUE))
                    .max(BigDecimal.ONE)
                    .intValue();
        }

        private boolean isScaled(Field f) {
            return f.model == model;
        }

        private <T> Sourced<T> pick(Optional<Sourced<T>> override, T fileValue, String fileKey, T builtIn) {
            if (override.isPresent()) {
                return override.get();
            }
            if (fileValue != null) {
                return Sourced.of(fileValue, config.label() + " " + fileKey);
            }
            return Sourced.of(builtIn, BuiltInDefaults.ORIGIN);
        }

        private Sourced<URI> targetBaseUrl() {
            return TargetSettings.resolve(config, overrides).baseUrl();
        }

        private Map<String, JsonNode> categorySettings() {
            Map<String, JsonNode> result = new LinkedHashMap<>();
            for (String category : categories) {
                config.category(category).ifPresent(c -> result.put(category, c.settings()));
            }
            return result;
        }

        private void checkCap(ResolvedSettings s) {
            Duration cap = s.maxTestDuration().value();
            String capText = "max_test_duration = " + Durations.format(cap) + " ("
                    + s.maxTestDuration().origin() + ")";
            String fix = "; raise max_test_duration in " + config.label() + " or with -Dloadtest.maxTestDuration, "
                    + "or shorten the run";
            Duration duration = s.duration().value();
            if (duration != null && duration.compareTo(cap) > 0) {
                throw new ConfigException("duration = " + Durations.format(duration) + " ("
                        + s.duration().origin() + ") exceeds " + capText + fix);
            }
            Duration stagesTotal = s.stagesDuration();
            if (stagesTotal.compareTo(cap) > 0) {
                throw new ConfigException("stages last " + Durations.format(stagesTotal) + " ("
                        + s.stages().origin() + "), more than " + capText + fix);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Sourced<T> cast(Sourced<Object> s) {
        return (Sourced<T>) (Sourced<?>) s;
    }
}
