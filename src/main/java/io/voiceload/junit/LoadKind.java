package io.voiceload.junit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.load.IterationBody;
import io.voiceload.load.LoadResult;
import io.voiceload.load.RunOptions;
import io.voiceload.load.SloMetric;
import io.voiceload.load.SloReport;
import io.voiceload.load.SloRule;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one kind of load-running test (a load, a capacity search, …) brings to the {@link LoadExecution}
 * pipeline. The pipeline owns the steps every kind shares: finding the annotation, collecting the SLOs,
 * printing the plan, the baseline check, the generator lock, the signals of the system under test, the
 * result files, the report entries and the failure. A kind decides only what differs, in three stages:
 *
 * <ol>
 *   <li>{@link #plan}: reads its annotation and resolves a {@link Plan}, failing before any load;
 *   <li>{@link Plan#run}: runs the load and judges it into an {@link Outcome};
 *   <li>the {@link Outcome}: the result {@code @AfterEach} receives, what is printed after the run, its own
 *       JSON sections and report entries, and its verdict.
 * </ol>
 *
 * A kind's extension extends {@link LoadKindExtension}, which runs it through the pipeline. A kind that
 * builds on another (a load with a leak check, a load with fault windows) wraps the other's {@link Plan} and
 * {@link Outcome}, adding its sections, entries and verdict to theirs.
 *
 * @param <A> the annotation that marks a test of this kind
 */
interface LoadKind<A extends Annotation> {

    /** The annotation that marks a test method of this kind. */
    Class<A> annotation();

    /**
     * Fails when the method carries annotations this kind cannot run with (another kind's, say). Runs
     * before the plan is resolved.
     */
    default void checkAnnotations(Method method) {}

    /**
     * The result types an {@code @AfterEach} method may declare, the whole result first: the first names
     * the result in the message when the run did not happen.
     */
    List<Class<?>> resultTypes();

    /** What the run is called in messages: "load", "search". */
    String runName();

    /**
     * Reads and validates the annotation and resolves the plan against the configuration; every error is
     * an {@code ExtensionConfigurationException} naming the attribute or key, thrown before any load.
     *
     * @param testName {@code Class.method}, for messages
     * @param tags the test's JUnit tags (category sections apply by tag)
     */
    Plan plan(A annotation, String testName, Set<String> tags);

    /**
     * What one iteration of the test is, in the plural ({@code "calls"}), for the per-test JSON and the report;
     * empty for plain iterations. Called before any load; an error is an {@code ExtensionConfigurationException}
     * naming the attribute.
     *
     * @param testName {@code Class.method}, for messages
     */
    default String unit(A annotation, String testName) {
        return "";
    }

    /** A resolved, validated plan of one test. */
    interface Plan {

        /** How this kind's console lines start: {@code [load]}, {@code [capacity]}. */
        String label();

        /** The configuration's SLO thresholds, which {@code @Slo}s override. */
        Map<SloMetric, SloRule> thresholds();

        /** The effective plan, one setting a line with its origin: printed, and kept in the per-test JSON. */
        String describe();

        /** The name of the profile the plan was resolved with; null when none was selected. */
        default String profile() {
            return null;
        }

        /** Printed under the SLOs, starting with a line break; empty for nothing. */
        default String slosNote() {
            return "";
        }

        /** The plan as a baseline comparison sees it ({@code BaselineComparability.planOf}). */
        ObjectNode baselinePlan();

        /**
         * The engine's plan, when this kind runs one plan with a fixed measured phase (a {@code @LoadTest}); a seeded
         * fault schedule ({@code @Chaos}) is drawn over its duration from its seed. Empty for a capacity search.
         */
        default java.util.Optional<io.voiceload.load.LoadPlan> loadPlan() {
            return java.util.Optional.empty();
        }

        /** The capacity search as a baseline comparison sees it; null when this is no capacity search. */
        default ObjectNode baselineCapacityPlan() {
            return null;
        }

        /**
         * Runs the load on the calling thread, {@code body} being one iteration of one virtual user, and
         * judges it. Called once, under the generator lock.
         *
         * @param rules the SLOs, {@code @Slo}s first
         * @param options the run's options, with the {@code .hlog} file set
         */
        Outcome run(IterationBody body, List<SloRule> rules, RunOptions options);
    }

    /** A run of one test, judged. */
    interface Outcome {

        /** The result as {@code type} (one of {@link LoadKind#resultTypes()}) for {@code @AfterEach}. */
        Object result(Class<?> type);

        /** The whole run's statistics: the per-test JSON, the common report entries, the top errors. */
        LoadResult run();

        /** The SLO verdict the per-test JSON starts from (its {@code verdict}, {@code failure}, {@code slos}). */
        SloReport report();

        /** Printed once the run is judged: the verdict, passing or not (Surefire keeps it in the XML). */
        String printed(String testName);

        /** Adds this kind's sections to the per-test JSON, and may change its {@code verdict}. */
        default void addSections(ObjectNode document) {}

        /** Adds this kind's report entries ({@code voiceload.<kind>.*}) to the common ones. */
        default void addEntries(Map<String, String> entries) {}

        /** Why the test fails, or empty when it passes on this kind's verdict (the baseline is judged apart). */
        String failure(String testName);
    }
}
