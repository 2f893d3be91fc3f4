package io.voiceload.config;

import java.time.Duration;
import java.util.List;

/** Checks what an annotation asked for, naming the annotation, the attribute and the allowed values. */
final class RequestValidator {

    private final RequestedSettings r;
    private final LoadTestConfig config;
    private final Problems problems = new Problems();

    RequestValidator(RequestedSettings requested, LoadTestConfig config) {
        this.r = requested;
        this.config = config;
    }

    void validate() {
        count("users", r.users(), 1);
        count("requests", r.requests(), 1);
        count("maxConcurrency", r.maxConcurrency(), 1);
        count("warmupIterations", r.warmupIterations(), 0);
        duration("duration", r.duration(), true);
        duration("rampUp", r.rampUp(), false);
        duration("warmup", r.warmup(), false);
        if (r.rate() != null && !(r.rate() > 0 && Double.isFinite(r.rate()))) {
            problems.add(r.where("rate", r.rate()) + ": must be a number > 0 (arrivals per second)");
        }
        stages(r.stages());
        if (r.users() != null && r.isOpenModel()) {
            problems.add(r.where("users", r.users())
                    + ": a test is either closed-model (users) or open-model (rate, stages), not both;"
                    + " remove users or rate/stages");
        }
        if (r.maxConcurrency() != null && !r.isOpenModel()) {
            problems.add(r.where("maxConcurrency", r.maxConcurrency())
                    + ": only for open-model tests; set rate or stages, or remove maxConcurrency");
        }
        if (r.profile() != null && config.profile(r.profile()).isEmpty()) {
            problems.add(r.where("profile", r.profile()) + ": "
                    + ConfigFileParser.unknownProfile(
                            r.profile(), config.profiles().keySet()));
        }
        problems.throwIfAny();
    }

    private void count(String attribute, Integer value, int min) {
        if (value != null && value < min) {
            problems.add(r.where(attribute, value) + ": must be a whole number >= " + min);
        }
    }

    private void duration(String attribute, Duration value, boolean positive) {
        if (value == null) {
            return;
        }
        if (value.isNegative()) {
            problems.add(r.where(attribute, value) + ": must not be negative");
        } else if (positive && value.isZero()) {
            problems.add(r.where(attribute, value) + ": must be greater than 0");
        }
    }

    private void stages(List<Stage> stages) {
        if (stages == null) {
            return;
        }
        if (stages.isEmpty()) {
            problems.add(r.where("stages", "{}") + ": must list at least one stage");
            return;
        }
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            if (s.targetPerSecond() < 0) {
                problems.add(r.where("stages", stages) + ": stage " + (i + 1) + " target = "
                        + ResolvedSettings.formatNumber(s.targetPerSecond())
                        + ": must be a number >= 0 (arrivals per second)");
            }
            if (s.duration().isNegative() || s.duration().isZero()) {
                problems.add(r.where("stages", stages) + ": stage " + (i + 1) + " duration = " + s.duration()
                        + ": must be greater than 0");
            }
        }
    }
}
