package io.voiceload.config;

import java.time.Duration;
import java.util.List;

/** Checks what an annotation asked for, naming the annotation, the attribute and the allowed values. */
final class RequestValidator {

    private final RequestedSettings r;
    private final WorkloadSettings w;
    private final LoadTestConfig config;
    private final Problems problems = new Problems();

    RequestValidator(RequestedSettings requested, LoadTestConfig config) {
        this.r = requested;
        this.w = requested.workload();
        this.config = config;
    }

    void validate() {
        count("users", w.users(), 1);
        count("requests", w.requests(), 1);
        count("maxConcurrency", w.maxConcurrency(), 1);
        count("warmupIterations", w.warmupIterations(), 0);
        duration("duration", w.duration(), true);
        duration("rampUp", w.rampUp(), false);
        duration("warmup", w.warmup(), false);
        if (w.rate() != null && !(w.rate() > 0 && Double.isFinite(w.rate()))) {
            problems.add(r.where("rate", w.rate()) + ": must be a number > 0 (arrivals per second)");
        }
        stages(w.stages());
        if (w.users() != null && r.model() == WorkloadModel.OPEN) {
            problems.add(r.where("users", w.users())
                    + ": a test is either closed-model (users) or open-model (rate, stages), not both;"
                    + " remove users or rate/stages");
        }
        if (w.maxConcurrency() != null && r.model() == WorkloadModel.CLOSED) {
            problems.add(r.where("maxConcurrency", w.maxConcurrency())
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
