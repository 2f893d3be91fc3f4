package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What CI dashboards rely on, checked in the build file (running a load test from here to read its Failsafe
 * XML is too heavy for {@code mvn test}; docs/reports.md records what a tiny run writes): Surefire and Failsafe
 * keep stdout in the XML of passing tests and write Open Test Reporting XML, which needs
 * {@code junit-platform-reporting} on the test class path.
 */
class CiReportingConfigTest {

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile());
    }

    private static Element plugin(Document pom, String artifactId) {
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (text(plugin, "artifactId").equals(artifactId)
                    && plugin.getParentNode().getParentNode().getNodeName().equals("build")
                    && plugin.getParentNode().getNodeName().equals("plugins")) {
                return plugin;
            }
        }
        throw new AssertionError("no " + artifactId + " in <build><plugins> of pom.xml");
    }

    private static String text(Element element, String tag) {
        NodeList nodes = element.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }

    @ParameterizedTest
    @ValueSource(strings = {"maven-surefire-plugin", "maven-failsafe-plugin"})
    void keepsStdoutOfPassingTestsAndWritesOpenTestReporting(String artifactId) throws Exception {
        Element plugin = plugin(pom(), artifactId);
        String reports = artifactId.equals("maven-surefire-plugin") ? "surefire-reports" : "failsafe-reports";

        assertThat(text(plugin, "enableOutErrElements")).isEqualTo("true");
        assertThat(text(plugin, "redirectTestOutputToFile")).isEqualTo("false");
        assertThat(text(plugin, "configurationParameters"))
                .containsPattern("junit\\.platform\\.reporting\\.open\\.xml\\.enabled\\s*=\\s*true")
                .containsPattern(
                        "junit\\.platform\\.reporting\\.output\\.dir\\s*=\\s*\\$\\{project\\.build\\.directory}/"
                                + reports + "/open-test-reporting");
    }

    @Test
    void theOpenTestReportingListenerIsOnTheTestClassPath() {
        assertThat(getClass()
                        .getClassLoader()
                        .getResource("META-INF/services/org.junit.platform.launcher.TestExecutionListener"))
                .isNotNull();
        assertThat(classExists("org.junit.platform.reporting.open.xml.OpenTestReportGeneratingListener"))
                .isTrue();
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name, false, CiReportingConfigTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
