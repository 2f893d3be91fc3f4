package io.voiceload.suite.support;

import io.voiceload.http.HttpTransportException;
import io.voiceload.http.RequestTimeoutException;
import io.voiceload.http.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The writes a run attempted and what the client knows of each, with Jepsen's three outcomes: <b>ok</b> (the
 * platform acknowledged it: 2xx), <b>failed</b> (the platform refused it before doing anything: 4xx) and
 * <b>indeterminate</b> (a timeout, a connection cut or reset, a 5xx: it may or may not have happened). Each write
 * is known by a key the client chose (the caller number of a call, say), so that what was stored can be matched
 * to what was attempted whatever the platform answered.
 *
 * <p>Judged against what the platform stored ({@link #against}): nothing acknowledged was lost, nothing stored
 * twice, nothing stored that was refused or never attempted. Indeterminate writes are counted and reported
 * (stored or not), never silently counted as ok or failed.
 *
 * <pre>{@code
 * WriteOutcomes writes = new WriteOutcomes();
 * writes.attempt(key, () -> http.post("/calls").json(call).allowAnyStatus().send());
 * WriteOutcomes.Verdict verdict = writes.against(storedKeys);
 * assertThat(verdict.problems()).isEmpty();
 * System.out.println(verdict.summary()); // writes: 812 ok, 0 failed, 17 indeterminate (9 stored, 8 not) …
 * }</pre>
 */
public final class WriteOutcomes {

    /** What the client knows of one write. */
    public enum Outcome {
        /** Acknowledged: a 2xx answer. Must be stored. */
        OK,
        /** Refused before anything happened: a 4xx answer. Must not be stored. */
        FAILED,
        /** Unknown: a timeout, a broken connection, a 5xx. May be stored, at most once. */
        INDETERMINATE
    }

    /** A write whose outcome the client knows, and the answer (or error) that decided it. */
    public record Attempt(String key, Outcome outcome, String answer) {}

    private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();

    /** Sends one write, known by {@code key}, and records its outcome; returns the response, or null without one. */
    public Response attempt(String key, java.util.function.Supplier<Response> send) {
        try {
            Response response = send.get();
            record(key, classify(response.status()), "HTTP " + response.status());
            return response;
        } catch (RequestTimeoutException e) {
            record(key, Outcome.INDETERMINATE, "timeout");
            return null;
        } catch (HttpTransportException e) {
            record(key, Outcome.INDETERMINATE, "transport: " + e.getMessage());
            return null;
        }
    }

    /**
     * Records the outcome of the write {@code key}. A later attempt of the same key (a retry with the same
     * idempotency key) replaces an earlier indeterminate one; an ok or failed outcome is never replaced.
     */
    public void record(String key, Outcome outcome, String answer) {
        attempts.merge(
                key,
                new Attempt(key, outcome, answer),
                (old, now) -> old.outcome() == Outcome.INDETERMINATE ? now : old);
    }

    /** {@code OK} for 2xx, {@code FAILED} for 4xx, {@code INDETERMINATE} for anything else (5xx: may have happened). */
    public static Outcome classify(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.OK;
        }
        return status >= 400 && status < 500 ? Outcome.FAILED : Outcome.INDETERMINATE;
    }

    /** What is known of write {@code key} so far; null when it was never attempted. */
    public Outcome outcome(String key) {
        Attempt attempt = attempts.get(key);
        return attempt == null ? null : attempt.outcome();
    }

    /** The keys of the writes with {@code outcome}, sorted. */
    public Set<String> keys(Outcome outcome) {
        return attempts.values().stream()
                .filter(a -> a.outcome() == outcome)
                .map(Attempt::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** How many writes were attempted (distinct keys). */
    public int attempted() {
        return attempts.size();
    }

    /**
     * Judges these writes against the keys of what was stored, one entry per stored row (a key stored twice
     * appears twice).
     */
    public Verdict against(Collection<String> storedKeys) {
        Map<String, Integer> stored = new TreeMap<>();
        storedKeys.forEach(k -> stored.merge(k, 1, Integer::sum));
        Set<String> ok = keys(Outcome.OK);
        Set<String> failed = keys(Outcome.FAILED);
        Set<String> indeterminate = keys(Outcome.INDETERMINATE);
        Set<String> lost = new TreeSet<>(ok);
        lost.removeAll(stored.keySet());
        Set<String> duplicated = stored.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> refusedButStored = new TreeSet<>(failed);
        refusedButStored.retainAll(stored.keySet());
        Set<String> neverAttempted = new TreeSet<>(stored.keySet());
        neverAttempted.removeAll(attempts.keySet());
        Set<String> indeterminateStored = new TreeSet<>(indeterminate);
        indeterminateStored.retainAll(stored.keySet());
        return new Verdict(
                ok.size(),
                failed.size(),
                indeterminate.size(),
                indeterminateStored.size(),
                lost,
                duplicated,
                refusedButStored,
                neverAttempted);
    }

    /**
     * The writes against what was stored.
     *
     * @param ok acknowledged writes
     * @param failed refused writes
     * @param indeterminate writes of unknown outcome
     * @param indeterminateStored of those, how many turned out stored
     * @param lost acknowledged but not stored
     * @param duplicated stored more than once
     * @param refusedButStored refused (4xx) but stored all the same
     * @param neverAttempted stored under a key no write used
     */
    public record Verdict(
            int ok,
            int failed,
            int indeterminate,
            int indeterminateStored,
            Set<String> lost,
            Set<String> duplicated,
            Set<String> refusedButStored,
            Set<String> neverAttempted) {

        /** One line: {@code writes: 812 ok, 0 failed, 17 indeterminate (9 stored, 8 not); 0 lost, 0 duplicated}. */
        public String summary() {
            return "writes: " + ok + " ok, " + failed + " failed, " + indeterminate + " indeterminate ("
                    + indeterminateStored + " stored, " + (indeterminate - indeterminateStored) + " not); "
                    + lost.size() + " acknowledged but lost, " + duplicated.size() + " stored twice";
        }

        /** What breaks the rules, one line each, with up to three keys; empty when nothing does. */
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (!lost.isEmpty()) {
                problems.add(lost.size() + " of " + ok + " acknowledged writes were lost (e.g. " + sample(lost) + ")");
            }
            if (!duplicated.isEmpty()) {
                problems.add(
                        duplicated.size() + " writes were stored more than once (e.g. " + sample(duplicated) + ")");
            }
            if (!refusedButStored.isEmpty()) {
                problems.add(refusedButStored.size() + " refused writes (4xx) were stored all the same (e.g. "
                        + sample(refusedButStored) + ")");
            }
            if (!neverAttempted.isEmpty()) {
                problems.add(neverAttempted.size() + " stored entries match no attempted write (e.g. "
                        + sample(neverAttempted) + ")");
            }
            return problems;
        }

        private static List<String> sample(Set<String> keys) {
            return keys.stream().limit(3).toList();
        }
    }
}
