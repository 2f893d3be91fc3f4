package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * What is logged while a block runs, captured instead of printed: a test that provokes a failure on purpose
 * checks the log lines it causes (the errorId next to the stack trace, the outage warning) rather than leaving
 * them in a green run's output. Everything written to {@code System.err} meanwhile, from any thread, is
 * captured (the tests run one at a time); when the block fails, the capture is printed after all, for the
 * diagnosis.
 *
 * <p>slf4j-simple, the tests' SLF4J binding ({@code simplelogger.properties}), writes each line to whatever
 * {@code System.err} is at that moment, so swapping the stream for the block is all it takes. Written here:
 * JUnit Pioneer's {@code @StdIo} swaps it for a whole test method, one more dependency for these few lines.
 */
public final class ServerLog {

    private ServerLog() {}

    /** The block's value and what was logged while it ran. */
    public record Captured<T>(T value, String log) {}

    /** Runs {@code block} with {@code System.err} captured. */
    public static <T> Captured<T> capture(Callable<T> block) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.err;
        T value;
        synchronized (ServerLog.class) {
            System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            try {
                value = block.call();
            } catch (Exception | Error e) {
                original.print(bytes.toString(StandardCharsets.UTF_8));
                throw e;
            } finally {
                System.setErr(original);
            }
        }
        return new Captured<>(value, bytes.toString(StandardCharsets.UTF_8));
    }

    /**
     * Asserts that {@code log} holds the ERROR line of the 500 that answered with {@code errorId}, followed by
     * the stack trace of its cause (whose message contains {@code cause}): what a support request quoting the
     * errorId is looked up by.
     */
    public static void assertUnexpectedFailureLogged(String log, String errorId, String cause) {
        assertThat(errorId).as("errorId of the answer").isNotBlank();
        assertThat(log)
                .as("the platform's log of the failure")
                .containsOnlyOnce("failed; errorId " + errorId)
                .contains(cause)
                .contains("\tat ");
    }
}
