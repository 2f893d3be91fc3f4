package io.voiceload.config;

import java.util.Objects;

/**
 * A named plan from {@code profiles} ({@code smoke}, {@code heavy}, ...), selected with
 * {@code -Dloadtest.profile}, the annotation or the file's {@code profile}.
 *
 * @param name the profile's key, {@code [a-z][a-z0-9_-]*}
 * @param description free text, may be null
 * @param workload the plan settings it sets; they beat the annotation
 * @param scale multiplies users (closed) or rate, stage targets and max concurrency (open) that come
 *     from lower-precedence sources when the profile does not set them; null = 1
 * @param thresholds thresholds that beat category and file thresholds
 */
public record Profile(String name, String description, WorkloadSettings workload, Double scale, Thresholds thresholds) {

    public Profile {
        Objects.requireNonNull(name, "name");
        workload = workload == null ? WorkloadSettings.EMPTY : workload;
        thresholds = thresholds == null ? Thresholds.NONE : thresholds;
    }
}
