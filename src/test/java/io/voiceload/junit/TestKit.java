package io.voiceload.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.Filter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs fixture tests through the Jupiter engine, black-box, and returns their events. Overrides a
 * user typed on the Maven command line ({@code -Dloadtest.users=…}) would reach this JVM too, so
 * every {@code loadtest.*} property except the ones that locate files is cleared for the run and
 * replaced by the ones the test asks for.
 */
public final class TestKit {
    private static final Set<String> KEPT = Set.of("loadtest.config", "loadtest.reports.dir", "loadtest.runId");

    /** True while fixtures run under this kit; {@link FixtureOnly} fixtures are disabled otherwise. */
    static volatile boolean running;

    private TestKit() {}

    public static Events run(Class<?> fixtures, String method) {
        return run(fixtures, method, Map.of());
    }

    public static Events run(Class<?> fixtures, String method, Map<String, String> properties) {
        return execute(fixtures, method, properties).testEvents();
    }

    /**
     * Runs a whole test class (a real one, not a fixture: {@link FixtureOnly} guards stay closed) with these
     * {@code loadtest.*} properties, the others set aside as for fixtures.
     */
    public static Events runClass(Class<?> testClass, Map<String, String> properties) {
        return execute(properties, selectClass(testClass), false).testEvents();
    }

    /** Runs one test method of a real test class (as {@link #runClass}) with these {@code loadtest.*} properties. */
    public static Events runMethod(Class<?> testClass, String method, Map<String, String> properties) {
        return execute(properties, selectMethod(testClass, method(testClass, method)), false)
                .testEvents();
    }

    public static EngineExecutionResults execute(Class<?> fixtures, String method) {
        return execute(fixtures, method, Map.of());
    }

    public static EngineExecutionResults execute(Class<?> fixtures, String method, Map<String, String> properties) {
        return execute(properties, selectMethod(fixtures, method(fixtures, method)), true);
    }

    /**
     * Runs these fixtures together, in one engine run, with these {@code loadtest.*} properties (the others set
     * aside as for a single fixture).
     */
    public static EngineExecutionResults executeFixtures(
            Map<String, String> properties, DiscoverySelector... selectors) {
        return execute(properties, true, selectors);
    }

    /** Runs these fixture classes together, in one engine run, with the current {@code loadtest.*} properties. */
    public static EngineExecutionResults executeFixtures(DiscoverySelector... selectors) {
        running = true;
        try {
            return EngineTestKit.engine("junit-jupiter").selectors(selectors).execute();
        } finally {
            running = false;
        }
    }

    /** Runs what {@code selector} selects, through {@code filter} (e.g. a tag filter, as {@code -Dgroups} does). */
    public static EngineExecutionResults executeFiltered(DiscoverySelector selector, Filter<?> filter) {
        running = true;
        try {
            return EngineTestKit.engine("junit-jupiter")
                    .selectors(selector)
                    .filters(filter)
                    .execute();
        } finally {
            running = false;
        }
    }

    private static EngineExecutionResults execute(
            Map<String, String> properties, DiscoverySelector selector, boolean fixtures) {
        return execute(properties, fixtures, selector);
    }

    private static synchronized EngineExecutionResults execute(
            Map<String, String> properties, boolean fixtures, DiscoverySelector... selectors) {
        Map<String, String> saved = new HashMap<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("loadtest.") && !KEPT.contains(key)) {
                saved.put(key, System.getProperty(key));
                System.clearProperty(key);
            }
        }
        properties.forEach(System::setProperty);
        running = fixtures;
        try {
            return EngineTestKit.engine("junit-jupiter").selectors(selectors).execute();
        } finally {
            running = false;
            properties.keySet().forEach(System::clearProperty);
            saved.forEach(System::setProperty);
        }
    }

    private static Method method(Class<?> fixtures, String name) {
        return Arrays.stream(fixtures.getDeclaredMethods())
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fixture method " + name + " in " + fixtures));
    }

    /** The value of report entry {@code key} the first test published. */
    public static String reportEntry(Events events, String key) {
        return events.reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
                .map(entry -> entry.getKeyValuePairs().get(key))
                .filter(v -> v != null)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no report entry " + key));
    }

    /** The message of the first failure's exception (a test's or a class's). */
    public static String failureMessage(Events events) {
        return failure(events).getMessage();
    }

    public static Throwable failure(Events events) {
        return events.failed().stream()
                .findFirst()
                .orElseThrow(() -> new AssertionError("expected a failed test but none failed: " + events.list()))
                .getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .orElseThrow();
    }

    /**
     * What the one failed test of {@code events} failed with: its failure's message, then each suppressed one's (an
     * {@code @AfterEach} check failing after the load's verdict), a line each.
     */
    public static String failureText(Events events) {
        Throwable thrown = failure(events);
        StringBuilder all = new StringBuilder(String.valueOf(thrown.getMessage()));
        for (Throwable suppressed : thrown.getSuppressed()) {
            all.append('\n').append(suppressed.getMessage());
        }
        return all.toString();
    }
}
