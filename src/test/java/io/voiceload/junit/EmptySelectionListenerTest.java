package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import io.voiceload.config.LoadTestConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A run of the load tests that selects none is told what there was to select, from the real test classes: the
 * listener through a real launcher, as Failsafe's fork runs it, and the counting on fixtures.
 */
class EmptySelectionListenerTest {

    @Test
    void aRunThatSelectsNoLoadTestListsTheCategoriesWithTheirLoadTestsAndSuggestsTheTagMeant() throws Exception {
        String out = runSuite("concurent-calls", loadTestConfigurationParameters());

        assertThat(out)
                .startsWith("[load] No load test selected by -Dgroups=concurent-calls: no load test is tagged"
                        + " \"concurent-calls\"; did you mean \"concurrent-calls\"?")
                .contains("[load] The load tests by category (mvn verify -Dgroups=<category> runs one):");
        for (String category : LoadTestConfig.CATEGORIES) {
            assertThat(out)
                    .as("the line of " + category)
                    .containsPattern(
                            "(?m)^  " + category + " +" + LoadTestCatalog.tests(suiteTestsTagged(category)) + "$");
        }
        assertThat(suiteTestsTagged("concurrent-calls"))
                .as("counted from the suite's classes")
                .isGreaterThan(0);
    }

    @Test
    void aCategoryWithoutLoadTestsIsNamedAsSuch() throws Exception {
        String out = runSuite("auth-system", loadTestConfigurationParameters());

        assertThat(out)
                .startsWith("[load] No load test selected by -Dgroups=auth-system: the category"
                        + " \"auth-system\" has no load test yet")
                .contains("  concurrent-calls  ");
    }

    @Test
    void theFrameworksOwnRunsAndIdesAreLeftAlone() throws Exception {
        Map<String, String> noLoadTestClasses = new LinkedHashMap<>(loadTestConfigurationParameters());
        noLoadTestClasses.remove(EmptySelectionListener.LOAD_TEST_CLASSES);

        assertThat(runSuite("concurent-calls", noLoadTestClasses)).isEmpty();
    }

    @Test
    void aRunThatSelectedTestsSaysNothingUnlessItsExpressionNamesAnUnknownTag() throws Exception {
        Map<String, String> parameters = loadTestConfigurationParameters();
        parameters.put(EmptySelectionListener.LOAD_TEST_CLASS_NAMES, ".*EmptySelectionListenerTest\\$.*TestCases");

        parameters.put("groups", "concurrent-calls | memory");
        assertThat(startPlan(selectClass(CatalogTestCases.class), parameters)).isEmpty();

        parameters.put("groups", "concurrent-calls | memroy");
        assertThat(startPlan(selectClass(CatalogTestCases.class), parameters))
                .isEqualTo("[load] -Dgroups=concurrent-calls | memroy: no load test is tagged \"memroy\"; did you mean"
                        + " \"memory\"? (the run goes on with the tests the rest selects)"
                        + System.lineSeparator());
    }

    @Test
    void testsAreCountedPerTagWithTheTagsOfTheirClassTemplatesOnceAndUntaggedApart() {
        TestPlan plan = launcher()
                .discover(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(CatalogTestCases.class), selectClass(UntaggedTestCases.class))
                        .build());

        LoadTestCatalog catalog = LoadTestCatalog.of(plan);

        assertThat(catalog.byCategory())
                .containsEntry("concurrent-calls", 3)
                .containsEntry("memory", 1)
                .containsEntry("auth-system", 0)
                .hasSize(6);
        assertThat(catalog.otherTags()).containsExactly(Map.entry("smoke", 1));
        assertThat(catalog.untagged()).isEqualTo(1);
        assertThat(catalog.total()).isEqualTo(4);
        assertThat(catalog.lines())
                .containsExactly(
                        "  concurrent-calls  3 tests",
                        "  pms-connector     0 tests",
                        "  auth-system       0 tests",
                        "  memory            1 test",
                        "  database-redis    0 tests",
                        "  network-failure   0 tests",
                        "  smoke             1 test  (a tag, not a category)",
                        "  (no tag)          1 test  (run only without -Dgroups)");
    }

    @Test
    void theTagNamesOfAnExpressionAreReadPastItsOperators() {
        Map<String, String> selection = new LinkedHashMap<>();
        selection.put("groups", "concurrent-calls & !(memory | smoke), auth-system");
        selection.put("excludedGroups", "any() & slow");
        selection.put("it.test", "CallsIT");

        assertThat(EmptySelectionListener.tagNames(selection))
                .containsExactly("concurrent-calls", "memory", "smoke", "auth-system", "slow");
        assertThat(EmptySelectionListener.describe(selection))
                .isEqualTo("-Dgroups=concurrent-calls & !(memory | smoke), auth-system -DexcludedGroups=any() & slow"
                        + " -Dit.test=CallsIT");
    }

    @Test
    void aFilterOtherThanTagsIsNamed() {
        LoadTestCatalog catalog = new LoadTestCatalog(Map.of("concurrent-calls", 7), Map.of(), 7, 0);

        assertThat(EmptySelectionListener.noneSelected(Map.of("it.test", "CallsIT#typo"), catalog))
                .first()
                .isEqualTo("[load] No load test selected by -Dit.test=CallsIT#typo");
        assertThat(EmptySelectionListener.noneSelected(Map.of(), catalog))
                .first()
                .isEqualTo("[load] No load test selected by this run's filters");
    }

    /** Runs the suite's load tests ({@code .*IT} of the test classes) through {@code -Dgroups=groups}. */
    private static String runSuite(String groups, Map<String, String> parameters) throws URISyntaxException {
        parameters.put("groups", groups);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(testClasses())))
                .filters(
                        includeClassNamePatterns(".*IT"),
                        TagFilter.includeTags(groups),
                        EngineFilter.includeEngines("junit-jupiter"))
                .configurationParameters(parameters)
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        launcher().execute(request, new EmptySelectionListener(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Starts (without running) the plan of {@code selector} through {@code parameters}' tag expression. */
    private static String startPlan(DiscoverySelector selector, Map<String, String> parameters) {
        TestPlan plan = launcher()
                .discover(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selector)
                        .filters(TagFilter.includeTags(parameters.get("groups")))
                        .configurationParameters(parameters)
                        .build());
        assertThat(plan.containsTests()).isTrue();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new EmptySelectionListener(new PrintStream(bytes, true, StandardCharsets.UTF_8)).testPlanExecutionStarted(plan);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** What Failsafe's configuration hands the listener (pom.xml, systemPropertyVariables). */
    private static Map<String, String> loadTestConfigurationParameters() throws URISyntaxException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(EmptySelectionListener.LOAD_TEST_CLASSES, testClasses().toString());
        parameters.put(EmptySelectionListener.LOAD_TEST_CLASS_NAMES, ".*IT");
        return parameters;
    }

    private static Path testClasses() throws URISyntaxException {
        return Path.of(EmptySelectionListenerTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    /** The suite's test methods whose class carries {@code category}, counted by reflection, apart from JUnit. */
    private static int suiteTestsTagged(String category) {
        List<Class<?>> loadTests =
                ReflectionSupport.findAllClassesInPackage("io.voiceload", c -> true, name -> name.endsWith("IT"));
        int count = 0;
        for (Class<?> test : loadTests) {
            boolean tagged = AnnotationSupport.findRepeatableAnnotations(test, Tag.class).stream()
                    .anyMatch(tag -> tag.value().equals(category));
            if (tagged) {
                count += (int) Stream.of(test.getDeclaredMethods())
                        .filter(m -> AnnotationSupport.isAnnotated(m, Test.class))
                        .count();
            }
        }
        return count;
    }

    private static Launcher launcher() {
        return LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
    }

    @FixtureOnly
    @Tag("concurrent-calls")
    static class CatalogTestCases {
        @Test
        void createCalls() {}

        @Test
        @Tag("memory")
        void heapStaysFlat() {}

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3})
        @Tag("smoke")
        void oneTemplateIsOneTest(int users) {}
    }

    @FixtureOnly
    static class UntaggedTestCases {
        @TestFactory
        Stream<DynamicTest> untagged() {
            return Stream.empty();
        }
    }
}
