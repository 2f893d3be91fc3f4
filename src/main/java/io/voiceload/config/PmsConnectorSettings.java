package io.voiceload.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@code pms-connector} tests read from {@code categories.pms-connector.settings}: who looks reservations up
 * how, how large the bulk sync's dataset is, how skewed the cache's reads are and the hit ratio they must reach. A key
 * the file leaves out gets the built-in defaults' value.
 *
 * <pre class="language-json">{@code
 * "categories": { "pms-connector": { "settings": {
 *   "lookup_mix": { "confirmation": 50, "last_name": 30, "guest_id": 20 },
 *   "hotel_mix": { "grand-zurich": 50, "harbour-sydney": 30, "lakeside-chicago": 20 },
 *   "bulk_reservations": 10000,
 *   "zipf_exponent": 1.1,
 *   "cache_hit_ratio": 0.8
 * } } }
 * }</pre>
 *
 * @param lookupMix relative weights of the lookup kinds ({@link #LOOKUP_KINDS}), each ≥ 0, one at least > 0
 * @param hotelMix relative weights of the demo hotels ({@link #HOTELS}), each ≥ 0, one at least > 0
 * @param bulkReservations reservations the PMS holds for the bulk sync at the profile's scale 1 (multiplied by the
 *     profile's {@code scale}: 10,000 → 100,000 under {@code heavy}), 1,000 to 1,000,000
 * @param zipfExponent the exponent {@code s} of the Zipf law the cache test draws its keys from (rank {@code k} is
 *     drawn with probability ∝ {@code 1/k^s}), above 0 and at most 5
 * @param cacheHitRatio the share of the cache test's reads that must be answered from the cache, above 0 and below 1
 * @param origins where each value came from, keyed by its key
 */
public record PmsConnectorSettings(
        Map<String, Double> lookupMix,
        Map<String, Double> hotelMix,
        int bulkReservations,
        double zipfExponent,
        double cacheHitRatio,
        Map<String, String> origins) {

    /** The category whose settings these are. */
    public static final String CATEGORY = "pms-connector";

    /** The lookup kinds of {@code lookup_mix}: by confirmation number, by last name, by guest id. */
    public static final List<String> LOOKUP_KINDS = List.of("confirmation", "last_name", "guest_id");

    /** The hotels of {@code hotel_mix}: the PMS's demo hotels. */
    public static final List<String> HOTELS = List.of("grand-zurich", "harbour-sydney", "lakeside-chicago");

    static final String LOOKUP_MIX = "lookup_mix";
    static final String HOTEL_MIX = "hotel_mix";
    static final String BULK_RESERVATIONS = "bulk_reservations";
    static final String ZIPF_EXPONENT = "zipf_exponent";
    static final String CACHE_HIT_RATIO = "cache_hit_ratio";

    private static final int MIN_BULK = 1_000;
    private static final int MAX_BULK = 1_000_000;

    public PmsConnectorSettings {
        lookupMix = Map.copyOf(lookupMix);
        hotelMix = Map.copyOf(hotelMix);
        origins = Map.copyOf(origins);
    }

    /** The settings of the shared configuration ({@link LoadTestConfig#shared()}). */
    public static PmsConnectorSettings shared() {
        return from(LoadTestConfig.shared());
    }

    /**
     * The settings of {@code configured}, every value checked.
     *
     * @throws ConfigException naming each bad key, its value and what is allowed, all problems at once
     */
    public static PmsConnectorSettings from(LoadTestConfig configured) {
        Problems problems = new Problems();
        Map<String, String> origins = new LinkedHashMap<>();
        Map<String, Double> lookups = null;
        Map<String, Double> hotels = null;
        try {
            lookups = MixSettings.weights(configured, CATEGORY, LOOKUP_MIX, LOOKUP_KINDS);
        } catch (ConfigException e) {
            e.problems().forEach(problems::add);
        }
        origins.put(LOOKUP_MIX, MixSettings.origin(configured, CATEGORY, LOOKUP_MIX));
        try {
            hotels = MixSettings.weights(configured, CATEGORY, HOTEL_MIX, HOTELS);
        } catch (ConfigException e) {
            e.problems().forEach(problems::add);
        }
        origins.put(HOTEL_MIX, MixSettings.origin(configured, CATEGORY, HOTEL_MIX));

        JsonNode bulk = setting(configured, BULK_RESERVATIONS, origins);
        int bulkReservations = 0;
        if (bulk.isIntegralNumber() && bulk.asLong() >= MIN_BULK && bulk.asLong() <= MAX_BULK) {
            bulkReservations = bulk.asInt();
        } else {
            problems.add(where(configured, BULK_RESERVATIONS) + " = " + bulk + ": must be a whole number from "
                    + MIN_BULK + " to " + MAX_BULK + " (reservations at scale 1; the profile's scale multiplies it)");
        }
        JsonNode zipf = setting(configured, ZIPF_EXPONENT, origins);
        double exponent = Double.NaN;
        if (zipf.isNumber() && zipf.asDouble() > 0 && zipf.asDouble() <= 5) {
            exponent = zipf.asDouble();
        } else {
            problems.add(where(configured, ZIPF_EXPONENT) + " = " + zipf
                    + ": must be a number above 0 and at most 5 (1 is Zipf's law; higher is more skewed)");
        }
        JsonNode ratio = setting(configured, CACHE_HIT_RATIO, origins);
        double hitRatio = Double.NaN;
        if (ratio.isNumber() && ratio.asDouble() > 0 && ratio.asDouble() < 1) {
            hitRatio = ratio.asDouble();
        } else {
            problems.add(where(configured, CACHE_HIT_RATIO) + " = " + ratio
                    + ": must be a fraction above 0 and below 1 (0.8 = 80 % of reads answered from the cache)");
        }
        problems.throwIfAny();
        return new PmsConnectorSettings(lookups, hotels, bulkReservations, exponent, hitRatio, origins);
    }

    /**
     * The bulk sync's dataset under a profile of {@code scale} (1 unless the profile sets one): {@link
     * #bulkReservations} × scale, at most 3,000,000.
     */
    public int bulkReservations(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number above 0, not " + scale);
        }
        return (int) Math.min(3L * MAX_BULK, Math.max(1, Math.round(bulkReservations * scale)));
    }

    /**
     * The {@code scale} of the profile the run uses ({@code -Dloadtest.profile}, else {@code configured}'s default
     * profile); 1 without a profile or when it sets none.
     */
    public static double profileScale(LoadTestConfig configured, Overrides overrides) {
        return overrides
                .profile()
                .map(Sourced::value)
                .or(configured::defaultProfile)
                .flatMap(configured::profile)
                .map(Profile::scale)
                .orElse(1.0);
    }

    private static JsonNode setting(LoadTestConfig config, String key, Map<String, String> origins) {
        CategorySchema.requireDeclared(CATEGORY, key, where(config, key));
        origins.put(key, MixSettings.origin(config, CATEGORY, key));
        JsonNode node = value(config, key);
        if (node == null) {
            node = value(LoadTestConfig.builtIn(), key);
        }
        return node != null ? node : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static JsonNode value(LoadTestConfig config, String key) {
        return config.category(CATEGORY)
                .map(c -> c.settings().get(key))
                .filter(n -> !n.isNull())
                .orElse(null);
    }

    private static String where(LoadTestConfig config, String key) {
        return MixSettings.where(config, CATEGORY, key);
    }
}
