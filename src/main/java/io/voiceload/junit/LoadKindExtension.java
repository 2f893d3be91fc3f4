package io.voiceload.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The JUnit side of a {@link LoadKind}: intercepts the kind's test methods and runs them through the
 * {@link LoadExecution} pipeline, and resolves their parameters (the {@code VirtualUser} placeholder, the
 * kind's results in {@code @AfterEach}). An extension of a new kind extends this and implements the kind.
 * Stateless: what one test needs lives in its {@code ExtensionContext} store.
 *
 * @param <A> the annotation that marks a test of this kind
 */
abstract class LoadKindExtension<A extends Annotation>
        implements BeforeEachCallback,
                InvocationInterceptor,
                ParameterResolver,
                LifecycleMethodExecutionExceptionHandler,
                LoadKind<A> {
    private final Class<A> annotation;
    private final String runName;
    private final List<Class<?>> resultTypes;

    /**
     * @param annotation the annotation that marks a test of this kind
     * @param runName what the run is called in messages: "load", "search"
     * @param resultTypes what {@code @AfterEach} methods may receive, the whole result first
     */
    LoadKindExtension(Class<A> annotation, String runName, Class<?>... resultTypes) {
        this.annotation = annotation;
        this.runName = runName;
        this.resultTypes = List.of(resultTypes);
    }

    @Override
    public final Class<A> annotation() {
        return annotation;
    }

    @Override
    public final String runName() {
        return runName;
    }

    @Override
    public final List<Class<?>> resultTypes() {
        return resultTypes;
    }

    /** The run's {@link Preflight} before the test's own {@code @BeforeEach} methods: they may reach the target. */
    @Override
    public final void beforeEach(ExtensionContext context) {
        Preflight.check(context);
    }

    @Override
    public final void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        LoadExecution.intercept(this, invocation, invocationContext, context);
    }

    @Override
    public final boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return LoadExecution.supportsParameter(this, parameterContext);
    }

    @Override
    public final Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return LoadExecution.resolveParameter(this, parameterContext, extensionContext);
    }

    /**
     * A test skipped before its load ran (an assumption, real packet loss on a machine without nftables) has no
     * result for its {@code @AfterEach} checks: they are skipped with it, instead of failing a skipped test for want
     * of a result.
     */
    @Override
    public final void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        boolean skipped = context.getExecutionException()
                .filter(org.opentest4j.TestAbortedException.class::isInstance)
                .isPresent();
        if (!(skipped && throwable instanceof LoadExecution.NoResult)) {
            throw throwable;
        }
    }
}
