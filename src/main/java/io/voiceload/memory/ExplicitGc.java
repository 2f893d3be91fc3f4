package io.voiceload.memory;

/**
 * What a requested GC ({@code System.gc()}, or the {@code gc} operation of {@code java.lang:type=Memory}) does in
 * a target JVM, as its HotSpot flags {@code DisableExplicitGC} and {@code ExplicitGCInvokesConcurrent} say.
 */
public enum ExplicitGc {
    /** A full, stop-the-world collection: the heap used after it is the live set. */
    FULL("a requested GC is a full collection, so retained heap can be judged"),
    /** {@code -XX:+ExplicitGCInvokesConcurrent}: a concurrent cycle, whose heap after is an upper bound. */
    CONCURRENT("-XX:+ExplicitGCInvokesConcurrent: a requested GC starts a concurrent cycle, so the heap used after"
            + " it is an upper bound of the live set"),
    /** {@code -XX:+DisableExplicitGC}: nothing happens. */
    DISABLED("-XX:+DisableExplicitGC: a requested GC does nothing, so retained heap cannot be judged");

    private final String description;

    ExplicitGc(String description) {
        this.description = description;
    }

    /** What it means for a measurement, in one sentence naming the flag. */
    public String describe() {
        return description;
    }

    /** {@code full}, {@code concurrent} or {@code disabled}, as the report's JSON writes it. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
