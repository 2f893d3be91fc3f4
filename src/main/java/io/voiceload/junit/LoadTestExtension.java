package io.voiceload.junit;

import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.VirtualUser;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Runs a {@link LoadTest} method as a load through the {@link LoadExecution} pipeline: the effective plan
 * ({@link EffectivePlan}) runs through {@link LoadRunner}, every virtual user invoking the method with
 * itself in place of the {@link VirtualUser} placeholder; the test fails when an SLO is breached or
 * nothing succeeded. {@code @AfterEach} methods may receive the {@link LoadResult}.
 */
final class LoadTestExtension extends LoadKindExtension<LoadTest> {

    /** Letters, spaces and hyphens, starting with a letter: a plural noun such as "calls" or "guest sessions". */
    private static final Pattern UNIT = Pattern.compile("\\p{L}[\\p{L} -]{0,29}");

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
        if (!UNIT.matcher(unit).matches()) {
            throw new ExtensionConfigurationException("@LoadTest(unit = \"" + unit + "\") on " + testName
                    + ": unit must name what one iteration is, in the plural, e.g. \"calls\": letters, spaces"
                    + " and hyphens, at most 30 characters");
        }
        return unit.strip();
    }
}
