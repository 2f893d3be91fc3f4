package io.voiceload.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code load_test_config.json} into a {@link LoadTestConfig}, validating every section. */
final class ConfigFileParser {

    static final List<String> TOP_LEVEL_KEYS = List.of(
            "description",
            "concurrent_users",
            "requests_per_user",
            "test_duration",
            "ramp_up",
            "think_time",
            "warmup",
            "warmup_iterations",
            "max_test_duration",
            "memory_threshold_mb",
            "max_response_time",
            "max_error_rate",
            "seed",
            "progress_interval",
            "generator_lag_limit",
            "profile",
            "baseline_margin",
            "profiles",
            "thresholds",
            "target",
            "categories",
            "infrastructure");

    static final List<String> WORKLOAD_KEYS = List.of(
            "users",
            "requests",
            "duration",
            "ramp_up",
            "rate",
            "stages",
            "max_concurrency",
            "think_time",
            "warmup",
            "warmup_iterations");

    static final List<String> PROFILE_KEYS =
            concat(List.of("description"), WORKLOAD_KEYS, List.of("scale", "thresholds"));

    static final List<String> CATEGORY_KEYS =
            concat(List.of("description"), WORKLOAD_KEYS, List.of("thresholds", "settings"));

    /** Add a key here and read it in {@link #target} to extend the target section. */
    static final List<String> TARGET_KEYS = List.of(
            "base_url",
            "mode",
            "readiness_path",
            "description",
            "credentials",
            "child_jvm_args",
            "child_warmup",
            "jmx_url",
            "jmx_user",
            "jmx_password");

    static final List<String> CREDENTIALS_KEYS = concat(TargetCredentials.ROLES, List.of("api_key"));

    static final List<String> USER_POOL_KEYS = List.of("username_pattern", "count", "password");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Jackson's "[Source: ...; line: 2, column: 7]" inside a reason. */
    private static final Pattern SOURCE_REFERENCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)]");

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) '(.*)'");

    private ConfigFileParser() {}

    /**
     * @param source names the file in error messages (its path)
     * @param label names the file in origins, e.g. {@code load_test_config.json}
     */
    static LoadTestConfig parse(String json, String source, String label) {
        JsonNode root = readTree(json, source);
        if (root == null || root.isMissingNode()) {
            throw new ConfigException(source + ": empty; expected a JSON object { \"concurrent_users\": 10, ... }");
        }
        if (!root.isObject()) {
            throw new ConfigException(
                    source + ": the top level must be a JSON object { ... }, found " + root.getNodeType());
        }
        Problems problems = new Problems();
        ConfigSection top = new ConfigSection((ObjectNode) root, "", source, problems);
        top.allowOnly(TOP_LEVEL_KEYS);

        FileDefaults defaults = new FileDefaults(
                top.text("description"),
                top.wholeNumber("concurrent_users", 1),
                top.wholeNumber("requests_per_user", 1),
                top.duration("test_duration", ChronoUnit.SECONDS, true),
                top.duration("ramp_up", ChronoUnit.SECONDS, false),
                top.thinkTime("think_time"),
                top.duration("warmup", ChronoUnit.SECONDS, false),
                top.wholeNumber("warmup_iterations", 0),
                top.duration("max_test_duration", ChronoUnit.SECONDS, true),
                top.wholeNumber("memory_threshold_mb", 1),
                top.duration("max_response_time", ChronoUnit.MILLIS, true),
                top.fraction("max_error_rate"),
                top.longNumber("seed"),
                top.duration("progress_interval", ChronoUnit.SECONDS, true),
                top.duration("generator_lag_limit", ChronoUnit.MILLIS, true),
                profileName(top, "profile"),
                top.fraction("baseline_margin"));
        ConfigSection thresholdsSection = top.object("thresholds");
        Thresholds thresholds = thresholdsSection == null ? Thresholds.NONE : thresholds(thresholdsSection);
        checkAlias(top, "max_response_time", defaults.maxResponseTime(), "p95", thresholds.p95());
        checkAlias(top, "max_error_rate", defaults.maxErrorRate(), "error_rate", thresholds.errorRate());

        Map<String, Profile> profiles = profiles(top);
        if (defaults.profile() != null && !profiles.containsKey(defaults.profile())) {
            problems.add(top.where("profile") + ": " + unknownProfile(defaults.profile(), profiles.keySet()));
        }
        ConfigSection targetSection = top.object("target");
        Target target = targetSection == null ? Target.EMBEDDED : target(targetSection);
        Map<String, Category> categories = categories(top);
        ConfigSection infrastructureSection = top.object("infrastructure");
        InfrastructureConfig infrastructure = infrastructureSection == null
                ? InfrastructureConfig.NONE
                : InfrastructureSection.read(infrastructureSection);

        problems.throwIfAny();
        return new LoadTestConfig(source, label, defaults, thresholds, profiles, target, categories, infrastructure);
    }

    /** The explanation after {@code <where>: } for a profile name that is not defined. */
    static String unknownProfile(String name, Iterable<String> defined) {
        List<String> names = new ArrayList<>();
        defined.forEach(names::add);
        String suggestion = Suggestions.didYouMean(name, names).strip();
        return "unknown profile; defined profiles: " + String.join(", ", names)
                + (suggestion.isEmpty() ? "" : "; " + suggestion);
    }

    private static JsonNode readTree(String json, String source) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String at =
                    location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            String reason = Objects.requireNonNullElse(
                    e.getOriginalMessage(), e.getClass().getSimpleName());
            reason = reason.lines().findFirst().orElse(reason);
            Matcher duplicate = DUPLICATE.matcher(reason);
            if (duplicate.find()) {
                String where =
                        e.getProcessor() instanceof JsonParser parser ? objectPath(parser.getParsingContext()) : "";
                throw new ConfigException(source + ": duplicate key \"" + duplicate.group(1) + "\" "
                        + (where.isEmpty() ? "at top level" : "in " + where) + at
                        + ": a key may appear only once in an object (nothing may be silently dropped)");
            }
            if (e instanceof MismatchedInputException && reason.startsWith("Trailing token")) {
                reason = "unexpected content after the end of the top-level object";
            }
            reason = SOURCE_REFERENCE.matcher(reason).replaceAll("line $1, column $2");
            if (reason.contains("comment")) {
                reason += "; JSON has no comments: write them as a \"$comment\" key";
            }
            throw new ConfigException(source + ": malformed JSON" + at + ": " + reason);
        }
    }

    /** Key path of the object a parser is inside, e.g. {@code profiles.heavy}. */
    private static String objectPath(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context.getParent(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                parts.add(0, "." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.add(0, "[" + c.getCurrentIndex() + "]");
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static String profileName(ConfigSection section, String key) {
        String name = section.text(key);
        if (name != null && !Values.PROFILE_NAME.matcher(name).matches()) {
            section.problems().add(section.where(key) + ": not a profile name; names match [a-z][a-z0-9_-]*");
            return null;
        }
        return name;
    }

    private static Thresholds thresholds(ConfigSection s) {
        s.allowOnly(Thresholds.METRICS);
        return new Thresholds(
                s.duration("avg", ChronoUnit.MILLIS, true),
                s.duration("p50", ChronoUnit.MILLIS, true),
                s.duration("p90", ChronoUnit.MILLIS, true),
                s.duration("p95", ChronoUnit.MILLIS, true),
                s.duration("p99", ChronoUnit.MILLIS, true),
                s.duration("p999", ChronoUnit.MILLIS, true),
                s.duration("max", ChronoUnit.MILLIS, true),
                s.fraction("error_rate"),
                s.nonNegativeNumber("min_rps", " (iterations per second)"),
                s.longNumber("max_dropped", 0));
    }

    /** A seed key and its thresholds key may both be set only to the same value. */
    private static void checkAlias(ConfigSection top, String aliasKey, Object alias, String metric, Object value) {
        if (alias != null && value != null && !alias.equals(value)) {
            top.problems()
                    .add(top.source() + ": " + aliasKey + " = " + top.value(aliasKey) + " and thresholds." + metric
                            + " = " + top.object("thresholds").value(metric) + " disagree (" + describe(alias) + " vs "
                            + describe(value) + "); " + aliasKey + " only supplies thresholds." + metric
                            + " when that is absent: remove one of them or make them equal");
        }
    }

    private static String describe(Object value) {
        return value instanceof Duration d ? Durations.format(d) : String.valueOf(value);
    }

    private static Map<String, Profile> profiles(ConfigSection top) {
        Problems problems = top.problems();
        Map<String, Profile> profiles = new LinkedHashMap<>();
        ConfigSection section = top.object("profiles");
        if (section == null) {
            if (!top.has("profiles")) {
                problems.add(top.source() + ": profiles: missing; the file must define at least the profiles "
                        + String.join(", ", LoadTestConfig.REQUIRED_PROFILES));
            }
            return profiles;
        }
        for (Map.Entry<String, JsonNode> entry : section.fields()) {
            String name = entry.getKey();
            if (name.equals(ConfigSection.COMMENT)) {
                continue;
            }
            if (!Values.PROFILE_NAME.matcher(name).matches()) {
                problems.add(
                        top.source() + ": profiles.\"" + name + "\": not a profile name; names match [a-z][a-z0-9_-]*");
                continue;
            }
            ConfigSection p = section.object(name);
            if (p == null) {
                continue;
            }
            p.allowOnly(PROFILE_KEYS);
            ConfigSection t = p.object("thresholds");
            profiles.put(
                    name,
                    new Profile(
                            name,
                            p.text("description"),
                            workload(p),
                            p.positiveNumber("scale", " (a multiplier: 0.5 halves, 2 doubles)"),
                            t == null ? Thresholds.NONE : thresholds(t)));
        }
        List<String> missing = LoadTestConfig.REQUIRED_PROFILES.stream()
                .filter(name ->
                        !section.fields().stream().anyMatch(e -> e.getKey().equals(name)))
                .map(name -> "\"" + name + "\"")
                .toList();
        if (!missing.isEmpty()) {
            problems.add(top.source() + ": profiles: missing " + String.join(", ", missing)
                    + "; the file must define at least " + String.join(", ", LoadTestConfig.REQUIRED_PROFILES));
        }
        return profiles;
    }

    private static WorkloadSettings workload(ConfigSection s) {
        return new WorkloadSettings(
                s.wholeNumber("users", 1),
                s.wholeNumber("requests", 1),
                s.duration("duration", ChronoUnit.SECONDS, true),
                s.duration("ramp_up", ChronoUnit.SECONDS, false),
                s.positiveNumber("rate", " (arrivals per second)"),
                s.stages("stages"),
                s.wholeNumber("max_concurrency", 1),
                s.thinkTime("think_time"),
                s.duration("warmup", ChronoUnit.SECONDS, false),
                s.wholeNumber("warmup_iterations", 0));
    }

    private static Target target(ConfigSection s) {
        s.allowOnly(TARGET_KEYS);
        String url = s.text("base_url");
        String readinessPath = s.text("readiness_path");
        ConfigSection credentials = s.object("credentials");
        String mode = s.text("mode");
        return new Target(
                url == null ? null : s.problems().guard(() -> Values.httpUrl(url, s.where("base_url"))),
                s.text("description"),
                credentials == null ? TargetCredentials.DEMO : credentials(credentials),
                readinessPath == null
                        ? null
                        : s.problems().guard(() -> Values.readinessPath(readinessPath, s.where("readiness_path"))),
                mode == null ? null : s.problems().guard(() -> TargetMode.parse(mode, s.where("mode"))),
                jvmArgs(s, "child_jvm_args"),
                s.duration("child_warmup", ChronoUnit.SECONDS, false),
                jmx(s));
    }

    /** {@code target.jmx_url}, {@code jmx_user}, {@code jmx_password}. */
    private static Target.Jmx jmx(ConfigSection s) {
        String url = s.text("jmx_url");
        String user = s.text("jmx_user");
        // The password is never quoted, unlike other values in problems.
        String passwordWhere = s.source() + ": " + s.path("jmx_password");
        JsonNode given = s.value("jmx_password");
        String password = null;
        if (given != null && (!given.isTextual() || given.textValue().isEmpty())) {
            s.problems().add(passwordWhere + ": must be a non-empty string");
        } else if (given != null) {
            password = given.textValue();
            if (user == null) {
                s.problems().add(passwordWhere + ": given without target.jmx_user");
            }
        }
        return new Target.Jmx(
                url == null ? null : s.problems().guard(() -> TargetJmx.checkUrl(url, s.where("jmx_url"))),
                user,
                password);
    }

    /** {@code target.child_jvm_args}: a list of JVM options, checked by {@link TargetSettings#jvmArgs}. */
    private static List<String> jvmArgs(ConfigSection s, String key) {
        JsonNode v = s.value(key);
        if (v == null) {
            return null;
        }
        List<String> args = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode element : v) {
                if (!element.isTextual()) {
                    args = null;
                    break;
                }
                args.add(element.textValue());
            }
        }
        if (!v.isArray() || args == null) {
            s.problems().add(s.where(key) + ": must be a list of strings, e.g. [\"-Xmx512m\", \"-XX:+UseG1GC\"]");
            return null;
        }
        List<String> given = args;
        return s.problems().guard(() -> TargetSettings.jvmArgs(given, s.where(key)));
    }

    /** {@code target.credentials}: a user pool per role (absent: none for that role) and an API key. */
    private static TargetCredentials credentials(ConfigSection s) {
        s.allowOnly(CREDENTIALS_KEYS);
        Map<String, TargetCredentials.UserPool> pools = new LinkedHashMap<>();
        for (String role : TargetCredentials.ROLES) {
            ConfigSection p = s.object(role);
            if (p == null) {
                continue;
            }
            p.allowOnly(USER_POOL_KEYS);
            String pattern = p.text("username_pattern");
            Integer count = p.wholeNumber("count", 1);
            String password = p.text("password");
            boolean complete = true;
            for (String key : USER_POOL_KEYS) {
                if (!p.has(key)) {
                    s.problems()
                            .add(s.source() + ": " + p.path(key) + ": missing; every role needs "
                                    + String.join(", ", USER_POOL_KEYS));
                    complete = false;
                }
            }
            if (pattern != null
                    && !TargetCredentials.UserPool.USERNAME_PATTERN
                            .matcher(pattern)
                            .matches()) {
                s.problems()
                        .add(p.where("username_pattern")
                                + ": must hold exactly one %d, optionally zero-padded (e.g. \"guest-%04d\")");
                complete = false;
            }
            if (password != null && password.isEmpty()) {
                s.problems().add(p.where("password") + ": must not be empty");
                complete = false;
            }
            if (complete && count != null && pattern != null && password != null) {
                pools.put(role, new TargetCredentials.UserPool(pattern, count, password));
            }
        }
        String apiKey = s.text("api_key");
        if (apiKey != null && !TargetCredentials.API_KEY.matcher(apiKey).matches()) {
            // The value is a secret: name the key and the format, never echo it.
            s.problems()
                    .add(s.source() + ": " + s.path("api_key")
                            + ": not an API key; expected vk_<id>_<secret> (id of a-z 0-9, secret of 16+ characters)");
            apiKey = null;
        }
        return new TargetCredentials(pools, apiKey);
    }

    private static Map<String, Category> categories(ConfigSection top) {
        Map<String, Category> categories = new LinkedHashMap<>();
        ConfigSection section = top.object("categories");
        if (section == null) {
            return categories;
        }
        for (Map.Entry<String, JsonNode> entry : section.fields()) {
            String name = entry.getKey();
            if (name.equals(ConfigSection.COMMENT)) {
                continue;
            }
            if (!LoadTestConfig.CATEGORIES.contains(name)) {
                top.problems()
                        .add(top.source() + ": unknown category \"" + name + "\" in categories; "
                                + Suggestions.didYouMean(name, LoadTestConfig.CATEGORIES) + "allowed: "
                                + String.join(", ", LoadTestConfig.CATEGORIES));
                continue;
            }
            ConfigSection c = section.object(name);
            if (c == null) {
                continue;
            }
            c.allowOnly(CATEGORY_KEYS);
            ConfigSection t = c.object("thresholds");
            ConfigSection settingsSection = c.object("settings");
            if (settingsSection != null) {
                settingsSection.allowOnly(
                        CategorySchema.settingKeys(name), key -> CategorySchema.allowedSettings(name, key));
            }
            JsonNode settings = settingsSection == null ? null : c.value("settings");
            categories.put(
                    name,
                    new Category(
                            name,
                            c.text("description"),
                            workload(c),
                            t == null ? Thresholds.NONE : thresholds(t),
                            settings));
        }
        return categories;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }
}
