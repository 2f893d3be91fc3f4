package io.voiceload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.load.CapacityPlan;
import io.voiceload.load.LoadPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether two runs may be compared: the differences of {@link Environment} fingerprints and of test plans
 * that make a comparison meaningless, each named with both values ({@code "host.cores: 2 vs 4"}, baseline
 * first).
 *
 * <p>Refusing: {@code host.cores}, {@code host.memoryMb} beyond ±10 %, {@code host.heapMaxMb},
 * {@code java.feature}, {@code os.arch}, {@code profile}, {@code target}, each dependency's provider and the
 * Postgres and Redis major versions. Not refusing: git commit, dates, JVM minor versions, OS version, JVM
 * flags other than the heap, Toxiproxy's version. A value unknown on either side (null or absent, e.g. the
 * infrastructure was not started) is not a difference.
 */
public final class BaselineComparability {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern MAJOR = Pattern.compile("^\\s*(\\d+)");

    /** Host memory may differ by this fraction of the baseline's before a comparison is refused. */
    public static final double MEMORY_TOLERANCE = 0.10;

    /** The plan keys that must be equal ({@code plan} of a per-test JSON). */
    static final List<String> PLAN_KEYS = List.of("model", "users", "requestsPerUser", "rate", "durationSeconds");

    /** The capacity-search keys that must be equal too ({@code capacity.plan} of a per-test JSON). */
    static final List<String> CAPACITY_KEYS = List.of("startUsers", "stepUsers", "maxUsers", "stepSeconds");

    private BaselineComparability() {}

    /**
     * The differences that refuse a comparison of {@code current} with {@code baseline}, both
     * {@link Environment} objects; empty when comparable. A missing baseline environment is one difference.
     */
    public static List<String> environmentDifferences(JsonNode baseline, JsonNode current) {
        List<String> d = new ArrayList<>();
        if (baseline == null || !baseline.isObject()) {
            d.add("environment: missing in the baseline (not a fingerprinted voiceload run)");
            return d;
        }
        same(d, "host.cores", baseline.at("/host/cores"), current.at("/host/cores"));
        memory(d, baseline.at("/host/memoryMb"), current.at("/host/memoryMb"));
        same(d, "host.heapMaxMb", baseline.at("/host/heapMaxMb"), current.at("/host/heapMaxMb"));
        same(d, "java.feature", baseline.at("/java/feature"), current.at("/java/feature"));
        same(d, "os.arch", baseline.at("/os/arch"), current.at("/os/arch"));
        same(d, "profile", baseline.path("profile"), current.path("profile"));
        same(d, "target", baseline.path("target"), current.path("target"));
        if (baseline.has("targetJvmArgs") || current.has("targetJvmArgs")) { // a child platform's heap and collector
            same(d, "targetJvmArgs", baseline.path("targetJvmArgs"), current.path("targetJvmArgs"));
        }
        for (String dep : List.of("postgres", "redis", "toxiproxy")) {
            String path = "/infrastructure/" + dep;
            same(
                    d,
                    "infrastructure." + dep + ".provider",
                    baseline.at(path + "/provider"),
                    current.at(path + "/provider"));
        }
        for (String dep : List.of("postgres", "redis")) {
            String path = "/infrastructure/" + dep + "/version";
            String a = major(baseline.at(path));
            String b = major(current.at(path));
            if (a != null && b != null && !a.equals(b)) {
                d.add("infrastructure." + dep + ".version (major): "
                        + baseline.at(path).asText() + " vs " + current.at(path).asText());
            }
        }
        return d;
    }

    /**
     * The plan differences that refuse comparing one test with its baseline: {@code plan.model},
     * {@code plan.users}, {@code plan.requestsPerUser}, {@code plan.rate}, {@code plan.durationSeconds} and,
     * for capacity searches, {@code capacity.plan.*}. A key present on one side only is a difference.
     *
     * @param baselineTest the baseline's per-test JSON (a {@code tests[]} entry of a report)
     * @param currentPlan the current plan in the per-test JSON shape ({@link #planOf})
     * @param currentCapacityPlan the current {@code capacity.plan} ({@link #capacityPlanOf}), or null when not a
     *     capacity search
     */
    public static List<String> planDifferences(
            JsonNode baselineTest, JsonNode currentPlan, JsonNode currentCapacityPlan) {
        List<String> d = new ArrayList<>();
        JsonNode basePlan = baselineTest.path("plan");
        for (String key : PLAN_KEYS) {
            strict(d, "plan." + key, basePlan.path(key), currentPlan.path(key));
        }
        JsonNode baseCapacity = baselineTest.at("/capacity/plan");
        if (currentCapacityPlan != null || !baseCapacity.isMissingNode()) {
            JsonNode cur = currentCapacityPlan == null ? MAPPER.missingNode() : currentCapacityPlan;
            for (String key : CAPACITY_KEYS) {
                strict(d, "capacity.plan." + key, baseCapacity.path(key), cur.path(key));
            }
        }
        return d;
    }

    /** The comparable keys of a load plan ({@link #PLAN_KEYS}), as the per-test JSON's {@code plan} writes them. */
    public static ObjectNode planOf(LoadPlan plan) {
        ObjectNode n = TestResultJson.plan(plan);
        n.retain(PLAN_KEYS);
        return n;
    }

    /** The comparable keys of a capacity search, as the per-test JSON's {@code capacity.plan} writes them. */
    public static ObjectNode capacityPlanOf(CapacityPlan plan) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("startUsers", plan.startUsers());
        n.put("stepUsers", plan.stepUsers());
        n.put("maxUsers", plan.maxUsers());
        n.put("stepSeconds", plan.stepDuration().toNanos() / 1e9);
        return n;
    }

    private static void same(List<String> d, String key, JsonNode a, JsonNode b) {
        if (known(a) && known(b) && !equal(a, b)) {
            d.add(key + ": " + a.asText() + " vs " + b.asText());
        }
    }

    private static void strict(List<String> d, String key, JsonNode a, JsonNode b) {
        if (!known(a) && !known(b)) {
            return;
        }
        if (!known(a) || !known(b) || !equal(a, b)) {
            d.add(key + ": " + text(a) + " vs " + text(b));
        }
    }

    private static void memory(List<String> d, JsonNode a, JsonNode b) {
        if (known(a) && known(b) && a.isNumber() && b.isNumber()) {
            double base = a.asDouble();
            double cur = b.asDouble();
            if (Math.abs(cur - base) > MEMORY_TOLERANCE * base) {
                d.add(String.format(
                        Locale.ROOT,
                        "host.memoryMb: %s vs %s (more than ±%.0f %%)",
                        a.asText(),
                        b.asText(),
                        MEMORY_TOLERANCE * 100));
            }
        }
    }

    private static boolean known(JsonNode n) {
        return n != null && !n.isMissingNode() && !n.isNull();
    }

    private static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.asText().equals(b.asText());
    }

    private static String text(JsonNode n) {
        return known(n) ? n.asText() : "(none)";
    }

    /** The leading number of a version text ({@code "18.6"} → {@code "18"}); null when unknown. */
    static String major(JsonNode version) {
        if (!known(version)) {
            return null;
        }
        Matcher m = MAJOR.matcher(version.asText());
        return m.find() ? m.group(1) : version.asText();
    }
}
