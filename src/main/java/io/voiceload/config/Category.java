package io.voiceload.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * The section of {@code categories} for one test category (a JUnit tag such as
 * {@code concurrent-calls}).
 *
 * @param name the category, one of {@link LoadTestConfig#CATEGORIES}
 * @param description free text, may be null
 * @param workload defaults for the category's tests; the annotation beats them
 * @param thresholds thresholds for the category's tests; the selected profile's beat them
 * @param settings free-form settings for the category's tests (operation mix weights, ...), not
 *     validated here; an empty object when absent. {@link #settings()} returns a copy.
 */
public record Category(
        String name, String description, WorkloadSettings workload, Thresholds thresholds, JsonNode settings) {

    public Category {
        Objects.requireNonNull(name, "name");
        workload = workload == null ? WorkloadSettings.EMPTY : workload;
        thresholds = thresholds == null ? Thresholds.NONE : thresholds;
        settings = settings == null ? JsonNodeFactory.instance.objectNode() : settings.deepCopy();
    }

    /** A copy of the category's free-form settings. */
    @Override
    public JsonNode settings() {
        return settings.deepCopy();
    }
}
