package io.voiceload.platform.junit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a JVM of its own (this JVM's {@code java} and classpath, a 256 MB heap) to its end and
 * returns what it printed, stdout and stderr together. Its output goes to a file rather than through a pipe
 * this JVM must drain, so a child that hangs is seen as one: it is killed after its time, and the test fails
 * with what it printed. A child that exits with a status other than 0 fails the test the same way.
 *
 * <pre>{@code
 * FreshJvm.Output child = FreshJvm.run(List.of("-verbose:class"), Child.class, "arg");
 * assertThat(child.lines()).contains("DONE");
 * }</pre>
 */
public final class FreshJvm {

    /** How long a child may run unless the caller says otherwise. */
    public static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static final String CLASS_LOAD = "[class,load] ";

    private FreshJvm() {}

    /**
     * What a child printed.
     *
     * @param lines its lines, without the class-loading log of {@code -verbose:class}
     * @param loadedClasses the classes that log says were loaded, in order (empty without {@code -verbose:class})
     */
    public record Output(List<String> lines, List<String> loadedClasses) {}

    /** Runs {@code main} with these JVM options and arguments; at most {@link #TIMEOUT}. */
    public static Output run(List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        return run(TIMEOUT, jvmOptions, main, args);
    }

    /**
     * Runs {@code main} with these JVM options and arguments, for at most {@code timeout}.
     *
     * @throws AssertionError when the child does not end in time (it is killed) or exits with a status other
     *     than 0; the message holds what it printed
     */
    public static Output run(Duration timeout, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(Arrays.asList(args));
        Path file = Files.createTempFile("fresh-jvm-", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(file.toFile())
                    .start();
            boolean ended;
            try {
                ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            Output output = read(file);
            if (!ended) {
                throw new AssertionError(main.getSimpleName() + " in a JVM of its own did not end within " + timeout
                        + " and was killed; it printed:\n" + String.join("\n", output.lines()));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(main.getSimpleName() + " in a JVM of its own exited with status "
                        + process.exitValue() + "; it printed:\n" + String.join("\n", output.lines()));
            }
            return output;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The class a line of {@code -verbose:class} says was loaded ({@code [0.012s][info][class,load] a.B source:
     * ...}: {@code a.B}); empty for any other line.
     */
    public static Optional<String> loadedClass(String line) {
        int at = line.indexOf(CLASS_LOAD);
        if (at < 0) {
            return Optional.empty();
        }
        int start = at + CLASS_LOAD.length();
        int end = line.indexOf(' ', start);
        return Optional.of(end < 0 ? line.substring(start) : line.substring(start, end));
    }

    private static Output read(Path file) throws IOException {
        // Decoded leniently: a child on another default charset must not turn its output into an exception.
        List<String> lines = new ArrayList<>();
        List<String> loaded = new ArrayList<>();
        new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().forEach(line -> {
            Optional<String> loadedClass = loadedClass(line);
            if (loadedClass.isPresent()) {
                loaded.add(loadedClass.get());
            } else if (!line.contains("[class,")) { // the log's other lines (class,unload)
                lines.add(line);
            }
        });
        return new Output(List.copyOf(lines), List.copyOf(loaded));
    }
}
