package io.voiceload.junit;

import io.voiceload.config.ConfigException;
import io.voiceload.config.RunConfiguration;
import io.voiceload.report.BaselineReport;
import io.voiceload.report.BaselineSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * What a run checks once, before it starts anything (infrastructure, a platform, a virtual user):
 *
 * <ol>
 *   <li>{@linkplain #checkConfiguration the configuration} as a whole ({@link RunConfiguration}: the file with its
 *       category settings, the {@code -Dloadtest.*} / {@code LOADTEST_*} overrides, the profile they select, the
 *       target) and the baseline asked for ({@code -Dloadtest.baseline*});
 *   <li>{@linkplain #check the target}, when a base URL is configured: its host resolves and one {@code GET} of
 *       its readiness path ({@code target.readiness_path}, default {@code /health/ready}) answers 2xx within a
 *       few seconds.
 * </ol>
 *
 * Every extension of the framework calls it first ({@code @LoadTest}, {@code @CapacityTest},
 * {@code @WithInfrastructure}), and so does a bridge to a system under test before it starts one:
 *
 * <pre>{@code
 * import org.junit.jupiter.api.extension.BeforeAllCallback;
 *
 * final class ShopExtension implements BeforeAllCallback {
 *     @Override
 *     public void beforeAll(ExtensionContext context) {
 *         Preflight.check(context);   // throws PreflightException: nothing below runs
 *         // start the shop ...
 *     }
 * }
 * }</pre>
 *
 * <p>The outcome of each check is kept in the engine's root store, so it runs once per run, however many tests
 * ask. A failed check fails every test that asks, without a stack trace ({@link PreflightException}): the first
 * gets the whole message; later ones get a one-line pointer to it (configuration) or the same one-line failure
 * (target), and no request is repeated.
 */
public final class Preflight {
    private static final Namespace NAMESPACE = Namespace.create(Preflight.class);

    private Preflight() {}

    /**
     * Checks the run's configuration (once per run) and fails when it is invalid.
     *
     * @throws PreflightException with every problem for the first test that meets them, a pointer to that
     *     test for the others
     */
    public static void checkConfiguration(ExtensionContext context) {
        configuration(context);
    }

    /**
     * Checks the run's configuration and then, when a target base URL is configured, the target's readiness,
     * each once per run; fails when either fails.
     *
     * @throws PreflightException naming what is wrong
     */
    public static void check(ExtensionContext context) {
        RunConfiguration run = configuration(context);
        if (!run.target().isExternal()) {
            return;
        }
        Outcome target = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        "target", k -> new Outcome(null, TargetReadiness.check(run.target()), false), Outcome.class);
        target.enforce(context);
    }

    /** The run's configuration, checked once per run. */
    private static RunConfiguration configuration(ExtensionContext context) {
        Outcome outcome = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("configuration", k -> checkConfiguration(), Outcome.class);
        outcome.enforce(context);
        return outcome.configuration();
    }

    private static Outcome checkConfiguration() {
        Set<String> problems = new LinkedHashSet<>();
        RunConfiguration run = null;
        try {
            run = RunConfiguration.fromSystem();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            Optional<BaselineSettings> baseline = BaselineSettings.fromSystem();
            if (baseline.isPresent()) {
                readBaseline(baseline.get());
            }
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (problems.isEmpty()) {
            return new Outcome(run, null, true);
        }
        return new Outcome(null, ConfigException.of(List.copyOf(problems)).getMessage(), true);
    }

    private static void readBaseline(BaselineSettings settings) {
        try {
            BaselineReport.cached(settings.report());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + BaselineSettings.BASELINE + "=" + e.getMessage(), e);
        }
    }

    /** {@code CallsIT} for a class, {@code CallsIT.create} for a method. */
    private static String where(ExtensionContext context) {
        String type = context.getTestClass().map(Class::getSimpleName).orElse(context.getDisplayName());
        return context.getTestMethod().map(m -> type + "." + m.getName()).orElse(type);
    }

    /**
     * One check's outcome for the run.
     *
     * @param configuration the valid configuration; null when the check failed or is not the configuration's
     * @param failure why the check failed; null when it passed
     * @param pointAtFirst whether later tests get a pointer to the first failure instead of the message
     */
    private record Outcome(
            RunConfiguration configuration, String failure, boolean pointAtFirst, AtomicReference<String> first) {

        Outcome(RunConfiguration configuration, String failure, boolean pointAtFirst) {
            this(configuration, failure, pointAtFirst, new AtomicReference<>());
        }

        void enforce(ExtensionContext context) {
            if (failure == null) {
                return;
            }
            String here = where(context);
            if (first.compareAndSet(null, here) || !pointAtFirst || first.get().equals(here)) {
                throw new PreflightException(failure);
            }
            throw new PreflightException("not run: the configuration is invalid; see the first failure of this run ("
                    + first.get() + ") for what to fix");
        }
    }
}
