package io.voiceload.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The arrows of {@code docs/architecture.md} hold for the main code: each rule is one test, and a failure
 * names the class and the dependency that runs the wrong way.
 */
@AnalyzeClasses(packages = "io.voiceload", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final Architecture VOICELOAD = new Architecture("io.voiceload");

    @ArchTest
    static final ArchRule engineKnowsNoJUnitAndNoPlatform = VOICELOAD.engineKnowsNoJUnitAndNoPlatform();

    @ArchTest
    static final ArchRule frameworkKnowsNoPlatform = VOICELOAD.frameworkKnowsNoPlatform();

    @ArchTest
    static final ArchRule platformKnowsTheFrameworkOnlyThroughTheBridge =
            VOICELOAD.platformKnowsTheFrameworkOnlyThroughTheBridge();

    @ArchTest
    static final ArchRule toxiproxyKnowsNothingOfOurs = VOICELOAD.toxiproxyKnowsNothingOfOurs();

    @ArchTest
    static final ArchRule noPackageCycles = VOICELOAD.noPackageCycles();

    @ArchTest
    static void eachPackageUsesOnlyWhatItsRowAllows(JavaClasses classes) {
        for (ArchRule rule : VOICELOAD.eachPackageUsesOnlyWhatItMay()) {
            rule.check(classes);
        }
    }
}
