package io.voiceload.junit;

import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.VirtualUser;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Runs a {@link LoadTest} method as a load through the {@link LoadExecution} pipeline: the effective plan
 * ({@link EffectivePlan}) runs through {@link LoadRunner}, every virtual user invoking the method with
 * itself in place of the {@link VirtualUser} placeholder; the test fails when an SLO is breached or
 * nothing succeeded. {@code @AfterEach} methods may receive the {@link LoadResult}.
 */
final class LoadTestExtension extends LoadKindExtension<LoadTest> {

    LoadTestExtension() {
        super(LoadTest.class, "load", LoadResult.class);
    }

    @Override
    public LoadKind.Plan plan(LoadTest annotation, String testName, Set<String> tags) {
        return EffectivePlan.resolve(annotation, testName, tags);
    }

    @Override
    public String unit(LoadTest annotation, String testName) {
        String unit = annotation.unit();
        String problem = UnitAttribute.problem(unit, "what one iteration is");
        if (!problem.isEmpty()) {
            throw new ExtensionConfigurationException("@LoadTest(" + UnitAttribute.NAME + " = \"" + unit + "\") on "
                    + testName + ": " + UnitAttribute.NAME + " " + problem);
        }
        return UnitAttribute.reported(annotation, unit);
    }
}
