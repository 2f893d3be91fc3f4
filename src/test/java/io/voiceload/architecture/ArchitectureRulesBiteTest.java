package io.voiceload.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link Architecture} fails on a planted violation (the classes under
 * {@code io.voiceload.architecture.planted}, laid out as the project's packages) and names it; the bridge,
 * which may know both sides, is never named.
 */
class ArchitectureRulesBiteTest {

    private static final String ROOT = "io.voiceload.architecture.planted";
    private static final JavaClasses PLANTED = new ClassFileImporter().importPackages(ROOT);
    private static final Architecture RULES = new Architecture(ROOT);

    @Test
    void theEngineUsingJUnitFails() {
        assertFails(RULES.engineKnowsNoJUnitAndNoPlatform(), "planted.load.Engine", "org.junit.jupiter.api.Assertions");
    }

    @Test
    void theFrameworkUsingThePlatformFails() {
        assertFails(RULES.frameworkKnowsNoPlatform(), "planted.junit.Extension", "planted.platform.calls.CallStore");
    }

    @Test
    void thePlatformUsingTheFrameworkOutsideTheBridgeFails() {
        String message = assertFails(
                RULES.platformKnowsTheFrameworkOnlyThroughTheBridge(),
                "planted.platform.calls.CallStore",
                "planted.load.Engine");
        assertThat(message).doesNotContain("Bridge");
    }

    @Test
    void toxiproxyUsingOurConfigurationFails() {
        assertFails(RULES.toxiproxyKnowsNothingOfOurs(), "planted.toxiproxy.Server", "planted.config.Settings");
    }

    @Test
    void aCycleBetweenTwoPackagesFails() {
        assertFails(RULES.noPackageCycles(), "report.Report", "report.html.Page");
    }

    @Test
    void aPackageUsingWhatItsRowDoesNotAllowFails() {
        List<ArchRule> rows = RULES.eachPackageUsesOnlyWhatItMay();
        ArchRule config = rows.get(List.copyOf(Architecture.MAY_USE.keySet()).indexOf("config"));

        assertFails(config, "planted.config.Settings", "planted.load.Engine");
    }

    private static String assertFails(ArchRule rule, String... named) {
        Throwable failure = catchFailure(rule);
        assertThat(failure).as(rule.getDescription()).isInstanceOf(AssertionError.class);
        assertThat(failure.getMessage()).contains(named);
        return failure.getMessage();
    }

    private static Throwable catchFailure(ArchRule rule) {
        try {
            rule.check(PLANTED);
        } catch (AssertionError e) {
            return e;
        }
        throw new AssertionError("the rule passed on planted violations: " + rule.getDescription());
    }
}
