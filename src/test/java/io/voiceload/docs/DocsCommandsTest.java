package io.voiceload.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.config.CategorySchema;
import io.voiceload.config.OverrideKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No command in the README or the docs can go stale: every {@code mvn} command they show names only keys,
 * values, tags, profiles, classes and files the project has ({@link DocCommands} says how each is judged).
 */
class DocsCommandsTest {

    private static ProjectFacts facts;

    @BeforeAll
    static void readProject() {
        facts = ProjectFacts.read(Path.of("").toAbsolutePath());
    }

    @Test
    void everyDocumentedCommandNamesWhatTheProjectHas() {
        List<DocCommands.Command> commands = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : Markdown.projectFiles(facts.root())) {
            for (DocCommands.Command command : DocCommands.in(file.toString(), Markdown.read(facts.root(), file))) {
                commands.add(command);
                problems.addAll(DocCommands.problems(command, facts));
            }
        }
        assertThat(commands)
                .as("mvn commands found in README.md and docs/")
                .extracting(DocCommands.Command::text)
                .contains("mvn verify", "mvn verify -Dgroups=concurrent-calls", "mvn -Pbench verify -DskipTests");
        assertThat(problems)
                .as("stale items in documented commands (%d commands checked)", commands.size())
                .isEmpty();
    }

    /** {@code java -cp <classpath> io.voiceload.…Main}: the class exists and is a program (a main method). */
    @Test
    void everyDocumentedJavaCommandStartsAProgramOfTheProject() {
        Pattern javaCommand = Pattern.compile("\\bjava\\s+-cp\\s+\\S+\\s+(io\\.voiceload\\.[\\w.]+)");
        List<String> mains = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : Markdown.projectFiles(facts.root())) {
            String[] lines = Markdown.read(facts.root(), file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = javaCommand.matcher(lines[i]);
                while (m.find()) {
                    mains.add(m.group(1));
                    try {
                        Class<?> program = Class.forName(m.group(1));
                        program.getMethod("main", String[].class);
                    } catch (ClassNotFoundException | NoSuchMethodException e) {
                        problems.add(
                                file + ":" + (i + 1) + ": " + m.group(1) + " is no program of the project (" + e + ")");
                    }
                }
            }
        }
        assertThat(mains)
                .as("java commands found in README.md and docs/")
                .contains("io.voiceload.platform.Main", "io.voiceload.platform.junit.EmbeddedPlatform");
        assertThat(problems).isEmpty();
    }

    @Test
    void theTagsAndProfilesAreReadFromTheProject() {
        assertThat(facts.tags()).contains("concurrent-calls");
        assertThat(facts.configProfiles()).contains("smoke", "heavy");
        assertThat(facts.mavenProfiles()).contains("bench");
        assertThat(facts.classes()).contains("io.voiceload.docs.DocsCommandsTest", "io.voiceload.config.OverrideKey");
    }

    @Test
    void theConfigurationReferenceNamesEveryOverride() {
        String reference = Markdown.read(facts.root(), Path.of("docs/configuration.md"));
        List<String> missing = Arrays.stream(OverrideKey.values())
                .map(OverrideKey::property)
                .filter(p -> !reference.contains("`" + p + "`"))
                .toList();
        assertThat(missing)
                .as("keys the config layer accepts but docs/configuration.md does not list")
                .isEmpty();
    }

    @Test
    void theConfigurationReferenceNamesEveryCategorySetting() {
        String reference = Markdown.read(facts.root(), Path.of("docs/configuration.md"));
        List<String> missing = CategorySchema.categories().stream()
                .flatMap(c -> CategorySchema.settingKeys(c).stream().map(k -> c + ": " + k))
                .filter(s -> !reference.contains("`" + s.substring(s.indexOf(": ") + 2) + "`"))
                .toList();
        assertThat(missing)
                .as("category settings the config layer accepts but docs/configuration.md does not list")
                .isEmpty();
    }

    @Test
    void aStaleCommandIsNamedWithItsDocLineAndItem() {
        String doc = String.join(
                "\n",
                "# Planted",
                "",
                "Run `mvn verify -Dloadtest.user=5` for a tiny run.",
                "",
                "```shell",
                "mvn verify -Dgroups='concurrent-calls | guest-calls'",
                "mvn verify -Dloadtest.profile=enormous -Dloadtest.duration=5minutes",
                "mvn verify -Dit.test=CallCreationIT -Pbenchmarks",
                "mvn verify -Dloadtest.config=config/load.json \\",
                "    -Dloadtest.users=5",
                "LOADTEST_USER=5 mvn verify",
                "```",
                "",
                "| step | command |",
                "|---|---|",
                "| all | `mvn verify -Dgroups=\"concurrent-calls \\| voicemail\"` |");

        List<String> problems = DocCommands.in("planted.md", doc).stream()
                .flatMap(c -> DocCommands.problems(c, facts).stream())
                .toList();

        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .startsWith("planted.md:3: -Dloadtest.user=5: unknown loadtest property")
                        .contains("did you mean \"loadtest.users\""))
                .anySatisfy(
                        p -> assertThat(p)
                                .startsWith(
                                        "planted.md:6: -Dgroups=concurrent-calls | guest-calls: no test is tagged \"guest-calls\""))
                .anySatisfy(
                        p -> assertThat(p)
                                .startsWith(
                                        "planted.md:7: -Dloadtest.profile=enormous: no profile \"enormous\" in load_test_config.json"))
                .anySatisfy(p -> assertThat(p).startsWith("planted.md:7: -Dloadtest.duration=5minutes: "))
                .anySatisfy(p ->
                        assertThat(p).startsWith("planted.md:8: -Dit.test=CallCreationIT: no class CallCreationIT"))
                .anySatisfy(p ->
                        assertThat(p).startsWith("planted.md:8: -Pbenchmarks: no profile \"benchmarks\" in pom.xml"))
                .anySatisfy(
                        p -> assertThat(p)
                                .startsWith(
                                        "planted.md:9: -Dloadtest.config=config/load.json: no file or directory config/load.json"))
                .anySatisfy(p -> assertThat(p).startsWith("planted.md:11: LOADTEST_USER: not an environment variable"))
                .anySatisfy(
                        p -> assertThat(p)
                                .startsWith(
                                        "planted.md:16: -Dgroups=concurrent-calls | voicemail: no test is tagged \"voicemail\""))
                .allSatisfy(p -> assertThat(p).contains("(in `mvn "))
                .hasSize(9);
    }

    @Test
    void aCurrentCommandPasses() {
        String doc = String.join(
                "\n",
                "```shell",
                "mvn verify -Dgroups='concurrent-calls & !examples' -Dloadtest.profile=smoke -Dloadtest.users=5",
                "mvn verify -Dit.test='CallEventsLoadIT,Call*IT#create*' -Dloadtest.config=load_test_config.json",
                "mvn -Pbench verify -DskipTests -Dloadtest.baseline=<main>/report.json -Dloadtest.seed=<seed>",
                "mvn -q compile exec:java -Dexec.args=\"compare ../main/report.json target/load-reports/latest/report.json\"",
                "LOADTEST_RAMP_UP=2s mvn test -Dtest=DocsCommandsTest",
                "```");

        List<DocCommands.Command> commands = DocCommands.in("current.md", doc);

        assertThat(commands).hasSize(5);
        assertThat(commands.stream().flatMap(c -> DocCommands.problems(c, facts).stream()))
                .isEmpty();
    }
}
