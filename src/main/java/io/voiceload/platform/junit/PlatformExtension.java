package io.voiceload.platform.junit;

import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import io.voiceload.config.TargetCredentials;
import io.voiceload.config.TargetMode;
import io.voiceload.config.TargetSettings;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.Preflight;
import io.voiceload.junit.ResultFiles;
import io.voiceload.junit.SystemJvm;
import io.voiceload.junit.SystemSignals;
import io.voiceload.load.SystemUnderTest;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Implements {@link WithPlatform}: first the run's {@link Preflight} (once per run: the configuration, and a
 * configured deployment's readiness; when it fails, nothing starts), then resolves {@link PlatformEndpoint},
 * starting the platform once per JVM (closed at the end of the engine run that started it), in this JVM or, with
 * {@code target.mode = child}, in a {@link ChildPlatform child JVM}, unless a target base URL is configured ({@code -Dloadtest.target.baseUrl}, {@code LOADTEST_TARGET_BASE_URL} or
 * {@code target.base_url}), with the credentials of {@code target.credentials} in the shared configuration. A
 * restarted infrastructure gets a fresh platform. Before each test it registers the platform's
 * {@link PlatformSignals} with the framework's {@link SystemSignals} seam, so a load test's result holds
 * what the platform saw of the run.
 */
final class PlatformExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    static final Namespace NAMESPACE = Namespace.create(PlatformExtension.class);

    private record Key(RunningInfrastructure infrastructure) {}

    private static Shared shared;

    @Override
    public void beforeAll(ExtensionContext context) {
        Preflight.check(context);
        PlatformEndpoint endpoint = endpoint(context);
        context.publishReportEntry(
                "voiceload.platform",
                endpoint.baseUrl()
                        + (endpoint.embedded()
                                ? " (embedded)"
                                : runningChild()
                                        .filter(c -> c.baseUrl().equals(endpoint.baseUrl()))
                                        .map(c -> " (" + c.describe() + ")")
                                        .orElse("")));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // At the method level, so that @WithPlatform on a method works as well as on its class.
        Preflight.check(context);
        PlatformEndpoint endpoint = endpoint(context);
        SystemSignals.register(context, new PlatformSignals(endpoint));
        // A platform in a JVM of its own is the JVM a memory recording measures (over its JMX connector).
        runningChild()
                .filter(c -> c.baseUrl().equals(endpoint.baseUrl()))
                .ifPresent(c -> SystemJvm.register(context, c::memoryTarget));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == PlatformEndpoint.class || type == PmsUpstream.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Preflight.check(extensionContext);
        PlatformEndpoint endpoint = endpoint(extensionContext);
        return parameterContext.getParameter().getType() == PmsUpstream.class ? pms(endpoint) : endpoint;
    }

    /**
     * The PMS simulators of the platform at {@code endpoint}: those of the platform this JVM started, or, for a
     * configured base URL, those this JVM runs behind the proxy {@code -Dloadtest.faults.proxies} names for {@code
     * pms} (a platform started beside the suite, as the tests that plant bugs do). A deployment's PMS is not ours to
     * fault or read: the test fails, naming the settings.
     */
    private static PmsUpstream pms(PlatformEndpoint endpoint) {
        if (endpoint.embedded()) {
            return running(endpoint).map(s -> s.embedded().pms()).orElseThrow();
        }
        Optional<PmsUpstream> child = runningChild()
                .filter(c -> c.baseUrl().equals(endpoint.baseUrl()))
                .map(ChildPlatform::pms);
        if (child.isPresent()) {
            return child.get();
        }
        Optional<String> proxy =
                Overrides.fromSystem().faultProxies().map(p -> p.value().get(EmbeddedPlatform.PMS_PROXY));
        return proxy.flatMap(PmsUpstream::behind)
                .orElseThrow(() -> new ParameterResolutionException("this test drives the PMS simulators (their"
                        + " data, their faults), but target.base_url names a deployment (" + endpoint.baseUrl()
                        + ") whose PMS this JVM does not run"
                        + proxy.map(p -> ", and no simulators of this JVM sit behind proxy \"" + p
                                        + "\" (loadtest.faults.proxies)")
                                .orElse("")
                        + ": unset target.base_url to test the embedded platform, or start the platform beside"
                        + " the suite and name its PMS proxy with -Dloadtest.faults.proxies=pms=<proxy>"));
    }

    private static synchronized Optional<Shared> running(PlatformEndpoint endpoint) {
        return Optional.ofNullable(shared)
                .filter(s -> s.embedded() != null && s.baseUrl().equals(endpoint.baseUrl()));
    }

    /**
     * The endpoint the test gets: the configured base URL (mode external), else the platform of this run, in
     * this JVM (mode embedded) or in a child JVM (mode child), started on first use. A child platform is not in
     * this process: its endpoint says {@link PlatformEndpoint#embedded() embedded} false.
     */
    static PlatformEndpoint endpoint(ExtensionContext context) {
        LoadTestConfig config = LoadTestConfig.shared();
        TargetCredentials credentials = config.target().credentials();
        TargetSettings target = TargetSettings.resolve(config, Overrides.fromSystem());
        if (target.isExternal()) {
            return new PlatformEndpoint(target.baseUrl().value(), false, credentials);
        }
        Optional<WithPlatform> asked = asked(context);
        boolean ownJvm = asked.map(a -> a.jvm() == WithPlatform.Jvm.OWN).orElse(false);
        List<String> jvmArgs = asked.filter(a -> ownJvm && a.jvmArgs().length > 0)
                .map(a -> List.of(a.jvmArgs()))
                .orElse(target.childJvmArgs().value());
        Shared platform = shared(context, target, ownJvm, jvmArgs);
        return new PlatformEndpoint(platform.baseUrl(), platform.embedded() != null, credentials);
    }

    /** What the test (its method, else its class, else an enclosing class) asks of the platform. */
    private static Optional<WithPlatform> asked(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context);
                c.isPresent();
                c = c.get().getParent()) {
            Optional<WithPlatform> found =
                    c.get().getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, WithPlatform.class));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The platform of this JVM, of the target's mode ({@code ownJvm}: a child JVM whatever the mode, with {@code
     * jvmArgs}). The engine run that starts it (with the shared
     * infrastructure) closes both at its end; a nested engine run (a test that runs fixtures through the JUnit
     * TestKit) finds it running and uses it, so it neither starts a second one nor stops the first. A platform of
     * another mode (a test changed {@code loadtest.target.mode}) is stopped first: they share the PMS proxies.
     */
    private static synchronized Shared shared(
            ExtensionContext context, TargetSettings target, boolean ownJvm, List<String> jvmArgs) {
        RunningInfrastructure infrastructure = RunningInfrastructure.shared();
        TargetMode mode = ownJvm ? TargetMode.CHILD : target.mode().value();
        Shared current = shared;
        if (current != null && current.infrastructure() == infrastructure && infrastructure.isRunning()) {
            if (current.mode() == mode
                    && (current.child() == null || current.child().jvmArgs().equals(jvmArgs))) {
                return current;
            }
            current.close();
        }
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        // Registered before the platform, so closed after it.
        root.getOrComputeIfAbsent(
                SharedInfrastructureStop.class, k -> new SharedInfrastructureStop(), SharedInfrastructureStop.class);
        Shared started = mode == TargetMode.CHILD
                ? new Shared(
                        infrastructure,
                        TargetMode.CHILD,
                        null,
                        startChild(infrastructure, target, jvmArgs),
                        new AtomicBoolean())
                : new Shared(
                        infrastructure,
                        TargetMode.EMBEDDED,
                        EmbeddedPlatform.start(infrastructure, 0),
                        null,
                        new AtomicBoolean());
        shared = started;
        root.put(new Key(infrastructure), started);
        if (started.child() != null) {
            SystemUnderTest.describe(started.child().describe());
        }
        // Whoever stops the infrastructure first (a test restarting it, the JVM's exit, another extension's
        // store) stops the platform before it, so its clients never reconnect to servers that are gone.
        infrastructure.closeBeforeStopping(started.describe(), started);
        return started;
    }

    /** Starts the child platform and warms it ({@code target.child_warmup}); stopped again if the warm-up fails. */
    private static ChildPlatform startChild(
            RunningInfrastructure infrastructure, TargetSettings target, List<String> jvmArgs) {
        ChildPlatform child = ChildPlatform.start(infrastructure, jvmArgs, childLog());
        try {
            if (!target.childWarmup().value().isZero()) {
                ChildPlatform.WarmUp warm = child.warmUp(
                        target.childWarmup().value(),
                        LoadTestConfig.shared().target().credentials());
                System.out.println("[target] " + child.describe() + ": " + warm.requests() + " warm-up requests ("
                        + warm.failures() + " not answered as expected) in "
                        + warm.duration().toMillis() + " ms");
            }
            return child;
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /** {@code <run directory>/platform/child-platform-<time>.log}: the child's stdout and stderr. */
    private static Path childLog() {
        return ResultFiles.runDirectory()
                .resolve("platform")
                .resolve("child-platform-" + System.currentTimeMillis() + ".log");
    }

    /** The base URL of the platform of this JVM while one runs (for tests of this extension). */
    static synchronized Optional<URI> running() {
        return Optional.ofNullable(shared).map(Shared::baseUrl);
    }

    /** The child platform of this run while one runs (for tests of this extension). */
    static synchronized Optional<ChildPlatform> runningChild() {
        return Optional.ofNullable(shared).map(Shared::child);
    }

    /**
     * The platform of this JVM and the infrastructure it runs on; closing it (once) forgets it.
     *
     * @param embedded the platform in this JVM; null in mode child
     * @param child the platform in a child JVM; null in mode embedded
     */
    private record Shared(
            RunningInfrastructure infrastructure,
            TargetMode mode,
            EmbeddedPlatform embedded,
            ChildPlatform child,
            AtomicBoolean closed)
            implements AutoCloseable {

        URI baseUrl() {
            return child != null ? child.baseUrl() : embedded.platform().baseUrl();
        }

        String describe() {
            return child != null ? "the " + child : "the embedded platform at " + baseUrl();
        }

        @Override
        public void close() {
            synchronized (PlatformExtension.class) {
                if (shared == this) {
                    shared = null;
                }
            }
            if (closed.compareAndSet(false, true)) {
                if (child != null) {
                    SystemUnderTest.forget(child.describe());
                    child.close();
                } else {
                    embedded.close();
                }
            }
        }
    }

    /** Stops the shared infrastructure when the engine's root store closes (the end of the run). */
    private static final class SharedInfrastructureStop implements AutoCloseable {
        @Override
        public void close() {
            RunningInfrastructure.stopShared();
        }
    }
}
