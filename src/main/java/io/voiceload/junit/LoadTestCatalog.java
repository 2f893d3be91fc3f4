package io.voiceload.junit;

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.launcher.EngineFilter.includeEngines;

import io.voiceload.config.LoadTestConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The load tests of a project counted by tag: what {@code -Dgroups} can select. Counted by JUnit's own discovery of
 * the test classes, without any tag filter, so the figures are the ones a run would see (tags inherited from the
 * class and from composed annotations such as {@code @ConcurrentCalls} included).
 *
 * @param byCategory tests per category of {@link LoadTestConfig#CATEGORIES}, in that order, zeros included
 * @param otherTags tests per tag that is no category, by name
 * @param total every load test found
 * @param untagged tests that carry no tag
 */
record LoadTestCatalog(Map<String, Integer> byCategory, Map<String, Integer> otherTags, int total, int untagged) {

    /**
     * Discovers the classes under {@code classes} (a class path root: {@code target/test-classes}) whose names match
     * {@code classNamePattern} (the regular expression of JUnit's {@code ClassNameFilter}, e.g. {@code .*IT}).
     */
    static LoadTestCatalog discover(Path classes, String classNamePattern) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(classes)))
                // Load tests are Jupiter tests (@LoadTest is a Jupiter extension); another engine (ArchUnit's imports
                // the byte code of every class under the root) would only cost time.
                .filters(includeClassNamePatterns(classNamePattern), includeEngines("junit-jupiter"))
                .build();
        // Discovery only, in a launcher of its own: no listener of the run sees it, no test runs.
        LauncherConfig config = LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .build();
        return of(LauncherFactory.create(config).discover(request));
    }

    /** The tests of {@code plan} by tag. A test template or factory method (a container of tests) counts as one. */
    static LoadTestCatalog of(TestPlan plan) {
        Map<String, Integer> byCategory = new LinkedHashMap<>();
        LoadTestConfig.CATEGORIES.forEach(category -> byCategory.put(category, 0));
        Map<String, Integer> otherTags = new TreeMap<>();
        int total = 0;
        int untagged = 0;
        for (TestIdentifier id : all(plan)) {
            if (!isTest(plan, id)) {
                continue;
            }
            total++;
            if (id.getTags().isEmpty()) {
                untagged++;
            }
            for (TestTag tag : id.getTags()) {
                (byCategory.containsKey(tag.getName()) ? byCategory : otherTags).merge(tag.getName(), 1, Integer::sum);
            }
        }
        return new LoadTestCatalog(
                Collections.unmodifiableMap(byCategory), Collections.unmodifiableMap(otherTags), total, untagged);
    }

    /** Every tag a test carries, and every category (with tests or not). */
    Set<String> names() {
        Set<String> names = new TreeSet<>(byCategory.keySet());
        names.addAll(otherTags.keySet());
        return names;
    }

    /**
     * The listing printed under "no load test selected": one line per category in the configuration's order, then
     * the other tags and the untagged tests when there are any.
     */
    List<String> lines() {
        int width = names().stream().mapToInt(String::length).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (String category : LoadTestConfig.CATEGORIES) {
            lines.add(line(category, byCategory.getOrDefault(category, 0), width));
        }
        otherTags.forEach((tag, count) -> lines.add(line(tag, count, width) + "  (a tag, not a category)"));
        if (untagged > 0) {
            lines.add(line("(no tag)", untagged, width) + "  (run only without -Dgroups)");
        }
        return lines;
    }

    private static String line(String name, int count, int width) {
        return "  " + name + " ".repeat(Math.max(0, width - name.length()) + 2) + tests(count);
    }

    static String tests(int count) {
        return count + (count == 1 ? " test" : " tests");
    }

    private static List<TestIdentifier> all(TestPlan plan) {
        return plan.getRoots().stream()
                .flatMap(root -> plan.getDescendants(root).stream())
                .toList();
    }

    /** A test, or a method that yields tests at run time (a template or a factory) and has none of its own yet. */
    private static boolean isTest(TestPlan plan, TestIdentifier id) {
        if (id.isTest()) {
            return true;
        }
        return id.isContainer()
                && id.getSource().orElse(null) instanceof MethodSource
                && plan.getChildren(id).isEmpty();
    }
}
