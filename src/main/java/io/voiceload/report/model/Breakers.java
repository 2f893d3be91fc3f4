package io.voiceload.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading a test's circuit breakers ({@code signals.platform.pmsBreakers}: per endpoint of the PMS connector, its
 * state at the start and at the end of the run and the state transitions in between) for the reports, on the axis
 * of the test's time series: seconds since the test's {@code startedAt}. Every field may be absent.
 */
public final class Breakers {
    /** The state names a breaker reports, in the order a legend shows them. */
    public static final List<String> STATES = List.of("closed", "half_open", "open", "disabled", "forced_open");

    /**
     * One change of state.
     *
     * @param atSeconds seconds since the test started (negative: between the signals' first snapshot and the
     *     test's start); NaN when neither the transition nor the test says when
     * @param at the ISO-8601 instant as the platform wrote it, or ""
     */
    public record Transition(String endpoint, double atSeconds, String at, String from, String to) {}

    /** One endpoint's breaker over the run; {@code transitions} oldest first. */
    public record Endpoint(String name, String stateAtStart, String stateAtEnd, List<Transition> transitions) {
        /**
         * Whether the platform's list (it keeps its last few hundred transitions) lost the run's first ones: the
         * first transition kept does not start from the state at the start.
         */
        public boolean lostEarlier() {
            return !transitions.isEmpty() && !transitions.getFirst().from().equals(stateAtStart);
        }
    }

    private Breakers() {}

    /** The test's breakers in the order the signals list them; empty when it has none. */
    public static List<Endpoint> of(JsonNode test) {
        JsonNode breakers = test.path("signals").path("platform").path("pmsBreakers");
        Instant started = LocalTimes.parse(test.path("startedAt").asText(null));
        List<Endpoint> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : breakers.properties()) {
            JsonNode b = e.getValue();
            List<Transition> transitions = new ArrayList<>();
            for (JsonNode t : b.path("transitions")) {
                transitions.add(new Transition(
                        e.getKey(),
                        seconds(t, started),
                        t.path("at").asText(""),
                        t.path("from").asText("unknown"),
                        t.path("to").asText("unknown")));
            }
            out.add(new Endpoint(
                    e.getKey(),
                    b.path("stateAtStart").asText("unknown"),
                    b.path("stateAtEnd").asText("unknown"),
                    List.copyOf(transitions)));
        }
        return out;
    }

    /** Every endpoint's transitions in one list, by time (in the endpoints' order at the same time). */
    public static List<Transition> transitions(JsonNode test) {
        List<Transition> all = new ArrayList<>();
        of(test).forEach(e -> all.addAll(e.transitions()));
        all.sort(Comparator.comparingDouble(t -> Double.isNaN(t.atSeconds()) ? Double.MAX_VALUE : t.atSeconds()));
        return all;
    }

    /** A state as written for a person: {@code half_open} → "half open". */
    public static String state(String state) {
        return state.replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    /**
     * {@code atSeconds} when the signals give it, else {@code atEpochMs} (or {@code at}) against the test's start.
     */
    private static double seconds(JsonNode t, Instant started) {
        if (t.path("atSeconds").isNumber()) {
            return t.path("atSeconds").asDouble();
        }
        Instant at = t.path("atEpochMs").isIntegralNumber()
                ? Instant.ofEpochMilli(t.path("atEpochMs").asLong())
                : LocalTimes.parse(t.path("at").asText(null));
        if (at == null || started == null) {
            return Double.NaN;
        }
        return (at.toEpochMilli() - started.toEpochMilli()) / 1000.0;
    }
}
