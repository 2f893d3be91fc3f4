package io.voiceload.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every link of README.md and docs/ reaches its file and, for {@code #anchor} links, a heading of that file (as
 * GitHub names them); every {@code docs/….md} that the code, its comments or pom.xml mention exists.
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    /** {@code [text](target)} and {@code ![alt](target)}, the target without a title. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern DOC_MENTION = Pattern.compile("docs/[\\w./-]+\\.(?:md|json|png)");

    @Test
    void everyLinkReachesItsFileAndHeading() {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (Path file : Markdown.projectFiles(ROOT)) {
            String[] lines = outsideCode(Markdown.read(ROOT, file)).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher link = LINK.matcher(lines[i]);
                while (link.find()) {
                    String target = link.group(1);
                    if (target.matches("^[a-z]+:.*")) {
                        continue; // https:, mailto:
                    }
                    int hash = target.indexOf('#');
                    String path = hash < 0 ? target : target.substring(0, hash);
                    Path resolved = path.isEmpty()
                            ? file
                            : ROOT.relativize(
                                    ROOT.resolve(file).resolveSibling(path).normalize());
                    String where = file + ":" + (i + 1) + ": " + target;
                    if (!Files.exists(ROOT.resolve(resolved))) {
                        broken.add(where + ": no file " + resolved);
                    } else if (hash >= 0) {
                        Set<String> known = anchors.computeIfAbsent(resolved, DocsLinksTest::anchors);
                        if (!known.contains(target.substring(hash + 1))) {
                            broken.add(
                                    where + ": no heading with that anchor in " + resolved + "; its anchors: " + known);
                        }
                    }
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void everyDocTheCodeMentionsExists() {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.walk(ROOT.resolve("src")), Stream.of(ROOT.resolve("pom.xml")))) {
            for (Path file : files.filter(
                            f -> f.toString().endsWith(".java") || f.toString().endsWith(".xml"))
                    .toList()) {
                Matcher mention = DOC_MENTION.matcher(Files.readString(file));
                while (mention.find()) {
                    if (!Files.exists(ROOT.resolve(mention.group()))) {
                        missing.add(ROOT.relativize(file) + ": " + mention.group());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void anchorsAreNamedAsGitHubNamesThem() {
        assertThat(slug("Capacity search: `@CapacityTest`")).isEqualTo("capacity-search-capacitytest");
        assertThat(slug("The file: `load_test_config.json`")).isEqualTo("the-file-load_test_configjson");
        assertThat(slug("`GET /calls/{id}` → 200 | 404")).isEqualTo("get-callsid--200--404");
        assertThat(slug("What is left behind: nothing")).isEqualTo("what-is-left-behind-nothing");
    }

    /** The anchors of a Markdown file's headings: GitHub's slugs, a repeated one numbered {@code -1}, {@code -2}, … */
    private static Set<String> anchors(Path file) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : outsideCode(Markdown.read(ROOT, file)).split("\n", -1)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /** GitHub's rule: lower case; drop everything but letters, digits, {@code _}, {@code -} and spaces; spaces to {@code -}. */
    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc}\\- ]", "")
                .replace(' ', '-');
    }

    /** The text with the lines of fenced blocks blanked (kept as empty lines, so line numbers hold). */
    private static String outsideCode(String markdown) {
        String[] lines = markdown.split("\n", -1);
        Set<Integer> code = new LinkedHashSet<>();
        for (Markdown.CodeBlock block : Markdown.codeBlocks("", markdown)) {
            int count = (int) block.code().lines().count();
            for (int i = block.line() - 2; i <= block.line() - 1 + count; i++) {
                code.add(i);
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            text.append(code.contains(i) ? "" : lines[i]).append('\n');
        }
        return text.toString();
    }
}
