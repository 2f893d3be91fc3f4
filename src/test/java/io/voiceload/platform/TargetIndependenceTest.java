package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The platform could ship on its own: its sources import nothing of the test framework, and only the
 * standalone {@code Main} uses the suite's infrastructure.
 */
class TargetIndependenceTest {

    private static final Path SOURCES = Path.of("src/main/java/io/voiceload/platform");

    @Test
    void importsNoTestFramework() throws IOException {
        for (Path source : sources()) {
            List<String> imports = imports(source);
            assertThat(imports)
                    .as(source.toString())
                    .noneMatch(i -> i.startsWith("org.junit")
                            || i.startsWith("org.assertj")
                            || i.startsWith("io.voiceload.load")
                            || i.startsWith("io.voiceload.junit")
                            || i.startsWith("io.voiceload.config")
                            || i.startsWith("io.voiceload.faults")
                            || i.startsWith("io.voiceload.report"));
            if (!source.endsWith("Main.java")) {
                assertThat(imports).as(source.toString()).noneMatch(i -> i.startsWith("io.voiceload.infra"));
            }
        }
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Path> sources =
                    files.filter(p -> p.toString().endsWith(".java")).toList();
            assertThat(sources).isNotEmpty();
            return sources;
        }
    }

    private static List<String> imports(Path source) throws IOException {
        return Files.readAllLines(source).stream()
                .map(String::strip)
                .filter(l -> l.startsWith("import "))
                .map(l -> l.replace("import static ", "").replace("import ", ""))
                .toList();
    }
}
