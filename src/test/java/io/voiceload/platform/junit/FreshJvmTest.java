package io.voiceload.platform.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link FreshJvm}: a child that hangs or fails fails the test, with what it printed, and is gone. */
class FreshJvmTest {

    @Test
    void returnsWhatTheChildPrintedAndTheClassesItLoaded() throws Exception {
        FreshJvm.Output output = FreshJvm.run(List.of("-verbose:class"), Prints.class, "one", "two");

        assertThat(output.lines()).containsExactly("ARGS one two", "ERR on stderr");
        assertThat(output.loadedClasses()).contains("java.lang.Object", Prints.class.getName());
    }

    @Test
    void aChildThatHangsIsKilledAndFailsWithItsOutput() throws Exception {
        long start = System.nanoTime();
        AtomicLong pid = new AtomicLong();

        assertThatThrownBy(() -> FreshJvm.run(Duration.ofSeconds(3), List.of(), Hangs.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(
                        "Hangs in a JVM of its own did not end within PT3S and was killed;" + " it printed:\nPID ")
                .satisfies(e -> pid.set(Long.parseLong(e.getMessage()
                        .substring(e.getMessage().indexOf("PID ") + 4)
                        .strip())));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive))
                .as("the child's process")
                .isEmpty();
    }

    @Test
    void aChildThatFailsFailsWithItsOutput() {
        assertThatThrownBy(() -> FreshJvm.run(List.of(), Fails.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Fails in a JVM of its own exited with status 3; it printed:\nfailing");
    }

    @Test
    void aClassLoadLineNamesTheClass() {
        assertThat(FreshJvm.loadedClass("[0.012s][info][class,load] io.voiceload.A$B source: file:/x/"))
                .contains("io.voiceload.A$B");
        assertThat(FreshJvm.loadedClass("[0.013s][info][class,load] java.lang.Object"))
                .contains("java.lang.Object");
        assertThat(FreshJvm.loadedClass("[0.014s][info][class,unload] unloading class a.B 0x1"))
                .isEmpty();
        assertThat(FreshJvm.loadedClass("SUCCEEDED 1 of 1")).isEmpty();
    }

    /** Prints its arguments, and a line on stderr. */
    public static final class Prints {
        public static void main(String[] args) {
            System.out.println("ARGS " + String.join(" ", args));
            System.out.flush();
            System.err.println("ERR on stderr");
        }
    }

    /** Prints its process id and never ends. */
    public static final class Hangs {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("PID " + ProcessHandle.current().pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Prints a line and exits with status 3. */
    public static final class Fails {
        public static void main(String[] args) {
            System.out.println("failing");
            System.exit(3);
        }
    }
}
