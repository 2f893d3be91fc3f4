package io.voiceload.junit;

import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.VirtualUser;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs a {@link LoadTest} method as a load through the {@link LoadExecution} pipeline: the effective plan
 * ({@link EffectivePlan}) runs through {@link LoadRunner}, every virtual user invoking the method with
 * itself in place of the {@link VirtualUser} placeholder; the test fails when an SLO is breached or
 * nothing succeeded. {@code @AfterEach} methods may receive the {@link LoadResult}.
 */
final class LoadTestExtension implements InvocationInterceptor, ParameterResolver, LoadKind<LoadTest> {

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        LoadExecution.intercept(this, invocation, invocationContext, context);
    }

    @Override
    public Class<LoadTest> annotation() {
        return LoadTest.class;
    }

    @Override
    public List<Class<?>> resultTypes() {
        return List.of(LoadResult.class);
    }

    @Override
    public String runName() {
        return "load";
    }

    @Override
    public LoadKind.Plan plan(LoadTest annotation, String testName, Set<String> tags) {
        return EffectivePlan.resolve(annotation, testName, tags);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return LoadExecution.supportsParameter(this, parameterContext);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return LoadExecution.resolveParameter(this, parameterContext, extensionContext);
    }
}
