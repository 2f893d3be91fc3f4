package io.voiceload.junit;

import io.voiceload.config.Suggestions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Says what there was to select when a run of the load tests selected none ({@code mvn verify
 * -Dgroups=concurent-calls}, a category without tests yet, {@code -Dit.test=CallsIT#noSuchMethod}): the selection, a
 * did-you-mean for each tag it names that no load test carries, and the load tests by category, counted from the test
 * classes themselves ({@link LoadTestCatalog}). The build fails such a run (pom.xml, execution {@code
 * load-tests-ran}); this listener explains why. A run that did select tests but whose tag expression names a tag no
 * load test carries ({@code -Dgroups='concurrent-calls | memroy'}) gets one warning line.
 *
 * <pre class="language-text">{@code
 * [load] No load test selected by -Dgroups=concurent-calls: no load test is tagged "concurent-calls"; did you mean "concurrent-calls"?
 * [load] The load tests by category (mvn verify -Dgroups=<category> runs one):
 *   concurrent-calls  7 tests
 *   pms-connector     0 tests
 *   ...
 * }</pre>
 *
 * <p>Active only where the JUnit configuration parameter {@value #LOAD_TEST_CLASSES} names the directory of the load
 * tests' classes, and {@value #LOAD_TEST_CLASS_NAMES} the pattern of their names: the project's Failsafe configuration
 * sets both. Surefire (the framework's own tests, whose {@code -Dtest} filter keeps its own rules), IDEs and nested
 * engine runs do not. Found by {@code ServiceLoader}, like {@link RunReportListener}.
 */
public final class EmptySelectionListener implements TestExecutionListener {
    /** The directory of the load tests' classes (a class path root such as {@code target/test-classes}). */
    static final String LOAD_TEST_CLASSES = "voiceload.loadTests.classes";

    /** The regular expression of the load tests' class names (Failsafe's includes), {@code .*IT} when unset. */
    static final String LOAD_TEST_CLASS_NAMES = "voiceload.loadTests.classNamePattern";

    /**
     * What selects load tests in a Maven run: the tag expressions and Failsafe's test filter. Read as configuration
     * parameters, which fall back to the system properties Maven hands a fork for {@code -D} options.
     */
    static final List<String> SELECTION = List.of("groups", "excludedGroups", "it.test");

    private static final Set<String> TAG_EXPRESSIONS = Set.of("groups", "excludedGroups");
    private static final Pattern OPERATORS = Pattern.compile("any\\(\\)|none\\(\\)|[\\s,&|!()]+");

    private final PrintStream out;

    /** Public for {@code ServiceLoader}. */
    public EmptySelectionListener() {
        this(System.out);
    }

    EmptySelectionListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        ConfigurationParameters parameters = plan.getConfigurationParameters();
        String classes = parameters.get(LOAD_TEST_CLASSES).map(String::strip).orElse("");
        if (classes.isEmpty()) {
            return;
        }
        Map<String, String> selection = selection(parameters);
        boolean empty = !plan.containsTests();
        if (!empty && tagNames(selection).isEmpty()) {
            return; // tests were selected and no tag was named: nothing to say, no discovery
        }
        LoadTestCatalog catalog;
        try {
            catalog = LoadTestCatalog.discover(
                    Path.of(classes), parameters.get(LOAD_TEST_CLASS_NAMES).orElse(".*IT"));
        } catch (RuntimeException e) {
            out.println("[load] could not list the load tests of " + classes + ": " + e);
            return;
        }
        List<String> lines = empty ? noneSelected(selection, catalog) : unknownTags(selection, catalog);
        if (!lines.isEmpty()) {
            out.println(String.join(System.lineSeparator(), lines));
            out.flush();
        }
    }

    /** The explanation of a run that selected no load test. */
    static List<String> noneSelected(Map<String, String> selection, LoadTestCatalog catalog) {
        List<String> notes = new ArrayList<>();
        for (String tag : tagNames(selection)) {
            if (catalog.byCategory().containsKey(tag) && catalog.byCategory().get(tag) == 0) {
                notes.add("the category \"" + tag + "\" has no load test yet");
            } else if (!catalog.names().contains(tag)) {
                notes.add(noSuchTag(tag, catalog));
            }
        }
        if (catalog.total() == 0) {
            notes.add("the project has no load test yet");
        }
        List<String> lines = new ArrayList<>();
        lines.add("[load] No load test selected by " + describe(selection)
                + (notes.isEmpty() ? "" : ": " + String.join("; ", notes)));
        lines.add("[load] The load tests by category (mvn verify -Dgroups=<category> runs one):");
        lines.addAll(catalog.lines());
        return lines;
    }

    /** A warning for each tag a run's tag expressions name that no load test carries and no category is. */
    static List<String> unknownTags(Map<String, String> selection, LoadTestCatalog catalog) {
        List<String> notes = tagNames(selection).stream()
                .filter(tag -> !catalog.names().contains(tag))
                .map(tag -> noSuchTag(tag, catalog))
                .toList();
        if (notes.isEmpty()) {
            return List.of();
        }
        return List.of("[load] " + describe(selection) + ": " + String.join("; ", notes)
                + " (the run goes on with the tests the rest selects)");
    }

    private static String noSuchTag(String tag, LoadTestCatalog catalog) {
        return ("no load test is tagged \"" + tag + "\"; " + Suggestions.didYouMean(tag, catalog.names())).strip();
    }

    /** {@code -Dgroups=concurent-calls -Dit.test=CallsIT}, or "this run's filters" when Maven was given none. */
    static String describe(Map<String, String> selection) {
        if (selection.isEmpty()) {
            return "this run's filters";
        }
        StringBuilder sb = new StringBuilder();
        selection.forEach((key, value) -> sb.append(sb.isEmpty() ? "" : " ")
                .append("-D")
                .append(key)
                .append('=')
                .append(value));
        return sb.toString();
    }

    private static Map<String, String> selection(ConfigurationParameters parameters) {
        Map<String, String> selection = new LinkedHashMap<>();
        for (String key : SELECTION) {
            parameters
                    .get(key)
                    .map(String::strip)
                    .filter(value -> !value.isEmpty() && !value.contains("${"))
                    .ifPresent(value -> selection.put(key, value));
        }
        return selection;
    }

    /** The tag names of the selection's tag expressions ({@code a & !(b | c)}, {@code a, b}), in order. */
    static Set<String> tagNames(Map<String, String> selection) {
        Set<String> names = new LinkedHashSet<>();
        selection.forEach((key, expression) -> {
            if (TAG_EXPRESSIONS.contains(key)) {
                for (String name : OPERATORS.split(expression)) {
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
        });
        return names;
    }
}
