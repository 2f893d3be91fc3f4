package io.voiceload.faults;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The {@code nft} program, run as a child process with a timeout. Hand-written over a library because the
 * only Java binding of nftables' netlink API (libnftables through JNI) is not on Maven Central, and the
 * {@code nft} command is what administrators read and type: every error names the command line, the script
 * it was fed and nft's own message.
 */
final class NftCommand {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Path executable;
    private final Duration timeout;

    NftCommand(Path executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    /** The first executable {@code nft} in the directories of {@code pathVariable} (a PATH value). */
    static Optional<Path> find(String pathVariable) {
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "nft");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    Path executable() {
        return executable;
    }

    /** Runs {@code nft args...}; returns its standard output, or throws naming the command and nft's error. */
    String run(String... args) {
        return execute(null, args);
    }

    /** Feeds {@code script} to {@code nft -f -} (one atomic transaction: all of it applies, or nothing). */
    String apply(String script) {
        return execute(script, "-f", "-");
    }

    /** Has the kernel validate {@code script} ({@code nft -c -f -}) without applying it. */
    String check(String script) {
        return execute(script, "-c", "-f", "-");
    }

    private String execute(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        String shown = String.join(" ", command);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(
                            stdin == null
                                    ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                                    : ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run `" + shown + "`: " + e.getMessage(), e);
        }
        // both streams are drained while the process runs, so that neither can fill its pipe and block nft
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // nft exited before reading its script: its exit code and stderr say why
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
                throw new IllegalStateException(
                        "`" + shown + "` timed out after " + timeout.toMillis() + " ms" + withScript(stdin));
            }
            String stdout = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String stderr = err.get(timeout.toMillis(), TimeUnit.MILLISECONDS).strip();
            if (process.exitValue() != 0) {
                throw new IllegalStateException("`" + shown + "` failed (exit " + process.exitValue() + "): "
                        + (stderr.isEmpty() ? "no message" : stderr) + withScript(stdin));
            }
            return stdout;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("`" + shown + "` interrupted", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("`" + shown + "`: cannot read its output: " + e, e);
        }
    }

    private static String withScript(String stdin) {
        return stdin == null ? "" : "\nscript:\n" + stdin.strip();
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }
}
