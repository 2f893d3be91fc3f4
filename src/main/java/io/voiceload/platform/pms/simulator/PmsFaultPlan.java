package io.voiceload.platform.pms.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.platform.http.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The faults a {@link PmsSimulator} plays, as a real PMS shows them: a delay before answering, and per
 * request at most one outcome drawn by rate (an error status, a malformed body, an empty reply, a reset
 * connection, a body cut mid-way, a body dribbled slowly). Immutable; every random choice comes from
 * {@link Builder#seed}: request number {@code n} of a simulator (counting only the requests the plan
 * applies to) draws from {@code (seed, n)} alone, so a run replays however its threads were scheduled.
 *
 * <pre>{@code
 * try (PmsSimulator pms = PmsSimulator.start("primary", PmsData.seeded(), 0, Duration.ZERO)) {
 *     pms.faults(PmsFaultPlan.builder()
 *             .seed(7)
 *             .logNormalDelay(Duration.ofMillis(90), 0.4)
 *             .errors(0.05, 503)
 *             .cutMidBody(0.02)
 *             .paths("/changes/")
 *             .build());
 * }
 * }</pre>
 *
 * <p>The outcomes, with what a JDK {@code HttpClient} sees: {@code errors} an answer of that status (429
 * and 503 with {@code Retry-After: 1}); {@code malformed} a 200 whose body is the first half of the real
 * JSON; {@code emptyReply} the connection closed with nothing written (an {@code IOException}); {@code
 * reset} a TCP RST ({@code IOException: Connection reset}); {@code cutMidBody} the status line, headers
 * with the full {@code Content-Length} and half the body, then the connection closed (an {@code
 * IOException} or {@code EOFException} while reading the body); {@code slowBody} the whole body in chunks
 * spread over the given time. Delays, rates and the request paths follow WireMock's meanings.
 */
public final class PmsFaultPlan {

    /** No faults. */
    public static final PmsFaultPlan NONE = builder().build();

    /** Longest delay or dribble. */
    public static final Duration MAX_DURATION = Duration.ofSeconds(60);

    /** The names of the counts {@link PmsSimulator#faultsInjected()} reports, in this order. */
    public static final List<String> KINDS =
            List.of("delayed", "error", "malformed", "emptyReply", "reset", "cutMidBody", "slowBody");

    /** What one request gets. */
    enum Outcome {
        NONE,
        ERROR,
        MALFORMED,
        EMPTY_REPLY,
        RESET,
        CUT_MID_BODY,
        SLOW_BODY
    }

    /** The draw for one request: its delay (zero: none) and its outcome. */
    record Decision(Duration delay, Outcome outcome) {}

    private enum DelayKind {
        FIXED,
        UNIFORM,
        LOG_NORMAL
    }

    /** A delay distribution: fixed {@code a}; uniform from {@code a} to {@code b}; log-normal of median {@code a}. */
    private record Delay(DelayKind kind, Duration a, Duration b, double sigma) {}

    private final long seed;
    private final Delay delay;
    private final double errorRate;
    private final int errorStatus;
    private final double malformedRate;
    private final double emptyReplyRate;
    private final double resetRate;
    private final double cutMidBodyRate;
    private final double slowBodyRate;
    private final Duration slowBodyOver;
    private final List<String> paths;
    /** The chance that a request gets one of the outcomes (the sum of their rates). */
    private final double outcomeRate;

    private PmsFaultPlan(Builder b) {
        this.seed = b.seed;
        this.delay = b.delay;
        this.errorRate = b.errorRate;
        this.errorStatus = b.errorStatus;
        this.malformedRate = b.malformedRate;
        this.emptyReplyRate = b.emptyReplyRate;
        this.resetRate = b.resetRate;
        this.cutMidBodyRate = b.cutMidBodyRate;
        this.slowBodyRate = b.slowBodyRate;
        this.slowBodyOver = b.slowBodyOver;
        this.paths = List.copyOf(b.paths);
        this.outcomeRate = b.outcomeRate();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether it injects nothing at all. */
    public boolean isNone() {
        return delay == null && outcomeRate == 0;
    }

    /** The seed of every random choice. */
    public long seed() {
        return seed;
    }

    /** The path prefixes it applies to; empty: every path but {@code /health}. */
    public List<String> paths() {
        return paths;
    }

    /** The HTTP status of {@code errors} (500 when no errors were asked for). */
    public int errorStatus() {
        return errorStatus;
    }

    /** How long a {@code slowBody} answer takes to dribble its body. */
    public Duration slowBodyOver() {
        return slowBodyOver;
    }

    /** Whether requests to this path get faults (the simulator's admin API never does). */
    boolean appliesTo(String path) {
        if (path.startsWith("/__admin")) {
            return false;
        }
        if (paths.isEmpty()) {
            return !path.equals("/health");
        }
        return paths.stream().anyMatch(path::startsWith);
    }

    /** The draw of request number {@code n}: a function of (seed, n) alone. */
    Decision decide(long n) {
        SplittableRandom random = new SplittableRandom(mix(seed, n));
        double roll = random.nextDouble();
        Duration wait = delay == null ? Duration.ZERO : drawDelay(random);
        return new Decision(wait, outcome(roll));
    }

    private Outcome outcome(double roll) {
        double edge = 0;
        double[] rates = {errorRate, malformedRate, emptyReplyRate, resetRate, cutMidBodyRate, slowBodyRate};
        Outcome[] outcomes = {
            Outcome.ERROR,
            Outcome.MALFORMED,
            Outcome.EMPTY_REPLY,
            Outcome.RESET,
            Outcome.CUT_MID_BODY,
            Outcome.SLOW_BODY
        };
        for (int i = 0; i < rates.length; i++) {
            edge += rates[i];
            if (rates[i] > 0 && roll < edge) {
                return outcomes[i];
            }
        }
        return Outcome.NONE;
    }

    private Duration drawDelay(SplittableRandom random) {
        long nanos =
                switch (delay.kind()) {
                    case FIXED -> delay.a().toNanos();
                    case UNIFORM ->
                        delay.a().toNanos()
                                + (long) (random.nextDouble()
                                        * (delay.b().toNanos() - delay.a().toNanos()));
                    // WireMock's LogNormal: median × e^(sigma × N(0, 1)), a long right tail
                    case LOG_NORMAL -> (long) (delay.a().toNanos() * Math.exp(delay.sigma() * random.nextGaussian()));
                };
        return Duration.ofNanos(Math.min(nanos, MAX_DURATION.toNanos()));
    }

    /**
     * A well-spread seed for request {@code n}: SplittableRandom's own seeds are used as they are, so
     * neighbouring seeds would give overlapping streams; the JDK offers no public mixer, hence Stafford's
     * variant 13 of the MurmurHash3 finalizer (the one SplittableRandom uses inside).
     */
    private static long mix(long seed, long n) {
        long z = seed * 0x9E3779B97F4A7C15L + n;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The plan as the admin API shows it (camelCase; durations in milliseconds; absent: none). */
    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("seed", seed);
        if (delay != null) {
            ObjectNode d = json.putObject("delay");
            switch (delay.kind()) {
                case FIXED -> d.put("kind", "fixed").put("ms", delay.a().toMillis());
                case UNIFORM ->
                    d.put("kind", "uniform")
                            .put("minMs", delay.a().toMillis())
                            .put("maxMs", delay.b().toMillis());
                case LOG_NORMAL ->
                    d.put("kind", "logNormal")
                            .put("medianMs", delay.a().toMillis())
                            .put("sigma", delay.sigma());
            }
        }
        if (errorRate > 0) {
            json.putObject("errors").put("rate", errorRate).put("status", errorStatus);
        }
        putRate(json, "malformed", malformedRate);
        putRate(json, "emptyReply", emptyReplyRate);
        putRate(json, "reset", resetRate);
        putRate(json, "cutMidBody", cutMidBodyRate);
        if (slowBodyRate > 0) {
            json.putObject("slowBody").put("rate", slowBodyRate).put("overMs", slowBodyOver.toMillis());
        }
        ArrayNode p = json.putArray("paths");
        paths.forEach(p::add);
        return json;
    }

    private static void putRate(ObjectNode json, String field, double rate) {
        if (rate > 0) {
            json.put(field, rate);
        }
    }

    /**
     * The plan {@link #toJson()} wrote, or one written by hand in the same shape (every field optional):
     *
     * <pre class="language-text">{@code
     * {"seed": 7, "delay": {"kind": "fixed", "ms": 200} | {"kind": "uniform", "minMs": 50, "maxMs": 500}
     *                     | {"kind": "logNormal", "medianMs": 90, "sigma": 0.4},
     *  "errors": {"rate": 0.1, "status": 503}, "malformed": 0.05, "emptyReply": 0.01, "reset": 0.01,
     *  "cutMidBody": 0.02, "slowBody": {"rate": 0.1, "overMs": 2000}, "paths": ["/changes/"]}
     * }</pre>
     *
     * @throws IllegalArgumentException naming every bad field and its allowed values
     */
    public static PmsFaultPlan fromJson(JsonNode json) {
        Map<String, String> problems = new LinkedHashMap<>();
        PmsFaultPlan plan = PmsFaultPlanJson.parse(json, problems);
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder("invalid fault plan:");
            problems.forEach((field, rule) ->
                    message.append(' ').append(field).append(": ").append(rule).append(';'));
            throw new IllegalArgumentException(message.substring(0, message.length() - 1));
        }
        return plan;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("seed " + seed);
        if (delay != null) {
            parts.add(
                    switch (delay.kind()) {
                        case FIXED -> "delay " + delay.a().toMillis() + " ms";
                        case UNIFORM ->
                            "delay " + delay.a().toMillis() + "-" + delay.b().toMillis() + " ms";
                        case LOG_NORMAL ->
                            "delay log-normal median " + delay.a().toMillis() + " ms sigma " + delay.sigma();
                    });
        }
        addRate(parts, "errors " + errorStatus, errorRate);
        addRate(parts, "malformed", malformedRate);
        addRate(parts, "empty reply", emptyReplyRate);
        addRate(parts, "reset", resetRate);
        addRate(parts, "cut mid-body", cutMidBodyRate);
        addRate(parts, "slow body over " + slowBodyOver.toMillis() + " ms", slowBodyRate);
        parts.add(paths.isEmpty() ? "on every path but /health" : "on " + String.join(", ", paths));
        return "PmsFaultPlan[" + String.join(", ", parts) + "]";
    }

    private static void addRate(List<String> parts, String what, double rate) {
        if (rate > 0) {
            parts.add(what + " " + String.format(Locale.ROOT, "%.4g%%", rate * 100));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PmsFaultPlan p && toJson().equals(p.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    /** Builds a {@link PmsFaultPlan}; each method checks its arguments at once. */
    public static final class Builder {

        private long seed = 1;
        private Delay delay;
        private double errorRate;
        private int errorStatus = 500;
        private double malformedRate;
        private double emptyReplyRate;
        private double resetRate;
        private double cutMidBodyRate;
        private double slowBodyRate;
        private Duration slowBodyOver = Duration.ZERO;
        private List<String> paths = List.of();

        private Builder() {}

        /** The seed of every random choice (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Every answer waits {@code delay} (0 to 60 s). At most one kind of delay per plan. */
        public Builder fixedDelay(Duration delay) {
            return delay(new Delay(DelayKind.FIXED, duration(delay, "fixedDelay"), null, 0));
        }

        /** Every answer waits a uniformly drawn time from {@code min} to {@code max} (each 0 to 60 s). */
        public Builder uniformDelay(Duration min, Duration max) {
            duration(min, "uniformDelay min");
            duration(max, "uniformDelay max");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("uniformDelay max must be at least min, not " + max.toMillis()
                        + " < " + min.toMillis() + " ms");
            }
            return delay(new Delay(DelayKind.UNIFORM, min, max, 0));
        }

        /**
         * Every answer waits {@code median × e^(sigma × z)}, z standard normal (WireMock's log-normal
         * delay: {@code median} and {@code sigma} of the underlying normal; a long tail), capped at 60 s.
         *
         * @param median 0 to 60 s
         * @param sigma 0 to 10
         */
        public Builder logNormalDelay(Duration median, double sigma) {
            duration(median, "logNormalDelay median");
            if (!(sigma >= 0 && sigma <= 10)) {
                throw new IllegalArgumentException("logNormalDelay sigma must be from 0 to 10, not " + sigma);
            }
            return delay(new Delay(DelayKind.LOG_NORMAL, median, null, sigma));
        }

        private Builder delay(Delay d) {
            if (delay != null) {
                throw new IllegalArgumentException(
                        "delay: give only one of fixedDelay, uniformDelay and logNormalDelay");
            }
            delay = d;
            return this;
        }

        /** This share of requests (0 to 1) answers {@code status}: 500-599 or 429 (429 and 503 with Retry-After: 1). */
        public Builder errors(double rate, int status) {
            if (!(status >= 500 && status <= 599) && status != 429) {
                throw new IllegalArgumentException("errors status must be 500-599 or 429, not " + status);
            }
            errorRate = rate(rate, "errors rate");
            errorStatus = status;
            return this;
        }

        /** This share of requests answers 200 with the first half of the JSON body. */
        public Builder malformed(double rate) {
            malformedRate = rate(rate, "malformed rate");
            return this;
        }

        /** This share of requests gets its connection closed with nothing written. */
        public Builder emptyReply(double rate) {
            emptyReplyRate = rate(rate, "emptyReply rate");
            return this;
        }

        /** This share of requests gets its connection reset (a TCP RST: SO_LINGER 0, then close). */
        public Builder reset(double rate) {
            resetRate = rate(rate, "reset rate");
            return this;
        }

        /** This share of requests gets the headers (full Content-Length) and half the body, then a close. */
        public Builder cutMidBody(double rate) {
            cutMidBodyRate = rate(rate, "cutMidBody rate");
            return this;
        }

        /** This share of requests gets its body in chunks spread over {@code over} (0 to 60 s). */
        public Builder slowBody(double rate, Duration over) {
            slowBodyRate = rate(rate, "slowBody rate");
            slowBodyOver = duration(over, "slowBody over");
            return this;
        }

        /**
         * Only requests whose path starts with one of these get faults (default: every path but {@code
         * /health}), e.g. {@code "/changes/"} or {@code "/guests/"}.
         */
        public Builder paths(String... prefixes) {
            Objects.requireNonNull(prefixes, "paths");
            for (String prefix : prefixes) {
                if (prefix == null || !prefix.startsWith("/")) {
                    throw new IllegalArgumentException("paths must each start with /, such as \"/changes/\", not "
                            + (prefix == null ? "null" : "\"" + prefix + "\""));
                }
            }
            paths = List.of(prefixes);
            return this;
        }

        /** @throws IllegalArgumentException when the outcome rates add up to more than 1 */
        public PmsFaultPlan build() {
            double sum = outcomeRate();
            if (sum > 1 + 1e-9) {
                throw new IllegalArgumentException("the rates of errors, malformed, emptyReply, reset, cutMidBody"
                        + " and slowBody must add up to at most 1, not " + sum);
            }
            return new PmsFaultPlan(this);
        }

        private double outcomeRate() {
            return errorRate + malformedRate + emptyReplyRate + resetRate + cutMidBodyRate + slowBodyRate;
        }

        private static double rate(double rate, String name) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(name + " must be from 0 to 1, not " + rate);
            }
            return rate;
        }

        private static Duration duration(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(name + " must be from 0 to 60 s, not " + d.toMillis() + " ms");
            }
            return d;
        }
    }
}
