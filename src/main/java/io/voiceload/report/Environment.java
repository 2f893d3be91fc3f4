package io.voiceload.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.config.ConfigException;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import io.voiceload.config.Sourced;
import io.voiceload.config.TargetSettings;
import io.voiceload.infra.Dependency;
import io.voiceload.infra.DockerStatus;
import io.voiceload.infra.Infrastructure;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.load.SystemUnderTest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The fingerprint of the machine and software a run measured on, so that runs are compared only with
 * comparable runs ({@link BaselineComparability}). Shape (the {@code environment} object of a per-test JSON
 * and of {@code report.json}):
 *
 * <pre class="language-json">{@code
 * {"voiceloadVersion": "0.1.0-SNAPSHOT", "gitCommit": "3e126be…" or null, "gitDirty": false or null,
 *  "java": {"version", "vendor", "vm", "feature", "inputArguments": [...]},
 *  "os": {"name", "version", "arch"}, "host": {"cores", "memoryMb", "heapMaxMb", "timeZone": "Europe/Paris"},
 *  "profile": "heavy" or "default" when none is selected, "seed": 42 or null,
 *  "target": "embedded", "child" or a base URL, and for a child platform "targetJvmArgs": "-Xmx512m -XX:+UseG1GC"
 *      and "targetSetUp": "platform in a child JVM (pid 4242, -Xmx512m -XX:+UseG1GC)" (not compared),
 *  "infrastructure": {"postgres": {"provider": "EMBEDDED", "version": "18.6"}, "redis": {..}, "toxiproxy": {..}}
 *      (a dependency a container serves adds its "image", e.g. "postgres:18")
 *      or null when not started,
 *  "testcontainers": "2.0.5", "docker": "unavailable: …" or null when not started}
 * }</pre>
 *
 * <p>Never starts anything: the infrastructure is described only when this JVM already runs it. Git is asked
 * once per JVM, at most 2 s per command, and read from {@code .git} when the command is missing.
 */
public final class Environment {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MIB = 1024L * 1024;
    /** {@code scheme://user:secret@} and {@code scheme://:secret@} (Redis URLs have no user). */
    private static final Pattern CREDENTIALS_IN_URL = Pattern.compile("(://[^:/@\\s]*:)[^@\\s]+@");
    /** {@code password=…}, {@code -Dx.password=…}, {@code ?secret=…}, {@code token=…} up to {@code &}, {@code ;} or a space. */
    private static final Pattern SECRET_VALUE =
            Pattern.compile("(?i)((?:password|passwd|secret|token|api[_.-]?key)[^=\\s]*=)[^&;\\s]+");

    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    /** Git and version facts do not change while the JVM runs; asked once. */
    private static volatile Static fixed;

    private record Static(String version, String commit, Boolean dirty) {}

    private Environment() {}

    /** {@code argument} with the secrets in it replaced by {@code ****}. */
    static String masked(String argument) {
        String urls = CREDENTIALS_IN_URL.matcher(argument).replaceAll("$1****@");
        return SECRET_VALUE.matcher(urls).replaceAll("$1****");
    }

    /**
     * This JVM's environment now: profile, seed and target from {@link LoadTestConfig#shared()} and the
     * {@code loadtest.*} overrides; the infrastructure when {@link RunningInfrastructure#sharedIfStarted()}
     * has one. Never throws: what cannot be known is null.
     */
    public static ObjectNode capture() {
        LoadTestConfig config;
        Overrides overrides;
        try {
            config = LoadTestConfig.shared();
            overrides = Overrides.fromSystem();
        } catch (RuntimeException e) { // a bad configuration is reported by the tests themselves
            config = null;
            overrides = null;
        }
        return capture(
                config, overrides, RunningInfrastructure.sharedIfStarted().map(RunningInfrastructure::info));
    }

    /**
     * The environment with the given configuration, overrides and infrastructure (for tests).
     *
     * @param config null when it could not be read: profile, seed and target are then null
     */
    static ObjectNode capture(LoadTestConfig config, Overrides overrides, Optional<Infrastructure> infrastructure) {
        Static s = fixed();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("voiceloadVersion", s.version());
        n.put("gitCommit", s.commit());
        if (s.dirty() == null) {
            n.putNull("gitDirty");
        } else {
            n.put("gitDirty", s.dirty());
        }
        ObjectNode java = n.putObject("java");
        java.put("version", System.getProperty("java.version"));
        java.put("vendor", System.getProperty("java.vendor"));
        java.put("vm", System.getProperty("java.vm.name"));
        java.put("feature", Runtime.version().feature());
        ArrayNode args = java.putArray("inputArguments");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            args.add(masked(arg));
        }
        ObjectNode os = n.putObject("os");
        os.put("name", System.getProperty("os.name"));
        os.put("version", System.getProperty("os.version"));
        os.put("arch", System.getProperty("os.arch"));
        ObjectNode host = n.putObject("host");
        host.put("cores", Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b) {
            host.put("memoryMb", b.getTotalMemorySize() / MIB);
        } else {
            host.putNull("memoryMb");
        }
        host.put("heapMaxMb", Runtime.getRuntime().maxMemory() / MIB);
        // The zone the report shows its times in: the run's, wherever the report is read or rebuilt.
        host.put("timeZone", ZoneId.systemDefault().getId());
        putRunSettings(n, config, overrides);
        infrastructure.ifPresentOrElse(
                info -> {
                    ObjectNode infra = n.putObject("infrastructure");
                    for (Dependency d : Dependency.values()) {
                        ObjectNode dep = infra.putObject(d.key());
                        dep.put("provider", info.provider(d).name());
                        dep.put("version", info.version(d));
                        info.image(d).ifPresent(image -> dep.put("image", image));
                    }
                },
                () -> n.putNull("infrastructure"));
        n.put(
                "testcontainers",
                org.testcontainers.DockerClientFactory.class.getPackage().getImplementationVersion());
        n.put("docker", infrastructure.map(i -> docker(i.docker())).orElse(null));
        return n;
    }

    private static void putRunSettings(ObjectNode n, LoadTestConfig config, Overrides overrides) {
        if (config == null || overrides == null) {
            n.putNull("profile");
            n.putNull("seed");
            n.putNull("target");
            return;
        }
        n.put(
                "profile",
                overrides
                        .profile()
                        .map(Sourced::value)
                        .or(config::defaultProfile)
                        .orElse("default"));
        Long seed =
                overrides.seed().map(Sourced::value).orElse(config.defaults().seed());
        if (seed == null) {
            n.putNull("seed");
        } else {
            n.put("seed", seed);
        }
        TargetSettings target;
        try {
            target = TargetSettings.resolve(config, overrides);
        } catch (ConfigException e) { // the preflight names it; the fingerprint says what it can
            Optional<Sourced<URI>> url = overrides.targetBaseUrl();
            URI base = url.isPresent() ? url.get().value() : config.target().baseUrl();
            n.put("target", base == null ? "embedded" : base.toString());
            return;
        }
        // "embedded", "child" or the base URL: compared with a baseline's, so without the child's pid. A test that
        // asked for the platform in a JVM of its own (the memory category) ran against a child whatever the mode:
        // the bridge that started it described it.
        Optional<String> setUp = SystemUnderTest.description();
        boolean child = target.isChild() || (target.isEmbedded() && setUp.isPresent());
        n.put("target", target.isExternal() ? target.baseUrl().value().toString() : child ? "child" : "embedded");
        if (target.isChild()) {
            n.put("targetJvmArgs", String.join(" ", target.childJvmArgs().value()));
        }
        if (child) {
            setUp.ifPresent(d -> n.put("targetSetUp", d));
        }
    }

    private static String docker(DockerStatus status) {
        if (!status.checked()) {
            return "not checked: " + status.detail();
        }
        return (status.available() ? "available: " : "unavailable: ") + status.detail();
    }

    private static Static fixed() {
        Static s = fixed;
        if (s == null) {
            Path dir = Path.of(System.getProperty("user.dir"));
            String commit = gitCommit(dir);
            s = new Static(voiceloadVersion(dir), commit, commit == null ? null : gitDirty(dir));
            fixed = s;
        }
        return s;
    }

    /** The jar's Maven metadata when packaged, else the nearest {@code pom.xml} of voiceload (a checkout). */
    static String voiceloadVersion(Path workingDirectory) {
        try (InputStream in =
                Environment.class.getResourceAsStream("/META-INF/maven/io.voiceload/voiceload/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version");
            }
        } catch (IOException e) {
            // fall through to the checkout
        }
        String version = Environment.class.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        for (Path d = workingDirectory.toAbsolutePath(); d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            if (Files.isRegularFile(pom)) {
                String v = pomVersion(pom);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    /** The project version of a pom whose artifactId is {@code voiceload}; null otherwise. */
    private static String pomVersion(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            if (!"voiceload".equals(child(project, "artifactId"))) {
                return null;
            }
            return child(project, "version");
        } catch (Exception e) {
            return null;
        }
    }

    private static String child(Element parent, String name) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }

    /**
     * The commit checked out in {@code dir}: {@code git rev-parse HEAD} (at most 2 s), else read from
     * {@code .git}; null when {@code dir} is not in a git checkout.
     */
    static String gitCommit(Path dir) {
        List<String> out = git(dir, "rev-parse", "HEAD");
        if (out != null && out.size() == 1 && FULL_SHA.matcher(out.getFirst()).matches()) {
            return out.getFirst();
        }
        return GitDirectory.headCommit(dir);
    }

    private static Boolean gitDirty(Path dir) {
        List<String> out = git(dir, "status", "--porcelain", "--untracked-files=no");
        return out == null ? null : !out.isEmpty();
    }

    /** The output lines of a git command, or null when git is missing, fails or takes more than 2 s. */
    private static List<String> git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Path out = null;
        Process p = null;
        try {
            // Output to a file, not a pipe: a full pipe would block git, and reading it could block us.
            out = Files.createTempFile("voiceload-git", ".txt");
            p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(isWindows() ? "NUL" : "/dev/null")))
                    .start();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    out.toFile().deleteOnExit();
                }
            }
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }

    /**
     * Reads the commit of {@code HEAD} from a {@code .git} directory (or a worktree's {@code .git} file) when
     * the git command is not available. Hand-written: a git library (JGit, several MB) for reading two small
     * files is not worth its weight.
     */
    static final class GitDirectory {
        private GitDirectory() {}

        /** The commit of HEAD for the checkout containing {@code dir}; null when none or unreadable. */
        static String headCommit(Path dir) {
            try {
                for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
                    Path dotGit = d.resolve(".git");
                    if (Files.isDirectory(dotGit)) {
                        return resolveHead(dotGit);
                    }
                    if (Files.isRegularFile(dotGit)) {
                        String line = Files.readString(dotGit).strip();
                        if (!line.startsWith("gitdir:")) {
                            return null;
                        }
                        return resolveHead(
                                d.resolve(line.substring("gitdir:".length()).strip()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
            return null;
        }

        private static String resolveHead(Path gitDir) throws IOException {
            String head = Files.readString(gitDir.resolve("HEAD")).strip();
            if (FULL_SHA.matcher(head).matches()) {
                return head;
            }
            if (!head.startsWith("ref:")) {
                return null;
            }
            String ref = head.substring("ref:".length()).strip();
            // A worktree keeps its HEAD; branches live in the common directory.
            Path common = gitDir;
            Path commonDir = gitDir.resolve("commondir");
            if (Files.isRegularFile(commonDir)) {
                common = gitDir.resolve(Files.readString(commonDir).strip()).normalize();
            }
            for (Path base : List.of(gitDir, common)) {
                Path refFile = base.resolve(ref);
                if (Files.isRegularFile(refFile)) {
                    String sha = Files.readString(refFile).strip();
                    return FULL_SHA.matcher(sha).matches() ? sha : null;
                }
            }
            Path packed = common.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed)) {
                    String[] parts = line.strip().split(" ");
                    if (parts.length == 2
                            && parts[1].equals(ref)
                            && FULL_SHA.matcher(parts[0]).matches()) {
                        return parts[0];
                    }
                }
            }
            return null;
        }
    }
}
