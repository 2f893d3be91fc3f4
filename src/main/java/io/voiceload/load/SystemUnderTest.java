package io.voiceload.load;

import java.util.Optional;

/**
 * What this JVM's runs measure, in words, when the one who started it says so: a bridge that starts the system
 * under test (the reference platform's {@code @WithPlatform}) {@linkplain #describe describes} it, e.g. {@code
 * "platform in a child JVM (pid 4242, -Xmx512m -XX:+UseG1GC)"}, and the capacity headline and the run report's
 * environment say it. Nothing is said when nobody describes it.
 *
 * <pre>{@code
 * SystemUnderTest.describe("platform in a child JVM (pid 4242, -Xmx512m)");
 * SystemUnderTest.description().ifPresent(System.out::println);
 * SystemUnderTest.describe(null); // stopped
 * }</pre>
 */
public final class SystemUnderTest {

    private static volatile String description;

    private SystemUnderTest() {}

    /** Says what the system under test is from now on; null or blank: nothing said (it stopped). */
    public static void describe(String what) {
        description = what == null || what.isBlank() ? null : what.strip();
    }

    /** Forgets {@code what} when it is still the description (a newer one stays). */
    public static void forget(String what) {
        synchronized (SystemUnderTest.class) {
            if (what != null && what.strip().equals(description)) {
                description = null;
            }
        }
    }

    /** The current description; empty when none was given. */
    public static Optional<String> description() {
        return Optional.ofNullable(description);
    }
}
