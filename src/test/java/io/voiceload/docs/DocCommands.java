package io.voiceload.docs;

import io.voiceload.config.ConfigException;
import io.voiceload.config.OverrideKey;
import io.voiceload.config.Overrides;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.commons.PreconditionViolationException;
import org.junit.platform.launcher.TagFilter;

/**
 * The {@code mvn} commands of a Markdown text, and what in them has gone stale.
 *
 * <p>A command is found on any line of a fenced block ({@code mvn …} at the start of a line or after a space,
 * a quote or a backtick, as in {@code run: mvn -B verify} or {@code sh 'mvn -B verify'}) and in an inline code
 * span that starts with {@code mvn }. It is checked against the project as it is ({@link ProjectFacts}):
 *
 * <ul>
 *   <li>{@code -Dloadtest.*}: a key the config layer accepts, and a value it accepts, both judged by
 *       {@link Overrides} itself; a {@code -Dloadtest.profile} is a profile of {@code load_test_config.json};
 *   <li>{@code -Dgroups} / {@code -DexcludedGroups}: a valid JUnit tag expression whose tags exist;
 *   <li>{@code -Dtest} / {@code -Dit.test}: each class (or pattern) matches a compiled class;
 *   <li>{@code -P}: each profile is in {@code pom.xml};
 *   <li>any value that is a path in the project (or a word of {@code -Dexec.args}) exists;
 *   <li>{@code LOADTEST_*} environment variables set on the line are ones the config layer reads.
 * </ul>
 *
 * <p>Placeholders are not judged: a value with {@code <…>}, {@code …} or {@code $} in it, a path under
 * {@code target/} (the build writes it), an absolute path, one outside the project ({@code ../}) or a URL.
 */
final class DocCommands {

    /** {@code mvn} as a command word: at the line's start or after a space, a quote, a backtick or a parenthesis. */
    private static final Pattern MVN = Pattern.compile("(?:^|(?<=[\\s'\"`(]))mvn(?=\\s)");

    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("\\b(LOADTEST_[A-Z0-9_]+)=");

    private DocCommands() {}

    /**
     * One documented command.
     *
     * @param file the Markdown file
     * @param line the line it starts on
     * @param text the command as written, from {@code mvn} on
     * @param words its words after shell quoting, {@code mvn} first
     * @param environment {@code LOADTEST_*} variables set on its line
     */
    record Command(String file, int line, String text, List<String> words, List<String> environment) {}

    static List<Command> in(String file, String markdown) {
        List<Command> commands = new ArrayList<>();
        for (Markdown.CodeBlock block : Markdown.codeBlocks(file, markdown)) {
            String[] lines = block.code().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                int continued = i;
                while (line.endsWith("\\") && continued + 1 < lines.length) {
                    line = line.substring(0, line.length() - 1).stripTrailing() + " " + lines[++continued].strip();
                }
                Matcher mvn = MVN.matcher(line);
                while (mvn.find()) {
                    int start = mvn.start();
                    char before = start > 0 ? line.charAt(start - 1) : ' ';
                    String rest = line.substring(start);
                    if (before == '\'' || before == '"' || before == '`') {
                        int end = rest.indexOf(before);
                        rest = end < 0 ? rest : rest.substring(0, end);
                    }
                    commands.add(command(file, block.line() + i, rest, line));
                }
                i = continued;
            }
        }
        for (Markdown.CodeSpan span : Markdown.codeSpans(file, markdown)) {
            if (span.code().startsWith("mvn ")) {
                commands.add(command(file, span.line(), span.code(), span.code()));
            }
        }
        return commands;
    }

    private static Command command(String file, int line, String text, String wholeLine) {
        List<String> environment = new ArrayList<>();
        Matcher variable = ENVIRONMENT_VARIABLE.matcher(wholeLine);
        while (variable.find()) {
            environment.add(variable.group(1));
        }
        return new Command(file, line, ShellWords.command(text), ShellWords.split(text), environment);
    }

    /** What in the command names something the project does not have, one message each. */
    static List<String> problems(Command command, ProjectFacts facts) {
        List<String> problems = new ArrayList<>();
        List<String> words = command.words();
        for (String variable : command.environment()) {
            if (OverrideKey.byEnvironmentVariable(variable).isEmpty()) {
                problems.add(variable + ": not an environment variable voiceload reads");
            }
        }
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            if ((word.equals("-D") || word.equals("-P") || word.equals("--activate-profiles"))
                    && i + 1 < words.size()) {
                word = (word.equals("-D") ? "-D" : "-P") + words.get(++i);
            }
            if (word.startsWith("-D")) {
                checkProperty(word.substring(2), facts, problems);
            } else if (word.startsWith("-P")) {
                checkMavenProfiles(word.substring(2), facts, problems);
            }
        }
        return problems.stream()
                .map(p -> command.file() + ":" + command.line() + ": " + p + " (in `" + command.text() + "`)")
                .toList();
    }

    private static void checkProperty(String property, ProjectFacts facts, List<String> problems) {
        int equals = property.indexOf('=');
        String name = equals < 0 ? property : property.substring(0, equals);
        String value = equals < 0 ? "" : property.substring(equals + 1);
        String item = "-D" + property;
        if (name.startsWith("loadtest.")) {
            checkLoadtestKey(item, name, value, facts, problems);
        } else if (name.equals("groups") || name.equals("excludedGroups")) {
            checkTagExpression(item, value, facts, problems);
        } else if (name.equals("test") || name.equals("it.test")) {
            checkTestClasses(item, value, facts, problems);
        } else if (name.equals("exec.args")) {
            for (String word : ShellWords.split(value)) {
                checkPath(item, word, facts, problems);
            }
        }
        if (!name.equals("exec.args")) {
            checkPath(item, value, facts, problems);
        }
    }

    private static void checkLoadtestKey(
            String item, String name, String value, ProjectFacts facts, List<String> problems) {
        Optional<OverrideKey> key = OverrideKey.byProperty(name);
        if (key.isEmpty() || !isPlaceholder(value)) {
            try {
                Overrides.of(Map.of(name, value), Map.of());
            } catch (ConfigException e) {
                String message = e.getMessage().strip();
                problems.add(message.startsWith(item) ? message : item + ": " + message);
                return;
            }
        }
        if (key.orElseThrow() == OverrideKey.PROFILE
                && !isPlaceholder(value)
                && !facts.configProfiles().contains(value.strip())) {
            problems.add(item + ": no profile \"" + value.strip() + "\" in load_test_config.json; its profiles: "
                    + String.join(", ", facts.configProfiles()));
        }
    }

    private static void checkTagExpression(String item, String expression, ProjectFacts facts, List<String> problems) {
        if (isPlaceholder(expression)) {
            return;
        }
        for (String part : expression.split(",")) {
            try {
                TagFilter.includeTags(part.strip());
            } catch (PreconditionViolationException e) {
                problems.add(item + ": not a JUnit tag expression: " + e.getMessage());
                return;
            }
            String names = part.replace("any()", " ").replace("none()", " ");
            for (String tag : names.split("[\\s()&|!]+")) {
                if (!tag.isEmpty() && !facts.tags().contains(tag)) {
                    problems.add(item + ": no test is tagged \"" + tag + "\"; the suite's tags: "
                            + String.join(", ", facts.tags())
                            + (facts.unloadable().isEmpty() ? "" : "; classes not read: " + facts.unloadable()));
                }
            }
        }
    }

    private static void checkTestClasses(String item, String value, ProjectFacts facts, List<String> problems) {
        if (isPlaceholder(value)) {
            return;
        }
        for (String pattern : value.split(",")) {
            String p = pattern.strip();
            if (p.startsWith("!")) {
                p = p.substring(1);
            }
            int hash = p.indexOf('#');
            String classPattern = hash < 0 ? p : p.substring(0, hash);
            if (classPattern.isEmpty()) {
                continue;
            }
            Pattern regex = globToRegex(classPattern.replace('/', '.').replace(".java", ""));
            boolean qualified = classPattern.contains(".") || classPattern.contains("/");
            boolean found = facts.classes().stream()
                    .map(c -> qualified ? c : c.substring(c.lastIndexOf('.') + 1))
                    .anyMatch(c -> regex.matcher(c).matches());
            if (!found) {
                problems.add(item + ": no class " + classPattern + " in the main or test classes");
            }
        }
    }

    private static void checkMavenProfiles(String list, ProjectFacts facts, List<String> problems) {
        for (String profile : list.split(",")) {
            String id = profile.strip().replaceFirst("^[!?-]", "");
            if (!id.isEmpty() && !facts.mavenProfiles().contains(id)) {
                problems.add("-P" + list + ": no profile \"" + id + "\" in pom.xml; its profiles: "
                        + String.join(", ", facts.mavenProfiles()));
            }
        }
    }

    /** A value that is a relative path in the project must exist; anything else is not judged here. */
    private static void checkPath(String item, String value, ProjectFacts facts, List<String> problems) {
        String v = value.strip();
        boolean pathLike = v.contains("/") || v.matches(".*\\.(json|md|java|xml|csv|html|hlog|properties)");
        if (!pathLike
                || isPlaceholder(v)
                || v.contains(":")
                || v.startsWith("/")
                || v.startsWith("../")
                || v.startsWith("~")
                || v.startsWith("target/")
                || v.contains("*")) {
            return;
        }
        if (!Files.exists(facts.root().resolve(v))) {
            problems.add(item + ": no file or directory " + v + " in the project");
        }
    }

    /** Text the reader fills in: {@code <path>}, {@code …}, {@code $VAR}. */
    static boolean isPlaceholder(String value) {
        return value.contains("<") || value.contains("…") || value.contains("$");
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
