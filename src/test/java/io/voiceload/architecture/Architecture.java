package io.voiceload.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The package arrows of {@code docs/architecture.md} as ArchUnit rules, for any root package: {@link
 * ArchitectureTest} checks them on {@code io.voiceload}, and {@link ArchitectureRulesBiteTest} on planted
 * violations under {@code io.voiceload.architecture.planted}, so that each rule is seen to fail.
 */
final class Architecture {

    /**
     * The framework's packages (everything but the platform and its bridge), relative to the root, and what
     * each may use of ours, besides itself and its own sub-packages (third-party libraries are not listed
     * here: see the table in {@code docs/architecture.md}).
     */
    static final Map<String, List<String>> MAY_USE = mayUse();

    private static Map<String, List<String>> mayUse() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("config", List.of());
        m.put("load", List.of("config"));
        m.put("http", List.of("load", "config"));
        m.put("voice", List.of("load", "config", "http"));
        m.put("toxiproxy", List.of());
        m.put("infra", List.of("config", "toxiproxy"));
        m.put("faults", List.of("infra", "load", "config", "toxiproxy"));
        m.put("memory", List.of("load", "config"));
        m.put("report", List.of("load", "config", "infra"));
        m.put("junit", List.of("config", "load", "http", "voice", "infra", "faults", "memory", "report"));
        return m;
    }

    private final String root;

    Architecture(String root) {
        this.root = root;
    }

    /** The load engine and the configuration are plain Java: no JUnit, no AssertJ, no platform. */
    ArchRule engineKnowsNoJUnitAndNoPlatform() {
        return noClasses()
                .that()
                .resideInAnyPackage(pkg("load"), pkg("config"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.junit..", "org.opentest4j..", "org.assertj..", pkg("junit"), pkg("platform"))
                .because("the engine and the configuration run without JUnit and know no system under test");
    }

    /** No framework class knows the reference platform: a suite against a real deployment needs none of it. */
    ArchRule frameworkKnowsNoPlatform() {
        return noClasses()
                .that()
                .resideInAnyPackage(framework())
                .should()
                .dependOnClassesThat()
                .resideInAPackage(pkg("platform"))
                .because("the platform plugs into the framework through its bridge, platform.junit");
    }

    /** The platform knows the framework only through its bridge, and nothing of the bridge. */
    ArchRule platformKnowsTheFrameworkOnlyThroughTheBridge() {
        List<String> forbidden = new ArrayList<>(List.of(framework()));
        forbidden.add(pkg("platform.junit"));
        return noClasses()
                .that()
                .resideInAPackage(pkg("platform"))
                .and()
                .resideOutsideOfPackage(pkg("platform.junit"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden.toArray(String[]::new))
                .because("the platform is the system under test: it could ship without the test framework");
    }

    /** The embedded Toxiproxy server knows nothing of ours. */
    ArchRule toxiproxyKnowsNothingOfOurs() {
        return classes()
                .that()
                .resideInAPackage(pkg("toxiproxy"))
                .should()
                .onlyDependOnClassesThat(resideOutsideOfPackage(root + "..").or(resideInAnyPackage(pkg("toxiproxy"))))
                .because("the Toxiproxy-compatible server stands alone and could be its own artifact");
    }

    /** Each framework package uses only the packages of ours its row of the table names. */
    List<ArchRule> eachPackageUsesOnlyWhatItMay() {
        return MAY_USE.entrySet().stream()
                .map(e -> {
                    String[] allowed = Stream.concat(Stream.of(e.getKey()), e.getValue().stream())
                            .map(this::pkg)
                            .toArray(String[]::new);
                    return classes()
                            .that()
                            .resideInAPackage(pkg(e.getKey()))
                            .should()
                            .onlyDependOnClassesThat(
                                    resideOutsideOfPackage(root + "..").or(resideInAnyPackage(allowed)))
                            .as(e.getKey() + " uses only " + e.getValue() + " of ours")
                            .allowEmptyShould(true);
                })
                .toList();
    }

    /** No two packages depend on each other, directly or around a loop. */
    ArchRule noPackageCycles() {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    /** Every rule, for the test that runs them all. */
    List<ArchRule> all() {
        List<ArchRule> rules = new ArrayList<>(List.of(
                engineKnowsNoJUnitAndNoPlatform(),
                frameworkKnowsNoPlatform(),
                platformKnowsTheFrameworkOnlyThroughTheBridge(),
                toxiproxyKnowsNothingOfOurs(),
                noPackageCycles()));
        rules.addAll(eachPackageUsesOnlyWhatItMay());
        return rules;
    }

    private String[] framework() {
        return MAY_USE.keySet().stream().map(this::pkg).toArray(String[]::new);
    }

    private String pkg(String relative) {
        return root + "." + relative + "..";
    }
}
