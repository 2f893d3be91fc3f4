package io.voiceload.load;

import io.voiceload.config.ConfigException;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.MixSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * A weighted choice among named options (the operations of a realistic mix, say), drawn from a virtual
 * user's seeded generator so a seed replays every choice. Weights are relative: {@code 40, 25, 15} is the
 * same mix as {@code 0.5, 0.3125, 0.1875}. Immutable and thread-safe.
 *
 * <pre>{@code
 * final Mix<IterationBody> ops = Mix.fromSettings("concurrent-calls", "operation_mix",
 *         Map.of("post_event", this::postEvent, "create_call", this::createCall, "lookup", this::lookup));
 *
 * @LoadTest(users = 20, duration = "15s")
 * void aDayOfCalls(VirtualUser user) throws Throwable {
 *     ops.pick(user.random()).value().run(user);
 * }
 *
 * void postEvent(VirtualUser user) {}   // one method per operation
 * void createCall(VirtualUser user) {}
 * void lookup(VirtualUser user) {}
 * }</pre>
 *
 * Options are kept sorted by name, so the same seed picks the same options whatever map the caller used.
 * Limits: up to a few hundred options (a draw is a binary search over cumulative weights).
 *
 * @param <T> what an option is (an operation, a request template, ...)
 */
public final class Mix<T> {

    /**
     * One option and its weight.
     *
     * @param name the option's name, as in the configuration
     * @param value what the test does for it
     * @param weight its relative weight, {@code >= 0}
     * @param share its weight over the sum of all weights, {@code 0..1}
     */
    public record Choice<T>(String name, T value, double weight, double share) {}

    private final List<Choice<T>> choices;
    /** The picked choices in order: only those with weight > 0. */
    private final Choice<T>[] positive;
    /** Cumulative weights of {@link #positive}: the last is the total. */
    private final double[] cumulative;

    @SuppressWarnings("unchecked")
    private Mix(Map<String, Double> weights, Map<String, T> options) {
        TreeMap<String, T> sorted = new TreeMap<>(options);
        double total = sorted.keySet().stream()
                .mapToDouble(name -> weights.getOrDefault(name, 0.0))
                .sum();
        List<Choice<T>> all = new ArrayList<>();
        List<Choice<T>> picked = new ArrayList<>();
        sorted.forEach((name, value) -> {
            double w = weights.getOrDefault(name, 0.0);
            Choice<T> c = new Choice<>(name, value, w, w / total);
            all.add(c);
            if (w > 0) {
                picked.add(c);
            }
        });
        this.choices = Collections.unmodifiableList(all);
        this.positive = picked.toArray(Choice[]::new);
        this.cumulative = new double[positive.length];
        double sum = 0;
        for (int i = 0; i < positive.length; i++) {
            sum += positive[i].weight();
            cumulative[i] = sum;
        }
    }

    /**
     * A mix of {@code options} with the given weights; an option without a weight gets 0.
     *
     * @throws IllegalArgumentException naming the option when a weight names no option, is negative or
     *     not finite, or when every weight is 0 (or there are no options)
     */
    public static <T> Mix<T> of(Map<String, ? extends Number> weights, Map<String, T> options) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(options, "options");
        Map<String, Double> checked = new LinkedHashMap<>();
        weights.forEach((name, weight) -> {
            if (!options.containsKey(name)) {
                throw new IllegalArgumentException("mix weight for \"" + name + "\": no such option; options: "
                        + String.join(", ", new TreeMap<>(options).keySet()));
            }
            double w = weight.doubleValue();
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException(
                        "mix weight of \"" + name + "\" = " + weight + ": must be a finite number >= 0");
            }
            checked.put(name, w);
        });
        options.forEach((name, value) -> Objects.requireNonNull(value, () -> "mix option \"" + name + "\""));
        if (checked.values().stream().noneMatch(w -> w > 0)) {
            throw new IllegalArgumentException("mix of " + new TreeMap<>(options).keySet()
                    + ": every weight is 0; give at least one option a weight > 0");
        }
        return new Mix<>(checked, options);
    }

    /**
     * The mix whose weights are {@code categories.<category>.settings.<key>} of this JVM's configuration
     * ({@code load_test_config.json}, or the file named by {@code -Dloadtest.config}). Call it before the
     * load starts (a field initialiser or {@code @BeforeAll}): bad weights fail there. Prints the mix once,
     * naming the options the configuration leaves out (weight 0).
     *
     * @throws ConfigException naming the key and the allowed names (see {@link MixSettings#weights})
     */
    public static <T> Mix<T> fromSettings(String category, String key, Map<String, T> options) {
        Mix<T> mix = fromSettings(LoadTestConfig.shared(), category, key, options);
        System.out.println("[mix] categories." + category + ".settings." + key + " ("
                + MixSettings.origin(LoadTestConfig.shared(), category, key) + "): " + mix.describe());
        return mix;
    }

    /** {@link #fromSettings(String, String, Map)} from the given configuration, printing nothing. */
    public static <T> Mix<T> fromSettings(LoadTestConfig config, String category, String key, Map<String, T> options) {
        return of(MixSettings.weights(config, category, key, new TreeMap<>(options).keySet()), options);
    }

    /** Draws one option with probability weight / total (options of weight 0 never). */
    public Choice<T> pick(RandomGenerator random) {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, x);
        // Not found: the insertion point is the first cumulative weight above x. Found exactly: x sits on
        // the upper edge of option i, which belongs to the next one (intervals are [from, to)).
        i = i < 0 ? -i - 1 : i + 1;
        return positive[Math.min(i, positive.length - 1)];
    }

    /** Every option, weight 0 included, sorted by name. */
    public List<Choice<T>> choices() {
        return choices;
    }

    /** The option called {@code name}. */
    public Choice<T> choice(String name) {
        return choices.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no option \"" + name + "\" in " + describe()));
    }

    /** Names of the options with weight 0: defined by the test but left out (or zeroed) by the configuration. */
    public List<String> omitted() {
        return choices.stream().filter(c -> c.weight() == 0).map(Choice::name).toList();
    }

    /** {@code "audio 10 (10.0 %), create_call 25 (25.0 %), ...; weight 0 (never picked): x"}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Choice<T> c : choices) {
            if (c.weight() > 0) {
                sb.append(sb.isEmpty() ? "" : ", ")
                        .append(c.name())
                        .append(' ')
                        .append(number(c.weight()))
                        .append(String.format(Locale.ROOT, " (%.1f %%)", 100 * c.share()));
            }
        }
        List<String> omitted = omitted();
        if (!omitted.isEmpty()) {
            sb.append("; weight 0 (never picked): ").append(String.join(", ", omitted));
        }
        return sb.toString();
    }

    /**
     * The options whose observed count is further from its configured share than chance explains, one
     * line each ({@code "post_event: 10 of 100 (10.0 %), configured 40.0 %"}); empty when every count fits.
     * A count fits when it is within 4 standard deviations of a binomial count with the option's share,
     * plus 1 (so tiny runs pass: 3 picks cannot show 40 %); an option of weight 0 fits only at 0, and a
     * name that is no option never fits.
     *
     * @param counts how often each option was picked, by name (absent: 0)
     */
    public List<String> deviations(Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        List<String> off = new ArrayList<>();
        counts.keySet().stream()
                .filter(name -> choices.stream().noneMatch(c -> c.name().equals(name)))
                .sorted()
                .forEach(name -> off.add(name + ": " + counts.get(name) + " of " + total + ", but it is no option"));
        for (Choice<T> c : choices) {
            long observed = counts.getOrDefault(c.name(), 0L);
            double expected = total * c.share();
            double tolerance = 4 * Math.sqrt(total * c.share() * (1 - c.share())) + 1;
            if (Math.abs(observed - expected) > tolerance || (c.weight() == 0 && observed > 0)) {
                off.add(c.name() + ": " + share(observed, total) + ", configured "
                        + String.format(Locale.ROOT, "%.1f %%", 100 * c.share()));
            }
        }
        return off;
    }

    /** {@code "audio 31 of 300 (10.3 %, configured 10.0 %), ..."}: observed counts beside the weights. */
    public String tally(Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder sb = new StringBuilder();
        for (Choice<T> c : choices) {
            sb.append(sb.isEmpty() ? "" : ", ")
                    .append(c.name())
                    .append(' ')
                    .append(share(counts.getOrDefault(c.name(), 0L), total).replace(")", ""))
                    .append(String.format(Locale.ROOT, ", configured %.1f %%)", 100 * c.share()));
        }
        return sb.toString();
    }

    private static String share(long observed, long total) {
        return observed + " of " + total
                + String.format(Locale.ROOT, " (%.1f %%)", total == 0 ? 0.0 : 100.0 * observed / total);
    }

    static String number(double w) {
        return w == Math.rint(w) && Math.abs(w) < 1e15 ? String.valueOf((long) w) : String.valueOf(w);
    }

    @Override
    public String toString() {
        return "Mix[" + describe() + "]";
    }
}
