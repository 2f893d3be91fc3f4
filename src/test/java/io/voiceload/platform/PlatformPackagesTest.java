package io.voiceload.platform;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The platform's packages depend on each other one way: the root ({@code HotelVoicePlatform},
 * {@code PlatformOptions}) assembles the modules, the modules build on the seam
 * ({@code io.voiceload.platform.module}), and the seam knows no module.
 */
@AnalyzeClasses(packages = "io.voiceload.platform", importOptions = ImportOption.DoNotIncludeTests.class)
class PlatformPackagesTest {

    private static final String ROOT = "io.voiceload.platform";
    private static final String SEAM = ROOT + ".module";

    /**
     * Every package of the platform, its root included, is a slice of its own. (A pattern such as
     * {@code io.voiceload.platform.(**)} leaves the root package out of every slice, and with it the
     * cycles between the root and a sub-package.)
     */
    private static final SliceAssignment EACH_PLATFORM_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".") ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "each package of " + ROOT;
        }
    };

    @ArchTest
    static final ArchRule noCycleBetweenAnyTwoPlatformPackages =
            slices().assignedFrom(EACH_PLATFORM_PACKAGE).should().beFreeOfCycles();

    /** Modules import the seam, so the seam importing any of them would close a cycle. */
    @ArchTest
    static final ArchRule theModuleSeamKnowsNoOtherPlatformPackage = noClasses()
            .that()
            .resideInAPackage(SEAM)
            .should()
            .dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(SEAM))));
}
