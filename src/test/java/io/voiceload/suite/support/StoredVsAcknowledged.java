package io.voiceload.suite.support;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the platform stored during a run against what it acknowledged storing: the ids read back after the
 * run ({@code GET} of a listing) against the ids its successful answers gave. Nothing lost (acknowledged, not
 * stored), nothing extra (stored, never acknowledged), nothing stored twice: anything else is a platform that
 * loses or invents data under load.
 *
 * <pre>{@code
 * StoredVsAcknowledged calls = StoredVsAcknowledged.compare(created, storedIds);
 * if (!calls.exactly(created.size())) {
 *     throw new AssertionError(calls.lost().size() + " lost (e.g. " + calls.lostSample() + ")");
 * }
 * }</pre>
 *
 * @param stored how many entries were read back; an id stored twice counts twice
 * @param storedIds the distinct ids read back
 * @param lost acknowledged ids that are not stored
 * @param extra stored ids that were never acknowledged
 */
public record StoredVsAcknowledged(int stored, Set<String> storedIds, Set<String> lost, Set<String> extra) {
    /** How many ids {@link #lostSample()} and {@link #extraSample()} name at most. */
    public static final int SAMPLE = 3;

    public StoredVsAcknowledged {
        storedIds = Set.copyOf(storedIds);
        lost = Set.copyOf(lost);
        extra = Set.copyOf(extra);
    }

    /** Compares the ids the platform acknowledged with the ids read back, one per stored entry. */
    public static StoredVsAcknowledged compare(Collection<String> acknowledged, Collection<String> stored) {
        Set<String> storedIds = new HashSet<>(stored);
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(storedIds);
        Set<String> extra = new HashSet<>(storedIds);
        extra.removeAll(acknowledged);
        return new StoredVsAcknowledged(stored.size(), storedIds, lost, extra);
    }

    /**
     * True when exactly {@code acknowledgedCount} entries are stored (the count of successful answers, which
     * may be counted apart from the ids) and they are the acknowledged ids: none lost, none extra.
     */
    public boolean exactly(long acknowledgedCount) {
        return stored == acknowledgedCount && lost.isEmpty() && extra.isEmpty();
    }

    /** The first {@value #SAMPLE} lost ids in sorted order, for a failure message. */
    public List<String> lostSample() {
        return sample(lost);
    }

    /** The first {@value #SAMPLE} extra ids in sorted order, for a failure message. */
    public List<String> extraSample() {
        return sample(extra);
    }

    private static List<String> sample(Set<String> ids) {
        return ids.stream().sorted().limit(SAMPLE).toList();
    }
}
