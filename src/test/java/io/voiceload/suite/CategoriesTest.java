package io.voiceload.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.config.LoadTestConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The suite's layout holds: the category names are the ones the configuration accepts, and every load test
 * ({@code *IT}) under {@code io.voiceload.suite} lives in its category's package and carries that category's
 * tag (through the category's composed annotation), so {@code -Dgroups=<category>} selects it and only it.
 */
class CategoriesTest {

    @Test
    void theCategoriesAreTheOnesTheConfigurationAccepts() {
        assertThat(Categories.ALL).containsExactlyElementsOf(LoadTestConfig.CATEGORIES);
    }

    @Test
    void everyLoadTestCarriesTheTagOfItsPackage() {
        List<Class<?>> loadTests = ReflectionSupport.findAllClassesInPackage(
                Categories.class.getPackageName(), c -> true, name -> name.endsWith("IT"));
        assertThat(loadTests).as("load tests of the suite").isNotEmpty();

        Map<String, String> wrong = new TreeMap<>();
        for (Class<?> test : loadTests) {
            List<String> tags = AnnotationSupport.findRepeatableAnnotations(test, Tag.class).stream()
                    .map(Tag::value)
                    .toList();
            List<String> expected = Categories.ALL.stream()
                    .filter(category -> Categories.packageOf(category).equals(test.getPackageName()))
                    .toList();
            if (expected.isEmpty() || !tags.equals(expected)) {
                wrong.put(test.getName(), "tags " + tags + (expected.isEmpty() ? ", in no category's package" : ""));
            }
        }
        assertThat(wrong)
                .as("load tests whose tags are not exactly their package's category (package = category without"
                        + " hyphens: " + Categories.packageOf(Categories.CONCURRENT_CALLS) + ")")
                .isEmpty();
    }

    @Test
    void theCategoryPackagesAreTheNamesWithoutHyphens() {
        assertThat(Categories.packageOf(Categories.DATABASE_REDIS)).isEqualTo("io.voiceload.suite.databaseredis");
        assertThat(Categories.packageOf(Categories.MEMORY)).isEqualTo("io.voiceload.suite.memory");
    }
}
