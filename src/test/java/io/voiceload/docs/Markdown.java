package io.voiceload.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The code in the project's Markdown: fenced code blocks (with their info string) and inline code spans
 * outside them, each with the line it starts on.
 *
 * <p>Written by hand rather than with a Markdown library: the docs use only the parts of CommonMark read
 * here (backtick and tilde fences, possibly indented inside list items, and single-line code spans), and a
 * parser with source positions would be a new dependency for these few lines.
 */
final class Markdown {

    /** An opening or closing fence: indentation, three or more backticks or tildes, then the info string. */
    private static final Pattern FENCE = Pattern.compile("^( *)(`{3,}|~{3,})\\s*(.*)$");

    /** A code span: a run of backticks, the shortest text, the same run (CommonMark 6.1, on one line). */
    private static final Pattern CODE_SPAN = Pattern.compile("(?<!`)(`+)(?!`)(.+?)(?<!`)\\1(?!`)");

    private Markdown() {}

    /**
     * A fenced code block.
     *
     * @param file the Markdown file, relative to the project
     * @param line the line (1-based) of the block's first code line
     * @param info the info string after the opening fence ({@code java}, {@code shell}, …), empty when none
     * @param code the block's text, the fence's indentation removed
     */
    record CodeBlock(String file, int line, String info, String code) {

        /** The first word of the info string: the block's language. */
        String language() {
            String trimmed = info.strip();
            int space = trimmed.indexOf(' ');
            return space < 0 ? trimmed : trimmed.substring(0, space);
        }
    }

    /**
     * An inline code span outside fenced blocks.
     *
     * @param file the Markdown file, relative to the project
     * @param line the line (1-based) it is on
     * @param code the span's text; in table rows a {@code \|} is unescaped to {@code |}
     */
    record CodeSpan(String file, int line, String code) {}

    /** README.md and every Markdown file under docs/, relative to the project, sorted. */
    static List<Path> projectFiles(Path root) {
        List<Path> files = new ArrayList<>();
        files.add(root.relativize(root.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md"))
                    .map(root::relativize)
                    .sorted()
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static String read(Path root, Path file) {
        try {
            return Files.readString(root.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<CodeBlock> codeBlocks(String file, String text) {
        List<CodeBlock> blocks = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            Matcher open = FENCE.matcher(lines[i]);
            if (!open.matches()
                    || (open.group(2).charAt(0) == '`' && open.group(3).contains("`"))) {
                i++;
                continue;
            }
            int indent = open.group(1).length();
            String fence = open.group(2);
            StringBuilder code = new StringBuilder();
            int first = i + 2;
            i++;
            while (i < lines.length && !closes(lines[i], fence)) {
                code.append(unindent(lines[i], indent)).append('\n');
                i++;
            }
            blocks.add(new CodeBlock(file, first, open.group(3).strip(), code.toString()));
            i++;
        }
        return blocks;
    }

    static List<CodeSpan> codeSpans(String file, String text) {
        List<CodeSpan> spans = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        boolean inFence = false;
        String fence = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (inFence) {
                if (closes(line, fence)) {
                    inFence = false;
                }
                continue;
            }
            Matcher open = FENCE.matcher(line);
            if (open.matches()
                    && !(open.group(2).charAt(0) == '`' && open.group(3).contains("`"))) {
                inFence = true;
                fence = open.group(2);
                continue;
            }
            boolean tableRow = line.stripLeading().startsWith("|");
            Matcher span = CODE_SPAN.matcher(line);
            while (span.find()) {
                String code = span.group(2).strip();
                spans.add(new CodeSpan(file, i + 1, tableRow ? code.replace("\\|", "|") : code));
            }
        }
        return spans;
    }

    /** A closing fence: the same character, at least as long, nothing but spaces after it. */
    private static boolean closes(String line, String fence) {
        String trimmed = line.strip();
        if (trimmed.length() < fence.length()) {
            return false;
        }
        for (int i = 0; i < trimmed.length(); i++) {
            if (trimmed.charAt(i) != fence.charAt(0)) {
                return false;
            }
        }
        return true;
    }

    private static String unindent(String line, int indent) {
        int n = 0;
        while (n < indent && n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return line.substring(n);
    }
}
