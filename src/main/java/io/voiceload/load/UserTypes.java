package io.voiceload.load;

import io.voiceload.config.ConfigException;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.MixSettings;
import io.voiceload.config.ThinkTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Weighted user types (guest callers, front-desk agents, managers, ...), each with its own think time.
 * The virtual users of a run are split among the types deterministically so the counts match the
 * weights as closely as whole users can (largest remainder: 10 users at 70/20/10 → 7/2/1; 3 users at
 * 70/20/10 → 2/1/0), interleaved by id so every type starts early in a ramp-up. A user keeps its type for
 * the whole run.
 *
 * <pre>{@code
 * enum Caller { GUEST, FRONT_DESK, MANAGER }
 *
 * final UserTypes<Caller> types = UserTypes.fromSettings("concurrent-calls", "user_types",
 *         Map.of("guest", Caller.GUEST, "front_desk", Caller.FRONT_DESK, "manager", Caller.MANAGER));
 *
 * @LoadTest(users = 20, duration = "15s")
 * void aDayOfCalls(VirtualUser user) {
 *     UserTypes.Type<Caller> type = types.assign(user);   // the user's type for the run; its think time is set
 * }
 * }</pre>
 *
 * {@link #assign} also gives the user the type's think time ({@link VirtualUser#thinkTime(ThinkTime)}):
 * the closed-model driver pauses that long between the user's iterations, outside iteration latency.
 * Options are sorted by name, so the same population gives the same split whatever map the caller used.
 * Immutable and thread-safe.
 *
 * @param <T> what a type means to the test (a role, a client, ...)
 */
public final class UserTypes<T> {

    /**
     * One user type.
     *
     * @param name the type's name, as in the configuration
     * @param value what the test does with it
     * @param weight its relative share of the users, {@code >= 0}
     * @param thinkTime its pause between iterations
     */
    public record Type<T>(String name, T value, double weight, ThinkTime thinkTime) {
        public Type {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, () -> "value of user type " + name);
            Objects.requireNonNull(thinkTime, "thinkTime");
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException(
                        "weight of user type " + name + " = " + weight + ": must be a finite number >= 0");
            }
        }
    }

    private final List<Type<T>> types;
    /** Per population, the type index of each user id; computed once per population. */
    private final Map<Integer, int[]> assignments = new ConcurrentHashMap<>();

    private UserTypes(List<Type<T>> types) {
        List<Type<T>> sorted = new ArrayList<>(types);
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
                throw new IllegalArgumentException("user type " + sorted.get(i).name() + " is defined twice");
            }
        }
        if (sorted.stream().noneMatch(t -> t.weight() > 0)) {
            throw new IllegalArgumentException("user types "
                    + sorted.stream().map(Type::name).toList() + ": every weight is 0; give at least one a weight > 0");
        }
        this.types = Collections.unmodifiableList(sorted);
    }

    /**
     * User types as given.
     *
     * @throws IllegalArgumentException for none, a name given twice, or every weight 0
     */
    public static <T> UserTypes<T> of(List<Type<T>> types) {
        return new UserTypes<>(List.copyOf(types));
    }

    /**
     * The user types whose weights and think times are {@code categories.<category>.settings.<key>} of
     * this JVM's configuration (see {@link Mix#fromSettings(String, String, Map)}); prints them once.
     *
     * @param values what each type the test defines means to it, by the name the configuration uses;
     *     types the configuration leaves out get weight 0 (no users)
     * @throws ConfigException naming the key and the allowed names (see {@link MixSettings#userTypes})
     */
    public static <T> UserTypes<T> fromSettings(String category, String key, Map<String, T> values) {
        UserTypes<T> types = fromSettings(LoadTestConfig.shared(), category, key, values);
        System.out.println("[mix] categories." + category + ".settings." + key + " ("
                + MixSettings.origin(LoadTestConfig.shared(), category, key) + "): " + types.describe());
        return types;
    }

    /** {@link #fromSettings(String, String, Map)} from the given configuration, printing nothing. */
    public static <T> UserTypes<T> fromSettings(
            LoadTestConfig config, String category, String key, Map<String, T> values) {
        Map<String, MixSettings.UserTypeSpec> specs =
                MixSettings.userTypes(config, category, key, new TreeMap<>(values).keySet());
        List<Type<T>> types = new ArrayList<>();
        specs.forEach((name, spec) -> types.add(new Type<>(name, values.get(name), spec.weight(), spec.thinkTime())));
        return of(types);
    }

    /**
     * The type of {@code user} (by its id and the run's {@link VirtualUser#population()}), after giving
     * the user that type's think time. Cheap: call it at the start of every iteration.
     */
    public Type<T> assign(VirtualUser user) {
        Type<T> type = typeOf(user.id(), user.population());
        user.thinkTime(type.thinkTime());
        return type;
    }

    /** The type of user {@code id} (0-based) among {@code population} users. */
    public Type<T> typeOf(int id, int population) {
        if (id < 0 || id >= population) {
            throw new IllegalArgumentException("user id " + id + " is outside 0.." + (population - 1));
        }
        return types.get(assignments.computeIfAbsent(population, this::assignment)[id]);
    }

    /**
     * How many of {@code population} users each type gets, by name (the order of {@link #types()}):
     * largest remainder (Hamilton's method). Each type gets the whole part of its quota; the users left
     * over go to the largest fractional parts, ties to the larger weight, then to the first name.
     */
    public Map<String, Integer> allocate(int population) {
        int[] counts = counts(population);
        Map<String, Integer> result = new LinkedHashMap<>();
        for (int i = 0; i < types.size(); i++) {
            result.put(types.get(i).name(), counts[i]);
        }
        return Collections.unmodifiableMap(result);
    }

    /**
     * The types whose number of users differs from {@link #allocate(int) the allocation} for
     * {@code population}, one line each ({@code "guest: 5 users, allocated 7 of 10"}); empty when all match.
     *
     * @param usersByType how many distinct users acted as each type, by name (absent: 0)
     */
    public List<String> deviations(Map<String, Integer> usersByType, int population) {
        Map<String, Integer> allocated = allocate(population);
        List<String> off = new ArrayList<>();
        usersByType.keySet().stream()
                .filter(name -> !allocated.containsKey(name))
                .sorted()
                .forEach(name -> off.add(name + ": " + usersByType.get(name) + " users, but it is no user type"));
        allocated.forEach((name, count) -> {
            int seen = usersByType.getOrDefault(name, 0);
            if (seen != count) {
                off.add(name + ": " + seen + " users, allocated " + count + " of " + population);
            }
        });
        return off;
    }

    /** Every type, weight 0 included, sorted by name. */
    public List<Type<T>> types() {
        return types;
    }

    /** {@code "front_desk 20 (think time 200ms..1s), guest 70 (think time 1s..3s)"}. */
    public String describe() {
        double total = types.stream().mapToDouble(Type::weight).sum();
        StringBuilder sb = new StringBuilder();
        for (Type<T> t : types) {
            sb.append(sb.isEmpty() ? "" : ", ")
                    .append(t.name())
                    .append(' ')
                    .append(Mix.number(t.weight()))
                    .append(String.format(
                            Locale.ROOT,
                            " (%.1f %%, think time %s)",
                            100 * t.weight() / total,
                            t.thinkTime().display()));
        }
        return sb.toString();
    }

    // Hand-written: a few lines of apportionment arithmetic; no library in the build offers it.
    private int[] counts(int population) {
        if (population < 1) {
            throw new IllegalArgumentException("population = " + population + ": must be at least 1");
        }
        double total = types.stream().mapToDouble(Type::weight).sum();
        int n = types.size();
        int[] counts = new int[n];
        double[] remainder = new double[n];
        int given = 0;
        for (int i = 0; i < n; i++) {
            double quota = population * types.get(i).weight() / total;
            counts[i] = (int) Math.floor(quota);
            remainder[i] = quota - counts[i];
            given += counts[i];
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            // Remainders within rounding error are a tie (2 users at 70/20/10: 0.4 and 0.4).
            if (Math.abs(remainder[a] - remainder[b]) > 1e-9) {
                return Double.compare(remainder[b], remainder[a]);
            }
            int byWeight = Double.compare(types.get(b).weight(), types.get(a).weight());
            return byWeight != 0 ? byWeight : Integer.compare(a, b);
        });
        for (int k = 0; given < population; k++, given++) {
            counts[order[k % n]]++;
        }
        return counts;
    }

    /**
     * Spreads the counts over the ids: user {@code i} gets the type furthest behind its share of the
     * first {@code i + 1} users, so the types interleave (7/2/1 of 10 → guest, front_desk, guest, ...).
     */
    private int[] assignment(int population) {
        int[] counts = counts(population);
        int[] given = new int[counts.length];
        int[] result = new int[population];
        for (int id = 0; id < population; id++) {
            int best = -1;
            double bestDeficit = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < counts.length; t++) {
                if (given[t] >= counts[t]) {
                    continue;
                }
                double deficit = (double) counts[t] * (id + 1) / population - given[t];
                if (deficit > bestDeficit) {
                    best = t;
                    bestDeficit = deficit;
                }
            }
            given[best]++;
            result[id] = best;
        }
        return result;
    }
}
