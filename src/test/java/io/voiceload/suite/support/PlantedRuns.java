package io.voiceload.suite.support;

import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.TestKit;
import io.voiceload.platform.PlatformOptions;
import io.voiceload.platform.junit.EmbeddedPlatform;
import io.voiceload.platform.module.ModuleFaults;
import java.util.HashMap;
import java.util.Map;
import org.junit.platform.testkit.engine.Events;

/**
 * A category's test run, as written, against a second embedded platform with one planted bug: what a
 * {@code …CatchesFaultsTest} proves with. The run's target is that platform, its {@code pms} faults and simulators are
 * that platform's PMS proxies ({@code -Dloadtest.faults.proxies}), and its seed is the category's own (the same
 * schedules and draws as in the category's run).
 */
public final class PlantedRuns {

    private PlantedRuns() {}

    /**
     * Runs {@code testClass} (or only its {@code method}, when not null) against a platform with {@code bug}, with
     * {@code properties} on top, and returns what failed: exactly one test must fail.
     */
    public static String failureAgainst(
            ModuleFaults bug, Class<?> testClass, String method, Map<String, String> properties) {
        try (EmbeddedPlatform faulty = EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                PlatformOptions.builder().faults(bug).build())) {
            Map<String, String> all = new HashMap<>(properties);
            all.put("loadtest.target.baseUrl", faulty.platform().baseUrl().toString());
            all.put("loadtest.seed", "42");
            all.put(
                    "loadtest.faults.proxies",
                    "pms=" + faulty.pms().primaryProxy() + ",pms_secondary="
                            + faulty.pms().secondaryProxy());
            Events events =
                    method == null ? TestKit.runClass(testClass, all) : TestKit.runMethod(testClass, method, all);
            events.assertStatistics(s -> s.failed(1));
            String failure = TestKit.failureText(events);
            System.out.println("[proof] " + testClass.getSimpleName() + " against " + bug + ": " + failure);
            return failure;
        }
    }
}
