package io.voiceload.infra;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;

/**
 * Asks Testcontainers once per JVM whether a Docker engine answers. Without an engine Testcontainers
 * says no in well under a second; a misconfigured {@code DOCKER_HOST} could make it wait much longer,
 * so the question runs on a daemon thread and an answer later than {@link #TIMEOUT} counts as "no".
 */
final class DockerCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private static DockerStatus status;

    private DockerCheck() {}

    /** The answer, asked on the first call and remembered. */
    static synchronized DockerStatus status() {
        if (status == null) {
            status = check();
        }
        return status;
    }

    private static DockerStatus check() {
        long start = System.nanoTime();
        CompletableFuture<DockerStatus> answer = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("voiceload-docker-check").start(() -> {
            try {
                answer.complete(ask(start));
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new DockerStatus(true, false, since(start), "no answer within " + Infrastructure.seconds(TIMEOUT));
        } catch (ExecutionException e) {
            return new DockerStatus(true, false, since(start), CauseChain.describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DockerStatus(true, false, since(start), "interrupted while asking");
        }
    }

    private static DockerStatus ask(long start) {
        DockerClientFactory factory;
        try {
            factory = DockerClientFactory.instance();
        } catch (LinkageError e) {
            return new DockerStatus(true, false, since(start), "Testcontainers is not on the classpath: " + e);
        }
        if (factory.isDockerAvailable()) {
            String host;
            try {
                host = factory.getTransportConfig().getDockerHost().toString();
            } catch (RuntimeException e) {
                host = "unknown host";
            }
            return new DockerStatus(true, true, since(start), "engine at " + host);
        }
        String reason;
        try {
            factory.client(); // rethrows the cached reason
            reason = "Testcontainers found no engine";
        } catch (RuntimeException e) {
            // Once Testcontainers has given up it only says so; the first attempt logged each strategy tried.
            String message = firstLine(e.getMessage());
            reason = message.startsWith("Previous attempts to find a Docker environment failed")
                    ? "Testcontainers found no Docker environment (its log lists the strategies it tried)"
                    : message;
        }
        return new DockerStatus(true, false, since(start), reason);
    }

    private static String firstLine(String text) {
        return text == null
                ? "Testcontainers found no engine"
                : text.lines().findFirst().orElse(text).strip();
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
