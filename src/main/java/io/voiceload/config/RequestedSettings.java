package io.voiceload.config;

import java.time.Duration;
import java.util.List;

/**
 * What a test's annotation asked for: the workload settings it sets (null where it leaves one unset), the
 * profile it names, and how messages name it. Setting {@code rate} or {@code stages} makes the test an
 * open-model test, otherwise it is a closed-model test ({@link #model()}). Values are validated by
 * {@link SettingsResolver}, whose messages quote {@code annotation} and {@code testName}:
 * {@code @LoadTest(users = 0) on CallsIT.create: must be a whole number >= 1}.
 *
 * <pre>{@code
 * RequestedSettings.builder().users(50).requests(100).annotation("@LoadTest").testName("CallsIT.create").build();
 * }</pre>
 *
 * @param workload the workload settings the annotation sets
 * @param profile the profile the annotation names; null for none
 * @param annotation how origins and messages name the annotation; null = {@code @LoadTest}
 * @param testName the test, for messages (e.g. {@code CallsIT.create}); may be null
 */
public record RequestedSettings(WorkloadSettings workload, String profile, String annotation, String testName) {

    /** Asks for nothing: a closed-model test with every value from the configuration. */
    public static final RequestedSettings NONE = builder().build();

    public RequestedSettings {
        workload = workload == null ? WorkloadSettings.EMPTY : workload;
        annotation = annotation == null ? "@LoadTest" : annotation;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The workload model the annotation decides: open when it sets {@code rate} or {@code stages}. */
    public WorkloadModel model() {
        return workload.rate() != null || workload.stages() != null ? WorkloadModel.OPEN : WorkloadModel.CLOSED;
    }

    /** Quotes one attribute for a message: {@code @LoadTest(users = 0) on CallsIT.create}. */
    String where(String attribute, Object value) {
        String shown = value instanceof String || value instanceof Duration || value instanceof ThinkTime
                ? "\"" + (value instanceof Duration d ? Durations.format(d) : value) + "\""
                : String.valueOf(value);
        return annotation + "(" + attribute + " = " + shown + ")" + (testName == null ? "" : " on " + testName);
    }

    /** Builds {@link RequestedSettings}; unset fields stay null. */
    public static final class Builder {
        private Integer users;
        private Integer requests;
        private Duration duration;
        private Duration rampUp;
        private Double rate;
        private List<Stage> stages;
        private Integer maxConcurrency;
        private ThinkTime thinkTime;
        private Duration warmup;
        private Integer warmupIterations;
        private String profile;
        private String annotation;
        private String testName;

        private Builder() {}

        public Builder users(Integer users) {
            this.users = users;
            return this;
        }

        public Builder requests(Integer requests) {
            this.requests = requests;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder rampUp(Duration rampUp) {
            this.rampUp = rampUp;
            return this;
        }

        public Builder rate(Double rate) {
            this.rate = rate;
            return this;
        }

        public Builder stages(List<Stage> stages) {
            this.stages = stages;
            return this;
        }

        public Builder maxConcurrency(Integer maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        public Builder thinkTime(ThinkTime thinkTime) {
            this.thinkTime = thinkTime;
            return this;
        }

        public Builder warmup(Duration warmup) {
            this.warmup = warmup;
            return this;
        }

        public Builder warmupIterations(Integer warmupIterations) {
            this.warmupIterations = warmupIterations;
            return this;
        }

        public Builder profile(String profile) {
            this.profile = profile;
            return this;
        }

        public Builder annotation(String annotation) {
            this.annotation = annotation;
            return this;
        }

        public Builder testName(String testName) {
            this.testName = testName;
            return this;
        }

        public RequestedSettings build() {
            return new RequestedSettings(
                    new WorkloadSettings(
                            users,
                            requests,
                            duration,
                            rampUp,
                            rate,
                            stages,
                            maxConcurrency,
                            thinkTime,
                            warmup,
                            warmupIterations),
                    profile,
                    annotation,
                    testName);
        }
    }
}
