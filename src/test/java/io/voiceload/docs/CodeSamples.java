package io.voiceload.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java code samples users read: {@code ```java} blocks of README.md and docs/, and {@code <pre>{@code …}</pre>}
 * blocks in the javadoc of src/main/java.
 *
 * <p>A javadoc block that is not Java says so with its language, {@code <pre class="language-json">{@code …}</pre>}
 * (likewise {@code language-http}, {@code language-text}, …); a Markdown block names its language in its fence
 * ({@code ```json}, {@code ```text}). Only Java samples are compiled, so pseudo-code is marked, never skipped
 * silently.
 */
final class CodeSamples {

    /** {@code <pre>{@code} or {@code <pre class="language-x">{@code}, up to the closing {@code }</pre>}. */
    private static final Pattern JAVADOC_SAMPLE = Pattern.compile(
            "<pre(?:\\s+class=\"language-([\\w-]+)\")?>\\{@code[ \\t]*\\n(.*?)\\}</pre>", Pattern.DOTALL);

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.*]+);", Pattern.MULTILINE);

    private CodeSamples() {}

    /**
     * One sample.
     *
     * @param origin the file it is in, relative to the project
     * @param line the line of its first code line in that file
     * @param language {@code java}, or the language it is marked with
     * @param code the sample's text, javadoc's leading {@code *} removed
     * @param packageName the package to compile it in: the documented class's package when that class is not
     *     public (its sample may use what the package sees), else null (a sample of public API compiles where a
     *     user's code would, in a package of its own)
     * @param imports the imports of the file it is in ({@code static a.B.c}, {@code a.b.*}, …); none for Markdown
     */
    record CodeSample(String origin, int line, String language, String code, String packageName, List<String> imports) {

        boolean isJava() {
            return language.equals("java");
        }

        @Override
        public String toString() {
            return origin + ":" + line;
        }
    }

    /** The {@code ```java} blocks of README.md and docs/**.md. */
    static List<CodeSample> inMarkdown(Path root) {
        List<CodeSample> samples = new ArrayList<>();
        for (Path file : Markdown.projectFiles(root)) {
            for (Markdown.CodeBlock block : Markdown.codeBlocks(file.toString(), Markdown.read(root, file))) {
                samples.add(
                        new CodeSample(block.file(), block.line(), block.language(), block.code(), null, List.of()));
            }
        }
        return samples;
    }

    /** The {@code <pre>{@code …}</pre>} blocks of the javadoc in {@code src/main/java}. */
    static List<CodeSample> inJavadoc(Path root) {
        Path sources = root.resolve("src/main/java");
        List<CodeSample> samples = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                samples.addAll(inJavadoc(root.relativize(file).toString(), Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }

    static List<CodeSample> inJavadoc(String origin, String source) {
        Matcher packageMatch = PACKAGE.matcher(source);
        String packageName = packageMatch.find() ? packageMatch.group(1) : "";
        String simpleName = Path.of(origin).getFileName().toString().replace(".java", "");
        boolean publicApi = documentsPublicApi(simpleName, packageName);
        List<String> imports = new ArrayList<>();
        if (publicApi && !simpleName.equals("package-info")) {
            imports.add(packageName + "." + simpleName); // as a user reading this class's javadoc would
        }
        Matcher importMatch = IMPORT.matcher(source);
        while (importMatch.find()) {
            String imported = importMatch.group(2);
            boolean samePackage = imported.startsWith(packageName + ".")
                    && Character.isUpperCase(imported.charAt(packageName.length() + 1));
            if (!publicApi || !samePackage) { // outside the package, what the package hides stays hidden
                imports.add((importMatch.group(1) == null ? "" : "static ") + imported);
            }
        }
        String compileIn = publicApi ? null : packageName;
        List<CodeSample> samples = new ArrayList<>();
        Matcher sample = JAVADOC_SAMPLE.matcher(source);
        while (sample.find()) {
            int line = lineOf(source, sample.start(2));
            String language = sample.group(1) == null ? "java" : sample.group(1).replaceFirst("^language-", "");
            samples.add(new CodeSample(
                    origin, line, language, stripJavadoc(sample.group(2)), compileIn, List.copyOf(imports)));
        }
        return samples;
    }

    /** Whether the file's class is public (package documentation counts as public). */
    private static boolean documentsPublicApi(String simpleName, String packageName) {
        if (simpleName.equals("package-info")) {
            return true;
        }
        try {
            Class<?> type = Class.forName(packageName + "." + simpleName, false, CodeSamples.class.getClassLoader());
            return Modifier.isPublic(type.getModifiers());
        } catch (ClassNotFoundException | LinkageError e) {
            return true;
        }
    }

    /** Each line without its leading blanks, {@code *} and the one space after it. */
    private static String stripJavadoc(String block) {
        StringBuilder code = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            String l = line.stripLeading();
            if (l.startsWith("*")) {
                l = l.substring(1);
                if (l.startsWith(" ")) {
                    l = l.substring(1);
                }
            }
            code.append(l).append('\n');
        }
        return code.toString().stripTrailing() + "\n";
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
