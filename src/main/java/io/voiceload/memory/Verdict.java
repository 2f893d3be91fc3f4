package io.voiceload.memory;

/** What a leak verdict says of a series, a resource or a run. */
public enum Verdict {
    /** No growth beyond the limit, or growth that stopped. */
    FLAT("flat"),
    /** Growth beyond the limit, confidently, well above the noise, and still going at the end. */
    LEAK("leak"),
    /** Nothing was judged; the reason says why (too few cycles, the forced GC disabled in the target, …). */
    NOT_JUDGED("not judged");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** How the report writes it: {@code flat}, {@code leak}, {@code not judged}. */
    public String label() {
        return label;
    }
}
