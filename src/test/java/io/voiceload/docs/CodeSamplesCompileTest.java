package io.voiceload.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.config.OverrideKey;
import io.voiceload.docs.CodeSamples.CodeSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Java code sample users read compiles: the {@code ```java} blocks of README.md and docs/, and the
 * {@code <pre>{@code …}</pre>} blocks of the javadoc in src/main/java, against the test class path as it is.
 * How fragments are wrapped, what they may leave out and which variables they may use undeclared:
 * {@link SampleCompiler}. Samples in another language are marked with it ({@link CodeSamples}).
 */
class CodeSamplesCompileTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @AutoClose
    private static SampleCompiler compiler;

    @BeforeAll
    static void compiler() {
        List<String> packages = ProjectFacts.topLevelClasses(ProjectFacts.outputDirectory(OverrideKey.class)).stream()
                .map(c -> c.substring(0, c.lastIndexOf('.')))
                .distinct()
                .sorted()
                .toList();
        compiler = new SampleCompiler(SampleCompiler.classPath(), packages);
    }

    @Test
    void theJavaSamplesOfTheDocsCompile() {
        List<CodeSample> java =
                CodeSamples.inMarkdown(ROOT).stream().filter(CodeSample::isJava).toList();

        assertThat(java).as("java samples in README.md and docs/").hasSizeGreaterThan(10);
        assertThat(report(compiler.failures(java))).isEmpty();
    }

    @Test
    void theJavaSamplesOfTheJavadocCompile() {
        List<CodeSample> java =
                CodeSamples.inJavadoc(ROOT).stream().filter(CodeSample::isJava).toList();

        assertThat(java).as("java samples in the javadoc of src/main/java").hasSizeGreaterThan(30);
        assertThat(report(compiler.failures(java))).isEmpty();
    }

    @Test
    void everyFencedBlockNamesItsLanguage() {
        List<String> unnamed = new ArrayList<>();
        for (Path file : Markdown.projectFiles(ROOT)) {
            for (Markdown.CodeBlock block : Markdown.codeBlocks(file.toString(), Markdown.read(ROOT, file))) {
                if (block.language().isEmpty()) {
                    unnamed.add(file + ":" + (block.line() - 1));
                }
            }
        }
        assertThat(unnamed)
                .as("fences without a language (```java is compiled; say ```text, ```shell, ```json, … for the rest)")
                .isEmpty();
    }

    @Test
    void aBrokenSampleIsReportedAtItsLine() {
        String doc = String.join(
                "\n",
                "# Planted",
                "",
                "```java",
                "LoadPlan plan = LoadPlan.closed(5).build();",
                "LoadResult r = LoadRunner.run(plan, user -> http.get(\"/calls\").send());",
                "r.hasNoSuchMethod();",
                "```",
                "",
                "```java",
                "@Slo(p95 = \"300ms\", errorRate = 0.01)",
                "@Slo(request = \"POST /calls\", p99 = \"500ms\")",
                "```",
                "",
                "```java",
                "void createCall(VirtualUser user) { … one call … }",
                "```",
                "",
                "```java",
                "ToxiproxyClient client = new ToxiproxyClient(\"127.0.0.1\", 8474);",
                "TcpProxy redis = client.createProxy(\"redis\", \"127.0.0.1:0\", \"localhost:6379\");",
                "```");
        List<CodeSample> samples = Markdown.codeBlocks("planted.md", doc).stream()
                .map(b -> new CodeSample(b.file(), b.line(), b.language(), b.code(), null, List.of()))
                .toList();

        Map<CodeSample, List<String>> failures = compiler.failures(samples);

        assertThat(report(failures))
                .hasSize(3)
                .anySatisfy(f -> assertThat(f)
                        .startsWith("planted.md:6: cannot find symbol")
                        .contains("hasNoSuchMethod"))
                .anySatisfy(f -> assertThat(f).startsWith("planted.md:15: illegal character: '\\u2026'"))
                .anySatisfy(f -> assertThat(f)
                        .startsWith("planted.md:20: cannot find symbol")
                        .contains("class TcpProxy"));
    }

    private static List<String> report(Map<CodeSample, List<String>> failures) {
        return failures.values().stream()
                .map(messages -> messages.stream().collect(Collectors.joining("\n")))
                .toList();
    }
}
