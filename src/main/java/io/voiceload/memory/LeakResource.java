package io.voiceload.memory;

import java.util.List;
import java.util.function.ToLongFunction;

/** A resource whose growth over the cycles the leak verdict judges, and the axes it is judged on. */
public enum LeakResource {
    HEAP(
            "heap",
            "heap after full GC",
            false,
            "bytes",
            List.of(Axis.PER_THOUSAND_ITERATIONS, Axis.PER_MINUTE),
            Cycle::heapAfterGcBytes),
    METASPACE("metaspace", "metaspace", false, "bytes", List.of(Axis.PER_MINUTE), Cycle::metaspaceBytes),
    DIRECT_BUFFERS(
            "direct buffers", "direct buffers", true, "bytes", List.of(Axis.PER_MINUTE), Cycle::directBufferBytes),
    THREADS("threads", "live threads", true, "threads", List.of(Axis.PER_MINUTE), Cycle::liveThreads),
    FILE_DESCRIPTORS(
            "file descriptors",
            "open file descriptors",
            true,
            "file descriptors",
            List.of(Axis.PER_MINUTE),
            Cycle::openFileDescriptors);

    private final String id;
    private final String label;
    private final boolean plural;
    private final String unit;
    private final List<Axis> axes;
    private final ToLongFunction<Cycle> value;

    LeakResource(String id, String label, boolean plural, String unit, List<Axis> axes, ToLongFunction<Cycle> value) {
        this.id = id;
        this.label = label;
        this.plural = plural;
        this.unit = unit;
        this.axes = axes;
        this.value = value;
    }

    /** The report's name for it: {@code heap}, {@code metaspace}, {@code direct buffers}, {@code threads}, {@code file descriptors}. */
    public String id() {
        return id;
    }

    /** How messages name it: {@code heap after full GC}, {@code live threads}, … */
    public String label() {
        return label;
    }

    /** The unit of its values: {@code bytes}, {@code threads}, {@code file descriptors}. */
    public String unit() {
        return unit;
    }

    /** The axes its growth is judged on: heap on work done and on time, the others on time. */
    public List<Axis> axes() {
        return axes;
    }

    /** Its value in a cycle, in {@link #unit()}; negative when not measured. */
    public long valueIn(Cycle cycle) {
        return value.applyAsLong(cycle);
    }

    boolean isBytes() {
        return unit.equals("bytes");
    }

    /** {@code grows} or {@code grow}, as the label asks. */
    String grows() {
        return plural ? "grow" : "grows";
    }
}
