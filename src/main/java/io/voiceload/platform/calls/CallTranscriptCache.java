package io.voiceload.platform.calls;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * <b>The planted bug of {@link CallFaults#transcriptLeak()}</b> (test only): a per-call cache that never evicts.
 * Every call created leaves an {@link Entry} of about {@value #ENTRY_BYTES} bytes in a map that lives as long as
 * the platform and is never cleared, so the heap's live set grows with the number of calls created: the leak a
 * memory test must find, and name by this class.
 */
public final class CallTranscriptCache {

    /** Bytes of transcript buffer each entry holds. */
    public static final int ENTRY_BYTES = 12 * 1024;

    /** What the cache keeps of one call: a transcript buffer it never frees. */
    public record Entry(UUID callId, byte[] transcript) {}

    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();

    void remember(UUID callId) {
        entries.put(callId, new Entry(callId, new byte[ENTRY_BYTES]));
    }

    /** Entries held: one per call created since the platform started. */
    public int size() {
        return entries.size();
    }
}
