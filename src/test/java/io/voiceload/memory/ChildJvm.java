package io.voiceload.memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RetainingChild} in a JVM of its own, its temporary files and JFR repository under {@code dir} (never
 * {@code /tmp}): {@link #send} a command and wait for its {@code ok}; {@link #close} kills it, whatever happened.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    private final String jmxUrl;

    public ChildJvm(Path dir, List<String> jvmOptions) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("jfr"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
                "-Djava.io.tmpdir=" + dir.resolve("tmp"),
                "-XX:FlightRecorderOptions:repository=" + dir.resolve("jfr"),
                "-XX:-UsePerfData"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RetainingChild.class.getName()));
        process = new ProcessBuilder(command)
                .redirectError(dir.resolve("stderr.log").toFile())
                .start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = out.readLine()) != null) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        // the child is gone
                    }
                },
                "retaining-child-stdout");
        reader.setDaemon(true);
        reader.start();
        String first = next();
        if (!first.startsWith(RetainingChild.JMX_LINE)) {
            close();
            throw new IllegalStateException("the child printed " + first + " instead of its JMX URL");
        }
        jmxUrl = first.substring(RetainingChild.JMX_LINE.length());
    }

    public String jmxUrl() {
        return jmxUrl;
    }

    public long pid() {
        return process.pid();
    }

    /** Sends a command and waits for its {@code ok}; returns the lines it printed before. */
    public List<String> send(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
            List<String> printed = new ArrayList<>();
            String answer;
            while (!(answer = next()).startsWith("ok ")) {
                printed.add(answer);
            }
            if (!answer.equals("ok " + command)) {
                throw new IllegalStateException("the child answered " + answer + " to " + command);
            }
            return printed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String next() throws InterruptedException {
        String line = lines.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new IllegalStateException("the child (pid " + process.pid() + ", alive " + process.isAlive()
                    + ") printed nothing within " + TIMEOUT.toSeconds() + " s; before: " + output);
        }
        output.add(line);
        return line;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
