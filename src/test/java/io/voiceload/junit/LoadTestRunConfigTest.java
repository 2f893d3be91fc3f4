package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What {@code mvn verify} relies on to judge a run of the load tests, checked in the build file (a test that runs
 * Maven twice, a failed run and then an empty one, is too slow for {@code mvn test}; docs/writing-load-tests.md shows
 * what an empty run prints): the verdict reads this run's Failsafe summary only, a run that ran no load test fails,
 * stale Failsafe results are cleaned first, and the formatting check runs before anything is compiled.
 */
class LoadTestRunConfigTest {
    /** Maven's default lifecycle, the phases this build binds to, in order. */
    private static final List<String> PHASES = List.of(
            "validate",
            "initialize",
            "process-sources",
            "compile",
            "test",
            "pre-integration-test",
            "integration-test",
            "post-integration-test",
            "verify");

    private static Element project;

    @BeforeAll
    static void readThePom() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile());
        project = pom.getDocumentElement();
    }

    @Test
    void theVerdictReadsTheSummaryOfThisRunOnly() {
        assertThat(property("voiceload.failsafeSummary"))
                .as("the summary's name carries the run id")
                .contains("${loadtest.runId}");
        Element failsafe = plugin("maven-failsafe-plugin");
        assertThat(child(failsafe, "configuration").flatMap(c -> child(c, "summaryFile")))
                .as("in the plugin's configuration, so that integration-test (writes it) and verify (judges it) agree")
                .map(Node::getTextContent)
                .hasValue("${project.build.directory}/${voiceload.failsafeSummary}");
        assertThat(text(failsafe, "executions")).doesNotContain("summaryFile");
    }

    @Test
    void aRunThatRanNoLoadTestFailsAfterFailsafeAndBeforeTheVerdict() {
        Element execution = execution(plugin("maven-enforcer-plugin"), "load-tests-ran");
        assertThat(phase(execution)).isEqualTo("post-integration-test");
        assertThat(text(execution, "condition"))
                .as("this run ran a test if and only if Failsafe wrote this run's summary")
                .contains("${voiceload.failsafeSummary}")
                .contains("${project.baseUri}")
                .as("skipped with the tests")
                .contains("${skipTests}", "${skipITs}", "${maven.test.skip}");
        assertThat(text(execution, "message")).contains("No load test ran", "-Dgroups", "listed above");
        assertThat(PHASES.indexOf(phase(execution)))
                .isGreaterThan(PHASES.indexOf("integration-test"))
                .isLessThan(PHASES.indexOf("verify"));
    }

    @Test
    void failsafeResultsOfEarlierRunsAreCleanedBeforeTheLoadTestsRun() {
        Element execution = execution(plugin("maven-clean-plugin"), "clean-failsafe-reports");
        assertThat(phase(execution)).isEqualTo("pre-integration-test");
        assertThat(text(execution, "excludeDefaultDirectories")).isEqualTo("true");
        assertThat(text(execution, "directory")).isEqualTo("${project.build.directory}/failsafe-reports");
    }

    @Test
    void onlyFailsafeAsksForTheListOfLoadTestsWhenNoneIsSelected() {
        Element failsafe = plugin("maven-failsafe-plugin");
        assertThat(text(failsafe, "includes")).isEqualTo("**/*IT.java");
        assertThat(text(failsafe, EmptySelectionListener.LOAD_TEST_CLASSES))
                .isEqualTo("${project.build.testOutputDirectory}");
        assertThat(text(failsafe, EmptySelectionListener.LOAD_TEST_CLASS_NAMES))
                .as("the includes as a regular expression of class names")
                .isEqualTo(".*IT");
        assertThat(text(plugin("maven-surefire-plugin"), "systemPropertyVariables"))
                .as("the framework's own tests keep Surefire's rules")
                .doesNotContain(EmptySelectionListener.LOAD_TEST_CLASSES);
    }

    @Test
    void theFormattingCheckRunsBeforeCompilingOnTheProjectsOwnPackages() {
        Element spotless = plugin("spotless-maven-plugin");
        Element check = execution(spotless, "check-format");
        assertThat(text(check, "goal")).isEqualTo("check");
        assertThat(phase(check))
                .as("after initialize (where .ci/run only asks whether a JDK 21+ is installed), before compile")
                .isEqualTo("process-sources");
        assertThat(List.of(text(spotless, "includes").split("\\s+")))
                .containsExactly("src/main/java/io/voiceload/**/*.java", "src/test/java/io/voiceload/**/*.java");
    }

    private static String property(String name) {
        return child(child(project, "properties").orElseThrow(), name)
                .map(Node::getTextContent)
                .orElseThrow(() -> new AssertionError("no property " + name + " in pom.xml"));
    }

    /** A plugin of {@code <build><plugins>}, not of pluginManagement or a profile. */
    private static Element plugin(String artifactId) {
        Element plugins =
                child(child(project, "build").orElseThrow(), "plugins").orElseThrow();
        return children(plugins, "plugin").stream()
                .filter(p -> text(p, "artifactId").equals(artifactId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + artifactId + " in <build><plugins> of pom.xml"));
    }

    private static Element execution(Element plugin, String id) {
        return children(child(plugin, "executions").orElseThrow(), "execution").stream()
                .filter(e -> text(e, "id").equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no execution " + id + " of " + text(plugin, "artifactId")));
    }

    private static String phase(Element execution) {
        return child(execution, "phase").map(Node::getTextContent).orElse("").strip();
    }

    private static Optional<Element> child(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }

    private static List<Element> children(Element parent, String name) {
        NodeList nodes = parent.getChildNodes();
        List<Element> found = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    /** The text of the first {@code tag} under {@code element}, at any depth, whitespace-trimmed. */
    private static String text(Element element, String tag) {
        NodeList nodes = element.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }
}
