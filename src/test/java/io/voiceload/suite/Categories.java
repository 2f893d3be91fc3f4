package io.voiceload.suite;

import java.util.List;

/**
 * The six categories of the suite: the JUnit tag each category's tests carry (through its composed
 * annotation, e.g. {@code @ConcurrentCalls}) and the name of its section in {@code load_test_config.json}
 * ({@code categories.<name>}, whose {@code settings} a category reads by this name).
 *
 * <pre>{@code
 * @Tag(Categories.CONCURRENT_CALLS)
 * @WithPlatform
 * @interface ConcurrentCalls {}
 *
 * Mix<Operation> mix = Mix.fromSettings(Categories.CONCURRENT_CALLS, "operation_mix", operations);
 * }</pre>
 *
 * <p>Run one with {@code mvn verify -Dgroups=concurrent-calls}. A category's package is its name without the
 * hyphen ({@code io.voiceload.suite.concurrentcalls}); {@code CategoriesTest} keeps names, packages and tags
 * in step.
 */
public final class Categories {
    /** Calls, events, audio, routing and voice streams under concurrent load; the capacity search. */
    public static final String CONCURRENT_CALLS = "concurrent-calls";
    /** The platform's connector to the hotel's property management system. */
    public static final String PMS_CONNECTOR = "pms-connector";
    /** Login, token validation, sessions and role checks. */
    public static final String AUTH_SYSTEM = "auth-system";
    /** Memory of the platform's JVM under load: heap after GC, allocation, leaks. */
    public static final String MEMORY = "memory";
    /** The platform's Postgres and Redis under load. */
    public static final String DATABASE_REDIS = "database-redis";
    /** The platform while its network to its dependencies misbehaves. */
    public static final String NETWORK_FAILURE = "network-failure";

    /** All six, in the order the configuration lists them. */
    public static final List<String> ALL =
            List.of(CONCURRENT_CALLS, PMS_CONNECTOR, AUTH_SYSTEM, MEMORY, DATABASE_REDIS, NETWORK_FAILURE);

    private Categories() {}

    /** The package of {@code category}'s tests: {@code io.voiceload.suite.} and its name without hyphens. */
    public static String packageOf(String category) {
        return Categories.class.getPackageName() + "." + category.replace("-", "");
    }
}
