package io.voiceload.docs;

import com.sun.source.util.JavacTask;
import io.voiceload.docs.CodeSamples.CodeSample;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles code samples with {@link JavaCompiler} against the test class path, as they stand in the docs.
 *
 * <p><b>How a fragment becomes a compilation unit.</b> A sample is wrapped in a class, trying in turn: its
 * text as the body of a method {@code void sample() throws Throwable} (statements; a class declared there is a
 * local class); as members of the class (methods, fields, nested types); as annotations of a method (a sample
 * showing only {@code @Slo(…)} lines). The first wrapping that parses is compiled. {@code import} lines of the
 * sample itself are moved to the top.
 *
 * <p><b>Imports a sample may leave out</b> (everything else it imports itself): the imports of the source file
 * its javadoc is in; {@link #DEFAULT_IMPORTS}; and every package of the project ({@code io.voiceload.*}) on
 * demand, so samples keep compiling when a class moves between packages. A javadoc sample of a class that is
 * not public is compiled in that class's package.
 *
 * <p><b>Variables a sample may use without declaring them</b> are the names of {@link #GIVENS}, each of one
 * type: {@code http} is an {@code Http}, {@code platform} a {@code PlatformEndpoint}, … They are declared (as
 * static fields of the wrapping class) only for a sample that uses such a name without declaring it. Any other
 * name a sample uses, it declares.
 */
final class SampleCompiler implements AutoCloseable {

    /** What samples may import implicitly: the JDK, JUnit and library types they use most. */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "java.util.*",
            "java.io.IOException",
            "java.io.UncheckedIOException",
            "java.net.URI",
            "java.net.http.HttpClient",
            "java.net.http.HttpRequest",
            "java.net.http.HttpResponse",
            "java.nio.file.Files",
            "java.nio.file.Path",
            "java.time.Duration",
            "java.time.Instant",
            "java.time.temporal.ChronoUnit",
            "javax.sql.DataSource",
            "com.fasterxml.jackson.databind.JsonNode",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.zaxxer.hikari.HikariDataSource",
            "io.lettuce.core.RedisClient",
            "io.lettuce.core.RedisException",
            "io.lettuce.core.api.StatefulRedisConnection",
            "eu.rekawek.toxiproxy.Proxy",
            "eu.rekawek.toxiproxy.ToxiproxyClient",
            "eu.rekawek.toxiproxy.model.ToxicDirection",
            "org.junit.jupiter.api.*",
            "static org.assertj.core.api.Assertions.assertThat",
            "static org.assertj.core.api.Assertions.assertThatThrownBy",
            "static io.voiceload.junit.LoadAssertions.assertThat",
            "static io.voiceload.http.HttpAssertions.assertThat");

    /** Variables samples use without declaring them, and their types (simple names, resolved by the imports). */
    static final Map<String, String> GIVENS = givens(
            "http", "Http", // the fast client
            "platform", "PlatformEndpoint", // the platform under test, as @WithPlatform injects it
            "endpoint", "PlatformEndpoint",
            "plan", "LoadPlan",
            "user", "VirtualUser", // the virtual user a @LoadTest method is called with
            "baseUrl", "String", // e.g. "http://127.0.0.1:8080"
            "token", "String", // an access token
            "id", "String", // a call's id
            "callId", "String",
            "dataSource", "DataSource",
            "redisClient", "RedisClient",
            "infrastructure", "RunningInfrastructure",
            "mapper", "ObjectMapper",
            "runDir", "Path", // a run directory, target/load-reports/<run-id>
            "reportJson", "String");

    private enum Wrapping {
        METHOD_BODY("    void sample() throws Throwable {\n", "\n    }\n"),
        MEMBERS("", "\n"),
        METHOD_ANNOTATIONS("", "\n    void annotated() {}\n");

        final String before;
        final String after;

        Wrapping(String before, String after) {
            this.before = before;
            this.after = after;
        }
    }

    private static final Pattern MISSING_VARIABLE = Pattern.compile("symbol:\\s+variable (\\w+)");
    private static final Pattern IMPORT_LINE = Pattern.compile("^import\\s+(static\\s+)?([\\w.*]+)\\s*;\\s*$");

    private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    /** One file manager for every task: it keeps the class path's jars open and indexed between them. */
    private final StandardJavaFileManager files =
            compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);

    private final List<String> projectPackages;
    private final List<String> options;

    /**
     * @param classPath what samples compile against
     * @param projectPackages the packages every sample imports on demand
     */
    SampleCompiler(List<Path> classPath, List<String> projectPackages) {
        this.projectPackages = projectPackages;
        this.options = List.of(
                "--release",
                "21",
                "-proc:none",
                "-Xlint:none",
                "-implicit:none",
                // Report the errors of every sample in one pass, and stop after flow analysis: no class files.
                "-XDshould-stop.ifError=FLOW",
                "-XDshould-stop.ifNoError=FLOW",
                "-classpath",
                String.join(
                        File.pathSeparator,
                        classPath.stream().map(Path::toString).toList()));
    }

    @Override
    public void close() throws IOException {
        files.close();
    }

    /** Every sample that does not compile, with javac's messages at the sample's own lines. */
    Map<CodeSample, List<String>> failures(List<CodeSample> samples) {
        Map<CodeSample, List<String>> failures = new LinkedHashMap<>();
        Map<CodeSample, Unit> units = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            CodeSample sample = samples.get(i);
            Unit unit = wrap(sample, "Sample" + i, Set.of());
            if (unit == null) {
                failures.put(sample, parseErrors(sample, "Sample" + i));
            } else {
                units.put(sample, unit);
            }
        }
        Map<CodeSample, Unit> pending = units;
        while (!pending.isEmpty()) {
            Map<CodeSample, List<Diagnostic<? extends JavaFileObject>>> errors = compile(pending.values());
            Map<CodeSample, Unit> retry = new LinkedHashMap<>();
            for (Map.Entry<CodeSample, Unit> e : pending.entrySet()) {
                List<Diagnostic<? extends JavaFileObject>> unitErrors = errors.getOrDefault(e.getKey(), List.of());
                if (unitErrors.isEmpty()) {
                    continue;
                }
                Set<String> givens = new LinkedHashSet<>(e.getValue().givens());
                for (Diagnostic<? extends JavaFileObject> d : unitErrors) {
                    Matcher missing = MISSING_VARIABLE.matcher(d.getMessage(Locale.ROOT));
                    if (missing.find() && GIVENS.containsKey(missing.group(1))) {
                        givens.add(missing.group(1));
                    }
                }
                if (givens.size() > e.getValue().givens().size()) {
                    retry.put(
                            e.getKey(),
                            wrapAs(
                                    e.getKey(),
                                    e.getValue().className(),
                                    e.getValue().wrapping(),
                                    givens));
                } else {
                    failures.put(
                            e.getKey(),
                            firstOf(unitErrors.stream()
                                    .map(d -> e.getValue().describe(d))
                                    .toList()));
                }
            }
            pending = retry;
        }
        return failures;
    }

    private Map<CodeSample, List<Diagnostic<? extends JavaFileObject>>> compile(Iterable<Unit> units) {
        Map<JavaFileObject, CodeSample> bySource = new LinkedHashMap<>();
        for (Unit unit : units) {
            bySource.put(unit.source(), unit.sample());
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        compiler.getTask(null, files, diagnostics, options, null, bySource.keySet())
                .call();
        Map<CodeSample, List<Diagnostic<? extends JavaFileObject>>> errors = new LinkedHashMap<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            CodeSample sample = bySource.get(d.getSource());
            if (sample == null) {
                throw new IllegalStateException("javac: " + d.getMessage(Locale.ROOT));
            }
            errors.computeIfAbsent(sample, s -> new ArrayList<>()).add(d);
        }
        return errors;
    }

    /** The first wrapping of the sample that parses, or null when none does. */
    private Unit wrap(CodeSample sample, String className, Set<String> givens) {
        for (Wrapping wrapping : Wrapping.values()) {
            Unit unit = wrapAs(sample, className, wrapping, givens);
            if (parseErrors(unit).isEmpty()) {
                return unit;
            }
        }
        return null;
    }

    /** The parse errors of the wrapping that got furthest into the sample before its first error. */
    private List<String> parseErrors(CodeSample sample, String className) {
        return Stream.of(Wrapping.values())
                .map(w -> wrapAs(sample, className, w, Set.of()))
                .map(unit -> Map.entry(unit, parseErrors(unit)))
                .max(Comparator.comparingLong(
                        e -> e.getValue().getFirst().getPosition() - e.getKey().codeStart()))
                .map(e -> firstOf(
                        e.getValue().stream().map(d -> e.getKey().describe(d)).toList()))
                .orElseThrow();
    }

    private List<Diagnostic<? extends JavaFileObject>> parseErrors(Unit unit) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) compiler.getTask(null, files, diagnostics, options, null, List.of(unit.source()));
        try {
            task.parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d);
            }
        }
        return errors;
    }

    private Unit wrapAs(CodeSample sample, String className, Wrapping wrapping, Set<String> givens) {
        List<String> sampleImports = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        for (String line : sample.code().split("\n", -1)) {
            Matcher importLine = IMPORT_LINE.matcher(line.strip());
            if (importLine.matches()) {
                sampleImports.add((importLine.group(1) == null ? "" : "static ") + importLine.group(2));
                code.append('\n'); // keep line numbers
            } else {
                code.append(line).append('\n');
            }
        }
        String packageName = sample.packageName() == null ? "voiceload.samples" : sample.packageName();
        StringBuilder unit = new StringBuilder("package ").append(packageName).append(";\n");
        Set<String> importedTypes = new LinkedHashSet<>();
        for (List<String> imports : List.of(sampleImports, sample.imports(), DEFAULT_IMPORTS)) {
            for (String imported : imports) {
                if (!imported.startsWith("static ") && !imported.endsWith("*")) {
                    String simpleName = imported.substring(imported.lastIndexOf('.') + 1);
                    if (importedTypes.stream().anyMatch(t -> t.endsWith("." + simpleName) && !t.equals(imported))) {
                        continue; // a sample's or its file's own import of that name wins
                    }
                    importedTypes.add(imported);
                }
                unit.append("import ").append(imported).append(";\n");
            }
        }
        for (String p : projectPackages) {
            unit.append("import ").append(p).append(".*;\n");
        }
        unit.append("@SuppressWarnings(\"all\")\nclass ").append(className).append(" {\n");
        for (String given : givens) {
            unit.append("    static ")
                    .append(GIVENS.get(given))
                    .append(' ')
                    .append(given)
                    .append(";\n");
        }
        unit.append(wrapping.before);
        int headerLines = (int) unit.chars().filter(c -> c == '\n').count();
        int codeStart = unit.length();
        unit.append(code).append(wrapping.after).append("}\n");
        URI uri = URI.create("string:///" + packageName.replace('.', '/') + "/" + className + ".java");
        JavaFileObject source = new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return unit;
            }
        };
        return new Unit(sample, className, wrapping, Set.copyOf(givens), source, headerLines, codeStart);
    }

    /** A sample wrapped into a compilation unit. */
    private record Unit(
            CodeSample sample,
            String className,
            Wrapping wrapping,
            Set<String> givens,
            JavaFileObject source,
            int headerLines,
            int codeStart) {

        /** {@code README.md:12: cannot find symbol …}, at the line in the doc or source file. */
        String describe(Diagnostic<? extends JavaFileObject> d) {
            long line = d.getLineNumber() - headerLines;
            String where = line >= 1 && line <= sample.code().lines().count()
                    ? sample.origin() + ":" + (sample.line() + line - 1)
                    : sample + " (wrapped as " + wrapping.name().toLowerCase(Locale.ROOT) + ")";
            return where + ": " + d.getMessage(Locale.ROOT).replace("\n", "\n    ");
        }
    }

    /** The entries of the class path, Class-Path manifests (a Surefire booter jar) followed. */
    static List<Path> classPath() {
        String property = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : property.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                addWithManifest(Path.of(entry), entries);
            }
        }
        return List.copyOf(entries);
    }

    private static void addWithManifest(Path entry, Set<Path> entries) {
        if (!entries.add(entry) || !entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath =
                    manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath != null) {
                for (String url : classPath.trim().split("\\s+")) {
                    addWithManifest(Path.of(entry.toUri().resolve(url)), entries);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry, e);
        }
    }

    /** The first messages: after a few, javac's are mostly consequences of the first. */
    private static List<String> firstOf(List<String> messages) {
        int shown = 4;
        if (messages.size() <= shown) {
            return messages;
        }
        List<String> first = new ArrayList<>(messages.subList(0, shown));
        first.add("(and " + (messages.size() - shown) + " more)");
        return first;
    }

    private static Map<String, String> givens(String... nameTypePairs) {
        Map<String, String> givens = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            givens.put(nameTypePairs[i], nameTypePairs[i + 1]);
        }
        return givens;
    }
}
