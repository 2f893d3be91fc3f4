package io.voiceload.junit;

import io.voiceload.load.CapacityResult;
import io.voiceload.load.CapacitySearch;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import java.lang.reflect.Method;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs a {@link CapacityTest} method as a stepped capacity search ({@link CapacitySearch}) through the
 * {@link LoadExecution} pipeline, every virtual user invoking the method with itself in place of the
 * {@link VirtualUser} placeholder. After the search: the headline and step table printed, the result file's
 * {@code capacity} section, report entries {@code voiceload.capacity.*}, and the verdict of
 * {@link CapacityResult#failureMessage}. {@code @AfterEach} methods may receive the {@link CapacityResult} or
 * the whole run's {@link LoadResult}.
 */
final class CapacityTestExtension extends LoadKindExtension<CapacityTest> {

    CapacityTestExtension() {
        super(CapacityTest.class, "search", CapacityResult.class, LoadResult.class);
    }

    @Override
    public void checkAnnotations(Method method) {
        if (AnnotationSupport.isAnnotated(method, LoadTest.class)) {
            throw new ExtensionConfigurationException(
                    method + " has both @LoadTest and @CapacityTest: a test is either a load or a capacity search");
        }
    }

    @Override
    public LoadKind.Plan plan(CapacityTest annotation, String testName, Set<String> tags) {
        return EffectiveCapacityPlan.resolve(annotation, testName, tags);
    }

    /**
     * A user stands for one of {@link CapacityTest#unit()} ("calls"), so each of its iterations is one too; the
     * default names no unit of work, and the iterations stay iterations. The plan has checked the unit.
     */
    @Override
    public String unit(CapacityTest annotation, String testName) {
        return UnitAttribute.reported(annotation, annotation.unit());
    }
}
