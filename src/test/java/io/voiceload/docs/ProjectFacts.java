package io.voiceload.docs;

import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.OverrideKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.platform.commons.support.AnnotationSupport;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a documented command may name, read from the project as it is now: the tags of the test classes
 * Surefire and Failsafe run (from the compiled classes, so tags written as constants or carried by composed
 * annotations count), the profiles of {@code load_test_config.json} (through the config layer), the Maven
 * profiles of {@code pom.xml}, and the compiled classes.
 *
 * @param root the project directory
 * @param tags every {@code @Tag} value on a top-level test class, its methods or its {@code @Nested} classes
 * @param configProfiles the profiles of {@code load_test_config.json}
 * @param mavenProfiles the ids of the profiles in {@code pom.xml}
 * @param classes the binary names of the top-level classes of the main and test output
 * @param unloadable test classes that could not be loaded (their tags are unknown), for messages
 */
record ProjectFacts(
        Path root,
        Set<String> tags,
        Set<String> configProfiles,
        Set<String> mavenProfiles,
        Set<String> classes,
        List<String> unloadable) {

    /** The facts of the project at {@code root}, whose classes are on this test's class path. */
    static ProjectFacts read(Path root) {
        Path testClasses = outputDirectory(ProjectFacts.class);
        Path mainClasses = outputDirectory(OverrideKey.class);
        Set<String> classes = new TreeSet<>();
        classes.addAll(topLevelClasses(mainClasses));
        List<String> testClassNames = topLevelClasses(testClasses);
        classes.addAll(testClassNames);
        Set<String> tags = new TreeSet<>();
        List<String> unloadable = new ArrayList<>();
        for (String name : testClassNames) {
            try {
                collectTags(Class.forName(name, false, ProjectFacts.class.getClassLoader()), tags);
            } catch (ReflectiveOperationException | LinkageError e) {
                unloadable.add(name + " (" + e + ")");
            }
        }
        Set<String> configProfiles = new TreeSet<>(LoadTestConfig.load(root.resolve(LoadTestConfig.FILE_NAME))
                .profiles()
                .keySet());
        return new ProjectFacts(
                root, tags, configProfiles, mavenProfiles(root.resolve("pom.xml")), classes, unloadable);
    }

    /** The directory a class was loaded from ({@code target/classes} or {@code target/test-classes}). */
    static Path outputDirectory(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binary names of the top-level classes under an output directory. */
    static List<String> topLevelClasses(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.map(directory::relativize)
                    .map(Path::toString)
                    .filter(f -> f.endsWith(".class") && !f.contains("$") && !f.endsWith("package-info.class"))
                    .map(f -> f.substring(0, f.length() - ".class".length())
                            .replace(directory.getFileSystem().getSeparator(), "."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tags JUnit sees on a class it runs: on the class (also through composed annotations and
     * superclasses), its methods and its {@code @Nested} classes. Static nested classes (the fixtures of the
     * framework's own tests) are not run by the build, so their tags do not count.
     */
    private static void collectTags(Class<?> type, Set<String> tags) {
        AnnotationSupport.findRepeatableAnnotations(type, Tag.class).forEach(t -> tags.add(t.value()));
        for (Method method : type.getDeclaredMethods()) {
            AnnotationSupport.findRepeatableAnnotations(method, Tag.class).forEach(t -> tags.add(t.value()));
        }
        for (Class<?> inner : type.getDeclaredClasses()) {
            if (AnnotationSupport.isAnnotated(inner, Nested.class)) {
                collectTags(inner, tags);
            }
        }
    }

    private static Set<String> mavenProfiles(Path pom) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            NodeList profiles = factory.newDocumentBuilder().parse(pom.toFile()).getElementsByTagName("profile");
            Set<String> ids = new TreeSet<>();
            for (int i = 0; i < profiles.getLength(); i++) {
                NodeList children = profiles.item(i).getChildNodes();
                for (int c = 0; c < children.getLength(); c++) {
                    if (children.item(c) instanceof Element e && e.getTagName().equals("id")) {
                        ids.add(e.getTextContent().strip());
                    }
                }
            }
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the profiles of " + pom, e);
        }
    }
}
